import { describe, expect, it } from 'vitest';
import { SimulatedMarket, type SimulatedTrade } from './simulated-market.js';

describe("a simulated market's tape (madeTrades)", () => {
  it('holds every trade the market made of a symbol, oldest first, whether any socket carried it or not, up to the history kept', () => {
    const market = new SimulatedMarket({
      symbols: [
        { symbol: 'BTCUSDT', coin: 'BTC' },
        { symbol: 'ETHUSDT', coin: 'ETH' },
      ],
      seed: 3,
      idStep: 'sparse',
      historyCapacity: 100,
    });
    const made: SimulatedTrade[] = [];
    for (let n = 0; n < 150; n++) {
      const trade = market.nextTrade('BTCUSDT', 1_800_000_000_000 + n);
      if (trade !== undefined) made.push(trade);
    }
    expect(made).toHaveLength(150);
    // The last 100 kept, as they were made.
    expect(market.madeTrades('BTCUSDT')).toEqual(
      made.slice(-100).map((t) => ({ tradeId: t.tradeId, price: t.price, quantity: t.quantity, isBuyerMaker: t.isBuyerMaker, ts: t.ts })),
    );
    expect(market.madeTrades('ETHUSDT')).toEqual([]);
    expect(market.madeTrades('NOPEUSDT')).toEqual([]);
  });
});
