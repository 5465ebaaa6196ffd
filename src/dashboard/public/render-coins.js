import { setText } from './dom-writes.js';
import { fmtAge, fmtNum, fmtPrice } from './formatters.js';

function coinRow(body, coin, onChoose) {
  let row = body.querySelector(`tr[data-coin="${coin}"]`);
  if (row !== null) return row;
  row = document.createElement('tr');
  row.dataset.coin = coin;
  row.innerHTML = `<td class="coin"></td><td class="venue"></td><td class="num price"></td><td class="num change"></td><td><svg class="spark" viewBox="0 0 100 20" preserveAspectRatio="none"><polyline points=""/></svg></td><td class="num rate"></td><td><span class="ratio"><i></i></span> <span class="ratio-text"></span></td><td class="num age muted"></td>`;
  row.addEventListener('click', () => onChoose(coin));
  body.append(row);
  return row;
}

function sparkPoints(prices) {
  if (prices.length < 2) return '';
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  const span = hi - lo || 1;
  const step = 100 / (prices.length - 1);
  return prices.map((p, i) => `${(i * step).toFixed(1)},${(19 - ((p - lo) / span) * 18).toFixed(1)}`).join(' ');
}

/** The coins table, one row per coin (a click chooses it): venue and badges, price, 24 h, sparkline, trades/s, buy ratio, age. */
export function renderCoins(view, chosen, onChoose) {
  const body = document.querySelector('#coins tbody');
  document.querySelector('#no-coins').hidden = view.coins.length > 0;
  const order = view.coins.map((c) => c.coin).join(',');
  if (body.dataset.order !== order) {
    body.dataset.order = order;
    for (const c of view.coins) body.append(coinRow(body, c.coin, onChoose));
  }
  for (const c of view.coins) {
    const row = coinRow(body, c.coin, onChoose);
    row.classList.toggle('chosen', c.coin === chosen);
    setText(row.querySelector('.coin'), c.coin);
    const venue = row.querySelector('.venue');
    const venueHtml = `${c.exchange}${c.isFallback ? '<span class="badge fallback" title="from a fallback venue">FALLBACK</span>' : ''}${c.env === 'testnet' ? '<span class="badge testnet" title="env=testnet: not a real market price">TESTNET</span>' : ''}`;
    if (venue.innerHTML !== venueHtml) venue.innerHTML = venueHtml;
    setText(row.querySelector('.price'), fmtPrice(c.price));
    const change = row.querySelector('.change');
    setText(change, c.change24hPct === null ? '' : `${c.change24hPct >= 0 ? '+' : ''}${c.change24hPct.toFixed(2)}%`);
    change.className = `num change ${c.change24hPct === null ? '' : c.change24hPct >= 0 ? 'up' : 'down'}`;
    const points = sparkPoints(c.spark);
    const line = row.querySelector('polyline');
    if (line.getAttribute('points') !== points) line.setAttribute('points', points);
    setText(row.querySelector('.rate'), fmtNum(c.tradesPerSecond, 1));
    const width = c.buyRatio === null ? '0%' : `${(c.buyRatio * 100).toFixed(0)}%`;
    const bar = row.querySelector('.ratio > i');
    if (bar.style.width !== width) bar.style.width = width;
    setText(row.querySelector('.ratio-text'), c.buyRatio === null ? '' : `${(c.buyRatio * 100).toFixed(0)}%`);
    setText(row.querySelector('.age'), fmtAge(c.ageMs));
  }
}
