import { setHtml } from './dom-writes.js';
import { fmtNum } from './formatters.js';

/** One colour per expiry, nearest first (the term table's swatches are the legend). */
export const EXPIRY_COLOURS = [
  '#58a6ff',
  '#3fb950',
  '#d29922',
  '#f778ba',
  '#a371f7',
  '#56d4dd',
  '#ff7b72',
  '#e3b341',
  '#7ee787',
  '#79c0ff',
  '#d2a8ff',
  '#ffa657',
];
export const colourOf = (index) => EXPIRY_COLOURS[index % EXPIRY_COLOURS.length];

/** The chart's box in viewBox units (the SVG is 720 x 280) and the plot inside it. */
const W = 720;
const H = 280;
const PLOT = { left: 46, right: 30, top: 12, bottom: 30 };

/** Round steps for axis ticks: about `count` of them over [lo, hi]. */
function ticks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Number(t.toFixed(10)));
  return out;
}

/** The scale of the chart: strikes across, IVs up; whole IV points with a point of room above and below. */
function scaleOf(expiries) {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const e of expiries)
    for (const [strike, iv, bid, ask] of e.smile) {
      xMin = Math.min(xMin, strike);
      xMax = Math.max(xMax, strike);
      for (const v of [iv, bid, ask]) {
        if (v === null) continue;
        yMin = Math.min(yMin, v);
        yMax = Math.max(yMax, v);
      }
    }
  if (xMin === Infinity) return undefined;
  if (xMax === xMin) {
    xMin -= 1;
    xMax += 1;
  }
  yMin = Math.floor(yMin) - 1;
  yMax = Math.ceil(yMax) + 1;
  return { xMin, xMax, yMin, yMax };
}

/**
 * The volatility smile of every expiry of the chosen chain into `#smile`: mark IV by strike, one line
 * per expiry in its colour, the chosen expiry's drawn over the others with its points and its bid-ask IV
 * range as a bar at each strike, the forward of the chosen expiry as a dashed line. The SVG carries
 * its scale (`data-x-min` ... and the plot's edges) so what is drawn can be read back.
 */
export function renderSmile(chain) {
  const svg = document.querySelector('#smile');
  const scale = scaleOf(chain.expiries);
  if (scale === undefined) {
    setHtml(svg, `<text x="${W / 2}" y="${H / 2}" class="empty" text-anchor="middle">no strikes within half to twice the forward yet</text>`);
    return;
  }
  const { xMin, xMax, yMin, yMax } = scale;
  const x = (strike) => (PLOT.left + ((strike - xMin) / (xMax - xMin)) * (W - PLOT.left - PLOT.right)).toFixed(1);
  const y = (iv) => (H - PLOT.bottom - ((iv - yMin) / (yMax - yMin)) * (H - PLOT.top - PLOT.bottom)).toFixed(1);
  const parts = [];
  for (const t of ticks(yMin, yMax, 5))
    parts.push(
      `<line class="grid" x1="${PLOT.left}" x2="${W - PLOT.right}" y1="${y(t)}" y2="${y(t)}"/><text class="axis" x="${PLOT.left - 6}" y="${y(t)}" text-anchor="end" dy="0.32em">${fmtNum(t, t % 1 === 0 ? 0 : 1)}%</text>`,
    );
  for (const t of ticks(xMin, xMax, 6))
    parts.push(
      `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${PLOT.top}" y2="${H - PLOT.bottom}"/><text class="axis" x="${x(t)}" y="${H - PLOT.bottom + 16}" text-anchor="middle">${fmtNum(t, 0)}</text>`,
    );
  const chosen = chain.expiries.find((e) => e.day === chain.expiry);
  if (chosen !== undefined && chosen.underlyingPrice >= xMin && chosen.underlyingPrice <= xMax)
    parts.push(
      `<line class="forward" x1="${x(chosen.underlyingPrice)}" x2="${x(chosen.underlyingPrice)}" y1="${PLOT.top}" y2="${H - PLOT.bottom}"><title>forward ${fmtNum(chosen.underlyingPrice, 2)}</title></line>`,
    );
  const line = (e, i) =>
    `<polyline class="smile-line${e.day === chain.expiry ? ' chosen' : ''}" data-expiry="${e.day}" stroke="${colourOf(i)}" points="${e.smile.map(([k, iv]) => `${x(k)},${y(iv)}`).join(' ')}"/>`;
  // The other expiries first, the chosen one on top.
  chain.expiries.forEach((e, i) => {
    if (e.day !== chain.expiry) parts.push(line(e, i));
  });
  const at = chain.expiries.findIndex((e) => e.day === chain.expiry);
  if (chosen !== undefined) {
    parts.push(line(chosen, at));
    for (const [k, iv, bid, ask] of chosen.smile) {
      if (bid !== null && ask !== null) parts.push(`<line class="iv-range" x1="${x(k)}" x2="${x(k)}" y1="${y(bid)}" y2="${y(ask)}" stroke="${colourOf(at)}"/>`);
      parts.push(
        `<circle class="smile-point" data-strike="${k}" data-iv="${iv}" cx="${x(k)}" cy="${y(iv)}" r="3" fill="${colourOf(at)}"><title>${fmtNum(k, 0)}: mark IV ${fmtNum(iv, 1)}%${bid === null ? '' : `, bid ${fmtNum(bid, 1)}%`}${ask === null ? '' : `, ask ${fmtNum(ask, 1)}%`}</title></circle>`,
      );
    }
  }
  parts.push(`<text class="axis" x="${W - PLOT.right}" y="${PLOT.top + 10}" text-anchor="end">strike (USD)</text>`);
  setHtml(svg, parts.join(''));
  const data = { xMin, xMax, yMin, yMax, left: PLOT.left, right: W - PLOT.right, top: PLOT.top, bottom: H - PLOT.bottom };
  for (const [k, v] of Object.entries(data)) if (svg.dataset[k] !== String(v)) svg.dataset[k] = String(v);
}
