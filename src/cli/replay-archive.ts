import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { backfillArchive, type BackfillResult } from '../archive/archive-backfill.js';
import { deriveFromArchive, type ArchiveDerivationResult } from '../archive/archive-derived.js';
import { createLogger } from '../logging/create-logger.js';
import type { FeedRecordType } from '../model/index.js';
import { defaultIngestPacing } from '../pipeline/ingest-pacer.js';
import { RECORD_TOPICS } from '../sink/sink-topics.js';
import { untilDelivered } from '../sink/until-delivered.js';
import { UsageError, type CommandIo } from './command.js';
import type { ParsedCommand } from './command-config.js';
import { createRecordSink } from './create-record-sink.js';
import { onShutdownSignal } from './shutdown-signals.js';

/** The usage line of `replay --archive`. */
export const ARCHIVE_USAGE = `       market-feed replay --archive DIR [--types trade,kline,...] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--exchange NAME,...] [options]`;

/** What `replay --archive` does, and its own flags. */
export const ARCHIVE_HELP = `With --archive, reads an archive written by market-feed archive back into Kafka (a backfill): each
table's rows in Kafka order (topic, partition, offset), as records of the current schemas (a field an
older file lacks takes its default; a column the schema no longer has is left out), written through
the same sink as run (conflation off), so keys and encoding (single-object, or Confluent framing with
--schema-registry-url) are exactly live's. Usually given a --kafka-topic-prefix of its own. Reading
waits while the sink holds too much unsent; a progress line every 10 s, and the summary (records per
type, seconds) on stderr at the end. At the end it waits for Kafka to take every record for as long
as Kafka acknowledges some within --shutdown-deadline-ms. Exit 1 when records were left undelivered
(then in the spool), rows did not fit the schema, or a signal (SIGINT, SIGTERM) ended it early (what was read until then is delivered).
A spool of its own (a temporary folder) unless --spool-dir is given.
  --archive DIR       the archive's folder (market-feed archive --dir); not with --input
  --types T,T,...     record types to backfill, default all of them (dead letters and strategy
                      signals are not backfilled):
${wrapped(Object.keys(RECORD_TOPICS), 22)}
  --from, --to DATE   the first and last date= folder read (UTC days, inclusive); default all
  --exchange E,E,...  the exchange= folders read; default all
  --data-types T,...  also make these data types from the archive's book changes, trades and
                      statuses, by the operators a live run makes them with (then --types leaves
                      the derived record types out by default: they are made again)`;

/** Names joined by commas, each line starting with `indent` spaces and at most 100 characters long. */
function wrapped(names: readonly string[], indent: number): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line !== '' && indent + line.length + name.length + 2 > 100) {
      lines.push(`${line},`);
      line = '';
    }
    line = line === '' ? name : `${line}, ${name}`;
  }
  return [...lines, line].map((text) => `${pad}${text}`).join('\n');
}

/** The flags `replay --archive` reads besides the shared settings. */
export const ARCHIVE_FLAGS = {
  archive: { type: 'string' },
  types: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  exchange: { type: 'string' },
} as const;

/** What `replay --archive` was asked for. */
export interface ArchiveReplayOptions {
  readonly dir: string;
  readonly types: readonly FeedRecordType[];
  readonly from?: string;
  readonly to?: string;
  readonly exchanges?: readonly string[];
}

/** Reads and checks the archive mode's flags; throws `UsageError` naming the flag for a bad one. */
export function archiveReplayOptions(own: ParsedCommand['own']): ArchiveReplayOptions {
  for (const flag of ['input', 'speed', 'listings'])
    if (own[flag] !== undefined) throw new UsageError(`--${flag}`, 'reads a capture; --archive reads an archive: give one of them');
  const dir = own['archive'];
  if (typeof dir !== 'string' || dir.trim() === '') throw new UsageError('--archive', 'the archive folder (market-feed archive --dir)');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError('--archive', `${dir} is not a folder`);
  const from = dayOf('--from', own['from']);
  const to = dayOf('--to', own['to']);
  if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from', `${from} is after --to ${to}`);
  const exchanges = listOf('--exchange', own['exchange']);
  return {
    dir: resolve(dir),
    types: typesOf(own['types']),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(exchanges === undefined ? {} : { exchanges }),
  };
}

/** `market-feed replay --archive DIR`: an archive -> the Kafka sink. */
export async function replayArchive(io: CommandIo, parsed: ParsedCommand): Promise<number> {
  const options = archiveReplayOptions(parsed.own);
  const { config } = parsed;
  if (config.sink !== 'kafka') throw new UsageError('--sink', 'a backfill from --archive writes to Kafka only');
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty ?? false }, io.stderr);
  const log = logger.child({ component: 'backfill' });
  // Its own spool unless one is given: a run's spool (default .spool) is that run's to send.
  const spoolSet = io.argv.includes('--spool-dir') || io.env['MARKET_FEED_SPOOL_DIR'] !== undefined;
  const spoolDir = spoolSet ? config.kafka.spoolDir : await mkdtemp(join(tmpdir(), 'market-feed-backfill-spool-'));
  const { sink, counters } = createRecordSink({ ...config, kafka: { ...config.kafka, spoolDir } }, logger, io.stdout, undefined, { conflate: false });
  await sink.start();
  const abort = new AbortController();
  void onShutdownSignal(() => process.exit(130)).then(() => abort.abort());
  const startedAt = Date.now();
  log.info({ ...options }, 'backfilling from the archive');
  const pacing = defaultIngestPacing(config.kafka.batchMaxRecords, config.kafka.bufferMaxRecords, config.kafka.pauseIngestAt);
  let result: BackfillResult;
  const flow = { sink, logger: log, signal: abort.signal, ...(counters === undefined ? {} : { pending: () => counters.buffered + counters.spooled, pacing }) };
  const dataTypes = config.dataTypes ?? [];
  const types = parsed.own['types'] === undefined && dataTypes.length > 0 ? options.types.filter((type) => !DERIVED_TYPES.has(type)) : options.types;
  let derived: ArchiveDerivationResult | undefined;
  try {
    result = await backfillArchive({ ...options, types, ...flow });
    if (dataTypes.length > 0 && !abort.signal.aborted) derived = await deriveFromArchive({ ...options, dataTypes, ...flow });
  } catch (error) {
    await sink.close({ deadlineMs: config.shutdown.deadlineMs });
    throw error;
  }
  // The records read are in Kafka before the sink closes, however slowly a loaded broker takes them, while it takes them.
  if (counters !== undefined) await untilDelivered(counters, config.shutdown.deadlineMs, { signal: abort.signal });
  const closed = await sink.close({ deadlineMs: config.shutdown.deadlineMs });
  if (!spoolSet && closed.undelivered === 0) await rm(spoolDir, { recursive: true, force: true });
  const seconds = (Date.now() - startedAt) / 1000;
  if (derived !== undefined) result = mergedResults(result, derived);
  const total = Object.values(result.records).reduce((sum, n) => sum + n, 0);
  const summary = { ...result, total, seconds, undelivered: closed.undelivered, encodeFailures: counters?.encodeFailures ?? 0 };
  log.info(summary, 'backfill finished');
  const perType = Object.entries(result.records).map(([type, n]) => `${n} ${type}`);
  io.stderr.write(
    `market-feed replay: backfilled ${total} records from ${result.files} files of ${options.dir} in ${seconds.toFixed(1)} s` +
      `${perType.length > 0 ? ` (${perType.join(', ')})` : ''}; ${closed.undelivered} undelivered${closed.undelivered > 0 ? ` (left in ${spoolDir})` : ''}` +
      `${result.rowErrors > 0 ? `, ${result.rowErrors} rows skipped` : ''}${result.interrupted ? '; interrupted' : ''}\n`,
  );
  logger.flush();
  return closed.undelivered > 0 || result.rowErrors > 0 || summary.encodeFailures > 0 || result.interrupted ? 1 : 0;
}

/** The record types `--data-types` makes: made again from the archive, so not backfilled by default beside it. */
const DERIVED_TYPES: ReadonlySet<FeedRecordType> = new Set<FeedRecordType>(['book_change', 'interval_book_snapshot', 'quote', 'trade_bar']);

/** A backfill's and a derivation's counts as one result: records written by type, row errors, whether either was ended early. */
function mergedResults(backfill: BackfillResult, derived: ArchiveDerivationResult): BackfillResult {
  const records: Record<string, number> = { ...backfill.records };
  for (const [type, count] of Object.entries(derived.records)) records[type] = (records[type] ?? 0) + count;
  return { records, files: backfill.files, rowErrors: backfill.rowErrors + derived.rowErrors, interrupted: backfill.interrupted || derived.interrupted };
}

function typesOf(raw: string | boolean | undefined): readonly FeedRecordType[] {
  const names = listOf('--types', raw);
  if (names === undefined) return Object.keys(RECORD_TOPICS) as FeedRecordType[];
  return names.map((name) => {
    if (name === 'dead_letter' || name === 'strategy_signal') throw new UsageError('--types', `${name} is not backfilled (only the feed's record types are)`);
    if (!(name in RECORD_TOPICS)) throw new UsageError('--types', `unknown record type '${name}'; one of ${Object.keys(RECORD_TOPICS).join(', ')}`);
    return name as FeedRecordType;
  });
}

function listOf(flag: string, raw: string | boolean | undefined): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  const items = String(raw)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(flag, 'a comma-separated list, not empty');
  return items;
}

function dayOf(flag: string, raw: string | boolean | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const day = String(raw);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
    throw new UsageError(flag, `a UTC day as YYYY-MM-DD, got '${day}'`);
  return day;
}
