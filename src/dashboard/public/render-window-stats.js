import { setHtml } from './dom-writes.js';
import { fmtPrice } from './formatters.js';

const windowName = (ms) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);

/** The latest window of each length of the chosen coin, shortest first. */
export function renderWindowStats(detail) {
  const rows = Object.values(detail.stats)
    .sort((a, b) => a.windowMs - b.windowMs)
    .map(
      (w) =>
        `<tr><td>${windowName(w.windowMs)}${w.complete ? '' : ' <span class="muted" title="overlaps a stale period, failover or gap">(partial)</span>'}</td><td class="num">${w.tradeCount}</td><td class="num">${fmtPrice(w.vwap)}</td><td class="num">${w.buyRatio === undefined ? '' : `${(w.buyRatio * 100).toFixed(0)}%`}</td><td class="flow">${w.flow}</td><td class="num">${w.largeTradeCount}</td></tr>`,
    )
    .join('');
  setHtml(document.querySelector('#stats tbody'), rows);
}
