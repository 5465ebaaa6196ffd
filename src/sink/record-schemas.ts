import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedRecordType } from '../model/index.js';

/** The `.avsc` file (in `schemas/`) of each record type: the contract with consumers. */
export const SCHEMA_FILES: Readonly<Record<FeedRecordType, string>> = {
  trade: 'trade-event.avsc',
  price_tick: 'price-tick.avsc',
  book_ticker: 'book-ticker.avsc',
  feed_status: 'feed-status.avsc',
  window_stats: 'window-stats.avsc',
  large_trade: 'large-trade.avsc',
  book_snapshot: 'book-snapshot.avsc',
  book_stats: 'book-stats.avsc',
  kline: 'kline.avsc',
  agg_trade: 'agg-trade.avsc',
  volume_profile: 'volume-profile.avsc',
  derivative_ticker: 'derivative-ticker.avsc',
  liquidation: 'liquidation.avsc',
  option_summary: 'option-summary.avsc',
  book_change: 'book-change.avsc',
  interval_book_snapshot: 'interval-book-snapshot.avsc',
  quote: 'quote.avsc',
  trade_bar: 'trade-bar.avsc',
};

export const RECORD_TYPES = Object.keys(SCHEMA_FILES) as readonly FeedRecordType[];

/** The schema of dead letters (`market.dlq.v1`), which are not feed records. */
export const DEAD_LETTER_SCHEMA_FILE = 'dead-letter.avsc';

/** The schema of strategy signals (`strategy.signals.v1`), which are not feed records. */
export const STRATEGY_SIGNAL_SCHEMA_FILE = 'strategy-signal.avsc';

/** An Avro schema as JSON, with the fields this project relies on. */
export interface RecordSchemaJson {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly doc: string;
  readonly fields: readonly { readonly name: string; readonly type: unknown; readonly doc?: string; readonly default?: unknown }[];
}

/** Finds the `schemas/` folder from the source tree or from the built package. */
export function findSchemasDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, SCHEMA_FILES.trade))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no schemas/ folder with ${SCHEMA_FILES.trade} above ${from}`);
    dir = parent;
  }
}

/** Reads one record schema as JSON (the full text, with docs and logical types). */
export function readRecordSchema(type: FeedRecordType, schemasDir: string = findSchemasDir()): RecordSchemaJson {
  return readSchemaFile(SCHEMA_FILES[type], schemasDir);
}

/** Reads any record schema file of `schemas/` as JSON, e.g. `DEAD_LETTER_SCHEMA_FILE`. */
/** The earlier versions of the schemas (`previous/<file>.<n>.avsc`), as paths under the schemas folder. */
export function previousSchemaFiles(schemasDir: string = findSchemasDir()): readonly string[] {
  const dir = join(schemasDir, 'previous');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('.avsc'))
        .sort()
        .map((file) => join('previous', file))
    : [];
}

export function readSchemaFile(file: string, schemasDir: string = findSchemasDir()): RecordSchemaJson {
  const path = join(schemasDir, file);
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isRecordSchema(parsed)) throw new Error(`${path} is not an Avro record schema`);
  return parsed;
}

function isRecordSchema(value: unknown): value is RecordSchemaJson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v['type'] === 'record' && typeof v['name'] === 'string' && Array.isArray(v['fields']);
}
