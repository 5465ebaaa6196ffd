import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { FakeSocket } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { SimVenue } from '../../sim-venue.js';
import { SIM_VENUE_IDS, type SimVenueName } from '../../sim-venues.js';
import { DERIBIT_OPTIONS_WS_PATH } from '../deribit/sim-deribit-venue.js';
import { bybitOptionTestVenue } from './__fixtures__/bybit-option-test-venue.js';

type DeribitTicker = { instrument_name: string; timestamp: number; mark_iv: number; underlying_price: number; index_price: number };
type BybitTicker = { symbol: string; markPriceIv: string; underlyingPrice: string; indexPrice: string; markPrice: string };

/** The Deribit name of a Bybit option: `BTC-27NOV26-56000-C-USDT` is `BTC-27NOV26-56000-C`, SOL's `SOL_USDC-...` with a `d` for a strike's point. */
function deribitTwin(symbol: string): string {
  const [coin = '', day, strike = '', type] = symbol.split('-');
  return `${coin === 'SOL' ? 'SOL_USDC' : coin}-${day ?? ''}-${strike.replace('.', 'd')}-${type ?? ''}`;
}

/** Deribit's option tickers of `names` on `.100ms`, as a client of `deribit_options` reads them. */
function deribitTickers(venue: SimVenue, names: readonly string[]): () => DeribitTicker[] {
  const socket = new FakeSocket();
  venue.attach(socket as unknown as WebSocket, new URL(DERIBIT_OPTIONS_WS_PATH, 'ws://127.0.0.1'), 'deribit_options-1');
  const channels = names.map((n) => `ticker.${n}.100ms`);
  socket.emit('message', Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels } })));
  return () =>
    socket.sent
      .map((text) => JSON.parse(text) as { method?: string; params?: { data?: DeribitTicker } })
      .flatMap((f) => (f.method === 'subscription' && f.params?.data !== undefined ? [f.params.data] : []));
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
  const deribit = deribitTickers(test.venues.get('deribit_options') as SimVenue, symbols.map(deribitTwin));
  const bybitTickers = (): (BybitTicker & { ts: number })[] =>
    bybit.frames().flatMap((f) => (String(f.topic).startsWith('tickers.') ? [{ ...(f.data as BybitTicker), ts: Number(f.ts) }] : []));
  return { ...test, symbols, deribit, bybitTickers };
}

/** Each option's last tickers on both venues, sent at the same moment. */
function lastPairs(venues: ReturnType<typeof bothVenues>): { readonly bybit: BybitTicker; readonly deribit: DeribitTicker }[] {
  return venues.symbols.map((symbol) => {
    const bybit = venues.bybitTickers().filter((t) => t.symbol === symbol);
    const deribit = venues.deribit().filter((t) => t.instrument_name === deribitTwin(symbol));
    const last = bybit.at(-1);
    const same = deribit.filter((t) => t.timestamp === last?.ts).at(-1);
    expect([symbol, last?.ts, same?.timestamp]).toEqual([symbol, expect.any(Number), last?.ts]);
    return { bybit: last as BybitTicker, deribit: same as DeribitTicker };
  });
}

describe("Bybit's simulated options are priced off Deribit's forward and smile", () => {
  it("is built after Deribit's venues, so that the Deribit it shares is theirs (their seed and limits) when they are served", () => {
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

  it("steps the chain's marks itself when no deribit_options venue does: the index walks, the smile holds", () => {
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
