import type { Logger } from 'pino';
import type { FeedMonitor } from '../../pipeline/feed-monitor.js';
import type { SymbolCapacity } from '../../pipeline/symbol-capacity.js';
import type { SinkCounters } from '../../sink/sink-counters.js';
import type { SinkDelivery } from '../../sink/sink-delivery.js';

const SUMMARY_INTERVAL_MS = 10_000;

/**
 * Stage 6 of `run`: every 10 s, one `summary` line (events in and records out per second, the
 * active venue, the oldest last-event age, what waits for Kafka, invalid frames, the sink's
 * counters) and a warning for symbols refused or forgotten by the operators with per-symbol state.
 * Returns what stops it.
 */
export function startSummaryLog(options: {
  readonly log: Logger;
  readonly monitor: FeedMonitor;
  readonly counters: SinkCounters | undefined;
  readonly delivery: (() => SinkDelivery) | undefined;
  readonly capacity: SymbolCapacity;
}): () => void {
  const { log, monitor, counters, delivery } = options;
  let lastIn = 0;
  let lastOut = 0;
  const summary = setInterval(() => {
    const out = counters?.acked ?? 0;
    // A loop, not a spread into Math.max: a whole listed market has more symbols than a call takes arguments.
    let oldest: number | null = null;
    for (const age of monitor.lastEventAges().values()) if (oldest === null || age > oldest) oldest = age;
    log.info(
      {
        eventsPerSecondIn: (monitor.eventCount - lastIn) / (SUMMARY_INTERVAL_MS / 1000),
        recordsPerSecondOut: (out - lastOut) / (SUMMARY_INTERVAL_MS / 1000),
        activeVenue: monitor.activeExchange,
        oldestLastEventAgeS: oldest,
        kafkaLag: counters === undefined ? 0 : counters.buffered + counters.spooled,
        invalidFrames: monitor.invalidFrameCount,
        ...(counters === undefined ? {} : { sink: { ...counters } }),
        ...(delivery === undefined ? {} : { oldestUnackedAgeS: unackedAgeS(delivery().oldestUnackedAt) }),
      },
      'summary',
    );
    lastIn = monitor.eventCount;
    lastOut = out;
    options.capacity.warn(log);
  }, SUMMARY_INTERVAL_MS);
  return () => clearInterval(summary);
}

function unackedAgeS(oldestUnackedAt: number | undefined): number {
  return oldestUnackedAt === undefined ? 0 : Math.max(0, Date.now() - oldestUnackedAt) / 1000;
}
