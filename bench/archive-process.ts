/**
 * `market-feed archive` as the archive benchmark runs it: a child process whose CPU and peak RSS
 * are read from /proc while it runs and reported by itself as it exits (a preloaded exit hook), the
 * group's committed offsets beside the topics' ends, and the Parquet files it wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Kafka } from 'kafkajs';
import { ROOT, marketFeedEntry, sleep } from './bench-processes.js';

/** What the archiver's process used in all, written by itself at its exit. */
export interface ExitUsage {
  readonly cpuSeconds: number;
  readonly maxRssBytes: number;
}

const EXIT_TAG = 'archive-bench-exit';

/** Preloaded: at exit the process writes its own CPU (user + system) and peak RSS to stderr as one line. */
const EXIT_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('${EXIT_TAG} '+JSON.stringify({cpuSeconds:(u.userCPUTime+u.systemCPUTime)/1e6,maxRssBytes:u.maxRSS*1024})+'\\n')})`;

export interface ArchiverProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The usage line of its exit (undefined when it died without one), and its exit code. */
  readonly exited: Promise<{ readonly code: number | null; readonly usage: ExitUsage | undefined }>;
  /** Its stderr so far (the log, JSON lines). */
  stderr(): string;
}

/** Starts `market-feed archive` (or another consumer of the topics, `command`) with `args` (`--dir`, `--brokers`, ...); `nodeFlags` go to node (`--cpu-prof`). */
export function spawnArchiver(args: readonly string[], nodeFlags: readonly string[] = [], command: 'archive' | 'questdb' = 'archive'): ArchiverProcess {
  const child = spawn(process.execPath, ['--import', EXIT_HOOK, ...nodeFlags, ...marketFeedEntry(), command, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.BENCH_ARCHIVE_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let text = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    text += chunk;
  });
  const exited = new Promise<{ code: number | null; usage: ExitUsage | undefined }>((resolve) => {
    child.on('close', (code) => {
      const line = text.split('\n').find((l) => l.startsWith(EXIT_TAG));
      resolve({ code, usage: line === undefined ? undefined : (JSON.parse(line.slice(EXIT_TAG.length + 1)) as ExitUsage) });
    });
  });
  return { child, pid: child.pid ?? -1, exited, stderr: () => text };
}

/** Sends SIGTERM and waits for the exit and its usage line (SIGKILL after `ms`). */
export async function stopArchiver(archiver: ArchiverProcess, ms = 120_000): Promise<{ readonly code: number | null; readonly usage: ExitUsage | undefined }> {
  if (archiver.child.exitCode === null && archiver.child.signalCode === null) archiver.child.kill('SIGTERM');
  const timer = setTimeout(() => archiver.child.kill('SIGKILL'), ms);
  const result = await archiver.exited;
  clearTimeout(timer);
  return result;
}

/** Peak RSS so far (VmHWM), bytes, from /proc. */
export function peakRss(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line === undefined ? 0 : Number(line.replace(/\D+/g, '')) * 1024;
  } catch {
    return 0;
  }
}

/** Every topic's end offsets and the group's committed ones, summed over partitions (a partition never committed counts 0). */
export async function groupProgress(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<{ readonly end: number; readonly committed: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let end = 0;
    for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) end += Number(p.high);
    let committed = 0;
    for (const { partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] }))
      for (const p of partitions) committed += Math.max(0, Number(p.offset));
    return { end, committed };
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group has committed every record of `topics` (true), or `ms` passed (false). */
export async function awaitCommitted(kafka: Kafka, groupId: string, topics: readonly string[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const { end, committed } = await groupProgress(kafka, groupId, topics);
    if (end > 0 && committed >= end) return true;
    await sleep(500);
  }
  return false;
}

/** The Parquet files of an archive (its own `_archive/` left out): each one's path below `dir` and size. */
export function parquetFiles(dir: string): { readonly path: string; readonly bytes: number }[] {
  const found: { path: string; bytes: number }[] = [];
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub === '' ? entry.name : join(sub, entry.name);
      if (entry.isDirectory() && path !== '_archive') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.parquet')) found.push({ path, bytes: statSync(join(dir, path)).size });
    }
  };
  walk('');
  return found;
}

/** Bytes of the broker's log segments of the topics (`<log.dirs>/<topic>-<partition>/*.log`), when its folder is known. */
export function brokerLogBytes(logDir: string | undefined, topics: readonly string[]): number | undefined {
  if (logDir === undefined) return undefined;
  try {
    let bytes = 0;
    for (const entry of readdirSync(logDir)) {
      if (!topics.some((topic) => entry.startsWith(`${topic}-`) && /^\d+$/.test(entry.slice(topic.length + 1)))) continue;
      for (const file of readdirSync(join(logDir, entry))) if (file.endsWith('.log')) bytes += statSync(join(logDir, entry, file)).size;
    }
    return bytes;
  } catch {
    return undefined;
  }
}

/** Rows in an archive's files, and distinct (topic, partition, offset): DuckDB reading the files. */
export async function archivedRows(dir: string, glob = '**/*.parquet'): Promise<{ readonly rows: number; readonly distinct: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const path = join(dir, glob).replace(/'/g, "''");
    const reader = await connection.runAndReadAll(
      `SELECT count(*) AS n, count(DISTINCT (kafka_topic, kafka_partition, kafka_offset)) AS d FROM read_parquet('${path}', union_by_name=true)`,
    );
    const [row] = reader.getRowObjectsJS() as { n: bigint; d: bigint }[];
    return { rows: Number(row?.n ?? 0), distinct: Number(row?.d ?? 0) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
