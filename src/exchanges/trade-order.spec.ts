import { describe, expect, it } from 'vitest';
import { tradeAfter } from './trade-order.js';

describe('tradeAfter', () => {
  it('orders a venue whose ids grow with time by id, whatever the times say', () => {
    expect(tradeAfter({ exchange: 'binance', tradeId: '10', exchangeTs: 1 }, { tradeId: '9', exchangeTs: 5 })).toBe(true);
    expect(tradeAfter({ exchange: 'binance', tradeId: '9', exchangeTs: 9 }, { tradeId: '10', exchangeTs: 5 })).toBe(false);
    expect(tradeAfter({ exchange: 'bybit', tradeId: '2290000000094157219', exchangeTs: 1 }, { tradeId: '2290000000094157218', exchangeTs: 1 })).toBe(true);
  });

  it('orders a venue whose ids have no order by time; one of the same millisecond counts as after unless it is the same trade', () => {
    const last = { tradeId: 'a0000000-0000-4000-8000-00000000000c', exchangeTs: 2_000 };
    expect(tradeAfter({ exchange: 'bybit_linear', tradeId: '10000000-0000-4000-8000-000000000002', exchangeTs: 2_001 }, last)).toBe(true);
    expect(tradeAfter({ exchange: 'bybit_linear', tradeId: 'f0e1d2c3-0000-4000-8000-000000000001', exchangeTs: 1_999 }, last)).toBe(false);
    expect(tradeAfter({ exchange: 'bybit_linear', tradeId: 'b0000000-0000-4000-8000-000000000003', exchangeTs: 2_000 }, last)).toBe(true);
    expect(tradeAfter({ exchange: 'bybit_linear', ...last }, last)).toBe(false);
  });
});
