import { escapeHtml, setHtml } from './dom-writes.js';
import { fmtNum, fmtPrice, fmtTime } from './formatters.js';

/** Time and sales of the chosen coin, newest first; large trades highlighted. */
export function renderSales(detail) {
  const rows = detail.sales
    .slice(0, 28)
    .map(
      (s) =>
        `<tr class="${s.largeRatio === undefined ? '' : 'large'}" title="${s.largeRatio === undefined ? '' : `large: ${s.largeRatio.toFixed(1)}x the mean`}"><td>${fmtTime(s.ts)}</td><td>${escapeHtml(s.exchange)}</td><td class="${s.side}">${s.side}</td><td class="num">${fmtPrice(s.price)}</td><td class="num">${fmtNum(s.quantity, 4)}</td></tr>`,
    )
    .join('');
  setHtml(document.querySelector('#sales tbody'), rows);
  const box = document.querySelector('#sales-box');
  const count = String(Math.min(detail.sales.length, 28));
  if (box.style.getPropertyValue('--rows') !== count) box.style.setProperty('--rows', count);
}
