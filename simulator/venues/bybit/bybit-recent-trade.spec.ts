import { describe, expect, it } from 'vitest';
import { BybitRest } from './bybit-rest.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { SimulatedMarket, type SimulatedTrade } from '../../simulated-market.js';
import { createVenueCounters } from '../../venue-counters.js';

describe('GET /v5/market/recent-trade?category=spot on the simulator', () => {
  const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC' }], seed: 9, idStep: 'sparse' });
  const traded: SimulatedTrade[] = [];
  for (let n = 0; n < 200; n++) {
    const trade = market.nextTrade('BTCUSDT', 1_800_000_000_000 + n);
    if (trade !== undefined) traded.push(trade);
  }
  const rest = new BybitRest({ market, clock: () => 1_800_000_001_000, limits: {}, counters: createVenueCounters() });
  const get = (query: string) =>
    JSON.parse(rest.answer('GET', `/v5/market/recent-trade?${query}`).text) as { retCode: number; result: { list?: Record<string, unknown>[] } };

  it('serves only the last 60 trades (the most spot keeps), newest first, with the strings and side the trade stream wrote', () => {
    const { retCode, result } = get('category=spot&symbol=BTCUSDT');
    expect(retCode).toBe(0);
    expect(result.list).toEqual(
      traded
        .slice(-60)
        .reverse()
        .map((t) => ({
          execId: String(t.tradeId),
          symbol: 'BTCUSDT',
          price: roundedDecimal(t.price, t.priceDecimals),
          size: roundedDecimal(t.quantity, 6),
          side: t.isBuyerMaker ? 'Sell' : 'Buy',
          time: String(t.ts),
          isBlockTrade: false,
          isRPITrade: false,
          seq: String(t.tradeId),
        })),
    );
    expect(get('category=spot&symbol=BTCUSDT&limit=5').result.list?.map((t) => t['execId'])).toEqual(
      traded
        .slice(-5)
        .reverse()
        .map((t) => String(t.tradeId)),
    );
  });

  it("answers Bybit's params error for a spot limit over 60, a missing or unknown symbol", () => {
    expect(get('category=spot&symbol=BTCUSDT&limit=61').retCode).toBe(10001);
    expect(get('category=spot').retCode).toBe(10001);
    expect(get('category=spot&symbol=NOPEUSDT').retCode).toBe(10001);
  });
});
