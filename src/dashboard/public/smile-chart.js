import { fmtNum } from './formatters.js';

/** The smile charts' box in viewBox units (each SVG is 720 x 280) and the plot inside it. */
export const W = 720;
export const H = 280;
export const PLOT = { left: 46, right: 30, top: 12, bottom: 30 };

/** Round steps for axis ticks: about `count` of them over [lo, hi]. */
function ticks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Number(t.toFixed(10)));
  return out;
}

/**
 * The scale of a chart of smiles (each series' points `[strike, mark IV, bid IV, ask IV]`, `pointsOf` it):
 * strikes across, IVs up, whole IV points with a point of room above and below; undefined without a point.
 */
export function smileScale(series, pointsOf) {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series)
    for (const [strike, iv, bid, ask] of pointsOf(s)) {
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
  return { xMin, xMax, yMin: Math.floor(yMin) - 1, yMax: Math.ceil(yMax) + 1 };
}

/**
 * A scale's axes: `x` of a strike (viewBox units), `y` of an IV (written to one decimal), and the grid with
 * its labels (IV percents up the left, strikes along the bottom) as SVG.
 */
export function smileAxes({ xMin, xMax, yMin, yMax }) {
  const x = (strike) => PLOT.left + ((strike - xMin) / (xMax - xMin)) * (W - PLOT.left - PLOT.right);
  const y = (iv) => (H - PLOT.bottom - ((iv - yMin) / (yMax - yMin)) * (H - PLOT.top - PLOT.bottom)).toFixed(1);
  const grid = [];
  for (const t of ticks(yMin, yMax, 5))
    grid.push(
      `<line class="grid" x1="${PLOT.left}" x2="${W - PLOT.right}" y1="${y(t)}" y2="${y(t)}"/><text class="axis" x="${PLOT.left - 6}" y="${y(t)}" text-anchor="end" dy="0.32em">${fmtNum(t, t % 1 === 0 ? 0 : 1)}%</text>`,
    );
  for (const t of ticks(xMin, xMax, 6))
    grid.push(
      `<line class="grid" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${PLOT.top}" y2="${H - PLOT.bottom}"/><text class="axis" x="${x(t).toFixed(1)}" y="${H - PLOT.bottom + 16}" text-anchor="middle">${fmtNum(t, 0)}</text>`,
    );
  return { x, y, grid: grid.join('') };
}

/** The chart's scale and plot edges on the SVG (`data-x-min` ...), written when they change, so what is drawn can be read back. */
export function markScale(svg, scale) {
  const data = { ...scale, left: PLOT.left, right: W - PLOT.right, top: PLOT.top, bottom: H - PLOT.bottom };
  for (const [k, v] of Object.entries(data)) if (svg.dataset[k] !== String(v)) svg.dataset[k] = String(v);
}

/** What a chart says while it has no point to draw. */
export const NO_STRIKES = `<text x="${W / 2}" y="${H / 2}" class="empty" text-anchor="middle">no strikes within half to twice the forward yet</text>`;

/** The x axis's name, in the plot's top right corner. */
export const STRIKE_LABEL = `<text class="axis" x="${W - PLOT.right}" y="${PLOT.top + 10}" text-anchor="end">strike (USD)</text>`;
