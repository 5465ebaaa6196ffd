import { describe, expect, it } from 'vitest';
import { DEFAULT_READINESS_CONFIG, readinessOf, sinkReadinessReasons } from './readiness.js';

describe('sinkReadinessReasons', () => {
  it('is ready while the oldest unacknowledged record is at most 5 s old, and says how old it is once older', () => {
    const oldestUnackedAt = 1_000_000;
    expect(DEFAULT_READINESS_CONFIG.maxAckDelayMs).toBe(5_000);
    expect(sinkReadinessReasons({ delivery: { oldestUnackedAt }, now: oldestUnackedAt + 5_000 })).toEqual([]);
    expect(sinkReadinessReasons({ delivery: { oldestUnackedAt }, now: oldestUnackedAt + 7_240 })).toEqual([
      'kafka: oldest unacknowledged record 7.2 s old (limit 5.0 s)',
    ]);
  });

  it('is ready with nothing waiting for an acknowledgement, however long ago the last one was', () => {
    expect(sinkReadinessReasons({ delivery: { oldestUnackedAt: undefined }, now: 1_000_000 })).toEqual([]);
  });

  it('uses the configured limit', () => {
    expect(sinkReadinessReasons({ delivery: { oldestUnackedAt: 0 }, now: 1_500, config: { maxAckDelayMs: 1_000 } })).toEqual([
      'kafka: oldest unacknowledged record 1.5 s old (limit 1.0 s)',
    ]);
    expect(sinkReadinessReasons({ delivery: { oldestUnackedAt: 0 }, now: 1_500, config: { maxAckDelayMs: 2_000 } })).toEqual([]);
  });

  it('is not ready while the client reports the broker unreachable, even with young records, and names both rules when both fire', () => {
    const unreachable = { since: 10_000, reason: 'produce failed: Connection error: connect ECONNREFUSED 127.0.0.1:9092' };
    expect(sinkReadinessReasons({ delivery: { oldestUnackedAt: 12_000, unreachable }, now: 12_500 })).toEqual([
      'kafka: broker unreachable for 2.5 s (produce failed: Connection error: connect ECONNREFUSED 127.0.0.1:9092)',
    ]);
    expect(sinkReadinessReasons({ delivery: { oldestUnackedAt: 9_000, unreachable }, now: 16_000 })).toEqual([
      'kafka: oldest unacknowledged record 7.0 s old (limit 5.0 s)',
      'kafka: broker unreachable for 6.0 s (produce failed: Connection error: connect ECONNREFUSED 127.0.0.1:9092)',
    ]);
  });
});

describe('readinessOf', () => {
  const fresh = { marketEvents: 10, staleActive: [] } as const;

  it('is ready with market data from a fresh venue and Kafka keeping up', () => {
    expect(readinessOf({ feed: fresh, delivery: { oldestUnackedAt: 1_000 }, now: 2_000 })).toEqual({ ready: true, reasons: [] });
  });

  it("is not ready before the first market event, nor while a shard's active venue is stale, naming venue and shard", () => {
    expect(readinessOf({ feed: { ...fresh, marketEvents: 0 }, now: 0 })).toEqual({ ready: false, reasons: ['no market data yet'] });
    expect(readinessOf({ feed: { ...fresh, staleActive: [{ exchange: 'binance' }] }, now: 0 })).toEqual({ ready: false, reasons: ['binance: feed_stale'] });
    expect(
      readinessOf({
        feed: {
          ...fresh,
          staleActive: [
            { exchange: 'bybit', shard: 's3' },
            { exchange: 'binance', shard: 's7' },
          ],
        },
        now: 0,
      }).reasons,
    ).toEqual(['bybit s3: feed_stale', 'binance s7: feed_stale']);
  });

  it('adds the sink rules, and without a delivery (stdout) judges the feed only', () => {
    const unreachable = { since: 0, reason: 'connect ECONNREFUSED' };
    expect(
      readinessOf({ feed: { ...fresh, staleActive: [{ exchange: 'bybit' }] }, delivery: { oldestUnackedAt: undefined, unreachable }, now: 3_000 }),
    ).toEqual({
      ready: false,
      reasons: ['bybit: feed_stale', 'kafka: broker unreachable for 3.0 s (connect ECONNREFUSED)'],
    });
    expect(readinessOf({ feed: fresh, now: 3_000 })).toEqual({ ready: true, reasons: [] });
  });

  it('uses the configured acknowledgement limit', () => {
    expect(readinessOf({ feed: fresh, delivery: { oldestUnackedAt: 0 }, now: 1_500, config: { maxAckDelayMs: 1_000 } }).reasons).toEqual([
      'kafka: oldest unacknowledged record 1.5 s old (limit 1.0 s)',
    ]);
  });
});
