import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliProcess } from '../support/cli-process.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An answer of QuestDB's `/exec`: its columns (name, type) and rows. */
export interface SqlAnswer {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly dataset: readonly (readonly unknown[])[];
}

/** Runs SQL over QuestDB's HTTP `/exec` (plain fetch, as any client would); throws with QuestDB's error. */
export async function sql(httpUrl: string, query: string): Promise<SqlAnswer> {
  const response = await fetch(`${httpUrl}/exec?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as SqlAnswer & { readonly error?: string };
  if (!response.ok || body.error !== undefined) throw new Error(`QuestDB: ${body.error ?? response.status} in ${query}`);
  return body;
}

/** The rows of an answer as objects by column name. */
export function rowsOf(answer: SqlAnswer): Record<string, unknown>[] {
  return answer.dataset.map((row) => Object.fromEntries(answer.columns.map((column, i) => [column.name, row[i]])));
}

/** Waits until QuestDB has applied every WAL table's committed transactions (rows acknowledged are then visible), for `timeoutMs` at most. */
export async function walApplied(httpUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tables = rowsOf(await sql(httpUrl, 'SELECT name, suspended, writerTxn, sequencerTxn FROM wal_tables()'));
    const suspended = tables.filter((table) => table['suspended'] === true);
    if (suspended.length > 0) throw new Error(`WAL tables suspended: ${suspended.map((table) => String(table['name'])).join(', ')}`);
    if (tables.every((table) => table['writerTxn'] === table['sequencerTxn'])) return;
    if (Date.now() > deadline) throw new Error(`WAL not applied within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A marked query of docs/questdb.md: ```` ```sql questdb-query=NAME ````. */
export async function readQuestdbDocQueries(): Promise<ReadonlyMap<string, string>> {
  const text = await readFile(join(root, 'docs', 'questdb.md'), 'utf8');
  return new Map([...text.matchAll(/^```sql questdb-query=([\w-]+)\n([\s\S]*?)^```$/gm)].map((match) => [match[1] as string, match[2] as string]));
}

/** A documented query with the run's time range in place of the doc's hour (`2026-11-25T12:00:00.000000Z` to `...T13:00:00...`). */
export function withRange(query: string, from: number, to: number): string {
  const micros = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');
  if (!query.includes('2026-11-25T12:00:00.000000Z')) throw new Error(`no time range to replace in ${query}`);
  return query.split('2026-11-25T12:00:00.000000Z').join(micros(from)).split('2026-11-25T13:00:00.000000Z').join(micros(to));
}

/** `market-feed questdb` as a child process over the topics of a run's prefix, in the group `questdb-<prefix>`; `more` adds flags. */
export function startQuestdbLoader(options: {
  readonly httpUrl: string;
  readonly prefix: string;
  readonly brokers: string;
  readonly more?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}): CliProcess {
  const { host } = new URL(options.httpUrl);
  return new CliProcess(
    [
      'questdb',
      '--questdb-url',
      `http::addr=${host};`,
      '--topic-prefix',
      options.prefix,
      '--group',
      `questdb-${options.prefix}`,
      '--brokers',
      options.brokers,
      ...(options.more ?? []),
    ],
    options.env ?? {},
  );
}
