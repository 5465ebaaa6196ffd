import { escapeHtml, setHtml, setText } from './dom-writes.js';
import { fmtDay, fmtNum } from './formatters.js';
import { H, NO_STRIKES, PLOT, STRIKE_LABEL, markScale, smileAxes, smileScale } from './smile-chart.js';

/** One colour per option venue, by its place in the registry (the server's `colour`): a venue keeps its colour whichever others are shown. */
export const VENUE_COLOURS = ['#58a6ff', '#f0883e', '#3fb950', '#f778ba', '#a371f7', '#56d4dd', '#e3b341', '#ff7b72'];
export const venueColourOf = (index) => VENUE_COLOURS[index % VENUE_COLOURS.length];

/** How far apart the venues' bid-ask bars of one strike stand (viewBox units), so that none hides another. */
const BAR_GAP = 5;

const fmtPremium = (p) => fmtNum(p, Math.abs(p) >= 1 ? 2 : 4);
/** A best bid or ask: its venue with the venue's colour (its price in the venue's currency as the title) and its USD figure. */
const bestCell = (kind, best, colours) =>
  best === undefined
    ? `<td class="${kind}-venue"></td><td class="num ${kind}-usd"></td>`
    : `<td class="${kind}-venue" data-exchange="${escapeHtml(best.exchange)}" title="${fmtPremium(best.price)} ${escapeHtml(best.quote)}"><i class="swatch" style="background:${colours.get(best.exchange) ?? 'transparent'}"></i> ${escapeHtml(best.exchange)}</td><td class="num ${kind}-usd">${fmtNum(best.usd, 2)}</td>`;

/** The chart: each venue's mark IV by strike as a line with its points, and its bid-ask IV range as a bar at each strike quoted on both sides. */
function chartHtml(view, scale) {
  const { xMin, xMax } = scale;
  const { x, y, grid } = smileAxes(scale);
  const parts = [grid];
  if (view.forward >= xMin && view.forward <= xMax)
    parts.push(
      `<line class="forward" x1="${x(view.forward).toFixed(1)}" x2="${x(view.forward).toFixed(1)}" y1="${PLOT.top}" y2="${H - PLOT.bottom}"><title>median forward ${fmtNum(view.forward, 2)}</title></line>`,
    );
  const n = view.smiles.length;
  view.smiles.forEach((s, i) => {
    const colour = venueColourOf(s.colour);
    const venue = escapeHtml(s.exchange);
    const shift = (i - (n - 1) / 2) * BAR_GAP;
    for (const [k, , bid, ask] of s.points)
      if (bid !== null && ask !== null)
        parts.push(
          `<line class="venue-range" data-exchange="${venue}" data-strike="${k}" x1="${(x(k) + shift).toFixed(1)}" x2="${(x(k) + shift).toFixed(1)}" y1="${y(bid)}" y2="${y(ask)}" stroke="${colour}"/>`,
        );
    parts.push(
      `<polyline class="venue-line" data-exchange="${venue}" stroke="${colour}" points="${s.points.map(([k, iv]) => `${x(k).toFixed(1)},${y(iv)}`).join(' ')}"/>`,
    );
    for (const [k, iv, bid, ask] of s.points)
      parts.push(
        `<circle class="venue-point" data-exchange="${venue}" data-strike="${k}" data-iv="${iv}" cx="${x(k).toFixed(1)}" cy="${y(iv)}" r="2.5" fill="${colour}"><title>${venue} ${fmtNum(k, 0)}: mark IV ${fmtNum(iv, 1)}%${bid === null ? '' : `, bid ${fmtNum(bid, 1)}%`}${ask === null ? '' : `, ask ${fmtNum(ask, 1)}%`}</title></circle>`,
      );
  });
  parts.push(STRIKE_LABEL);
  return parts.join('');
}

/**
 * The venues' smiles of the chosen underlying and expiry day into `#venue-smile` (one colour per venue,
 * the legend below naming each with its chain and forward), and `#venue-best`: per strike, the option
 * compared (C or P) and the venue with the best bid and the best ask, in USD per coin. Each part is
 * written only when its text changes; the SVG carries its scale (`data-x-min` ...) so what is drawn can
 * be read back.
 */
export function renderVenueSmile(view) {
  const block = document.querySelector('#venue-smile-block');
  if (block.hidden !== (view === undefined)) block.hidden = view === undefined;
  if (view === undefined) return;
  setText(
    document.querySelector('#venue-smile-title'),
    `${view.coin} ${fmtDay(view.day)}: ${view.smiles.length} ${view.smiles.length === 1 ? 'venue' : 'venues'}`,
  );
  const svg = document.querySelector('#venue-smile');
  const scale = smileScale(view.smiles, (s) => s.points);
  if (scale === undefined) setHtml(svg, NO_STRIKES);
  else {
    setHtml(svg, chartHtml(view, scale));
    markScale(svg, scale);
  }
  setHtml(
    document.querySelector('#venue-legend'),
    view.smiles
      .map(
        (s) =>
          `<li data-exchange="${escapeHtml(s.exchange)}"><i class="swatch" style="background:${venueColourOf(s.colour)}"></i>${escapeHtml(s.exchange)} <span class="muted">${escapeHtml(s.chain)}, prices in ${escapeHtml(s.quote)}, forward ${fmtNum(s.underlyingPrice, 0)}</span></li>`,
      )
      .join(''),
  );
  const colours = new Map(view.smiles.map((s) => [s.exchange, venueColourOf(s.colour)]));
  setHtml(
    document.querySelector('#venue-best tbody'),
    view.strikes
      .map(
        (b) =>
          `<tr data-strike="${b.strike}" data-side="${b.side}"><td class="num">${fmtNum(b.strike, 0)}</td><td>${b.side === 'call' ? 'C' : 'P'}</td>${bestCell('bid', b.bid, colours)}${bestCell('ask', b.ask, colours)}</tr>`,
      )
      .join(''),
  );
}
