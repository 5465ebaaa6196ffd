import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CaptureWriter } from '../capture/capture-writer.js';
import { createLogger } from '../logging/create-logger.js';
import { EXCHANGE_IDS, type ExchangeId } from '../model/index.js';
import { retryWithBackoff } from '../operators/index.js';
import { streamSelectionOf } from '../pipeline/candle-streams.js';
import { openVenueFeed } from '../pipeline/venue-settings.js';
import { UsageError, type Command } from './command.js';
import { configUsage, parseCommandConfig } from './command-config.js';
import { onShutdownSignal } from './shutdown-signals.js';

const USAGE = `usage: market-feed record --exchange <${EXCHANGE_IDS.join('|')}> --out FILE [--max-bytes N] [--duration-s S] [options]

Captures the raw frames of one venue's subscription (the same subscribe/ack/ping as run) with their
receive times, as gzip NDJSON: {"receivedTs","exchange","connectionId","frame"} per line. A new file
(FILE.1.ndjson.gz, ...) is started after --max-bytes of lines (uncompressed; default 104857600).
Stops on SIGINT/SIGTERM or after --duration-s, flushing and closing the files.`;

const OWN = {
  exchange: { type: 'string' },
  out: { type: 'string' },
  'max-bytes': { type: 'string' },
  'duration-s': { type: 'string' },
} as const;

/** `market-feed record --help`. */
export const recordUsage = (): string => `${USAGE}\n\n${configUsage()}\n`;

/** `market-feed record`: one venue's raw frames -> rotating gzip NDJSON capture files. */
export const recordCommand: Command = async (io) => {
  const parsed = parseCommandConfig(io, { own: OWN });
  const { config, own } = parsed;
  const exchange = own['exchange'];
  if (typeof exchange !== 'string' || !(EXCHANGE_IDS as readonly string[]).includes(exchange))
    throw new UsageError('--exchange', `one of ${EXCHANGE_IDS.join(', ')}`);
  const out = own['out'];
  if (typeof out !== 'string' || out === '') throw new UsageError('--out', 'the capture file to write, e.g. capture.ndjson.gz');
  const maxBytes = wholeNumber(own['max-bytes'], '--max-bytes', 100 * 1024 * 1024);
  const durationS = own['duration-s'] === undefined ? undefined : wholeNumber(own['duration-s'], '--duration-s', 0);

  const venue = exchange as ExchangeId;
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty ?? (io.stderr as NodeJS.WriteStream).isTTY === true });
  const log = logger.child({ component: 'record', venue });
  mkdirSync(dirname(out), { recursive: true });
  const writer = new CaptureWriter({ out, maxBytes, onFileClosed: (path, lines) => log.info({ path, lines }, 'capture file closed') });
  let invalidFrames = 0;
  const subscription = openVenueFeed({
    exchange: venue,
    url: config.urls[venue],
    coins: config.coins,
    quote: config.quote,
    logger: logger.child({ component: 'venue', venue }),
    onFrame: (frame) => writer.write({ receivedTs: frame.receivedTs, exchange: venue, connectionId: frame.connectionId, frame: frame.text }),
    allowUnverifiedTls: config.tls.allowSelfSigned,
    streams: streamSelectionOf(config),
    // With books on, the depth frames are recorded too (and resyncs resubscribe, as in `run`).
    ...(config.books.follow.kind !== 'none' ? { books: { options: config.venueOptions } } : {}),
  })
    // A recording has no venue to fail over to: it reconnects for as long as it runs.
    .pipe(
      retryWithBackoff({
        exchange: venue,
        initialDelayMs: config.retry.initialDelayMs,
        maxDelayMs: config.retry.maxDelayMs,
        resetAfterMs: config.retry.resetAfterMs,
        jitter: config.retry.jitter,
        maxAttempts: Number.POSITIVE_INFINITY,
      }),
    )
    .subscribe({
      next: (event) => {
        if (event.type === 'invalid_frame') invalidFrames++;
        else if (event.type === 'feed_status') log.info({ status: event }, `${event.exchange} ${event.state}`);
      },
      error: (error: unknown) => log.error({ err: error }, 'venue failed; stopping'),
    });
  log.info({ out, maxBytes, url: config.urls[venue], coins: config.coins }, 'recording');

  const reason = await Promise.race([
    onShutdownSignal(() => process.exit(130)),
    ...(durationS === undefined ? [] : [new Promise<string>((resolve) => setTimeout(() => resolve('duration reached'), durationS * 1000).unref())]),
    writer.failed,
  ]);
  subscription.unsubscribe();
  await writer.close();
  if (reason instanceof Error) log.error({ err: reason }, `${reason.message}: recording stopped`);
  log.info(
    { reason: reason instanceof Error ? reason.message : reason, frames: writer.lines, bytes: writer.bytes, files: writer.files, invalidFrames },
    'recording stopped',
  );
  logger.flush();
  return reason instanceof Error ? 1 : 0;
};

function wholeNumber(raw: string | boolean | undefined, flag: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isSafeInteger(value) || value < 1) throw new UsageError(flag, 'a whole number, at least 1');
  return value;
}
