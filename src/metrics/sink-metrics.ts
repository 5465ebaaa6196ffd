import { Counter, Gauge, type Registry } from 'prom-client';
import type { SinkCounters } from '../sink/sink-counters.js';
import type { SinkDelivery } from '../sink/sink-delivery.js';

/** The `event` label of `market_feed_sink_events_total` for each counted sink decision. */
export const SINK_EVENTS = {
  conflated: 'conflated',
  conflationOverflow: 'conflation_overflow',
  spilled: 'spilled',
  resent: 'resent',
  deadLettered: 'dead_lettered',
  encodeFailures: 'encode_failed',
  rejected: 'rejected',
  sendFailures: 'send_failed',
  rejectedAfterClose: 'refused_after_close',
} as const satisfies Partial<Record<keyof SinkCounters, string>>;

const EVENT_ENTRIES = Object.entries(SINK_EVENTS) as [keyof typeof SINK_EVENTS, string][];

const EVENTS_HELP = [
  "Sink decisions, read from the sink's counters at scrape time:",
  'conflated (a tick or book ticker replaced by a later one before it was sent),',
  'conflation_overflow (a tick of a new key dropped, conflation table full),',
  'spilled (written to the on-disk spool), resent (a spooled record acknowledged after a re-send),',
  'dead_lettered (sent to the dead-letter topic), encode_failed (a record that did not fit its schema),',
  'rejected (refused by Kafka for good, dead-lettered), send_failed (a failed produce request, retried),',
  'refused_after_close (written after shutdown began)',
].join(' ');

/** What the sink metrics read at scrape time: the live counters and, for Kafka, how delivery stands. */
export interface SinkSource {
  readonly counters: SinkCounters;
  readonly delivery?: () => SinkDelivery;
  /** Epoch ms now; default `Date.now`. */
  readonly clock?: () => number;
}

/**
 * The one place that maps `SinkCounters` to Prometheus: every metric is filled from the live counters
 * when scraped (prom-client `collect`), so `/metrics` equals the counters by construction and the sink
 * pays nothing per record. Without a source (stdout sink) the event counter has no series and the
 * gauges read 0.
 */
export class SinkMetrics {
  readonly events: Counter<'event'>;
  readonly bufferRecords: Gauge;
  readonly spoolRecords: Gauge;
  readonly oldestUnackedAge: Gauge;
  private source: SinkSource | undefined;

  constructor(registry: Registry) {
    const source = (): SinkSource | undefined => this.source;
    this.events = new Counter({
      name: 'market_feed_sink_events_total',
      help: EVENTS_HELP,
      labelNames: ['event'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const counters = source()?.counters;
        if (counters !== undefined) for (const [key, event] of EVENT_ENTRIES) this.inc({ event }, counters[key]);
      },
    });
    this.bufferRecords = gaugeOf(
      registry,
      'market_feed_buffer_records',
      'Records in the in-memory buffer: queued, conflated and in flight',
      () => source()?.counters.buffered,
    );
    this.spoolRecords = gaugeOf(registry, 'market_feed_spool_records', 'Records in the on-disk spool not yet acknowledged', () => source()?.counters.spooled);
    this.oldestUnackedAge = gaugeOf(
      registry,
      'market_feed_sink_oldest_unacked_age_seconds',
      'Age of the oldest record waiting for a Kafka acknowledgement (memory or spool); 0 when none waits',
      () => {
        const s = source();
        if (s?.delivery === undefined) return undefined;
        const at = s.delivery().oldestUnackedAt;
        return at === undefined ? 0 : Math.max(0, (s.clock ?? Date.now)() - at) / 1000;
      },
    );
  }

  /** Reads this sink from now on. */
  watch(source: SinkSource): void {
    this.source = source;
  }
}

function gaugeOf(registry: Registry, name: string, help: string, read: () => number | undefined): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      const value = read();
      if (value !== undefined) this.set(value);
    },
  });
}
