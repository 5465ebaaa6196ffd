import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What runs a block: DuckDB (```` ```sql archive-query=NAME ````), ClickHouse (```` ```sql archive-query=NAME engine=clickhouse ````) or pandas (```` ```python archive-query=NAME ````). */
export type QueryEngine = 'duckdb' | 'clickhouse' | 'pandas';

/** One marked block of docs/archive.md. */
export interface DocQuery {
  readonly language: 'sql' | 'python';
  readonly engine: QueryEngine;
  readonly name: string;
  readonly code: string;
}

/** A query's answer: its column names and rows, timestamps as epoch ms, BIGINTs as numbers, lists and structs within. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** The placeholders the doc's queries are written with, and what each stands for in a run. */
export interface QueryPlaceholders {
  /** The archive's folder, written `'archive/...` in the doc. */
  readonly dir: string;
  /** The UTC day, written `2026-11-25`. */
  readonly day: string;
  /** The time T, written `2026-11-25 12:00:00` (UTC). */
  readonly at: string;
}

const BLOCK = /^```(sql|python) archive-query=([\w-]+)( engine=clickhouse)?\n([\s\S]*?)^```$/gm;
/** A block's opening line that names a query but is not one the reader knows (a typo would leave a query untested). */
const MARKED = /^```.*archive-query.*$/gm;

/** Every marked query block of docs/archive.md, in the doc's order; throws on a marked opening line it cannot read. */
export async function readDocQueries(path = join(root, 'docs', 'archive.md')): Promise<readonly DocQuery[]> {
  const text = await readFile(path, 'utf8');
  const queries = [...text.matchAll(BLOCK)].map((match): DocQuery => {
    const language = match[1] as 'sql' | 'python';
    const engine: QueryEngine = language === 'python' ? 'pandas' : match[3] === undefined ? 'duckdb' : 'clickhouse';
    if (language === 'python' && match[3] !== undefined) throw new Error(`${path}: a python block with engine=clickhouse: ${match[0].split('\n')[0] ?? ''}`);
    return { language, engine, name: match[2] as string, code: match[4] as string };
  });
  const marked = [...text.matchAll(MARKED)].length;
  if (marked !== queries.length)
    throw new Error(
      `${path}: ${marked} blocks marked archive-query, ${queries.length} of them read as \`\`\`sql|python archive-query=NAME [engine=clickhouse]`,
    );
  return queries;
}

/** The block with the run's folder, day and time in place of the doc's; throws when one is not there to replace. */
export function substitute(query: DocQuery, values: QueryPlaceholders): string {
  let code = query.code;
  const replace = (placeholder: string, value: string, needed: boolean): void => {
    if (needed && !code.includes(placeholder)) throw new Error(`${query.language} ${query.name}: no ${placeholder} to replace`);
    code = code.split(placeholder).join(value);
  };
  replace("'archive/", `'${values.dir}/`, true);
  replace('2026-11-25 12:00:00', values.at, false);
  replace('2026-11-25', values.day, false);
  return code;
}

/**
 * Runs SQL blocks in one in-memory DuckDB, each after the session's time zone was set to one that
 * is not UTC (+05:45), so that a block that relies on UTC says so itself.
 */
export async function runSqlQueries(blocks: ReadonlyMap<string, string>): Promise<Map<string, QueryResult>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const results = new Map<string, QueryResult>();
  try {
    for (const [name, sql] of blocks) {
      await connection.run("SET TimeZone = 'Asia/Kathmandu'");
      const reader = await connection.runAndReadAll(sql);
      results.set(name, { columns: reader.columnNames(), rows: reader.getRowsJS().map((row) => row.map(plain)) });
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return results;
}

/** Runs Python blocks through test/archive/run_pandas_query.py in one interpreter. */
export function runPandasQueries(python: string, blocks: ReadonlyMap<string, string>): Promise<Map<string, QueryResult>> {
  return runPythonRunner(python, 'run_pandas_query.py', 'pandas', blocks);
}

/**
 * Runs ClickHouse SQL blocks through test/archive/run_clickhouse_query.py: chdb (ClickHouse's engine in
 * process) in one interpreter, each block after the session's time zone was set to one that is not UTC.
 */
export function runClickHouseQueries(python: string, blocks: ReadonlyMap<string, string>): Promise<Map<string, QueryResult>> {
  return runPythonRunner(python, 'run_clickhouse_query.py', 'clickhouse', blocks);
}

/** One of the Python runners of test/archive/: `{"blocks": {name: code}}` on stdin, `{name: result | {error}}` on stdout. */
async function runPythonRunner(python: string, script: string, label: string, blocks: ReadonlyMap<string, string>): Promise<Map<string, QueryResult>> {
  const child = spawn(python, [join(root, 'test', 'archive', script)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.end(JSON.stringify({ blocks: Object.fromEntries(blocks) }));
  const code = await exited;
  if (code !== 0 && code !== 1) throw new Error(`${script} exited with ${String(code)}: ${Buffer.concat(err).toString().slice(-2000)}`);
  if (out.length === 0) throw new Error(`${script} printed nothing (exit ${String(code)}): ${Buffer.concat(err).toString().slice(-2000)}`);
  const printed = JSON.parse(Buffer.concat(out).toString()) as Record<string, QueryResult | { readonly error: string }>;
  const results = new Map<string, QueryResult>();
  for (const [name, result] of Object.entries(printed)) {
    if ('error' in result) throw new Error(`${label} ${name}: ${result.error}`);
    results.set(name, result);
  }
  return results;
}

/** A DuckDB value as the Python runner prints it: Dates as epoch ms, BIGINTs as numbers. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}
