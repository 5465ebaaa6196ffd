import { escapeHtml, setHtml } from './dom-writes.js';
import { fmtAge, fmtNum, fmtPrice, fmtTime } from './formatters.js';

/** A perpetual's figures: mark and index with the basis between them, funding, open interest; shown only for a perpetual. */
function figuresHtml(p, now) {
  if (p === undefined) return '<span class="muted">no derivative ticker read yet (market.derivative-tickers.v1)</span>';
  const basis = p.markPrice !== undefined && p.indexPrice !== undefined && p.indexPrice > 0 ? ((p.markPrice - p.indexPrice) / p.indexPrice) * 1e4 : undefined;
  const funding =
    p.fundingRate === undefined
      ? ''
      : `<span class="figure" data-figure="funding">funding ${fmtNum(p.fundingRate * 100, 4)} %${p.nextFundingTs === undefined ? '' : ` in ${fmtAge(p.nextFundingTs - now)}`}</span>`;
  const interest =
    p.openInterest === undefined
      ? ''
      : `<span class="figure" data-figure="open-interest">open interest ${fmtNum(p.openInterest, 2)}${p.openInterestValue === undefined ? '' : ` (${fmtNum(p.openInterestValue, 0)} quote)`} <span class="muted">${escapeHtml(p.openInterestSource ?? '')}${p.openInterestTs === undefined ? '' : `, ${fmtAge(now - p.openInterestTs)} ago`}</span></span>`;
  return [
    `<span class="figure" data-figure="mark">mark ${fmtPrice(p.markPrice)}</span>`,
    `<span class="figure" data-figure="index">index ${fmtPrice(p.indexPrice)}</span>`,
    basis === undefined ? '' : `<span class="figure" data-figure="basis">basis ${fmtNum(basis, 1)} bps</span>`,
    funding,
    interest,
    `<span class="muted">${escapeHtml(p.exchange)}, ${fmtAge(now - p.ts)} ago</span>`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
}

/** The chosen perpetual's mark, index, funding and open interest, and its latest liquidations; hidden for an instrument that has none. */
export function renderPerpetual(chosen, now) {
  const block = document.querySelector('#perpetual-block');
  const shown = chosen.perpetual !== undefined || (chosen.liquidations ?? []).length > 0;
  if (block.hidden === shown) block.hidden = !shown;
  if (!shown) return;
  setHtml(document.querySelector('#perpetual-figures'), figuresHtml(chosen.perpetual, now));
  const rows = (chosen.liquidations ?? [])
    .map(
      (l) =>
        `<tr><td>${fmtTime(l.ts)}</td><td>${escapeHtml(l.exchange)}${l.sampled ? '<span class="badge sampled" title="the venue sends only a sample of its liquidations">SAMPLED</span>' : ''}</td><td class="${l.positionSide === 'LONG' ? 'SELL' : 'BUY'}">${l.positionSide}</td><td class="num">${fmtPrice(l.price)}</td><td class="num">${fmtNum(l.quantity, 4)}</td><td class="num">${fmtNum(l.price * l.quantity, 0)}</td></tr>`,
    )
    .join('');
  setHtml(document.querySelector('#liquidations tbody'), rows);
}
