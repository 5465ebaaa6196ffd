import { BYBIT_LINEAR_CONNECTION_LIMITS } from './bybit/bybit-linear-limits.js';
import { BINANCE_USDM_CONNECTION_LIMITS } from './binance-usdm/binance-usdm-limits.js';
import { describe, expect, it } from 'vitest';
import { BINANCE_CONNECTION_LIMITS } from './binance/binance-limits.js';
import { BYBIT_CONNECTION_LIMITS } from './bybit/bybit-limits.js';
import { COINBASE_CONNECTION_LIMITS } from './coinbase/coinbase-limits.js';
import { KRAKEN_CONNECTION_LIMITS } from './kraken/kraken-limits.js';
import { OKX_CONNECTION_LIMITS } from './okx/okx-limits.js';
import { HYPERLIQUID_CONNECTION_LIMITS } from './hyperliquid/hyperliquid-limits.js';
import { DERIBIT_CONNECTION_LIMITS } from './deribit/deribit-limits.js';
import { BINANCE_COINM_CONNECTION_LIMITS } from './binance-coinm/binance-coinm-limits.js';
import { BITGET_CONNECTION_LIMITS } from './bitget/bitget-limits.js';
import { GATE_CONNECTION_LIMITS } from './gate/gate-limits.js';
import { connectionLimitsOf } from './venues.js';
import { BYBIT_OPTION_CONNECTION_LIMITS } from './bybit/bybit-option-protocol.js';
import { OKX_OPTION_CONNECTION_LIMITS } from './okx/okx-option-protocol.js';
import { BINANCE_OPTION_CONNECTION_LIMITS } from './binance-options/binance-option-limits.js';

describe('connectionLimitsOf', () => {
  it("takes the venues' limits when nothing is configured", () => {
    expect(connectionLimitsOf(undefined)).toEqual({
      bybit: BYBIT_CONNECTION_LIMITS,
      binance: BINANCE_CONNECTION_LIMITS,
      binance_us: BINANCE_CONNECTION_LIMITS,
      binance_testnet: BINANCE_CONNECTION_LIMITS,
      coinbase: COINBASE_CONNECTION_LIMITS,
      kraken: KRAKEN_CONNECTION_LIMITS,
      bybit_linear: BYBIT_LINEAR_CONNECTION_LIMITS,
      binance_usdm: BINANCE_USDM_CONNECTION_LIMITS,
      okx: OKX_CONNECTION_LIMITS,
      okx_swap: OKX_CONNECTION_LIMITS,
      hyperliquid: HYPERLIQUID_CONNECTION_LIMITS,
      deribit: DERIBIT_CONNECTION_LIMITS,
      deribit_options: DERIBIT_CONNECTION_LIMITS,
      bybit_inverse: BYBIT_LINEAR_CONNECTION_LIMITS,
      binance_coinm: BINANCE_COINM_CONNECTION_LIMITS,
      bitget: BITGET_CONNECTION_LIMITS,
      bitget_futures: BITGET_CONNECTION_LIMITS,
      gate: GATE_CONNECTION_LIMITS,
      gate_futures: GATE_CONNECTION_LIMITS,
      bybit_options: BYBIT_OPTION_CONNECTION_LIMITS,
      okx_options: OKX_OPTION_CONNECTION_LIMITS,
      binance_options: BINANCE_OPTION_CONNECTION_LIMITS,
    });
  });

  it('sets the configured connection attempts per window of each venue family, its window left at 5 minutes', () => {
    const limits = connectionLimitsOf({ 'connections.binanceAttempts': 30, 'connections.bybitAttempts': 50 });
    expect(limits.binance).toMatchObject({ connectionsPerWindow: 30, connectionWindowMs: 300_000, maxTopics: 800 });
    expect(limits.binance_us.connectionsPerWindow).toBe(30);
    expect(limits.binance_testnet.connectionsPerWindow).toBe(30);
    expect(limits.bybit).toMatchObject({ connectionsPerWindow: 50, connectionWindowMs: 300_000, maxTopicChars: 20_000 });
    expect(connectionLimitsOf({ 'connections.hyperliquidAttempts': 12 }).hyperliquid).toMatchObject({ connectionsPerWindow: 12, connectionWindowMs: 60_000 });
  });

  it("applies each venue family's stream and topic-character limits to its own venues only", () => {
    const limits = connectionLimitsOf({ 'connections.binanceMaxStreams': 300, 'connections.bybitMaxTopicChars': 5000 });
    expect([limits.binance.maxTopics, limits.binance_us.maxTopics, limits.bybit.maxTopics]).toEqual([300, 300, BYBIT_CONNECTION_LIMITS.maxTopics]);
    expect([limits.bybit.maxTopicChars, limits.binance.maxTopicChars]).toEqual([5000, BINANCE_CONNECTION_LIMITS.maxTopicChars]);
  });
});
