import { escapeHtml } from './dom-writes.js';
import { fmtTime } from './formatters.js';

/** One venue's timeline into its SVG (3600 units wide): state segments and marks (failover, switch-back, gap, resync) over `span` ms up to `now`. */
export function renderTimeline(svg, timeline, now, span) {
  const start = now - span;
  const x = (ts) => Math.max(0, ((ts - start) / span) * 3600);
  const parts = [];
  for (const s of timeline?.segments ?? []) {
    const from = x(s.from);
    const to = x(s.to ?? now);
    if (to > from)
      parts.push(
        `<rect class="seg-${s.state}" x="${from.toFixed(1)}" y="0" width="${(to - from).toFixed(1)}" height="10"><title>${s.state} ${fmtTime(s.from)}</title></rect>`,
      );
  }
  for (const m of timeline?.marks ?? []) {
    parts.push(
      `<line class="mark" x1="${x(m.ts).toFixed(1)}" x2="${x(m.ts).toFixed(1)}" y1="0" y2="10"><title>${m.kind} ${fmtTime(m.ts)} ${escapeHtml(m.detail)}</title></line>`,
    );
  }
  const html = parts.join('');
  if (svg.dataset.html !== html) {
    svg.dataset.html = html;
    svg.innerHTML = html;
  }
}
