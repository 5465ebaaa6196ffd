import { describe, expect, it } from 'vitest';
import { BINANCE_CONNECTION_LIMITS } from './binance/binance-limits.js';
import { BYBIT_CONNECTION_LIMITS } from './bybit/bybit-limits.js';
import { connectionLimitsOf } from './venues.js';

describe('connectionLimitsOf', () => {
  it("takes the venues' limits when nothing is configured", () => {
    expect(connectionLimitsOf(undefined)).toEqual({
      bybit: BYBIT_CONNECTION_LIMITS,
      binance: BINANCE_CONNECTION_LIMITS,
      binance_us: BINANCE_CONNECTION_LIMITS,
      binance_testnet: BINANCE_CONNECTION_LIMITS,
    });
  });

  it('sets the configured connection attempts per window of each venue family, its window left at 5 minutes', () => {
    const limits = connectionLimitsOf({ binanceAttempts: 30, bybitAttempts: 50 });
    expect(limits.binance).toMatchObject({ connectionsPerWindow: 30, connectionWindowMs: 300_000, maxTopics: 800 });
    expect(limits.binance_us.connectionsPerWindow).toBe(30);
    expect(limits.binance_testnet.connectionsPerWindow).toBe(30);
    expect(limits.bybit).toMatchObject({ connectionsPerWindow: 50, connectionWindowMs: 300_000, maxTopicChars: 20_000 });
  });
});
