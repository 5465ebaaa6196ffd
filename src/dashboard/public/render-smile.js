import { setHtml } from './dom-writes.js';
import { fmtNum } from './formatters.js';
import { H, NO_STRIKES, PLOT, STRIKE_LABEL, markScale, smileAxes, smileScale } from './smile-chart.js';

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

/**
 * The volatility smile of every expiry of the chosen chain into `#smile`: mark IV by strike, one line
 * per expiry in its colour, the chosen expiry's drawn over the others with its points and its bid-ask IV
 * range as a bar at each strike, the forward of the chosen expiry as a dashed line. The SVG carries
 * its scale (`data-x-min` ... and the plot's edges) so what is drawn can be read back.
 */
export function renderSmile(chain) {
  const svg = document.querySelector('#smile');
  const scale = smileScale(chain.expiries, (e) => e.smile);
  if (scale === undefined) {
    setHtml(svg, NO_STRIKES);
    return;
  }
  const { xMin, xMax } = scale;
  const axes = smileAxes(scale);
  const x = (strike) => axes.x(strike).toFixed(1);
  const { y } = axes;
  const parts = [axes.grid];
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
  parts.push(STRIKE_LABEL);
  setHtml(svg, parts.join(''));
  markScale(svg, scale);
}
