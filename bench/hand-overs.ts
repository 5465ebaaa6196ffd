/**
 * What a cluster's hand-overs cost and whether they lose anything, over the simulated whole market
 * (own process, the venues' limits on) -> Kafka: three static instances of `run --instruments all
 * --cluster` joined one after another, then a rolling restart (each SIGTERMed and started again in
 * turn), then a fourth instance joining and leaving. Reports per hand-over the time from the
 * taker's assignment to its first trades published (the held trades after the giver's cut) and
 * the trades the taker held that the giver had published (dropped at the cut); then, against what
 * the venues made (`GET /control/<venue>/made`), the trades missing from the topic and those in it
 * twice. `KAFKA_BROKERS=... npx tsx bench/hand-overs.ts` (`BENCH_REPLICATION_FACTOR=3` on three brokers).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { ROOT, freePort, marketFeedEntry, sleep, stopProcess } from './bench-processes.js';
import { shardsHeld, startUniverseSim, universeRunArgs, type Instance } from './cluster.js';
import { benchKafka, createAppendTimeTopics, readTrades } from './kafka-readback.js';

export interface HandOversBenchOptions {
  readonly brokers: readonly string[];
  readonly instruments: number;
  readonly tradesPerSecond: number;
  /** Copies of every topic (3 on a cluster of three brokers); default 1. */
  readonly replicationFactor?: number;
}

const PARTITIONS = 6;
const SHARDS = 64;
/** The tape is reconciled up to this long before the venues' stall, ms. */
const STALL_MARGIN_MS = 500;

interface LogLine {
  readonly msg?: string;
  readonly time?: number;
  readonly shard?: number;
  readonly shards?: readonly number[];
  readonly tookMs?: number;
  readonly publishedByPreviousOwner?: number;
}

const linesOf = (instance: Instance): LogLine[] =>
  readFileSync(instance.logFile, 'utf8')
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text) as LogLine);

/** No hand-over under way at an instance: each shard it began taking taken, each it began releasing released. */
function handOversDone(instance: Instance): boolean {
  const lines = linesOf(instance);
  const count = (match: (msg: string) => boolean): number => lines.filter((line) => line.msg !== undefined && match(line.msg)).length;
  return (
    count((msg) => msg.startsWith('shard hand-over: taking the shard')) === count((msg) => msg === 'shard hand-over: taken') &&
    count((msg) => msg.startsWith('shard hand-over: revoked')) ===
      count((msg) => msg === 'shard hand-over: released' || msg.startsWith('shard hand-over: no instance said') || msg.startsWith('shard hand-over: nobody'))
  );
}

export async function benchHandOvers(options: HandOversBenchOptions): Promise<BenchRow[]> {
  const bench = `cluster hand-overs (${options.instruments} instruments)`;
  const prefix = `bench-hand-overs-${Date.now()}.`;
  const kafka = benchKafka(options.brokers);
  const replicationFactor = options.replicationFactor ?? 1;
  await createAppendTimeTopics(
    kafka,
    Object.values(RECORD_TOPICS).map((t) => `${prefix}${t}`),
    PARTITIONS,
    replicationFactor,
  );
  const entry = marketFeedEntry();
  const sim = await startUniverseSim(options.instruments, options.tradesPerSecond);
  const name = `bench-${Date.now()}`;
  const work = mkdtempSync(join(tmpdir(), 'mf-bench-hand-overs-'));
  const live = new Map<string, Instance>();
  const all: Instance[] = [];
  let started = 0;
  const start = async (id: string): Promise<Instance> => {
    const metricsPort = await freePort();
    const logFile = join(work, `${id}-${started++}.log`);
    const log = openSync(logFile, 'w');
    const child = spawn(
      process.execPath,
      [
        ...entry,
        ...universeRunArgs({ sim, brokers: options.brokers, prefix, metricsPort, spoolDir: join(work, `spool-${id}`), replicationFactor }),
        '--cluster',
        name,
        '--instance-id',
        id,
        '--cluster-shards',
        String(SHARDS),
      ],
      { cwd: ROOT, stdio: ['ignore', log, log] },
    );
    const instance = { child, metricsPort, logFile };
    live.set(id, instance);
    all.push(instance);
    return instance;
  };
  const settled = async (what: string): Promise<void> => {
    const since = Date.now();
    for (;;) {
      await sleep(500);
      const members = [...live.values()];
      const held = members.map(shardsHeld);
      if (held.every((shards) => shards.size > 0) && held.reduce((n, shards) => n + shards.size, 0) === SHARDS && members.every(handOversDone)) return;
      if (Date.now() - since > 240_000) throw new Error(`${bench}: not settled after ${what}`);
    }
  };
  const stop = async (id: string): Promise<number> => {
    const instance = live.get(id);
    if (instance === undefined) return 0;
    live.delete(id);
    const at = Date.now();
    await stopProcess(instance.child, 120_000);
    return Date.now() - at;
  };
  const rows: BenchRow[] = [];
  const row = (metric: string, value: number, unit: string): void => void rows.push({ bench, metric, value, unit });
  try {
    for (const id of ['a', 'b', 'c']) {
      await start(id);
      await settled(`${id} joined`);
    }
    await sleep(10_000);
    const stops: number[] = [];
    for (const id of ['a', 'b', 'c']) {
      stops.push(await stop(id));
      await settled(`${id} stopped`);
      await start(id);
      await settled(`${id} back`);
    }
    await start('d');
    await settled('d joined');
    await sleep(5_000);
    stops.push(await stop('d'));
    await settled('d left');
    await sleep(5_000);
    // Trades the venues made in the last moments before the stall may not have been sent yet (a
    // stall drops what was waiting to go out): the tape is reconciled up to half a second before it.
    const endTs = Date.now() - STALL_MARGIN_MS;
    await fetch(`${sim.controlUrl}/bybit/stall?on=true`, { method: 'POST' });
    await fetch(`${sim.controlUrl}/binance/stall?on=true`, { method: 'POST' });
    await sleep(3_000);
    for (const id of [...live.keys()]) await stop(id);

    // Per hand-over, from the taker's logs.
    const taken = all.flatMap(linesOf).filter((line) => line.msg === 'shard hand-over: taken');
    const took = taken.map((line) => line.tookMs ?? Number.NaN).sort((x, y) => x - y);
    const timedOut = all.flatMap(linesOf).filter((line) => line.msg !== undefined && /did not release|no instance said/.test(line.msg)).length;
    row('hand-overs', taken.length, 'shards');
    row('hand-over: assignment -> first trades published by the taker, median', took[Math.floor(took.length / 2)] ?? Number.NaN, 'ms');
    row('hand-over: assignment -> first trades published by the taker, max', took.at(-1) ?? Number.NaN, 'ms');
    row('hand-overs that timed out', timedOut, 'shards');
    row(
      'trades the takers held that the givers had published (dropped at the cut)',
      taken.reduce((n, line) => n + (line.publishedByPreviousOwner ?? 0), 0),
      'trades',
    );
    row('SIGTERM -> exit of an instance handing its shards over, median', [...stops].sort((x, y) => x - y)[Math.floor(stops.length / 2)] ?? Number.NaN, 'ms');

    // Against what the venues made.
    const trades = await readTrades(kafka, `${prefix}${RECORD_TOPICS.trade}`);
    const counts = new Map<string, number>();
    const firstTs = new Map<string, number>();
    for (const trade of trades) {
      const key = `${trade.exchange}|${trade.id}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const symbol = `${trade.exchange}|${trade.id.slice(0, trade.id.indexOf('/'))}`;
      if (trade.source !== 'repair') firstTs.set(symbol, Math.min(firstTs.get(symbol) ?? Number.POSITIVE_INFINITY, trade.exchangeTs));
    }
    let made = 0;
    let missing = 0;
    const missed: string[] = [];
    for (const venue of ['bybit', 'binance'] as const) {
      const tape = (await (await fetch(`${sim.controlUrl}/${venue}/made`)).json()) as readonly {
        readonly symbol: string;
        readonly tradeId: number;
        readonly ts: number;
      }[];
      const kept = new Map<string, number>();
      for (const trade of tape) kept.set(trade.symbol, Math.min(kept.get(trade.symbol) ?? Number.POSITIVE_INFINITY, trade.ts));
      for (const trade of tape) {
        const from = firstTs.get(`${venue}|${trade.symbol}`);
        // Symbols followed on this venue, from their first trade in the topic (or the oldest the venue still keeps) to the stall.
        if (from === undefined || trade.ts <= Math.max(from, kept.get(trade.symbol) ?? 0) || trade.ts >= endTs) continue;
        made++;
        if (!counts.has(`${venue}|${trade.symbol}/${trade.tradeId}`)) {
          missing++;
          missed.push(`${venue} ${trade.symbol} ${trade.tradeId} at ${trade.ts}`);
        }
      }
    }
    row('trades the venues made for followed instruments (in the window the tape keeps)', made, 'trades');
    row('of them missing from the trades topic', missing, 'trades');
    row('trades in the topic twice', [...counts.values()].filter((n) => n > 1).length, 'trades');
    if (missed.length > 0) process.stderr.write(`missing (logs in ${work}):\n${missed.slice(0, 50).join('\n')}\n`);
    return rows;
  } finally {
    for (const instance of live.values()) await stopProcess(instance.child);
    await stopProcess(sim.child);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchHandOvers({
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    instruments: Number(process.env['BENCH_UNIVERSE_INSTRUMENTS'] ?? 2600),
    tradesPerSecond: Number(process.env['BENCH_UNIVERSE_RATE'] ?? 2000),
    replicationFactor: Number(process.env['BENCH_REPLICATION_FACTOR'] ?? 1),
  });
  process.stdout.write(`${formatTable(rows)}\n`);
}
