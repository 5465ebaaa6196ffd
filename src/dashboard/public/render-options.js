import { escapeHtml, setText } from './dom-writes.js';
import { fmtAge, fmtDay, fmtNum } from './formatters.js';
import { colourOf, renderSmile } from './render-smile.js';
import { renderVenueSmile } from './render-venue-smile.js';

const $ = (selector) => document.querySelector(selector);

/** The cells of a side, outside in for calls (open interest at the edge), inside out for puts: each side's quotes next to the strike. */
const CALL_FIELDS = ['openInterest', 'theta', 'vega', 'gamma', 'delta', 'bidIv', 'bid', 'mark', 'markIv', 'ask', 'askIv'];
const PUT_FIELDS = ['bidIv', 'bid', 'mark', 'markIv', 'ask', 'askIv', 'delta', 'gamma', 'vega', 'theta', 'openInterest'];

const sig = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
/** An option's price in its currency: 4 decimals below 1 (BTC and ETH options trade in 0.0001 steps), 2 above. */
const fmtOptionPrice = (p) => (p === undefined ? '' : fmtNum(p, Math.abs(p) >= 1 ? 2 : 4));
const FORMATS = {
  openInterest: (v) => fmtNum(v, 1),
  theta: (v) => fmtNum(v, 2),
  vega: (v) => fmtNum(v, 2),
  gamma: (v) => (v === undefined ? '' : sig.format(v)),
  delta: (v) => fmtNum(v, 3),
  bidIv: (v) => fmtNum(v, 1),
  markIv: (v) => fmtNum(v, 1),
  askIv: (v) => fmtNum(v, 1),
  bid: fmtOptionPrice,
  mark: fmtOptionPrice,
  ask: fmtOptionPrice,
};

const DAY = 86_400_000;
const fmtDays = (ms) => (ms < DAY ? `${fmtNum(ms / 3_600_000, 1)} h` : fmtNum(ms / DAY, 1));

// The chain's rows on screen by strike; the table is rebuilt when the chain or expiry changes.
const rows = new Map();
let shownKey = '';

function rowOf(strike) {
  let row = rows.get(strike);
  if (row !== undefined) return row;
  row = document.createElement('tr');
  row.dataset.strike = String(strike);
  const cell = (side, field) => `<td class="num ${side} f-${field}" data-side="${side}" data-field="${field}"></td>`;
  row.innerHTML = `${CALL_FIELDS.map((f) => cell('call', f)).join('')}<td class="strike">${fmtNum(strike, strike % 1 === 0 ? 0 : 2)}</td>${PUT_FIELDS.map((f) => cell('put', f)).join('')}`;
  row.cells$ = [...row.querySelectorAll('td[data-field]')];
  rows.set(strike, row);
  return row;
}

function fill(row, r, forward, atm) {
  row.classList.toggle('atm', r.strike === atm);
  // In the money: a call below the forward, a put above it.
  row.classList.toggle('call-itm', r.strike < forward);
  row.classList.toggle('put-itm', r.strike > forward);
  for (const td of row.cells$) {
    const option = r[td.dataset.side];
    setText(td, option === undefined ? '' : FORMATS[td.dataset.field](option[td.dataset.field]));
  }
}

/** The term table: each expiry's colour (its smile's), days left, forward, ATM strike and IV; a click chooses it. */
function renderTerm(chain, now, onExpiry) {
  const html = chain.expiries
    .map((e, i) => {
      const atmRow = e.smile.find(([k]) => k === e.atmStrike);
      return `<tr data-expiry="${e.day}" class="${e.day === chain.expiry ? 'chosen' : ''}"><td><i class="swatch" style="background:${colourOf(i)}"></i></td><td>${fmtDay(e.day)}</td><td class="num">${fmtDays(e.expiryTs - now)}</td><td class="num" title="${escapeHtml(e.underlyingIndex)}">${fmtNum(e.underlyingPrice, 2)}</td><td class="num">${e.atmStrike === undefined ? '' : fmtNum(e.atmStrike, 0)}</td><td class="num">${atmRow === undefined ? '' : fmtNum(atmRow[1], 1)}</td><td class="num">${fmtNum(e.options, 0)}</td></tr>`;
    })
    .join('');
  const body = $('#expiries tbody');
  if (body.dataset.html !== html) {
    body.dataset.html = html;
    body.innerHTML = html;
    for (const tr of body.querySelectorAll('tr')) tr.addEventListener('click', () => onExpiry(tr.dataset.expiry));
  }
}

function renderChooser(options, chosen, onChain) {
  const menu = $('#option-chain');
  const label = (c) => `${c.quote === c.coin ? c.coin : `${c.coin} (${c.quote})`} · ${c.exchange}`;
  const html = options.chains.map((c) => `<option value="${escapeHtml(c.key)}">${escapeHtml(label(c))} · ${fmtNum(c.options, 0)} options</option>`).join('');
  if (menu.dataset.html !== html) {
    menu.dataset.html = html;
    menu.innerHTML = html;
    menu.onchange = () => onChain(menu.value);
  }
  if (menu.value !== chosen.key) menu.value = chosen.key;
}

/**
 * The options panel: an empty state naming what to run when no option is followed; else the chain
 * chooser (underlying and venue), the smile of every expiry (`render-smile.js`), the term table (the
 * expiry chooser), every venue's smile of the chosen underlying and expiry with the best bid and ask per
 * strike (`render-venue-smile.js`) and the chosen expiry's chain, strikes down the middle, the
 * at-the-money strike marked and the money sides shaded.
 */
export function renderOptions(view, onChain, onExpiry) {
  const options = view.options;
  const chain = options?.chosen;
  // Written only when they change: a page without options does no work here.
  for (const [selector, hidden] of [
    ['#no-options', chain !== undefined],
    ['#options-body', chain === undefined],
    ['#option-chain', chain === undefined],
  ]) {
    const el = $(selector);
    if (el.hidden !== hidden) el.hidden = hidden;
  }
  if (chain === undefined) {
    setText($('#option-summary'), '');
    return;
  }
  renderChooser(options, chain, onChain);
  const expiry = chain.expiries.find((e) => e.day === chain.expiry);
  const unit = `prices in ${chain.quote}, greeks in USD`;
  setText(
    $('#option-summary'),
    `${chain.indexPrice === undefined ? '' : `index ${fmtNum(chain.indexPrice, 2)} · `}${fmtNum(chain.options, 0)} options, ${chain.expiries.length} expiries · ${unit} · updated ${fmtAge(view.now - chain.lastTs)} ago`,
  );
  for (const el of document.querySelectorAll('#chain .option-unit')) setText(el, `(${chain.quote})`);
  renderSmile(chain);
  renderVenueSmile(options.venues);
  renderTerm(chain, view.now, onExpiry);
  const body = $('#chain tbody');
  const key = `${chain.id}|${chain.expiry}`;
  const order = chain.rows.map((r) => r.strike).join(',');
  if (key !== shownKey || body.dataset.order !== order) {
    const wanted = new Set(chain.rows.map((r) => r.strike));
    for (const [strike, row] of rows) {
      if (wanted.has(strike) && key === shownKey) continue;
      row.remove();
      rows.delete(strike);
    }
    body.dataset.order = order;
    body.append(...chain.rows.map((r) => rowOf(r.strike)));
  }
  for (const r of chain.rows) fill(rowOf(r.strike), r, expiry?.underlyingPrice ?? 0, expiry?.atmStrike);
  body.dataset.atm = String(expiry?.atmStrike ?? '');
  // A new chain or expiry opens on its at-the-money strike.
  if (key !== shownKey) {
    shownKey = key;
    const atm = rows.get(expiry?.atmStrike);
    const box = $('#chain-box');
    if (atm !== undefined) box.scrollTop = Math.max(0, atm.offsetTop - box.clientHeight / 2);
  }
}
