import { join } from 'node:path';

/**
 * Where the archive keeps things under its directory:
 *
 *     type=trades/exchange=bybit/date=2026-11-25/market.trades.v1_p3_o000000000100-000000000199.parquet
 *     dead-letters/date=2026-11-25/market.trades.v1_p3_o000000000100-000000000199.parquet
 *     _archive/journal/market.trades.v1_p3.json      segments written but maybe not committed
 *     _archive/tmp/…                                  files being written (never read)
 *
 * A file's name is its segment: the topic, the partition and the first and last offset read for it.
 * Readers skip `_archive` (Hive readers skip names starting with `_` or `.`).
 */

/**
 * The value of a Hive partition with no value (a record whose exchange is null or empty), as Hive and
 * Spark write it; Hive, Spark, pyarrow and DuckDB read it back as NULL.
 */
export const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

/** The folder of undecodable records. */
export const DEAD_LETTER_DIR = 'dead-letters';

const OFFSET_DIGITS = 12;

/** A segment: the offsets `first..last` of one partition of one topic. */
export interface SegmentId {
  readonly topic: string;
  readonly partition: number;
  readonly first: number;
  readonly last: number;
}

/**
 * The table a topic's records make: the topic without its `market.` prefix and `.v1` suffix
 * (`market.trades.v1` is `trades`, `market.book-snapshots.v1` is `book-snapshots`); a later version
 * keeps its suffix (`trades.v2`), so that a breaking change is another table. `prefix` is the
 * deployment's topic prefix (`staging.`), left out.
 */
export function tableOf(topic: string, prefix = ''): string {
  const bare = topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  return bare.replace(/^market\./, '').replace(/\.v1$/, '');
}

export function segmentFileName(segment: SegmentId): string {
  return `${segment.topic}_p${segment.partition}_o${pad(segment.first)}-${pad(segment.last)}.parquet`;
}

const NAME = /^(.+)_p(\d+)_o(\d+)-(\d+)\.parquet$/;

/** The segment a file name says it holds, or undefined for another file. */
export function parseSegmentFileName(name: string): SegmentId | undefined {
  const match = NAME.exec(name);
  if (match === null) return undefined;
  return { topic: match[1] as string, partition: Number(match[2]), first: Number(match[3]), last: Number(match[4]) };
}

/** The folder (relative to the archive) of one table's rows of one exchange and day. */
export function recordFolder(table: string, exchange: string | undefined, date: string): string {
  return join(`type=${hiveValue(table)}`, `exchange=${exchange === undefined || exchange === '' ? HIVE_NULL : hiveValue(exchange)}`, `date=${date}`);
}

/** The folder (relative to the archive) of one day's undecodable records. */
export function deadLetterFolder(date: string): string {
  return join(DEAD_LETTER_DIR, `date=${date}`);
}

export function journalDir(archiveDir: string): string {
  return join(archiveDir, '_archive', 'journal');
}

export function journalPath(archiveDir: string, topic: string, partition: number): string {
  return join(journalDir(archiveDir), `${topic}_p${partition}.json`);
}

export function tmpDir(archiveDir: string): string {
  return join(archiveDir, '_archive', 'tmp');
}

function pad(offset: number): string {
  return String(offset).padStart(OFFSET_DIGITS, '0');
}

/** A partition value safe in a path: `/`, `=` and control characters escaped as Hive does (`%2F`). */
function hiveValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f%/=\\:*?"<>|#]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
