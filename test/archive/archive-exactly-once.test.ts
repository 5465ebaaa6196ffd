import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GARBAGE_KINDS } from '../../simulator/garbage-frames.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { startPipeline, type PipelineRun } from '../e2e/pipeline-harness.js';
import { stateOf, type CliProcess } from '../support/cli-process.js';
import { expectRunning, produceUndecodable, stopMember, waitForCommitted } from '../support/group-runs.js';
import { startArchiver } from './archiver-process.js';
import { removeLocalBroker, startLocalBroker, stopLocalBroker, type LocalBroker } from '../support/kafka-broker.js';
import { pythonReaderInterpreter, readTopicsWithPython, type PythonReadResult } from '../interop/python-topic-reader.js';

/**
 * `market-feed archive` against the whole simulated market (spot, perpetuals, Deribit's inverse
 * contracts and BTC options, books, stats, klines, dead letters), SIGKILLed while it writes a file,
 * restarted, and through a broker bounce. Every record in the topics (as fastavro reads them) must
 * be in the archive's files (as pyarrow reads them) exactly once, by topic, partition and offset,
 * with equal values; every value that does not decode is in the dead letters with its offset.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// A broker of this file's own: it is stopped and started again.
const BROKER: LocalBroker = {
  port: Number(process.env['MARKET_FEED_TEST_ARCHIVE_KAFKA_PORT'] ?? 29412),
  runDir: join(root, '.cache', 'kafka', 'archive-run'),
};
const brokers = `127.0.0.1:${BROKER.port}`;

const VENUES = ['bybit', 'binance', 'bybit_linear', 'deribit', 'deribit_options'] as const;
const RUN_ARGS = [
  '--markets',
  'spot,linear,inverse,option',
  '--venues',
  VENUES.join(','),
  '--option-underlyings',
  'BTC',
  '--option-expiries',
  '3d',
  '--books',
  'true',
];

interface ArchiveRow {
  readonly file: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value?: Readonly<Record<string, unknown>>;
  readonly dead_letter?: { readonly error: string; readonly value: string | null };
}

interface ArchiveRead {
  readonly rows: readonly ArchiveRow[];
  readonly summary: { readonly files: number; readonly rows: number; readonly unreadable: number };
  readonly unreadable: readonly string[];
}

async function readArchive(python: string, dir: string): Promise<ArchiveRead> {
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(python, [join(root, 'interop', 'python', 'read_archive.py'), '--dir', dir], { maxBuffer: 1024 * 1024 * 1024 }, (error, out, err) =>
      error !== null && error.code !== 1 ? reject(new Error(`read_archive.py: ${err.slice(-2000)}`)) : resolve(out),
    ),
  );
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const summary = lines.pop()?.['summary'] as ArchiveRead['summary'];
  return {
    rows: lines.filter((line) => !('error' in line)) as unknown as ArchiveRow[],
    unreadable: lines.filter((line) => 'error' in line).map((line) => `${String(line['file'])}: ${String(line['error'])}`),
    summary,
  };
}

// The bounce needs a broker this run starts and stops; with a broker given from outside (KAFKA_BROKERS) the file is skipped.
const local = inject('kafkaSource') === 'local';
let python: string;
beforeAll(async () => {
  if (!local) return;
  await startLocalBroker(BROKER);
  python = await pythonReaderInterpreter();
}, 600_000);
afterAll(async () => {
  if (local) await removeLocalBroker(BROKER);
}, 120_000);

describe.skipIf(!local)('market-feed archive: every record once across a SIGKILL mid-file, a restart and a broker bounce', () => {
  let run: PipelineRun | undefined;
  const archivers: CliProcess[] = [];
  afterAll(async () => {
    for (const archiver of archivers)
      if ((await Promise.race([archiver.exited.then(() => true), Promise.resolve(false)])) === false) await archiver.stop('SIGKILL');
    await run?.close();
  });

  it('reconciles the files with the topics by topic, partition and offset, values equal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-archive-e2e-'));
    run = await startPipeline({ brokers, simulator: { venues: [...VENUES], coins: ['BTC', 'ETH'], tradesPerSecond: 10 }, args: RUN_ARGS });
    const topics = sinkTopics(run.prefix);
    const allTopics = [...Object.values(topics.records), topics.deadLetters];
    const groupId = `archive-${run.prefix}`;
    // Small files, often: a kill lands in the middle of one. Static members: the restarted one takes its partitions back at once.
    const archive = (instance = 'archive-1'): CliProcess => {
      const archiver = startArchiver({
        dir,
        prefix: run?.prefix ?? '',
        brokers,
        rollSeconds: 1,
        more: ['--instance-id', instance, '--roll-mb', '0.2', '--metrics-port', '0'],
        env: { LOG_LEVEL: 'info' },
      });
      archivers.push(archiver);
      return archiver;
    };
    await run.cli.waitForLog((line) => stateOf(line) === 'subscribed');
    for (const kind of GARBAGE_KINDS.filter((k) => k !== 'oversized')) run.sim.control.sendGarbage('bybit', kind, 1);
    await produceUndecodable(brokers, topics.records.trade);

    const first = archive();
    await first.waitForLog((line) => line.msg === 'archiving');
    await sleep(5000);
    // SIGKILL while a file is being written (one is in the temporary folder).
    const tmp = join(dir, '_archive', 'tmp');
    const deadline = Date.now() + 20_000;
    while (!(existsSync(tmp) && readdirSync(tmp).some((name) => name.endsWith('.parquet.tmp'))) && Date.now() < deadline) await sleep(2);
    await first.stop('SIGKILL');

    const second = archive();
    await second.waitForLog((line) => line.msg === 'partitions assigned', 30_000);
    await sleep(3000);
    // Another instance joins the group: it is given some partitions, which the first gives up
    // mid-segment (what it read of them is read again by the newcomer).
    const other = archive('archive-2');
    await other.waitForLog((line) => line.msg === 'partitions assigned', 30_000);
    await second.waitForLog((line) => line.msg === 'partitions revoked', 30_000);
    await sleep(3000);
    // The broker goes away for 4 s and comes back, with the pipeline and the archiver running.
    await stopLocalBroker(BROKER);
    await sleep(4000);
    await startLocalBroker(BROKER);
    await sleep(6000);
    expect(await run.cli.stop('SIGTERM', 60_000)).toBe(0);
    expectRunning(second, 'the restarted archiver');
    expectRunning(other, 'the second instance');
    await waitForCommitted(brokers, groupId, allTopics, 60_000);
    expectRunning(second, 'the restarted archiver');
    expectRunning(other, 'the second instance');
    // What it did, on /metrics; a path it does not serve is a 404.
    const url = String((await second.waitForLog((line) => line.msg === 'metrics and /healthz listening'))['url']);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(Number(/^market_feed_archive_records_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    await stopMember(other);
    await stopMember(second);
    // Both instances wrote files: the group shared the partitions.
    expect(other.logs.find((line) => line.msg === 'archive stopped')?.['files']).toBeGreaterThan(0);
    const stopped = second.logs.find((line) => line.msg === 'archive stopped');
    const rewrote = second.logs.filter((line) => String(line.msg).startsWith('segments written before and not committed')).length;
    console.log(`archive after the restart: ${JSON.stringify(stopped)}; partitions whose uncommitted segments were written again: ${rewrote}`);

    const [fromTopics, fromFiles] = await Promise.all([readTopicsWithPython({ python, brokers, topics: allTopics }), readArchive(python, dir)]);
    expect(fromFiles.unreadable).toEqual([]);
    expect(fromFiles.summary.files).toBeGreaterThan(20);
    expectExactlyOnce(fromTopics, fromFiles);
  }, 180_000);
});

function expectExactlyOnce(fromTopics: PythonReadResult, fromFiles: ArchiveRead): void {
  const where = (r: { readonly topic: string; readonly partition: number; readonly offset: number }): string => `${r.topic}/${r.partition}/${r.offset}`;
  const archived = new Map<string, ArchiveRow[]>();
  for (const row of fromFiles.rows) archived.set(where(row), [...(archived.get(where(row)) ?? []), row]);
  const twice = [...archived].filter(([, rows]) => rows.length > 1).map(([at, rows]) => `${at} in ${rows.map((row) => row.file).join(', ')}`);
  expect(twice, 'records in the archive more than once').toEqual([]);

  const missing: string[] = [];
  const different: string[] = [];
  for (const record of fromTopics.records) {
    const row = archived.get(where(record))?.[0];
    if (row === undefined) missing.push(where(record));
    // Both through JSON.stringify, which prints a negative zero as 0 (either reader keeps -0.0).
    else if (row.key !== record.key || !isDeepStrictEqual(JSON.parse(JSON.stringify(row.value)), JSON.parse(JSON.stringify(record.value))))
      different.push(`${where(record)}: archived ${JSON.stringify([row.key, row.value])}, fastavro ${JSON.stringify([record.key, record.value])}`);
  }
  expect(missing, 'records of the topics not in the archive').toEqual([]);
  expect(different.slice(0, 5), "records whose archived value differs from fastavro's").toEqual([]);

  // What fastavro could not decode is what the archive says it could not: the same offsets, in the dead letters.
  const deadLetters = fromFiles.rows
    .filter((row) => row.dead_letter !== undefined)
    .map(where)
    .sort();
  expect(deadLetters).toEqual(fromTopics.failures.map(where).sort());
  expect(deadLetters.length).toBe(3);
  expect(fromFiles.rows.length).toBe(fromTopics.records.length + fromTopics.failures.length);
  // Every record type of the run is there (dead letters of the pipeline's bad frames among them).
  const tables = new Set(fromFiles.rows.map((row) => row.file.split('/')[0]));
  for (const table of ['type=trades', 'type=book-snapshots', 'type=derivative-tickers', 'type=option-summaries', 'type=dlq', 'type=klines', 'type=stats'])
    expect(tables).toContain(table);
}
