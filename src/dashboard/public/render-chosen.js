import { escapeHtml, setHtml, setText } from './dom-writes.js';
import { fmtAge, fmtNum, fmtPrice, fmtTime } from './formatters.js';

/**
 * The chosen instrument's title and summary (its row's figures, shown even when the row is not among
 * the table's rows), its symbol's trouble and the latest statuses about its symbol.
 */
export function renderChosen(chosen) {
  setText(document.querySelector('#detail-title'), `${chosen.instrument}: time and sales, windowed stats, order book`);
  const r = chosen.row;
  const flag =
    chosen.flag === undefined
      ? ''
      : ` · <span class="badge flag" data-flag="${escapeHtml(chosen.flag.flag)}">${escapeHtml(chosen.flag.flag.toUpperCase())}</span> <span class="muted">${escapeHtml(chosen.flag.exchange)}: ${escapeHtml(chosen.flag.reason)}</span>`;
  const summary =
    r === undefined
      ? '<span class="muted">no trades or prices of it read yet</span>'
      : `<span class="chosen-price">${fmtPrice(r.price)}</span> ${escapeHtml(r.quote)} on ${escapeHtml(r.exchange)} · ${fmtNum(r.tradesPerSecond, 1)} trades/s · ${fmtAge(r.ageMs)} ago`;
  setHtml(document.querySelector('#chosen-summary'), summary + flag);
  const events = chosen.events
    .slice(0, 5)
    .map(
      (e) =>
        `<li><span class="muted">${fmtTime(e.ts)}</span> ${escapeHtml(e.kind)} <span class="muted">${escapeHtml(e.exchange)}: ${escapeHtml(e.reason)}</span></li>`,
    )
    .join('');
  setHtml(document.querySelector('#symbol-events'), events);
}
