import { describe, expect, it } from 'vitest';
import type { ConnectionShard } from '../shards/plan-shards.js';
import { asyncScheduler } from 'rxjs';
import { connectionBudgets, venueSymbolsOf } from './shard-feed.js';

const shard: ConnectionShard = {
  id: 's0',
  chain: ['bybit', 'coinbase'],
  instruments: [
    {
      key: 'BTC-USDT',
      coin: 'BTC',
      quote: 'USDT',
      venues: [
        { exchange: 'bybit', symbol: 'BTCUSDT' },
        { exchange: 'coinbase', symbol: 'BTC-USD', quote: 'USD' },
      ],
      book: true,
    },
    {
      key: 'ETH-USDT',
      coin: 'ETH',
      quote: 'USDT',
      venues: [
        { exchange: 'bybit', symbol: 'ETHUSDT' },
        { exchange: 'coinbase', symbol: 'ETH-USDT' },
      ],
    },
  ],
};

describe('venueSymbolsOf', () => {
  it("names each instrument as the venue lists it, at the instrument's own quote without naming the instrument", () => {
    expect(venueSymbolsOf(shard, 'bybit')).toEqual([
      { symbol: 'BTCUSDT', coin: 'BTC', quote: 'USDT', book: true },
      { symbol: 'ETHUSDT', coin: 'ETH', quote: 'USDT', book: false },
    ]);
    expect(venueSymbolsOf(shard, 'bybit').some((venueSymbol) => 'instrument' in venueSymbol)).toBe(false);
  });

  it("gives a listing at an equivalent quote the venue's own quote and the instrument it serves", () => {
    expect(venueSymbolsOf(shard, 'coinbase')).toEqual([
      { symbol: 'BTC-USD', coin: 'BTC', quote: 'USD', instrument: 'BTC-USDT', book: true },
      { symbol: 'ETH-USDT', coin: 'ETH', quote: 'USDT', book: false },
    ]);
  });

  it("gives each instrument its contract value where the venue's list sizes it in contracts", () => {
    const swaps: ConnectionShard = {
      id: 's1',
      chain: ['okx_swap'],
      instruments: [{ key: 'BTC-USDT-PERP', coin: 'BTC', quote: 'USDT', venues: [{ exchange: 'okx_swap', symbol: 'BTC-USDT-SWAP', contractValue: 0.01 }] }],
    };
    expect(venueSymbolsOf(swaps, 'okx_swap')).toEqual([
      { symbol: 'BTC-USDT-SWAP', coin: 'BTC', quote: 'USDT', instrument: 'BTC-USDT-PERP', book: false, contractValue: 0.01 },
    ]);
  });

  it('names nothing at a venue outside the chain', () => {
    expect(venueSymbolsOf(shard, 'kraken')).toEqual([]);
  });
});

describe('connectionBudgets', () => {
  it("gives Bybit linear Bybit spot's connection attempts when both are followed (one WebSocket domain's), every other venue its own", () => {
    const budgets = connectionBudgets(['bybit', 'binance', 'bybit_linear', 'binance_usdm'], asyncScheduler);
    expect(budgets.get('bybit_linear')).toBe(budgets.get('bybit'));
    expect(new Set(budgets.values()).size).toBe(3);
    const alone = connectionBudgets(['bybit_linear'], asyncScheduler).get('bybit_linear');
    expect(alone?.state.limit).toBe(500);
  });
});
