/**
 * Frames through the whole pipeline in this process, on a replay clock, with no network: the frame
 * decoder, the operators, the feed monitor's metrics and Avro encoding of every record. What the
 * in-process benches (`pipeline.ts`, `book-deltas.ts`) share; they differ in the frames and flags.
 */
import { Subject } from 'rxjs';
import { pino } from 'pino';
import { CaptureScheduler } from '../src/capture/capture-scheduler.js';
import type { CaptureLine } from '../src/capture/capture-line.js';
import { replayVenueFeed } from '../src/capture/replay-venue-feed.js';
import { loadConfig } from '../src/config/load-config.js';
import { FeedMetrics } from '../src/metrics/feed-metrics.js';
import type { ExchangeId, FeedEvent, FeedRecordType } from '../src/model/index.js';
import type { VenueListing } from '../src/model/instrument.js';
import { createMarketFeed } from '../src/pipeline/create-market-feed.js';
import { FeedMonitor } from '../src/pipeline/feed-monitor.js';
import { RecordEncoder } from '../src/sink/record-encoder.js';
import { sinkTopics } from '../src/sink/sink-topics.js';

export interface ReplayCpu {
  /** CPU µs (user + system) the frames took, from the first frame to the last. */
  readonly cpuUs: number;
  readonly records: number;
  readonly bytes: number;
  /** Events of each type the feed emitted. */
  readonly events: ReadonlyMap<FeedEvent['type'], number>;
  /** Events of each type the feed emitted while the lines from `measureFrom` on went through. */
  readonly measured: ReadonlyMap<FeedEvent['type'], number>;
  /** Records of each type made while the lines from `measureFrom` on went through (derived data types among them). */
  readonly measuredRecords: ReadonlyMap<FeedRecordType, number>;
}

/**
 * Runs `lines` once through a pipeline built from the CLI `flags` (frames of `venue`, default Bybit);
 * CPU is counted from line `measureFrom` on (default all: the lines before it warm the books up).
 * `listings`: the venue's instrument list as given instead of read over REST (as `market-feed replay
 * --listings`): a venue sized in contracts (OKX swaps) is served from it with each instrument's contract value.
 */
export async function replayInProcess(
  lines: readonly CaptureLine[],
  flags: Readonly<Record<string, string>>,
  options: { readonly venue?: ExchangeId; readonly measureFrom?: number; readonly listings?: readonly VenueListing[] } = {},
): Promise<ReplayCpu> {
  const venue = options.venue ?? 'bybit';
  const config = loadConfig({ env: {}, flags: { venues: venue, 'retry-jitter': '0', ...flags } });
  const logger = pino({ level: 'silent' });
  const first = lines[0];
  if (first === undefined) throw new Error('no frames');
  const scheduler = new CaptureScheduler(first.receivedTs);
  const frames = new Subject<CaptureLine>();
  const metrics = new FeedMetrics({ processMetrics: false });
  const monitor = new FeedMonitor({ metrics, logger, primary: venue });
  const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics());
  const listings = options.listings === undefined ? {} : { listings: { [venue]: options.listings } };
  const feed = createMarketFeed({ config, logger, openVenue: replayVenueFeed(frames), scheduler, ...listings });
  let records = 0;
  let bytes = 0;
  const events = new Map<FeedEvent['type'], number>();
  const measured = new Map<FeedEvent['type'], number>();
  const measuredRecords = new Map<FeedRecordType, number>();
  let measuring = false;
  feed.events$.subscribe((event) => {
    events.set(event.type, (events.get(event.type) ?? 0) + 1);
    if (measuring) measured.set(event.type, (measured.get(event.type) ?? 0) + 1);
    monitor.observe(event);
  });
  feed.records$.subscribe((record) => {
    records++;
    if (measuring) measuredRecords.set(record.type, (measuredRecords.get(record.type) ?? 0) + 1);
    bytes += encoder.encodeRecord(record).value.length;
  });
  feed.start();
  const measureFrom = options.measureFrom ?? 0;
  let before = process.cpuUsage();
  lines.forEach((line, n) => {
    if (n === measureFrom) {
      measuring = true;
      before = process.cpuUsage();
    }
    scheduler.advanceTo(line.receivedTs);
    frames.next(line);
  });
  const used = process.cpuUsage(before);
  feed.stop();
  if (bytes === 0) throw new Error('nothing encoded');
  return { cpuUs: used.user + used.system, records, bytes, events, measured, measuredRecords };
}

/** CPU µs per unit (a frame's `count` of trades or deltas) of `JSON.parse` of the same frames: the baseline. */
export function parseOnly(lines: readonly CaptureLine[], units: number, count: (frame: unknown) => number): number {
  const before = process.cpuUsage();
  let n = 0;
  for (const line of lines) n += count(JSON.parse(line.frame));
  const used = process.cpuUsage(before);
  if (n !== units) throw new Error(`frame count mismatch: ${n} of ${units}`);
  return (used.user + used.system) / units;
}
