import { describe, expect, it } from 'vitest';
import { BinanceDepthRest } from './binance-depth-rest.js';
import { binanceHistoricalTradesEndpoint } from './binance-historical-trades.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { SimulatedBooks } from '../../simulated-books.js';
import { SimulatedMarket, type SimulatedTrade } from '../../simulated-market.js';

function venue(limitPerMinute = 6000) {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 7, idStep: 'consecutive', historyCapacity: 5000 });
  const clock = { now: 1_800_000_000_000 };
  const traded: SimulatedTrade[] = [];
  for (let n = 0; n < 2500; n++) {
    const trade = market.nextTrade('BTCUSDT', clock.now + n);
    if (trade !== undefined) traded.push(trade);
  }
  const rest = new BinanceDepthRest({
    books: new SimulatedBooks({ market, seed: 7 }),
    clock: () => clock.now,
    limiter: { limitPerMinute },
    endpoints: [binanceHistoricalTradesEndpoint(market)],
  });
  const get = (query: string) => {
    const answer = rest.answer('GET', `/api/v3/historicalTrades?${query}`);
    return {
      ...answer,
      trades: answer.status === 200 ? (answer.body as { id: number; price: string; qty: string; time: number; isBuyerMaker: boolean }[]) : [],
    };
  };
  return { traded, get };
}

describe('GET /api/v3/historicalTrades on the simulator', () => {
  it('serves the trades from fromId on, oldest first, with the price and quantity strings and side the trade stream wrote', () => {
    const { traded, get } = venue();
    const first = traded[0]!.tradeId;
    const answer = get(`symbol=BTCUSDT&fromId=${first + 100}&limit=3`);
    expect(answer.status).toBe(200);
    expect(answer.trades).toEqual(
      traded.slice(100, 103).map((t) => ({
        id: t.tradeId,
        price: roundedDecimal(t.price, t.priceDecimals),
        qty: roundedDecimal(t.quantity, 6),
        quoteQty: (t.price * t.quantity).toFixed(8),
        time: t.ts,
        isBuyerMaker: t.isBuyerMaker,
        isBestMatch: true,
      })),
    );
  });

  it('pages by 1000 at most (500 by default), and gives the most recent without fromId', () => {
    const { traded, get } = venue();
    const first = traded[0]!.tradeId;
    expect(get(`symbol=BTCUSDT&fromId=${first}`).trades).toHaveLength(500);
    expect(get(`symbol=BTCUSDT&fromId=${first}&limit=1000`).trades.map((t) => t.id)).toEqual(traded.slice(0, 1000).map((t) => t.tradeId));
    expect(get('symbol=BTCUSDT&limit=2').trades.map((t) => t.id)).toEqual(traded.slice(-2).map((t) => t.tradeId));
    expect(get(`symbol=BTCUSDT&fromId=${traded.at(-1)!.tradeId + 1}`).trades).toEqual([]);
  });

  it("answers Binance's errors for a missing or unknown symbol and a limit out of range", () => {
    const { get } = venue();
    expect(get('fromId=1')).toMatchObject({ status: 400, body: { code: -1102 } });
    expect(get('symbol=NOPEUSDT')).toMatchObject({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
    expect(get('symbol=BTCUSDT&limit=1001')).toMatchObject({ status: 400, body: { code: -1100 } });
  });

  it("weighs 25 on the venue limiter: the used weight header counts it, and past the minute's limit 429 with Retry-After, and 418 for asking on through it", () => {
    const { get } = venue(60);
    expect(get('symbol=BTCUSDT&limit=1').headers['x-mbx-used-weight-1m']).toBe('25');
    expect(get('symbol=BTCUSDT&limit=1').headers['x-mbx-used-weight-1m']).toBe('50');
    const throttled = get('symbol=BTCUSDT&limit=1');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // Three more asked during the wait ban the address.
    expect([get('symbol=BTCUSDT').status, get('symbol=BTCUSDT').status, get('symbol=BTCUSDT').status]).toEqual([429, 429, 418]);
  });
});
