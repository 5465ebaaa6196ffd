import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FeedMetrics } from '../metrics/feed-metrics.js';
import { UNREPORTED_NAMES_KEPT } from '../operators/symbol-counters.js';
import { SymbolCapacity } from './symbol-capacity.js';

/** A logger whose lines are read back as parsed JSON. */
function capturedLogger(): { readonly logger: pino.Logger; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const flushed = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SymbolCapacity', () => {
  it('names each operator instance by its window length: windowed_stats_1s, windowed_stats_1m, volume_profile_1h, large_trades', async () => {
    const capacity = new SymbolCapacity();
    capacity.counters('windowed_stats', 1000).refused = 3;
    capacity.counters('windowed_stats', 60_000).refused = 2;
    capacity.counters('volume_profile', 3_600_000).refused = 1;
    capacity.counters('large_trades').evicted = 4;
    capacity.counters('detect_gaps').evicted = 5;
    capacity.counters('windowed_stats', 250).refused = 6;
    const metrics = new FeedMetrics({ processMetrics: false });
    metrics.symbolCapacity.watch(capacity);
    const text = await metrics.exposition();
    expect(text).toContain('market_feed_symbols_refused_total{operator="windowed_stats_1s"} 3');
    expect(text).toContain('market_feed_symbols_refused_total{operator="windowed_stats_1m"} 2');
    expect(text).toContain('market_feed_symbols_refused_total{operator="volume_profile_1h"} 1');
    expect(text).toContain('market_feed_symbols_refused_total{operator="windowed_stats_250ms"} 6');
    expect(text).toContain('market_feed_symbols_evicted_total{operator="large_trades"} 4');
    expect(text).toContain('market_feed_symbols_evicted_total{operator="detect_gaps"} 5');
    // An operator that refuses has no evicted series, and one that evicts no refused series.
    expect(text).not.toContain('market_feed_symbols_evicted_total{operator="windowed_stats_1s"}');
    expect(text).not.toContain('market_feed_symbols_refused_total{operator="large_trades"}');
  });

  it('gives /metrics the counters as they are at each scrape, zero before anything is refused', async () => {
    const capacity = new SymbolCapacity();
    const counters = capacity.counters('windowed_stats', 1000);
    const metrics = new FeedMetrics({ processMetrics: false });
    metrics.symbolCapacity.watch(capacity);
    expect(await metrics.exposition()).toContain('market_feed_symbols_refused_total{operator="windowed_stats_1s"} 0');
    counters.refused = 7;
    expect(await metrics.exposition()).toContain('market_feed_symbols_refused_total{operator="windowed_stats_1s"} 7');
  });

  it('warns once per operator with the symbols refused since the last warning, and says nothing when none was', async () => {
    const { logger, lines } = capturedLogger();
    const capacity = new SymbolCapacity();
    const counters = capacity.counters('windowed_stats', 1000);
    counters.refused = UNREPORTED_NAMES_KEPT + 3;
    counters.unreported.push(...Array.from({ length: UNREPORTED_NAMES_KEPT }, (_, i) => `C${i}USDT`));
    capacity.warn(logger);
    capacity.warn(logger);
    await flushed();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, operator: 'windowed_stats_1s', refused: UNREPORTED_NAMES_KEPT + 3, refusedTotal: UNREPORTED_NAMES_KEPT + 3 });
    expect(lines[0]?.['symbols']).toHaveLength(UNREPORTED_NAMES_KEPT);
    expect(lines[0]?.['msg']).toMatch(/^windowed_stats_1s: no room for 23 more symbol\(s\).*limits\.maxSymbols.*C0USDT, C1USDT.* and 3 more$/);
    expect(counters.unreported).toEqual([]);

    counters.refused += 1;
    counters.unreported.push('LATEUSDT');
    capacity.warn(logger);
    await flushed();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ operator: 'windowed_stats_1s', symbols: ['LATEUSDT'], refused: 1, refusedTotal: UNREPORTED_NAMES_KEPT + 4 });
  });

  it('warns with the number of symbols forgotten since the last warning', async () => {
    const { logger, lines } = capturedLogger();
    const capacity = new SymbolCapacity();
    const counters = capacity.counters('large_trades');
    counters.evicted = 12;
    capacity.warn(logger);
    counters.evicted = 15;
    capacity.warn(logger);
    capacity.warn(logger);
    await flushed();
    expect(lines.map((line) => [line['operator'], line['evicted'], line['evictedTotal']])).toEqual([
      ['large_trades', 12, 12],
      ['large_trades', 3, 15],
    ]);
  });
});
