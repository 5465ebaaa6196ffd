import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createSinkCounters, type SinkCounters } from '../sink/sink-counters.js';
import { SINK_EVENTS, SinkMetrics } from './sink-metrics.js';

/** `name{labels} value` → value, for the series of one metric in a Prometheus exposition. */
function series(exposition: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const match = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (match !== null) found.set(match[1] ?? '', Number(match[2]));
  }
  return found;
}

/** Counters where every field has a value of its own, so a mapping to the wrong field shows. */
function distinctCounters(): SinkCounters {
  const counters = createSinkCounters();
  (Object.keys(counters) as (keyof SinkCounters)[]).forEach((key, i) => (counters[key] = 101 + i * 7));
  return counters;
}

describe('SinkMetrics', () => {
  it('shows every sink decision counter under its event label, and the buffer and spool gauges, equal to the counters at scrape time', async () => {
    const registry = new Registry();
    const metrics = new SinkMetrics(registry);
    const counters = distinctCounters();
    metrics.watch({ counters });

    let text = await registry.metrics();
    const events = series(text, 'market_feed_sink_events_total');
    expect(Object.fromEntries(events)).toEqual({
      '{event="conflated"}': counters.conflated,
      '{event="conflation_overflow"}': counters.conflationOverflow,
      '{event="spilled"}': counters.spilled,
      '{event="resent"}': counters.resent,
      '{event="dead_lettered"}': counters.deadLettered,
      '{event="encode_failed"}': counters.encodeFailures,
      '{event="rejected"}': counters.rejected,
      '{event="send_failed"}': counters.sendFailures,
      '{event="refused_after_close"}': counters.rejectedAfterClose,
    });
    expect(series(text, 'market_feed_buffer_records').get('')).toBe(counters.buffered);
    expect(series(text, 'market_feed_spool_records').get('')).toBe(counters.spooled);

    counters.spilled += 5;
    counters.spooled = 0;
    text = await registry.metrics();
    expect(series(text, 'market_feed_sink_events_total').get('{event="spilled"}')).toBe(counters.spilled);
    expect(series(text, 'market_feed_spool_records').get('')).toBe(0);
  });

  it('maps every counter that records a decision (all but throughput and sizes), so a new counter cannot be forgotten', () => {
    const notEvents = ['accepted', 'acked', 'buffered', 'bufferedHighWater', 'spooled'];
    const decisions = Object.keys(createSinkCounters()).filter((key) => !notEvents.includes(key));
    expect(Object.keys(SINK_EVENTS).sort()).toEqual(decisions.sort());
  });

  it('reports the age of the oldest unacknowledged record, 0 when none waits', async () => {
    const registry = new Registry();
    const metrics = new SinkMetrics(registry);
    let oldestUnackedAt: number | undefined = 4_000;
    metrics.watch({ counters: createSinkCounters(), delivery: () => ({ oldestUnackedAt }), clock: () => 10_500 });
    expect(series(await registry.metrics(), 'market_feed_sink_oldest_unacked_age_seconds').get('')).toBe(6.5);
    oldestUnackedAt = undefined;
    expect(series(await registry.metrics(), 'market_feed_sink_oldest_unacked_age_seconds').get('')).toBe(0);
  });

  it('has no event series without a sink to read (the stdout sink), and its gauges read 0', async () => {
    const registry = new Registry();
    new SinkMetrics(registry);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE market_feed_sink_events_total counter');
    expect(series(text, 'market_feed_sink_events_total').size).toBe(0);
    expect(series(text, 'market_feed_buffer_records').get('')).toBe(0);
    expect(series(text, 'market_feed_spool_records').get('')).toBe(0);
  });
});
