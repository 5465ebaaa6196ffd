import { describe, expect, it } from 'vitest';
import { SimulatedMarket } from './simulated-market.js';

describe("the simulated market's best bid and ask", () => {
  it('stay a tick apart or more, the bid above 0, even for a coin whose price sits on the grid’s smallest unit', () => {
    // Priced at 2 units of 10^-6, volatile: its trades reach the unit, where a bid a tick below would be 0.
    const market = new SimulatedMarket({
      symbols: [{ symbol: 'DUSTUSDT', coin: 'DUST', price: 0.000002, priceDecimals: 6, volatility: 2 }],
      seed: 7,
      idStep: 'consecutive',
    });
    const touches: (readonly [number, number, number])[] = [];
    for (let n = 0; n < 2_000; n++) {
      const trade = market.nextTrade('DUSTUSDT', n);
      const state = market.state('DUSTUSDT');
      if (trade !== undefined && state !== undefined) touches.push([trade.price, state.bid, state.ask]);
    }
    expect(touches.some(([price]) => price === 0.000001)).toBe(true);
    expect(touches.filter(([, bid, ask]) => !(bid > 0 && ask > bid))).toEqual([]);
  });

  it('stay a tick apart where the tick at the price is coarser than the spread (an option of 0.01 on Deribit-like steps: 0.0005 above 0.005)', () => {
    const market = new SimulatedMarket({
      symbols: [
        {
          symbol: 'X-OPT',
          coin: 'X',
          price: 0.01,
          priceDecimals: 4,
          priceTick: { size: 0.0001, steps: [{ abovePrice: 0.005, size: 0.0005 }] },
          volatility: 0.0001,
        },
      ],
      seed: 7,
      idStep: 'consecutive',
    });
    const touches: (readonly [number, number])[] = [];
    for (let n = 0; n < 200; n++) {
      market.nextTrade('X-OPT', n);
      const state = market.state('X-OPT');
      if (state !== undefined) touches.push([state.bid, state.ask]);
    }
    expect(touches.filter(([bid, ask]) => !(bid > 0 && ask > bid))).toEqual([]);
  });

  it('are half a basis point either side of a price far above the unit, as before', () => {
    const market = new SimulatedMarket({ symbols: [{ symbol: 'BTCUSDT', coin: 'BTC', price: 65_000, priceDecimals: 2 }], seed: 7, idStep: 'consecutive' });
    const trade = market.nextTrade('BTCUSDT', 0);
    const state = market.state('BTCUSDT');
    const half = Math.round((trade?.price ?? 0) * 0.00005 * 100) / 100;
    expect([state?.bid, state?.ask]).toEqual([Math.round(((trade?.price ?? 0) - half) * 100) / 100, Math.round(((trade?.price ?? 0) + half) * 100) / 100]);
  });
});
