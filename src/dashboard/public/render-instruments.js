import { escapeHtml, setText } from './dom-writes.js';
import { fmtDay, fmtNum, fmtPrice, fmtRowAge } from './formatters.js';

// The rows on screen by instrument. Only the rows the server sent (the page's limit, busiest first for
// its filter) exist: a row that leaves the view leaves the DOM.
const rows = new Map();

/** An option's row has its expiry, strike and C/P cells; any other row's key spans their columns. */
function rowOf(body, r, onChoose) {
  const instrument = r.instrument;
  let row = rows.get(instrument);
  if (row !== undefined) return row;
  row = document.createElement('tr');
  row.dataset.instrument = instrument;
  const key =
    r.option === undefined
      ? '<td class="instrument" colspan="4"></td>'
      : '<td class="instrument"></td><td class="expiry"></td><td class="num strike"></td><td class="cp"></td>';
  row.innerHTML = `${key}<td class="venue"></td><td class="num price"></td><td class="num change"></td><td><svg class="spark" viewBox="0 0 100 20" preserveAspectRatio="none"><polyline points=""/></svg></td><td class="num rate"></td><td><span class="ratio"><i></i></span> <span class="ratio-text"></span></td><td class="num age muted"></td>`;
  row.addEventListener('click', () => onChoose(instrument));
  // The cells, found once: a frame fills 50 rows without searching the DOM.
  const cell = (selector) => row.querySelector(selector);
  row.cells$ = {
    name: cell('.instrument'),
    expiry: cell('.expiry'),
    strike: cell('.strike'),
    cp: cell('.cp'),
    venue: cell('.venue'),
    price: cell('.price'),
    change: cell('.change'),
    line: cell('polyline'),
    rate: cell('.rate'),
    bar: cell('.ratio > i'),
    ratio: cell('.ratio-text'),
    age: cell('.age'),
  };
  rows.set(instrument, row);
  return row;
}

function sparkPoints(prices) {
  if (prices.length < 2) return '';
  let lo = prices[0];
  let hi = prices[0];
  for (const p of prices) {
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  const span = hi - lo || 1;
  const step = 100 / (prices.length - 1);
  return prices.map((p, i) => `${(i * step).toFixed(1)},${(19 - ((p - lo) / span) * 18).toFixed(1)}`).join(' ');
}

const FLAG_TITLES = { stale: 'its symbol is stale', halted: 'trading halted', delisted: 'delisted', unserved: 'no connection can serve it' };

function fill(row, r, chosen) {
  const c = row.cells$;
  row.classList.toggle('chosen', r.instrument === chosen);
  const flag =
    r.flag === undefined
      ? ''
      : `<span class="badge flag" data-flag="${escapeHtml(r.flag)}" title="${FLAG_TITLES[r.flag] ?? ''}">${escapeHtml(r.flag.toUpperCase())}</span>`;
  // The key after the coin: `-USDT`, or `-USDT-PERP` for a perpetual; an option's chain only (`-USD`), its terms in their own columns.
  const key = r.option?.chain ?? r.instrument;
  const tail = key.startsWith(`${r.coin}-`) ? key.slice(r.coin.length) : `-${r.quote}`;
  const nameHtml = `${escapeHtml(r.coin)}<span class="quote">${escapeHtml(tail)}</span>${flag}`;
  if (c.name.dataset.html !== nameHtml) {
    c.name.dataset.html = nameHtml;
    c.name.innerHTML = nameHtml;
  }
  const venueHtml = `${escapeHtml(r.exchange)}${r.isFallback ? '<span class="badge fallback" title="from a fallback venue">FALLBACK</span>' : ''}${r.env === 'testnet' ? '<span class="badge testnet" title="env=testnet: not a real market price">TESTNET</span>' : ''}`;
  if (c.venue.dataset.html !== venueHtml) {
    c.venue.dataset.html = venueHtml;
    c.venue.innerHTML = venueHtml;
  }
  if (r.option !== undefined) {
    setText(c.expiry, fmtDay(r.option.day));
    setText(c.strike, fmtNum(r.option.strike, r.option.strike % 1 === 0 ? 0 : 2));
    setText(c.cp, r.option.type);
  }
  setText(c.price, fmtPrice(r.price));
  setText(c.change, r.change24hPct === null ? '' : `${r.change24hPct >= 0 ? '+' : ''}${r.change24hPct.toFixed(2)}%`);
  const changeClass = `num change ${r.change24hPct === null ? '' : r.change24hPct >= 0 ? 'up' : 'down'}`;
  if (c.change.className !== changeClass) c.change.className = changeClass;
  const points = sparkPoints(r.spark);
  if (c.line.getAttribute('points') !== points) c.line.setAttribute('points', points);
  setText(c.rate, fmtNum(r.tradesPerSecond, 1));
  const width = r.buyRatio === null ? '0%' : `${(r.buyRatio * 100).toFixed(0)}%`;
  if (c.bar.style.width !== width) c.bar.style.width = width;
  setText(c.ratio, r.buyRatio === null ? '' : `${(r.buyRatio * 100).toFixed(0)}%`);
  setText(c.age, fmtRowAge(r.ageMs));
}

/**
 * The instruments table: the rows the server sent, busiest first (a click chooses one), an option's
 * expiry, strike and C/P in columns of their own, under how many of how many instruments the filter
 * matches; the quote menu lists the quotes of the keys seen.
 */
export function renderInstruments(view, chosen, onChoose) {
  const table = view.instruments;
  const body = document.querySelector('#instruments tbody');
  document.querySelector('#no-instruments').hidden = table.total > 0;
  const wanted = new Set(table.rows.map((r) => r.instrument));
  for (const [instrument, row] of rows) {
    if (wanted.has(instrument)) continue;
    row.remove();
    rows.delete(instrument);
  }
  const order = table.rows.map((r) => r.instrument).join(',');
  if (body.dataset.order !== order) {
    body.dataset.order = order;
    body.append(...table.rows.map((r) => rowOf(body, r, onChoose)));
  }
  for (const r of table.rows) fill(rowOf(body, r, onChoose), r, chosen);
  // The option columns (expiry, strike, C/P) take their room only while an option is among the rows.
  const table$ = document.querySelector('#instruments');
  const withOptions = table.rows.some((r) => r.option !== undefined);
  if (table$.classList.contains('with-options') !== withOptions) {
    table$.classList.toggle('with-options', withOptions);
    table$.querySelector('.key-head').colSpan = withOptions ? 1 : 4;
  }
  const box = document.querySelector('#instruments-box');
  if (box.style.getPropertyValue('--rows') !== String(table.rows.length)) box.style.setProperty('--rows', String(table.rows.length));
  const shown = table.rows.length;
  const count =
    table.filter === ''
      ? `${fmtNum(shown, 0)} busiest of ${fmtNum(table.total, 0)} instruments`
      : `${fmtNum(shown, 0)} of ${fmtNum(table.matched, 0)} matching (${fmtNum(table.total, 0)} instruments)`;
  setText(document.querySelector('#table-count'), count);
  document.querySelector('#more').hidden = shown >= table.matched || table.limit >= 500;
  const menu = document.querySelector('#quote');
  const quotes = Object.entries(table.quotes).sort((a, b) => b[1] - a[1]);
  const options = quotes.map(([q, n]) => `${q}:${n}`).join(',');
  if (menu.dataset.options !== options) {
    menu.dataset.options = options;
    const value = menu.value;
    menu.innerHTML = `<option value="">all quotes</option>${quotes.map(([q, n]) => `<option value="${escapeHtml(q)}">${escapeHtml(q)} (${fmtNum(n, 0)})</option>`).join('')}`;
    menu.value = quotes.some(([q]) => q === value) ? value : '';
  }
}
