import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { FakeSocket } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { SimVenue } from '../../sim-venue.js';
import { SIM_VENUE_IDS, type SimVenueName } from '../../sim-venues.js';
import { deribitOptionTickers, type DeribitOptionTicker } from '../deribit/__fixtures__/deribit-option-ticker-reader.js';
import { OKX_OPTIONS_PATH } from '../okx-options/sim-okx-options-venue.js';
import { bybitOptionTestVenue } from './__fixtures__/bybit-option-test-venue.js';

type BybitTicker = { symbol: string; markPriceIv: string; underlyingPrice: string; indexPrice: string; markPrice: string };
type OkxSummary = { instId: string; ts: string; markVol: string; fwdPx: string };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** The OKX name of a Bybit option: `BTC-27NOV26-56000-C-USDT` is `BTC-USD-261127-56000-C` (OKX lists BTC's and ETH's). */
function okxTwin(symbol: string): string {
  const [coin = '', day = '', strike = '', type = ''] = symbol.split('-');
  const m = /^(\d{1,2})([A-Z]{3})(\d{2})$/.exec(day);
  const month = String(MONTHS.indexOf(m?.[2] ?? '') + 1).padStart(2, '0');
  return `${coin}-USD-${m?.[3] ?? ''}${month}${(m?.[1] ?? '').padStart(2, '0')}-${strike}-${type}`;
}

/** OKX's `opt-summary` entries of BTC and ETH, as a client of `okx_options` reads them. */
function okxSummaries(venue: SimVenue): () => OkxSummary[] {
  const socket = new FakeSocket();
  venue.attach(socket as unknown as WebSocket, new URL(`${OKX_OPTIONS_PATH}/public`, 'ws://127.0.0.1'), 'okx_options-1');
  const args = ['BTC-USD', 'ETH-USD'].map((instFamily) => ({ channel: 'opt-summary', instFamily }));
  socket.emit('message', Buffer.from(JSON.stringify({ op: 'subscribe', args })));
  return () =>
    socket.sent
      .map((text) => JSON.parse(text) as { arg?: { channel?: string }; data?: OkxSummary[] })
      .flatMap((f) => (f.arg?.channel === 'opt-summary' && f.data !== undefined ? f.data : []));
}

/** The Deribit name of a Bybit option: `BTC-27NOV26-56000-C-USDT` is `BTC-27NOV26-56000-C`, SOL's `SOL_USDC-...` with a `d` for a strike's point. */
function deribitTwin(symbol: string): string {
  const [coin = '', day, strike = '', type] = symbol.split('-');
  return `${coin === 'SOL' ? 'SOL_USDC' : coin}-${day ?? ''}-${strike.replace('.', 'd')}-${type ?? ''}`;
}

/**
 * A venue with Deribit's options beside Bybit's, clients of both following the same options (an
 * at-the-money BTC and ETH option of the second expiry, a SOL one), and each venue's tickers of them.
 */
function bothVenues(served: readonly SimVenueName[]) {
  const test = bybitOptionTestVenue(served);
  const pick = (coin: string): string => {
    const list = (test.get(`/v5/market/instruments-info?category=option&baseCoin=${coin}&limit=1000`).result.list ?? []).map((i) => String(i['symbol']));
    const days = [...new Set(list.map((s) => s.split('-')[1]))];
    const ofDay = list.filter((s) => s.split('-')[1] === days[Math.min(1, days.length - 1)]);
    return ofDay[Math.floor(ofDay.length / 2)] ?? '';
  };
  const symbols = ['BTC', 'ETH', 'SOL'].map(pick);
  const bybit = test.connect();
  bybit.send({ op: 'subscribe', args: symbols.map((s) => `tickers.${s}`) });
  const deribit = deribitOptionTickers(test.venues.get('deribit_options') as SimVenue, symbols.map(deribitTwin));
  const okxVenue = test.venues.get('okx_options');
  const okx = okxVenue === undefined ? undefined : okxSummaries(okxVenue);
  const bybitTickers = (): (BybitTicker & { ts: number })[] =>
    bybit.frames().flatMap((f) => (String(f.topic).startsWith('tickers.') ? [{ ...(f.data as BybitTicker), ts: Number(f.ts) }] : []));
  return { ...test, symbols, deribit, okx, bybitTickers };
}

/** Each option's last tickers on both venues, sent at the same moment. */
function lastPairs(venues: ReturnType<typeof bothVenues>): { readonly bybit: BybitTicker; readonly deribit: DeribitOptionTicker }[] {
  return venues.symbols.map((symbol) => {
    const bybit = venues.bybitTickers().filter((t) => t.symbol === symbol);
    const deribit = venues.deribit().filter((t) => t.instrument_name === deribitTwin(symbol));
    const last = bybit.at(-1);
    const same = deribit.filter((t) => t.timestamp === last?.ts).at(-1);
    expect([symbol, last?.ts, same?.timestamp]).toEqual([symbol, expect.any(Number), last?.ts]);
    return { bybit: last as BybitTicker, deribit: same as DeribitOptionTicker };
  });
}

describe("Bybit's simulated options are priced off the option board's forwards and smile, as Deribit's and OKX's", () => {
  it("is built after Deribit's venues, so that the option board it shares is made by theirs (their seed) when they are served", () => {
    const order = (id: SimVenueName): number => SIM_VENUE_IDS.indexOf(id);
    expect(order('bybit_options')).toBeGreaterThan(Math.max(order('deribit'), order('deribit_options')));
  });

  for (const served of [
    ['deribit_options', 'bybit_options'],
    ['deribit', 'deribit_options', 'bybit_options'],
  ] as const) {
    it(`shows the mark IV, forward and index deribit_options shows for the same option at the same moment (${served.join(', ')})`, () => {
      const venues = bothVenues(served);
      expect(venues.symbols.every((s) => /^(BTC|ETH|SOL)-/.test(s))).toBe(true);
      const seen = new Set<string>();
      for (const moment of [1_050, 2_000, 3_000]) {
        venues.run(moment === 1_050 ? moment : 1_000);
        for (const { bybit, deribit } of lastPairs(venues)) {
          // Both round the one volatility: Deribit in percent at 2 decimals, Bybit a fraction at 4.
          expect(Math.abs(Number(bybit.markPriceIv) - deribit.mark_iv / 100)).toBeLessThanOrEqual(0.0001 + 1e-12);
          expect(Number(bybit.underlyingPrice)).toBeCloseTo(deribit.underlying_price, 2);
          expect(Number(bybit.indexPrice)).toBeCloseTo(deribit.index_price, 2);
          seen.add(`${bybit.symbol} ${bybit.markPriceIv}`);
        }
      }
      // The marks moved between the moments (the chain steps every second).
      expect(seen.size).toBeGreaterThan(venues.symbols.length);
    });
  }

  it('shows the mark IV and forward okx_options shows for the same BTC and ETH option at the same moment (deribit_options, okx_options, bybit_options)', () => {
    const venues = bothVenues(['deribit_options', 'okx_options', 'bybit_options']);
    const okx = venues.okx as () => OkxSummary[];
    let compared = 0;
    for (const step of [1_050, 1_000, 1_000]) {
      venues.run(step);
      const summaries = okx();
      for (const { bybit, deribit } of lastPairs(venues)) {
        // The same moment on all three: Deribit's ticker, and OKX's summary of it when OKX lists the option.
        expect(Math.abs(Number(bybit.markPriceIv) - deribit.mark_iv / 100)).toBeLessThanOrEqual(0.0001 + 1e-12);
        if (bybit.symbol.startsWith('SOL-')) continue;
        const o = summaries.filter((e) => e.instId === okxTwin(bybit.symbol) && Number(e.ts) === deribit.timestamp).at(-1);
        expect([bybit.symbol, o?.ts]).toEqual([bybit.symbol, String(deribit.timestamp)]);
        // OKX writes 10 decimals of a fraction, Bybit 4: the same volatility and forward.
        expect(Math.abs(Number(bybit.markPriceIv) - Number(o?.markVol))).toBeLessThanOrEqual(0.00005 + 1e-12);
        expect(Number(bybit.underlyingPrice)).toBeCloseTo(Number(o?.fwdPx), 2);
        compared += 1;
      }
    }
    expect(compared).toBe(6);
  });

  it("steps the board's marks itself when served alone: the index walks, the smile holds", () => {
    const test = bybitOptionTestVenue(['bybit_options']);
    const symbol = String(test.get('/v5/market/instruments-info?category=option&baseCoin=BTC').result.list?.[40]?.['symbol']);
    const ticker = () => test.get(`/v5/market/tickers?category=option&symbol=${symbol}`).result.list?.[0] ?? {};
    const before = ticker();
    test.run(10_000);
    const after = ticker();
    expect(after['indexPrice']).not.toBe(before['indexPrice']);
    expect(after['underlyingPrice']).not.toBe(before['underlyingPrice']);
    expect(Math.abs(Number(after['markIv']) - Number(before['markIv']))).toBeLessThan(0.05);
  });
});
