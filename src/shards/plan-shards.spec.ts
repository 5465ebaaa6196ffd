import { describe, expect, it } from 'vitest';
import type { ExchangeId } from '../model/index.js';
import { planShards, type ShardCandidate, type ShardPlanLimits } from './plan-shards.js';

const listed = (coin: string, ...venues: readonly ExchangeId[]): ShardCandidate => ({
  key: `${coin}-USDT`,
  coin,
  quote: 'USDT',
  venues: venues.map((exchange) => ({ exchange, symbol: `${coin}USDT` })),
});
/** Four topics per instrument on every venue, e.g. `publicTrade.BTCUSDT` (topic name = channel + symbol). */
const limits = (fields: Partial<ShardPlanLimits> = {}): ShardPlanLimits => ({
  maxInstruments: 3,
  connections: {},
  topicsOf: (_exchange, symbol) => ['t.', 'k.', 'b.', 'c.'].map((channel) => `${channel}${symbol}`),
  ...fields,
});
const members = (plan: ReturnType<typeof planShards>): string[][] =>
  plan.shards.map((shard) => [shard.id, shard.chain.join('>'), ...shard.instruments.map((i) => i.coin)]);

describe('planShards', () => {
  it('groups instruments by failover chain and fills shards up to the instrument limit', () => {
    const plan = planShards(['A', 'B', 'C', 'D'].map((coin) => listed(coin, 'bybit', 'binance')).concat([listed('E', 'binance')]), limits());
    expect(members(plan)).toEqual([
      ['s0', 'bybit>binance', 'A', 'B', 'C'],
      ['s1', 'bybit>binance', 'D'],
      ['s2', 'binance', 'E'],
    ]);
    expect(plan.nextId).toBe(3);
  });

  it("keeps a connection within a venue's topic cap and topic-character cap", () => {
    // 4 topics of 10 + 3 characters each (`t.BTCUSDT` is 9 characters; BTC is 3 letters: 2 + 7 = 9) per instrument.
    const byTopics = planShards(
      ['AAA', 'BBB', 'CCC'].map((coin) => listed(coin, 'binance')),
      limits({ maxInstruments: 10, connections: { binance: { maxTopics: 8 } } }),
    );
    expect(members(byTopics)).toEqual([
      ['s0', 'binance', 'AAA', 'BBB'],
      ['s1', 'binance', 'CCC'],
    ]);
    // Each instrument: 4 x (9 + 3) = 48 characters; 100 hold two.
    const byChars = planShards(
      ['AAA', 'BBB', 'CCC'].map((coin) => listed(coin, 'bybit')),
      limits({ maxInstruments: 10, connections: { bybit: { maxTopics: 1000, maxTopicChars: 100 } } }),
    );
    expect(members(byChars)).toEqual([
      ['s0', 'bybit', 'AAA', 'BBB'],
      ['s1', 'bybit', 'CCC'],
    ]);
  });

  it('keeps shard ids and members across a refresh: a new listing goes to a shard with room, a delisting leaves a hole', () => {
    const first = planShards(
      ['A', 'B', 'C', 'D'].map((coin) => listed(coin, 'bybit', 'binance')),
      limits(),
    );
    const second = planShards(
      ['A', 'C', 'D', 'F'].map((coin) => listed(coin, 'bybit', 'binance')),
      limits(),
      first,
    );
    expect(members(second)).toEqual([
      ['s0', 'bybit>binance', 'A', 'C', 'F'],
      ['s1', 'bybit>binance', 'D'],
    ]);
  });

  it('moves an instrument whose venues changed to a shard of its new chain, and drops emptied shards', () => {
    const first = planShards([listed('A', 'bybit', 'binance'), listed('B', 'binance')], limits());
    const second = planShards([listed('A', 'binance'), listed('B', 'binance')], limits(), first);
    expect(members(second)).toEqual([['s1', 'binance', 'B', 'A']]);
    expect(second.nextId).toBe(2);
  });

  it('refuses, and names, an instrument no connection can hold; one no venue lists is not a candidate at all', () => {
    const plan = planShards([listed('A', 'bybit'), listed('B')], limits({ connections: { bybit: { maxTopics: 3 } } }));
    expect(plan.shards).toEqual([]);
    expect(plan.refused).toEqual(['A-USDT']);
  });

  it("keeps a venue's connections together within its per-IP caps: the first candidates keep it, the rest are served by the rest of their chains", () => {
    // 4 topics each: A, B and C take 12 of the 12 subscriptions; D and E are left to Bybit.
    const byTopics = planShards(
      ['A', 'B', 'C', 'D', 'E'].map((coin) => listed(coin, 'bybit_linear', 'hyperliquid')),
      limits({ maxInstruments: 10, perIp: { hyperliquid: { maxConnections: 10, maxTopics: 12 } } }),
    );
    expect(members(byTopics)).toEqual([
      ['s0', 'bybit_linear>hyperliquid', 'A', 'B', 'C'],
      ['s1', 'bybit_linear', 'D', 'E'],
    ]);
    expect(byTopics.capped).toEqual([
      { key: 'D-USDT', exchange: 'hyperliquid', symbol: 'DUSDT' },
      { key: 'E-USDT', exchange: 'hyperliquid', symbol: 'EUSDT' },
    ]);
    // Three shards would hold Hyperliquid (A-C, D, E on another chain); two may: E, the last, leaves it.
    const byConnections = planShards(
      [...['A', 'B', 'C', 'D'].map((coin) => listed(coin, 'hyperliquid')), listed('E', 'bybit_linear', 'hyperliquid')],
      limits({ perIp: { hyperliquid: { maxConnections: 2, maxTopics: 1000 } } }),
    );
    expect(members(byConnections)).toEqual([
      ['s0', 'hyperliquid', 'A', 'B', 'C'],
      ['s1', 'hyperliquid', 'D'],
      ['s2', 'bybit_linear', 'E'],
    ]);
    expect(byConnections.capped).toEqual([{ key: 'E-USDT', exchange: 'hyperliquid', symbol: 'EUSDT' }]);
    // Listed on it alone, an instrument past the caps is served nowhere, and listed as capped, not refused.
    const alone = planShards(
      ['A', 'B', 'C', 'D'].map((coin) => listed(coin, 'hyperliquid')),
      limits({ perIp: { hyperliquid: { maxConnections: 1, maxTopics: 1000 } } }),
    );
    expect(members(alone)).toEqual([['s0', 'hyperliquid', 'A', 'B', 'C']]);
    expect([alone.capped.map((c) => c.key), alone.refused]).toEqual([['D-USDT'], []]);
  });
});
