import type { Page } from 'puppeteer-core';
import type { OptionSummary, OptionType } from '../../src/model/option-summary.js';

const DAY = 86_400_000;

/**
 * A written underlying: its index, the forward of each of its three expiries, nine strikes, and each
 * expiry's at-the-money strike worked out by hand (the strike nearest the forward): BTC 100,700 -> 100,000
 * (700 away), 101,200 -> 100,000 (1,200 against 3,800), 102,600 -> 105,000 (2,400 against 2,600); ETH
 * 3,020 -> 3,000, 3,060 -> 3,000 (60 against 90), 3,140 -> 3,150.
 */
interface WrittenUnderlying {
  readonly coin: 'BTC' | 'ETH';
  readonly index: number;
  readonly forwards: readonly [number, number, number];
  readonly strikes: readonly number[];
  readonly atm: readonly [number, number, number];
  /** Mark IV of the middle strike of the nearest expiry, %. */
  readonly baseIv: number;
  /** Greeks scale (an ETH option's gamma per USD is larger, its vega smaller). */
  readonly gammaUnit: number;
  readonly vegaUnit: number;
}

const nine = (from: number, step: number): number[] => Array.from({ length: 9 }, (_, i) => from + i * step);
export const WRITTEN: readonly WrittenUnderlying[] = [
  {
    coin: 'BTC',
    index: 100_500,
    forwards: [100_700, 101_200, 102_600],
    strikes: nine(80_000, 5_000),
    atm: [100_000, 100_000, 105_000],
    baseIv: 50,
    gammaUnit: 1e-6,
    vegaUnit: 10,
  },
  {
    coin: 'ETH',
    index: 3_010,
    forwards: [3_020, 3_060, 3_140],
    strikes: nine(2_400, 150),
    atm: [3_000, 3_000, 3_150],
    baseIv: 65,
    gammaUnit: 3e-5,
    vegaUnit: 1,
  },
];

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

/** The figures written for one option: a smile (higher IV away from the middle strike, puts 0.3 above calls), greeks by moneyness. */
function figures(u: WrittenUnderlying, expiry: number, i: number, side: OptionType): Omit<OptionSummary, keyof ReturnType<typeof provenance>> {
  const away = i - 4;
  const markIv = round(u.baseIv + expiry * 2 + away * away * 0.5 - away * 0.8 + (side === 'put' ? 0.3 : 0), 1);
  const callDelta = round(0.5 - away * 0.11, 3);
  return {
    type: 'option_summary',
    optionType: side,
    strike: u.strikes[i] ?? 0,
    expiryTs: 0,
    bestBidPrice: round(0.01 + (side === 'call' ? 8 - i : i) * 0.005, 4),
    bestBidAmount: 5,
    bestBidIv: round(markIv - 1, 1),
    bestAskPrice: round(0.011 + (side === 'call' ? 8 - i : i) * 0.005, 4),
    bestAskAmount: 3,
    bestAskIv: round(markIv + 1, 1),
    markPrice: round(0.0105 + (side === 'call' ? 8 - i : i) * 0.005, 4),
    markIv,
    delta: side === 'call' ? callDelta : round(callDelta - 1, 3),
    gamma: Number(((9 - Math.abs(away)) * 1.37 * u.gammaUnit).toPrecision(3)),
    vega: round((20 - away * away) * u.vegaUnit + expiry * 1.25, 2),
    theta: round(-(20 - away * away) * 2.05 * (3 - expiry), 2),
    rho: 1,
    underlyingPrice: u.forwards[expiry as 0 | 1 | 2],
    underlyingIndex: `${u.coin}-FUT${expiry}`,
    indexPrice: u.index,
    openInterest: round(10 + i * 2.5 + expiry, 1),
  };
}

function provenance(u: WrittenUnderlying, expiryTs: number, strike: number, side: OptionType, ts: number) {
  const day = new Date(expiryTs).toISOString().slice(0, 10).replaceAll('-', '');
  const cp = side === 'call' ? 'C' : 'P';
  return {
    exchange: 'deribit_options',
    symbol: `${u.coin}-${day}-${strike}-${cp}`,
    coin: u.coin,
    quote: u.coin,
    instrument: `${u.coin}-USD-${day}-${strike}-${cp}`,
    exchangeTs: ts,
    receivedTs: ts,
    isFallback: false,
    env: 'prod',
    connectionId: 'deribit_options-test',
  } as const;
}

/** Three expiries 2, 9 and 30 days ahead at 08:00 UTC (Deribit's expiry time), as `YYYYMMDD` and epoch ms. */
export function expiriesFrom(now: number): readonly { readonly ts: number; readonly day: string }[] {
  const eight = Math.floor(now / DAY) * DAY + 8 * 3_600_000;
  return [2, 9, 30].map((d) => ({ ts: eight + d * DAY, day: new Date(eight + d * DAY).toISOString().slice(0, 10).replaceAll('-', '') }));
}

/** One written option's summary at `ts`, with `changes`. */
export function writtenSummary(
  now: number,
  coin: string,
  expiry: number,
  strike: number,
  side: OptionType,
  ts: number,
  changes: Partial<OptionSummary> = {},
): OptionSummary {
  const u = WRITTEN.find((w) => w.coin === coin) as WrittenUnderlying;
  const expiryTs = expiriesFrom(now)[expiry]?.ts ?? 0;
  return { ...figures(u, expiry, u.strikes.indexOf(strike), side), ...provenance(u, expiryTs, strike, side, ts), expiryTs, ...changes };
}

/** Every option of both underlyings, three expiries of nine strikes, a call and a put each: 108 summaries. */
export function writtenChains(now: number): OptionSummary[] {
  return WRITTEN.flatMap((u) =>
    [0, 1, 2].flatMap((e) => u.strikes.flatMap((k) => (['call', 'put'] as const).map((side) => writtenSummary(now, u.coin, e, k, side, now)))),
  );
}

const FIELDS = ['bidIv', 'markIv', 'askIv', 'delta', 'gamma', 'vega', 'theta', 'openInterest'] as const;
const sig3 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** A row of the chain as the page should show it: the strike, whether it is marked ATM, each side's IVs and greeks as written. */
export function expectedRows(now: number, coin: string, expiry: number): Record<string, string | number | boolean>[] {
  const u = WRITTEN.find((w) => w.coin === coin) as WrittenUnderlying;
  return u.strikes.map((strike) => {
    const row: Record<string, string | number | boolean> = { strike, atm: strike === u.atm[expiry as 0 | 1 | 2] };
    for (const side of ['call', 'put'] as const) {
      const s = writtenSummary(now, coin, expiry, strike, side, now);
      const text = {
        bidIv: s.bestBidIv?.toFixed(1),
        markIv: s.markIv.toFixed(1),
        askIv: s.bestAskIv?.toFixed(1),
        delta: s.delta.toFixed(3),
        gamma: sig3.format(s.gamma),
        vega: s.vega.toFixed(2),
        theta: s.theta.toFixed(2),
        openInterest: s.openInterest?.toFixed(1),
      };
      for (const f of FIELDS) row[`${side}.${f}`] = text[f] ?? '';
    }
    return row;
  });
}

/** The smile points each written expiry should have: the out-of-the-money option's mark IV at each strike (put below the forward, call at or above). */
export function expectedSmile(now: number, coin: string, expiry: number, changed: ReadonlyMap<string, number> = new Map()): [number, number][] {
  const u = WRITTEN.find((w) => w.coin === coin) as WrittenUnderlying;
  const forward = u.forwards[expiry as 0 | 1 | 2];
  return u.strikes.map((k) => {
    const side = k < forward ? 'put' : 'call';
    return [k, changed.get(`${k}-${side}`) ?? writtenSummary(now, coin, expiry, k, side, now).markIv];
  });
}

const CHAIN_JS = `[...document.querySelectorAll('#chain tbody tr')].map((tr) => Object.assign(
  { strike: Number(tr.dataset.strike), atm: tr.classList.contains('atm') },
  Object.fromEntries([...tr.querySelectorAll('td[data-field]')].filter((td) => ${JSON.stringify(FIELDS)}.includes(td.dataset.field)).map((td) => [td.dataset.side + '.' + td.dataset.field, td.textContent])),
))`;

/** The chain table as drawn. */
export const chainOnScreen = async (page: Page): Promise<Record<string, string | number | boolean>[]> =>
  (await page.evaluate(CHAIN_JS)) as Record<string, string | number | boolean>[];

/** The smile's lines as drawn, each point read back into strike and IV through the scale the chart carries. */
const SMILE_JS = `(() => {
  const svg = document.querySelector('#smile');
  const d = Object.fromEntries(Object.entries(svg.dataset).map(([k, v]) => [k, Number(v)]));
  return [...svg.querySelectorAll('polyline.smile-line')].map((line) => ({
    expiry: line.dataset.expiry,
    chosen: line.classList.contains('chosen'),
    points: line.getAttribute('points').split(' ').map((xy) => xy.split(',').map(Number)).map(([x, y]) => [
      d.xMin + ((x - d.left) / (d.right - d.left)) * (d.xMax - d.xMin),
      d.yMin + ((d.bottom - y) / (d.bottom - d.top)) * (d.yMax - d.yMin),
    ]),
  }));
})()`;

export interface SmileLine {
  readonly expiry: string;
  readonly chosen: boolean;
  readonly points: readonly (readonly [number, number])[];
}
export const smileOnScreen = async (page: Page): Promise<SmileLine[]> => (await page.evaluate(SMILE_JS)) as SmileLine[];

/** Whether drawn points lie where the expected IVs put them: the strike within 10 USD, the IV within 0.03 points (the SVG's 0.1-unit rounding). */
export function sameSmile(drawn: readonly (readonly [number, number])[], expected: readonly (readonly [number, number])[]): boolean {
  return (
    drawn.length === expected.length &&
    drawn.every(([k, iv], i) => Math.abs(k - (expected[i]?.[0] ?? NaN)) < 10 && Math.abs(iv - (expected[i]?.[1] ?? NaN)) < 0.03)
  );
}
