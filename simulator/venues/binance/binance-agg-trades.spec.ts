import { describe, expect, it } from 'vitest';
import { BinanceDepthRest } from './binance-depth-rest.js';
import { binanceAggTradesEndpoint } from './binance-agg-trades.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { SimulatedBooks } from '../../simulated-books.js';
import { SimulatedMarket, type SimulatedTrade } from '../../simulated-market.js';

const T0 = 1_800_000_000_000;

function venue() {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 7, idStep: 'consecutive', historyCapacity: 5000 });
  const traded: SimulatedTrade[] = [];
  // A trade every 10 ms.
  for (let n = 0; n < 2500; n++) {
    const trade = market.nextTrade('BTCUSDT', T0 + 10 * n);
    if (trade !== undefined) traded.push(trade);
  }
  const rest = new BinanceDepthRest({
    books: new SimulatedBooks({ market, seed: 7 }),
    clock: () => T0,
    limiter: { limitPerMinute: 6000 },
    endpoints: [binanceAggTradesEndpoint(market)],
  });
  const get = (query: string) => {
    const answer = rest.answer('GET', `/api/v3/aggTrades?${query}`);
    return {
      ...answer,
      trades: answer.status === 200 ? (answer.body as { a: number; p: string; q: string; f: number; l: number; T: number; m: boolean; M: boolean }[]) : [],
    };
  };
  return { traded, get };
}

describe('GET /api/v3/aggTrades on the simulator', () => {
  it('serves from startTime (inclusive) to endTime (inclusive), oldest first, each trade its own aggregate trade with the strings the stream wrote', () => {
    const { traded, get } = venue();
    const from = traded[100]!;
    const answer = get(`symbol=BTCUSDT&startTime=${from.ts}&endTime=${from.ts + 20}&limit=10`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-mbx-used-weight-1m']).toBe('4');
    expect(answer.trades).toEqual(
      traded.slice(100, 103).map((t) => ({
        a: t.tradeId,
        p: roundedDecimal(t.price, t.priceDecimals),
        q: roundedDecimal(t.quantity, 6),
        f: t.tradeId,
        l: t.tradeId,
        T: t.ts,
        m: t.isBuyerMaker,
        M: true,
      })),
    );
    // A time between two trades: the first after it.
    expect(get(`symbol=BTCUSDT&startTime=${from.ts + 5}&limit=1`).trades.map((t) => t.f)).toEqual([traded[101]!.tradeId]);
    // From an id; the most recent without either; nothing after the last.
    expect(get(`symbol=BTCUSDT&fromId=${from.tradeId}&limit=2`).trades.map((t) => t.a)).toEqual([from.tradeId, traded[101]!.tradeId]);
    expect(get('symbol=BTCUSDT&limit=2').trades.map((t) => t.a)).toEqual(traded.slice(-2).map((t) => t.tradeId));
    expect(get(`symbol=BTCUSDT&startTime=${traded.at(-1)!.ts + 1}`).trades).toEqual([]);
  });

  it("answers Binance's errors: a window of an hour or more (-1127), a bad number, an unknown symbol, a limit out of range", () => {
    const { get } = venue();
    expect(get(`symbol=BTCUSDT&startTime=${T0}&endTime=${T0 + 3_600_000}`)).toMatchObject({ status: 400, body: { code: -1127 } });
    expect(get(`symbol=BTCUSDT&startTime=${T0}&endTime=${T0 + 3_599_999}`).status).toBe(200);
    expect(get('symbol=BTCUSDT&startTime=soon')).toMatchObject({ status: 400, body: { code: -1100 } });
    expect(get('symbol=NOPEUSDT')).toMatchObject({ status: 400, body: { code: -1121 } });
    expect(get('symbol=BTCUSDT&limit=0')).toMatchObject({ status: 400, body: { code: -1100 } });
    expect(get('startTime=1')).toMatchObject({ status: 400, body: { code: -1102 } });
  });
});
