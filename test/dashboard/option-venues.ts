import type { Page } from 'puppeteer-core';
import { marketOf, VENUE_IDS } from '../../src/exchanges/venues.js';
import type { ExchangeId } from '../../src/model/market-record.js';
import type { OptionSummary, OptionType } from '../../src/model/option-summary.js';

/**
 * BTC options of one expiry at every option venue of the registry, written by hand so that what the
 * page draws can be checked against them: each venue's mark IVs a smile of its own, its quotes priced
 * in its own currency, and per strike a known venue holding the best bid and another the best ask.
 */

/** Every option venue of the registry, in its order: the test follows the registry, never a list of its own. */
export const OPTION_VENUES: readonly ExchangeId[] = VENUE_IDS.filter((id) => marketOf(id) === 'option');

/** Venues whose BTC options settle in the coin, priced in BTC and keyed `BTC-USD-...` (schemas/README.md, option keys); any other is taken as USDT-settled, `BTC-USDT-...`. */
const COIN_SETTLED: ReadonlySet<string> = new Set(['deribit_options', 'okx_options']);

export const STRIKES: readonly number[] = Array.from({ length: 9 }, (_, i) => 80_000 + i * 5_000);
/** The BTC index (USD) of the venues that send one; OKX sends none (its forward prices its premiums). */
export const INDEX = 100_500;
const SENDS_NO_INDEX: ReadonlySet<string> = new Set(['okx_options']);

/** Each venue's forward: 100,600 on; all of them put 100,000 below and 105,000 above, so the compared option is the put up to 100,000 and the call from 105,000. */
export const forwardOf = (v: number): number => 100_600 + v * 100;
/** The strike the second venue does not list. */
export const UNLISTED = { venue: 1, strike: 115_000 } as const;
/** The strike whose bid the first venue leaves empty. */
export const NO_BID = { venue: 0, strike: 85_000 } as const;

const round = (n: number, digits: number): number => Number(n.toFixed(digits));
export const sideAt = (strike: number): OptionType => (strike <= 100_000 ? 'put' : 'call');

/** A venue's mark IV at a strike: 50 % at the money, higher on the wings, 1.5 points a venue apart; the side not compared 0.3 above. */
export const markIvOf = (v: number, strike: number, side: OptionType): number => {
  const away = (strike - 100_000) / 5_000;
  return round(50 + v * 1.5 + away * away * 0.6 - away * 0.4 + (side === sideAt(strike) ? 0 : 0.3), 1);
};
export const bidIvOf = (v: number, strike: number, side: OptionType): number => round(markIvOf(v, strike, side) - 1 - v * 0.1, 1);
export const askIvOf = (v: number, strike: number, side: OptionType): number => round(markIvOf(v, strike, side) + 1 + v * 0.1, 1);

/** The venue with the best bid at the i-th strike, and the one with the best ask (another one, when there are two or more). */
export const bestBidVenue = (i: number): number => i % OPTION_VENUES.length;
export const bestAskVenue = (i: number): number => (i + 1) % OPTION_VENUES.length;

/**
 * A venue's bid and ask in USD per coin: around 2,000 USD less 150 a strike away from the money, the
 * best venue's bid 15 below that and the others' lower still, the best ask 15 above and the others'
 * higher. Priced in the coin (divided by the index, else the forward) the numbers are a twenty-thousandth
 * of the USDT ones: only in USD do they compare.
 */
function usdOf(v: number, i: number): { readonly bid: number; readonly ask: number } {
  const mid = 2_000 - 150 * Math.abs(i - 4);
  return { bid: mid - (v === bestBidVenue(i) ? 15 : 30 + v), ask: mid + (v === bestAskVenue(i) ? 15 : 30 + v) };
}

/** The expiry: two days ahead at 08:00 UTC. */
export function expiryOf(now: number): { readonly ts: number; readonly day: string } {
  const ts = Math.floor(now / 86_400_000) * 86_400_000 + 8 * 3_600_000 + 2 * 86_400_000;
  return { ts, day: new Date(ts).toISOString().slice(0, 10).replaceAll('-', '') };
}

/** One venue's summary of one option at `ts`, with `changes`. */
export function venueSummary(now: number, v: number, strike: number, side: OptionType, ts: number, changes: Partial<OptionSummary> = {}): OptionSummary {
  const exchange = OPTION_VENUES[v] as ExchangeId;
  const coinSettled = COIN_SETTLED.has(exchange);
  const { ts: expiryTs, day } = expiryOf(now);
  const i = STRIKES.indexOf(strike);
  const usdPerUnit = coinSettled ? (SENDS_NO_INDEX.has(exchange) ? forwardOf(v) : INDEX) : 1;
  const usd = side === sideAt(strike) ? usdOf(v, i) : { bid: 400, ask: 450 };
  const cp = side === 'call' ? 'C' : 'P';
  const noBid = v === NO_BID.venue && strike === NO_BID.strike;
  return {
    type: 'option_summary',
    exchange,
    symbol: `BTC-${day}-${strike}-${cp}`,
    coin: 'BTC',
    quote: coinSettled ? 'BTC' : 'USDT',
    instrument: `BTC-${coinSettled ? 'USD' : 'USDT'}-${day}-${strike}-${cp}`,
    exchangeTs: ts,
    receivedTs: ts,
    isFallback: false,
    env: 'prod',
    connectionId: `${exchange}-test`,
    optionType: side,
    strike,
    expiryTs,
    ...(noBid ? {} : { bestBidPrice: usd.bid / usdPerUnit, bestBidAmount: 2, bestBidIv: bidIvOf(v, strike, side) }),
    bestAskPrice: usd.ask / usdPerUnit,
    bestAskAmount: 3,
    bestAskIv: askIvOf(v, strike, side),
    markPrice: (usd.bid + usd.ask) / 2 / usdPerUnit,
    markIv: markIvOf(v, strike, side),
    delta: side === 'call' ? 0.4 : -0.4,
    gamma: 0.00001,
    vega: 120,
    theta: -30,
    rho: Number.NaN,
    underlyingPrice: forwardOf(v),
    underlyingIndex: `BTC-${day}`,
    ...(SENDS_NO_INDEX.has(exchange) ? {} : { indexPrice: INDEX }),
    openInterest: 10,
    ...changes,
  };
}

/** Every venue's options (a call and a put at each strike, but the one strike a venue does not list). */
export function venueChains(now: number): OptionSummary[] {
  return OPTION_VENUES.flatMap((_, v) =>
    STRIKES.filter((k) => lists(v, k)).flatMap((k) => (['call', 'put'] as const).map((side) => venueSummary(now, v, k, side, now))),
  );
}

/** A venue's smile as it should be drawn: strike, mark IV, bid IV and ask IV of the compared option (null: no bar). */
export function expectedPoints(v: number): [number, number, number | null, number][] {
  return STRIKES.filter((k) => lists(v, k)).map((k) => {
    const side = sideAt(k);
    const noBid = v === NO_BID.venue && k === NO_BID.strike;
    return [k, markIvOf(v, k, side), noBid ? null : bidIvOf(v, k, side), askIvOf(v, k, side)];
  });
}

const lists = (v: number, strike: number): boolean => !(v === UNLISTED.venue && strike === UNLISTED.strike);

/** The venue of the best bid and of the best ask at each strike, from the USD figures written (a venue not listing the strike, or with no bid, left out). */
export function expectedBest(): { strike: number; side: OptionType; bid: string | null; ask: string | null }[] {
  return STRIKES.map((strike, i) => {
    let bid: { v: number; usd: number } | undefined;
    let ask: { v: number; usd: number } | undefined;
    OPTION_VENUES.forEach((_, v) => {
      if (!lists(v, strike)) return;
      const usd = usdOf(v, i);
      if (!(v === NO_BID.venue && strike === NO_BID.strike) && (bid === undefined || usd.bid > bid.usd)) bid = { v, usd: usd.bid };
      if (ask === undefined || usd.ask < ask.usd) ask = { v, usd: usd.ask };
    });
    const venue = (best: { v: number } | undefined): string | null => (best === undefined ? null : (OPTION_VENUES[best.v] ?? null));
    return { strike, side: sideAt(strike), bid: venue(bid), ask: venue(ask) };
  });
}

/** What the venues' chart and best-quote table show, read back from the page through the scale the SVG carries. */
export interface VenueSmileOnScreen {
  readonly lines: Readonly<Record<string, readonly (readonly [number, number])[]>>;
  readonly points: Readonly<Record<string, readonly (readonly [number, number])[]>>;
  /** Per venue: strike (its data), and the bar's bid and ask IV read from its ends. */
  readonly bars: Readonly<Record<string, readonly (readonly [number, number, number])[]>>;
  readonly best: readonly { readonly strike: number; readonly side: string; readonly bid: string | null; readonly ask: string | null }[];
  readonly legend: readonly string[];
}

const VENUE_SMILE_JS = `(() => {
  const svg = document.querySelector('#venue-smile');
  const d = Object.fromEntries(Object.entries(svg.dataset).filter(([k]) => k !== 'html').map(([k, v]) => [k, Number(v)]));
  const strike = (x) => d.xMin + ((x - d.left) / (d.right - d.left)) * (d.xMax - d.xMin);
  const iv = (y) => d.yMin + ((d.bottom - y) / (d.bottom - d.top)) * (d.yMax - d.yMin);
  const group = (selector, read) => {
    const out = {};
    for (const el of svg.querySelectorAll(selector)) (out[el.dataset.exchange] ??= []).push(...read(el));
    return out;
  };
  return {
    lines: group('polyline.venue-line', (l) => l.getAttribute('points').split(' ').map((xy) => xy.split(',').map(Number)).map(([x, y]) => [strike(x), iv(y)])),
    points: group('circle.venue-point', (c) => [[strike(Number(c.getAttribute('cx'))), iv(Number(c.getAttribute('cy')))]]),
    bars: group('line.venue-range', (l) => [[Number(l.dataset.strike), iv(Number(l.getAttribute('y1'))), iv(Number(l.getAttribute('y2')))]]),
    best: [...document.querySelectorAll('#venue-best tbody tr')].map((tr) => ({
      strike: Number(tr.dataset.strike),
      side: tr.dataset.side,
      bid: tr.querySelector('.bid-venue').dataset.exchange ?? null,
      ask: tr.querySelector('.ask-venue').dataset.exchange ?? null,
    })),
    legend: [...document.querySelectorAll('#venue-legend li')].map((li) => li.dataset.exchange),
  };
})()`;

export const venueSmileOnScreen = async (page: Page): Promise<VenueSmileOnScreen> => (await page.evaluate(VENUE_SMILE_JS)) as VenueSmileOnScreen;
