import { readFile } from 'node:fs/promises';
import { Subject } from 'rxjs';
import { CaptureScheduler } from '../capture/capture-scheduler.js';
import { captureFiles, readCapture } from '../capture/capture-reader.js';
import type { CaptureLine } from '../capture/capture-line.js';
import { replayCapture, type ReplaySpeed } from '../capture/replay-capture.js';
import { replayVenueFeed } from '../capture/replay-venue-feed.js';
import type { MarketFeedConfig } from '../config/market-feed-config.js';
import { VENUES } from '../exchanges/venues.js';
import type { VenueListing } from '../model/instrument.js';
import { createLogger } from '../logging/create-logger.js';
import { createMarketFeed } from '../pipeline/create-market-feed.js';
import { UsageError, type Command } from './command.js';
import { configUsage, parseCommandConfig } from './command-config.js';
import { startPipeline } from './pipeline-runner.js';
import { progressBar } from './progress-bar.js';
import { ARCHIVE_FLAGS, ARCHIVE_HELP, ARCHIVE_USAGE, replayArchive } from './replay-archive.js';
import { onShutdownSignal } from './shutdown-signals.js';

const USAGE = `usage: market-feed replay --input FILE [--speed 1|10|max] [--listings FILE] [options]
${ARCHIVE_USAGE}

Feeds a capture (from market-feed record; its rotated parts are read too) through the same parser,
mappers, operators and sink as run. Records keep the captured receive times; every operator's clock
follows the capture, so two replays of one capture give identical records. Only the captured venue
is used (no failover); the replay ends when the capture does. Progress bar on a terminal, summary at
the end. The metrics port defaults to any free port (0). --listings takes the captured venue's
instrument list as its REST answered it (JSON, e.g. OKX /api/v5/public/instruments?instType=SWAP):
a venue sized in contracts (OKX swaps) gives base quantities only with it; without it, a replay of
such a venue reads no list (it never calls the venue) and its sized frames are refused and counted.

${ARCHIVE_HELP}`;

const OWN = { input: { type: 'string' }, speed: { type: 'string' }, listings: { type: 'string' }, ...ARCHIVE_FLAGS } as const;

/** `market-feed replay --help`. */
export const replayUsage = (): string => `${USAGE}\n\n${configUsage()}\n`;

/** `market-feed replay`: a capture -> the pipeline -> Kafka (or JSON lines on stdout). */
export const replayCommand: Command = async (io) => {
  const parsed = parseCommandConfig(io, { own: OWN });
  if (parsed.own['archive'] !== undefined) return replayArchive(io, parsed);
  for (const flag of Object.keys(ARCHIVE_FLAGS)) if (parsed.own[flag] !== undefined) throw new UsageError(`--${flag}`, 'only with --archive');
  const input = parsed.own['input'];
  if (typeof input !== 'string' || input === '') throw new UsageError('--input', 'the capture file to replay');
  const speed = speedOf(parsed.own['speed']);
  const metricsPortSet = io.argv.includes('--metrics-port') || io.env['MARKET_FEED_METRICS_PORT'] !== undefined;
  const terminal = (io.stderr as NodeJS.WriteStream).isTTY === true;
  const logger = createLogger({ level: parsed.config.log.level, pretty: parsed.config.log.pretty ?? terminal });
  const log = logger.child({ component: 'replay' });

  let badLines = 0;
  const capture = readCapture(input, {
    onBadLine: (file, lineNumber, error) => (badLines++ === 0 ? log.warn({ file, lineNumber, error }, 'not a capture line; skipped') : undefined),
  });
  const lines = capture.lines[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) {
    io.stderr.write(`market-feed replay: ${input} holds no capture lines\n`);
    return 1;
  }
  const exchange = first.value.exchange;
  const config: MarketFeedConfig = {
    ...parsed.config,
    venues: [exchange],
    // A replay's reconnects (none, unless the capture says so) happen on the capture's clock: exact delays.
    retry: { ...parsed.config.retry, jitter: 0 },
    metrics: { ...parsed.config.metrics, port: metricsPortSet ? parsed.config.metrics.port : 0 },
  };
  const listingsFile = parsed.own['listings'];
  let listings: readonly VenueListing[] | undefined;
  if (typeof listingsFile === 'string') {
    try {
      listings = VENUES[exchange].catalog.listings.read(JSON.parse(await readFile(listingsFile, 'utf8')), exchange).listings;
    } catch (error) {
      io.stderr.write(`market-feed replay: cannot read the listings ${listingsFile}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  } else if (VENUES[exchange].sizesInContracts === true) {
    log.warn({ exchange }, 'sized in contracts: without --listings its sized frames are refused and counted');
  }
  // A replay never calls the venue: a venue sized in contracts reads the list given, or none.
  const given = listings !== undefined ? { listings: { [exchange]: listings } } : VENUES[exchange].sizesInContracts === true ? { listings: {} } : {};
  const scheduler = new CaptureScheduler(first.value.receivedTs);
  const frames = new Subject<CaptureLine>();
  log.info({ input, files: captureFiles(input), exchange, speed }, 'replaying');
  const pipeline = await startPipeline({
    config,
    logger,
    stdout: io.stdout,
    conflateTicks: false,
    createFeed: (deps) => createMarketFeed({ config, ...deps, ...given, openVenue: replayVenueFeed(frames), scheduler }),
  });
  const records: Record<string, number> = {};
  pipeline.feed.records$.subscribe({ next: (record) => (records[record.type] = (records[record.type] ?? 0) + 1), error: () => undefined });

  const abort = new AbortController();
  void onShutdownSignal(() => process.exit(130)).then(() => abort.abort());
  // The feed failed: the replay stops there, says why, and exits 1.
  let failure: Error | undefined;
  void pipeline.failed.then((reason) => {
    failure = reason;
    log.error({ err: reason }, `cannot go on: ${reason.message}; stopping`);
    abort.abort();
  });
  const bar = terminal ? progressBar(io.stderr, capture.progress.totalBytes) : undefined;
  const startedAt = Date.now();
  let result: Awaited<ReturnType<typeof replayCapture>>;
  try {
    result = await replayCapture({
      first: first.value,
      rest: lines,
      scheduler,
      frames,
      speed,
      signal: abort.signal,
      onProgress: (count) => bar?.update(capture.progress.bytesRead(), `${count} frames`),
    });
  } catch (error) {
    // What the pipeline holds is flushed before the error ends the command.
    await pipeline.stop();
    throw error;
  }
  bar?.done(`${result.frames} frames`);
  if (result.unreadable !== undefined) {
    failure ??= new Error(`the capture ends early, after ${result.frames} frames: ${result.unreadable}`);
    log.error({ frames: result.frames, error: result.unreadable }, `${failure.message}; the frames before it are replayed`);
  }
  const { undelivered } = await pipeline.stop();
  const wallMs = Date.now() - startedAt;
  const summary = {
    input,
    exchange,
    speed,
    frames: result.frames,
    badLines,
    invalidFrames: pipeline.monitor.invalidFrameCount,
    records,
    captureSpanMs: result.lastTs - result.firstTs,
    wallMs,
    framesPerSecond: Math.round(result.frames / Math.max(wallMs / 1000, 0.001)),
    undelivered,
    interrupted: abort.signal.aborted,
    ...(failure === undefined ? {} : { failure: failure.message }),
  };
  log.info(summary, 'replay finished');
  if (terminal)
    io.stderr.write(
      `replayed ${summary.frames} frames (${(summary.captureSpanMs / 1000).toFixed(1)} s of capture) in ${(wallMs / 1000).toFixed(1)} s: ${Object.entries(
        records,
      )
        .map(([type, n]) => `${n} ${type}`)
        .join(', ')}\n`,
    );
  logger.flush();
  return undelivered > 0 || failure !== undefined ? 1 : 0;
};

function speedOf(raw: string | boolean | undefined): ReplaySpeed {
  if (raw === undefined || raw === 'max') return 'max';
  if (raw === '1') return 1;
  if (raw === '10') return 10;
  throw new UsageError('--speed', '1, 10 or max');
}
