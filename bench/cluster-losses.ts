/**
 * What a cluster loses when an instance and a broker die under it, and whether the feed names it:
 * the simulated whole market (own process, the venues' limits on) -> three `run --instruments all
 * --cluster` instances (a and b started together, c a few seconds later, before they settled) ->
 * three brokers of this bench's own (`scripts/kafka.sh` with `KAFKA_NODES=3`, every topic with three
 * replicas). Settled and some seconds of traffic, one instance is SIGKILLed; once the survivors hold
 * its shards, the broker leading most trade partitions (`BENCH_CLUSTER_LOSSES_BROKER=coordinator`: the
 * cluster group's coordinator) is SIGKILLed and brought back; then the
 * market trades on so that each hole is revealed by its symbol's next trade, the venues stall and
 * the survivors are stopped (SIGTERM). Per venue, against what the simulator's market made (`GET
 * /control/<venue>/made`, the busiest symbols' tapes read every few seconds, as the venue keeps
 * only each symbol's last 10,000): trades made, missing from the trades topic, of those inside a
 * named gap (a `gap` on the feed-status topic covering the trade by id or by time) and how the gap
 * was answered (`gap_unrepaired` and why), trades repaired (`source: repair`), trades twice, and
 * trades missing silently (in no named gap). Beside them: each instance's CPU over the traffic before the
 * kill and its RSS then (with `BENCH_CLUSTER_LOSSES_STANDBYS=1` against 0, what standing by costs), and
 * how soon the killed instance's shards are in the topic again. `npx tsx bench/cluster-losses.ts` (brokers on
 * `BENCH_CLUSTER_LOSSES_KAFKA_PORT`, 27100-27105 by default).
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import { shardOf } from '../src/cluster/shard-of.js';
import { RecordDecoder } from '../src/sink/record-decoder.js';
import { RECORD_TOPICS } from '../src/sink/sink-topics.js';
import { formatTable, type BenchRow } from './bench-report.js';
import { CpuMeter, ROOT, freePort, marketFeedEntry, procStats, sleep, stopProcess } from './bench-processes.js';
import { shardsHeld, startUniverseSim, universeRunArgs, type Instance } from './cluster.js';
import { benchKafka, createAppendTimeTopics, readTrades, type TradeTimes } from './kafka-readback.js';
import { handOversDone as handOversDoneIn } from '../test/support/hand-over-lines.js';
import { coordinatorPartition } from '../test/support/kafka-broker.js';

export interface ClusterLossesBenchOptions {
  readonly instruments: number;
  /** Trades per second the simulator offers over both venues. */
  readonly tradesPerSecond: number;
  /** Client port of the first of the three brokers this bench starts (node k on port + 2(k-1), its controller on the next). */
  readonly kafkaPort: number;
  /** Their files (`KAFKA_RUN_DIR`), removed at the end. */
  readonly kafkaRunDir: string;
  /** How long after a and b c joins, ms. */
  readonly joinDelayMs: number;
  /** Traffic once settled, before the instance is killed, s. */
  readonly trafficSeconds: number;
  /** How long the killed broker stays down, s. */
  readonly brokerDownSeconds: number;
  /** The broker killed: the one leading most trade partitions, or the cluster group's coordinator (whose failover can fence a member by its own join). */
  readonly brokerKilled: 'leader' | 'coordinator';
  /** Trading after the broker is back and the cluster settled, so that holes are revealed by their symbol's next trade, s. */
  readonly tailSeconds: number;
  /** The instance SIGKILLed. */
  readonly victim: 'a' | 'b' | 'c';
  /** Standbys per shard (`--cluster-standbys`): 0 or 1. */
  readonly standbys: 0 | 1;
}

const PARTITIONS = 6;
const SHARDS = 64;
const REPLICATION = 3;
const VENUES = ['bybit', 'binance'] as const;
type Venue = (typeof VENUES)[number];
/** The tape is reconciled up to this long before the venues' stall, ms (a stall drops what waited to go out). */
const STALL_MARGIN_MS = 500;
/** Symbols trading at least this often have their tapes read every `TAPE_EVERY_MS` (the venue keeps each symbol's last 10,000). */
const BUSY_PER_SECOND = 5;
const TAPE_EVERY_MS = 15_000;
/** Longest wait for a cluster to settle before the bench goes on (and says so), ms. */
const SETTLE_MS = 240_000;

const run = promisify(execFile);

interface MadeTrade {
  readonly symbol: string;
  readonly tradeId: number;
  readonly ts: number;
}

/** Per venue, per symbol: trade id -> time, over every read of the venue's tape. */
type Tape = Map<string, Map<number, number>>;

interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly time?: number;
  readonly shard?: number;
}

const linesOf = (instance: Instance): LogLine[] =>
  readFileSync(instance.logFile, 'utf8')
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text) as LogLine);

/** No hand-over under way at an instance (see `handOversDone` of its log lines). */
const handOversDone = (instance: Instance, held: ReadonlySet<number>): boolean => handOversDoneIn(linesOf(instance), held);

/** A value of a decoded record as a number (Avro longs, timestamp-millis as Date), undefined when null. */
const numberOf = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

/** Every record of `topic` up to the offsets it had when called, decoded by the project's `RecordDecoder`. */
async function readRecords(kafka: Kafka, topic: string): Promise<Record<string, unknown>[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const remaining = new Map([...ends].filter(([, high]) => high > 0));
  const out: Record<string, unknown>[] = [];
  if (remaining.size === 0) return out;
  const decoder = new RecordDecoder();
  const consumer = kafka.consumer({ groupId: `bench-readback-${topic}`, maxBytes: 64 * 1024 * 1024, maxBytesPerPartition: 16 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const high = ends.get(batch.partition) ?? 0;
          for (const message of batch.messages) {
            if (Number(message.offset) >= high || message.value === null) continue;
            out.push((await decoder.decode(message.value)).value);
          }
          const last = batch.messages.at(-1);
          if (last !== undefined && Number(last.offset) + 1 >= high) remaining.delete(batch.partition);
          if (remaining.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return out;
}

/** Writes the killed instance had sent land within this long of its SIGKILL; later ones are its survivors'. */
const IN_FLIGHT_MS = 1_000;

/**
 * How soon the shards of an instance killed at `killedAt` had trades in the topic again from another
 * instance, by the broker's append times (those within `IN_FLIGHT_MS` of the kill are the killed one's
 * last writes): per shard, the first append after that; ms from the kill to the first, the median and the
 * last of them (of the shards that had a trade after the kill at all, `shards`).
 */
export function takenOver(
  trades: readonly TradeTimes[],
  shards: ReadonlySet<number>,
  killedAt: number,
): { readonly first: number; readonly median: number; readonly last: number; readonly shards: number } | undefined {
  const firstAfter = new Map<number, number>();
  for (const trade of trades) {
    if (trade.appendTs <= killedAt + IN_FLIGHT_MS) continue;
    const shard = shardOf(trade.key, SHARDS);
    if (shards.has(shard)) firstAfter.set(shard, Math.min(firstAfter.get(shard) ?? Number.POSITIVE_INFINITY, trade.appendTs));
  }
  const times = [...firstAfter.values()].sort((x, y) => x - y).map((ts) => ts - killedAt);
  const [first] = times;
  if (first === undefined) return undefined;
  return { first, median: times[Math.floor(times.length / 2)] ?? first, last: times.at(-1) ?? first, shards: times.length };
}

/** A hole a `gap` status names, as the trades it may hold. */
interface NamedHole {
  readonly symbol: string;
  /** The first id that may be missing, when the gap says. */
  readonly fromId?: number;
  /** The last id that may be missing. */
  readonly toId: number;
  /** The earliest time of a missing trade, when the gap is by time. */
  readonly fromTs?: number;
  /** Its repair's answers (`gap_repaired: ...`, `gap_unrepaired: history: ...`). */
  readonly answers: readonly string[];
}

/**
 * The holes a venue's statuses name, each with its repair's answers (statuses of the symbol with the
 * same range): by id (`missingFrom..missingTo`), by time (`trades after id X (...) and before id Y
 * (...)`, from `lastEventTs`), since a moment (`trades made since T ... before id Y`, or `missingTo`
 * with `lastEventTs` T). `unplaced`: gaps of no such form.
 */
function namedHoles(statuses: readonly Record<string, unknown>[]): { readonly holes: NamedHole[]; readonly unplaced: string[] } {
  const keyOf = (s: Record<string, unknown>): string =>
    [s['symbol'], numberOf(s['missingFrom']), numberOf(s['missingTo']), numberOf(s['missingFrom']) === undefined ? numberOf(s['lastEventTs']) : ''].join('|');
  const answers = new Map<string, string[]>();
  for (const s of statuses) {
    if (s['state'] !== 'gap_repaired' && s['state'] !== 'gap_unrepaired') continue;
    const key = keyOf(s);
    answers.set(key, [...(answers.get(key) ?? []), `${String(s['state'])}: ${String(s['reason'])}`]);
  }
  const holes: NamedHole[] = [];
  const unplaced: string[] = [];
  for (const gap of statuses) {
    if (gap['state'] !== 'gap') continue;
    const symbol = String(gap['symbol']);
    const reason = String(gap['reason']);
    const missingFrom = numberOf(gap['missingFrom']);
    const missingTo = numberOf(gap['missingTo']);
    const lastEventTs = numberOf(gap['lastEventTs']);
    const answered = { answers: answers.get(keyOf(gap)) ?? [] };
    const after = /^trades after id (\d+) \(.*?\) and before id (\d+)/.exec(reason);
    const since = /^trades made since \S+ (?:and )?before id (\d+)/.exec(reason);
    if (missingFrom !== undefined && missingTo !== undefined) holes.push({ symbol, fromId: missingFrom, toId: missingTo, ...answered });
    else if (after !== null)
      holes.push({
        symbol,
        fromId: Number(after[1]) + 1,
        toId: Number(after[2]) - 1,
        ...(lastEventTs === undefined ? {} : { fromTs: lastEventTs }),
        ...answered,
      });
    else if (since !== null || missingTo !== undefined)
      holes.push({
        symbol,
        toId: missingTo ?? Number(since?.[1]) - 1,
        ...(lastEventTs === undefined ? {} : { fromTs: lastEventTs }),
        ...answered,
      });
    else unplaced.push(`${symbol}: ${reason}`);
  }
  return { holes, unplaced };
}

/** How a missing trade's holes were answered: the first `gap_unrepaired`'s reason word, else repaired, else none. */
function answerOf(holes: readonly NamedHole[]): string {
  const all = holes.flatMap((hole) => hole.answers);
  const unrepaired = all.find((answer) => answer.startsWith('gap_unrepaired'));
  if (unrepaired !== undefined) return `unrepaired (${/^gap_unrepaired: (\w+)/.exec(unrepaired)?.[1] ?? 'no reason'})`;
  if (all.some((answer) => answer.startsWith('gap_repaired'))) return 'said repaired';
  return 'no answer';
}

/** The canonical instrument of a universe symbol (`BASE` + `USDT`/`USDC`), as the cluster shards it. */
function instrumentOf(symbol: string): string {
  for (const quote of ['USDT', 'USDC']) if (symbol.endsWith(quote)) return `${symbol.slice(0, -quote.length)}-${quote}`;
  return symbol;
}

export async function benchClusterLosses(options: ClusterLossesBenchOptions): Promise<BenchRow[]> {
  const bench = `cluster losses (${options.instruments} instruments, a broker and an instance killed)`;
  const runDir = isAbsolute(options.kafkaRunDir) ? options.kafkaRunDir : join(ROOT, options.kafkaRunDir);
  const kafkaEnv = { ...process.env, KAFKA_NODES: '3', KAFKA_PORT: String(options.kafkaPort), KAFKA_RUN_DIR: runDir };
  const kafkaScript = async (command: 'up' | 'clean'): Promise<void> => {
    const { stdout } = await run('bash', [join(ROOT, 'scripts', 'kafka.sh'), command], { env: kafkaEnv, cwd: ROOT, timeout: 300_000 });
    process.stderr.write(stdout);
  };
  const brokers = [0, 1, 2].map((k) => `127.0.0.1:${options.kafkaPort + 2 * k}`);
  const entry = marketFeedEntry();
  await kafkaScript('clean');
  await kafkaScript('up');
  const notes: string[] = [];
  const note = (text: string): void => {
    notes.push(text);
    process.stderr.write(`cluster-losses: ${text}\n`);
  };
  const live = new Map<string, Instance>();
  /** Every instance started, by the name of its log. */
  const all = new Map<string, Instance>();
  /** Until the cluster first settles, an instance that exits is started again (as a supervisor would), once. */
  let restartOnExit = true;
  let sim: Awaited<ReturnType<typeof startUniverseSim>> | undefined;
  let tapeReader: Promise<void> | undefined;
  let running = true;
  try {
    const prefix = `bench-cluster-losses-${Date.now()}.`;
    const kafka = benchKafka(brokers);
    const tradeTopic = `${prefix}${RECORD_TOPICS.trade}`;
    await createAppendTimeTopics(
      kafka,
      Object.values(RECORD_TOPICS).map((t) => `${prefix}${t}`),
      PARTITIONS,
      REPLICATION,
    );
    const started = Date.now();
    sim = await startUniverseSim(options.instruments, options.tradesPerSecond);
    const { controlUrl } = sim;
    const name = `bench-${Date.now()}`;
    const work = mkdtempSync(join(tmpdir(), 'mf-bench-cluster-losses-'));
    const simUrls = sim;
    const at = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;
    const start = async (id: string): Promise<void> => {
      const metricsPort = await freePort();
      const logName = all.has(id) ? `${id}-again` : id;
      const logFile = join(work, `${logName}.log`);
      const log = openSync(logFile, 'w');
      const child = spawn(
        process.execPath,
        [
          ...entry,
          ...universeRunArgs({ sim: simUrls, brokers, prefix, metricsPort, spoolDir: join(work, `spool-${id}`), replicationFactor: REPLICATION }),
          '--cluster',
          name,
          '--instance-id',
          id,
          '--cluster-shards',
          String(SHARDS),
          '--cluster-standbys',
          String(options.standbys),
        ],
        { cwd: ROOT, stdio: ['ignore', log, log] },
      );
      const instance = { child, metricsPort, logFile };
      live.set(id, instance);
      all.set(logName, instance);
      // An instance that stops of its own accord (not killed or stopped by the bench) is no member any more: said, and settled without it.
      child.once('exit', (code, signal) => {
        if (live.get(id) !== instance || !running) return;
        live.delete(id);
        const again = restartOnExit && logName === id;
        note(
          `${id} exited of its own accord at ${new Date().toISOString()} (${at()}, code ${String(code)}, signal ${String(signal)})${again ? ', started again' : ''}; see ${logFile}`,
        );
        if (again) void start(id);
      });
    };
    /** Every shard held by one live instance, each holding some, no hand-over under way; the time it took (or says it did not settle). */
    const settled = async (what: string): Promise<number> => {
      const since = Date.now();
      for (;;) {
        await sleep(500);
        const members = [...live.values()];
        const held = members.map(shardsHeld);
        const owned = held.flatMap((shards) => [...shards]);
        if (
          held.every((shards) => shards.size > 0) &&
          owned.length === SHARDS &&
          new Set(owned).size === SHARDS &&
          members.every((member, n) => handOversDone(member, held[n] ?? new Set()))
        ) {
          process.stderr.write(`cluster-losses: settled after ${what} in ${Date.now() - since} ms (${at()})\n`);
          return Date.now() - since;
        }
        if (Date.now() - since > SETTLE_MS) {
          note(`not settled ${SETTLE_MS / 1000} s after ${what}: shards held ${held.map((shards) => shards.size).join(', ')}`);
          return Number.NaN;
        }
      }
    };

    // The venues' tapes: read whole at the end; the busiest symbols' read every few seconds too, since the venue keeps only each symbol's last 10,000.
    const tapes = new Map<Venue, Tape>(VENUES.map((venue): [Venue, Tape] => [venue, new Map<string, Map<number, number>>()]));
    const absorb = (venue: Venue, made: readonly MadeTrade[]): void => {
      const tape = tapes.get(venue) as Tape;
      for (const trade of made) {
        let ids = tape.get(trade.symbol);
        if (ids === undefined) tape.set(trade.symbol, (ids = new Map<number, number>()));
        ids.set(trade.tradeId, trade.ts);
      }
    };
    const readTape = async (venue: Venue, symbol?: string): Promise<readonly MadeTrade[]> => {
      const query = symbol === undefined ? '' : `?symbol=${encodeURIComponent(symbol)}`;
      const made = (await (await fetch(`${controlUrl}/${venue}/made${query}`)).json()) as readonly MadeTrade[];
      absorb(venue, made);
      return made;
    };

    await start('a');
    await start('b');
    await sleep(options.joinDelayMs);
    await start('c');
    const joined = await settled('a, b and c joined');
    const settledAt = Date.now();
    const busy: [Venue, string][] = [];
    for (const venue of VENUES) {
      const bySymbol = new Map<string, MadeTrade[]>();
      for (const trade of await readTape(venue)) bySymbol.set(trade.symbol, [...(bySymbol.get(trade.symbol) ?? []), trade]);
      for (const [symbol, made] of bySymbol) {
        const seconds = ((made.at(-1)?.ts ?? 0) - (made[0]?.ts ?? 0)) / 1000;
        if (made.length >= 100 && made.length / Math.max(seconds, 1) >= BUSY_PER_SECOND) busy.push([venue, symbol]);
      }
    }
    process.stderr.write(`cluster-losses: ${busy.length} busy symbols' tapes read every ${TAPE_EVERY_MS / 1000} s\n`);
    tapeReader = (async () => {
      while (running) {
        for (const [venue, symbol] of busy) if (running) await readTape(venue, symbol).catch(() => undefined);
        for (let waited = 0; running && waited < TAPE_EVERY_MS; waited += 250) await sleep(250);
      }
    })();

    // What each instance costs while the cluster is settled: CPU over the traffic before the kill, RSS at its end.
    const meters = [...live].map(([id, instance]) => ({ id, pid: instance.child.pid, meter: new CpuMeter(instance.child.pid) }));
    await sleep(options.trafficSeconds * 1000);
    const costs = meters.map(({ id, pid, meter }) => ({
      id,
      cores: meter.cores(),
      rssBytes: pid === undefined ? Number.NaN : (procStats(pid)?.rssBytes ?? Number.NaN),
    }));
    restartOnExit = false;
    const victimId = live.has(options.victim) ? options.victim : ([...live.keys()][0] as string);
    if (victimId !== options.victim) note(`${options.victim} is not running: ${victimId} is killed instead`);
    const victim = live.get(victimId) as Instance;
    const victimShards = shardsHeld(victim);
    const killedAt = Date.now();
    live.delete(victimId);
    const exited = once(victim.child, 'exit');
    victim.child.kill('SIGKILL');
    await exited;
    process.stderr.write(`cluster-losses: ${victimId} SIGKILLed holding ${victimShards.size} shards at ${new Date(killedAt).toISOString()} (${at()})\n`);
    const takeover = await settled(`${victimId} was killed`);

    // The broker leading most trade partitions, or the group's coordinator (none killed with brokerDownSeconds 0).
    const brokerPhase = options.brokerDownSeconds > 0;
    const admin = kafka.admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicMetadata({ topics: [tradeTopic] })).topics[0]?.partitions ?? [];
    const offsets = (await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })).topics[0]?.partitions ?? [];
    await admin.disconnect();
    const leaders = new Map<number, number>();
    for (const partition of partitions) leaders.set(partition.leader, (leaders.get(partition.leader) ?? 0) + 1);
    const [mostLeading] = [...leaders].sort((x, y) => y[1] - x[1])[0] ?? [1, 0];
    const coordinator = offsets.find((partition) => partition.partitionId === coordinatorPartition(`market-feed.${name}`, offsets.length))?.leader;
    const node = options.brokerKilled === 'coordinator' && coordinator !== undefined ? coordinator : mostLeading;
    const led = leaders.get(node) ?? 0;
    const brokerKilledAt = Date.now();
    if (brokerPhase) {
      const pid = Number(readFileSync(join(runDir, `node-${node}`, 'broker.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      process.stderr.write(
        `cluster-losses: broker ${node} (leading ${led} of ${partitions.length} trade partitions${node === coordinator ? ", the group's coordinator" : ''}) SIGKILLed at ${new Date(brokerKilledAt).toISOString()} (${at()})\n`,
      );
      await sleep(options.brokerDownSeconds * 1000);
      await kafkaScript('up');
    }
    const brokerBackAt = Date.now();
    if (brokerPhase) process.stderr.write(`cluster-losses: broker ${node} back at ${new Date(brokerBackAt).toISOString()} (${at()})\n`);
    const afterBroker = brokerPhase ? await settled(`broker ${node} came back`) : 0;
    await sleep(options.tailSeconds * 1000);

    const endTs = Date.now() - STALL_MARGIN_MS;
    for (const venue of VENUES) await fetch(`${controlUrl}/${venue}/stall?on=true`, { method: 'POST' });
    await sleep(3_000);
    const stops: number[] = [];
    for (const [id, instance] of [...live]) {
      live.delete(id);
      const from = Date.now();
      await stopProcess(instance.child, 120_000);
      stops.push(Date.now() - from);
    }
    running = false;
    await tapeReader;
    for (const venue of VENUES) await readTape(venue);
    process.stderr.write(`cluster-losses: stopped (${at()}), reading back\n`);

    const trades = await readTrades(kafka, tradeTopic);
    const statuses = await readRecords(kafka, `${prefix}${RECORD_TOPICS.feed_status}`);
    const rows: BenchRow[] = [];
    const row = (metric: string, value: number, unit: string, of = bench): void => void rows.push({ bench: of, metric, value, unit });
    row('standbys per shard', options.standbys, '');
    row('c joined a and b after', options.joinDelayMs / 1000, 's');
    row('a, b and c settled after c joined', joined / 1000, 's');
    for (const cost of costs) {
      row(`CPU of ${cost.id} in the ${options.trafficSeconds} s before the kill`, cost.cores * 100, '% of a core');
      row(`RSS of ${cost.id} before the kill`, cost.rssBytes / 1024 / 1024, 'MiB');
    }
    row(`${victimId} SIGKILLed holding`, victimShards.size, 'shards');
    row(`survivors settled after the SIGKILL`, takeover / 1000, 's');
    if (brokerPhase) {
      row(`broker ${node} SIGKILLed, leading trade partitions`, led, 'partitions');
      row(`broker ${node} down (SIGKILL -> answering again)`, (brokerBackAt - brokerKilledAt) / 1000, 's');
      row('survivors settled after the broker came back', afterBroker / 1000, 's');
    }
    row('SIGTERM -> exit of a survivor, max', Math.max(...stops), 'ms');
    // The killed instance's shards in the topic again, by the broker's append times (a standby publishes
    // what it held first).
    const resumed = takenOver(trades, victimShards, killedAt);
    if (resumed !== undefined) {
      const of = `${victimId}'s shards in the topic again (${resumed.shards} shards)`;
      row(`SIGKILL -> the first of ${of}`, resumed.first, 'ms');
      row(`SIGKILL -> the median of ${of}`, resumed.median, 'ms');
      row(`SIGKILL -> the last of ${of}`, resumed.last, 'ms');
    } else note(`no trade of ${victimId}'s shards in the topic after the kill`);

    const silentAll: string[] = [];
    const missedAll: string[] = [];
    // For a look afterwards, beside the instances' logs: the gaps and their answers, every trade missing and how.
    writeFileSync(
      join(work, 'gaps.ndjson'),
      statuses
        .filter((status) => String(status['state']).startsWith('gap'))
        .map((status) => JSON.stringify(status, (_, value: unknown) => (typeof value === 'bigint' ? Number(value) : value)))
        .join('\n'),
    );
    for (const venue of VENUES) {
      const of = `${bench}: ${venue}`;
      const own = trades.filter((trade) => trade.exchange === venue);
      const split = (trade: TradeTimes): { readonly symbol: string; readonly id: number } => ({
        symbol: trade.id.slice(0, trade.id.indexOf('/')),
        id: Number(trade.id.slice(trade.id.indexOf('/') + 1)),
      });
      const counts = new Map<string, number>();
      const copies = new Map<string, TradeTimes[]>();
      const firstTs = new Map<string, number>();
      const lastId = new Map<string, number>();
      let repaired = 0;
      for (const trade of own) {
        counts.set(trade.id, (counts.get(trade.id) ?? 0) + 1);
        copies.set(trade.id, [...(copies.get(trade.id) ?? []), trade]);
        const { symbol, id } = split(trade);
        lastId.set(symbol, Math.max(lastId.get(symbol) ?? 0, id));
        if (trade.source === 'repair') repaired++;
        else firstTs.set(symbol, Math.min(firstTs.get(symbol) ?? Number.POSITIVE_INFINITY, trade.exchangeTs));
      }
      const other = VENUES.find((v) => v !== venue) as Venue;
      const listedElsewhere = new Set(
        ((await (await fetch(`${controlUrl}/${other}/instruments`)).json()) as readonly { readonly symbol: string }[]).map((listing) => listing.symbol),
      );
      const { holes, unplaced } = namedHoles(statuses.filter((status) => status['exchange'] === venue));
      const holesOf = new Map<string, NamedHole[]>();
      for (const hole of holes) holesOf.set(hole.symbol, [...(holesOf.get(hole.symbol) ?? []), hole]);
      let made = 0;
      let missing = 0;
      let named = 0;
      let silent = 0;
      let unrevealed = 0;
      let unfollowed = 0;
      const answered = new Map<string, number>();
      for (const [symbol, ids] of tapes.get(venue) as Tape) {
        const from = firstTs.get(symbol);
        if (from === undefined) {
          // A symbol listed on this venue only, nothing of which is in the topic, though it traded after the cluster first settled.
          if (!listedElsewhere.has(symbol) && [...ids.values()].some((ts) => ts > settledAt + 30_000 && ts < endTs)) unfollowed++;
          continue;
        }
        let oldest = Number.POSITIVE_INFINITY;
        for (const ts of ids.values()) oldest = Math.min(oldest, ts);
        for (const [id, ts] of ids) {
          // Symbols followed on this venue, from their first trade in the topic (or the oldest the tapes read hold) to the stall.
          if (ts <= Math.max(from, oldest) || ts >= endTs) continue;
          made++;
          if (counts.has(`${symbol}/${id}`)) continue;
          missing++;
          const covering = (holesOf.get(symbol) ?? []).filter(
            (hole) => id <= hole.toId && (hole.fromId === undefined || id >= hole.fromId) && (hole.fromTs === undefined || ts >= hole.fromTs),
          );
          const what = `${venue} ${symbol} ${id} at ${new Date(ts).toISOString()} (shard ${shardOf(instrumentOf(symbol), SHARDS)})`;
          if (covering.length > 0) {
            named++;
            const answer = answerOf(covering);
            answered.set(answer, (answered.get(answer) ?? 0) + 1);
            missedAll.push(`${what}: in a named gap, ${answer}`);
          } else if ((lastId.get(symbol) ?? 0) > id) {
            silent++;
            silentAll.push(what);
            missedAll.push(`${what}: silently`);
          } else {
            unrevealed++;
            missedAll.push(`${what}: not revealed`);
          }
        }
      }
      const gaps = statuses.filter((status) => status['exchange'] === venue && status['state'] === 'gap').length;
      const answers = (state: string): number => statuses.filter((status) => status['exchange'] === venue && status['state'] === state).length;
      row('trades the venue made for followed instruments (in the window)', made, 'trades', of);
      row('of them missing from the trades topic', missing, 'trades', of);
      row('of the missing, inside a named gap', named, 'trades', of);
      for (const [answer, n] of [...answered].sort())
        row(`of those, in a gap ${answer.startsWith('unrepaired') ? `said gap_${answer}` : answer}`, n, 'trades', of);
      row('of the missing, silently (in no named gap, a later trade of the symbol in the topic)', silent, 'trades', of);
      row('of the missing, in no named gap and not revealed (no later trade of the symbol in the topic)', unrevealed, 'trades', of);
      row('trades repaired (source: repair)', repaired, 'trades', of);
      const twice = [...copies.values()].filter((copy) => copy.length > 1);
      row('trades in the topic twice', twice.length, 'trades', of);
      row('of them, one copy from a repair', twice.filter((copy) => copy.some((trade) => trade.source === 'repair')).length, 'trades', of);
      if (twice.length > 0)
        process.stderr.write(
          `${venue} twice:\n${twice
            .slice(0, 10)
            .map(
              (copy) =>
                `${copy[0]?.id ?? ''} made ${new Date(copy[0]?.exchangeTs ?? 0).toISOString()}: ${copy.map((trade) => `${trade.source} received ${new Date(trade.receivedTs).toISOString()} appended ${new Date(trade.appendTs).toISOString()}`).join(', ')}`,
            )
            .join('\n')}\n`,
        );
      row('gap statuses (named holes)', gaps, 'statuses', of);
      row('gap_repaired statuses', answers('gap_repaired'), 'statuses', of);
      row('gap_unrepaired statuses', answers('gap_unrepaired'), 'statuses', of);
      if (unplaced.length > 0) row('gap statuses of no form the bench places', unplaced.length, 'statuses', of);
      row('symbols listed on this venue only that traded after the cluster settled, none of their trades in the topic', unfollowed, 'symbols', of);
      const unrepairedWhy = new Map<string, number>();
      for (const status of statuses)
        if (status['exchange'] === venue && status['state'] === 'gap_unrepaired') {
          const why = String(status['reason']).split(':')[0] ?? '';
          unrepairedWhy.set(why, (unrepairedWhy.get(why) ?? 0) + 1);
        }
      for (const [why, n] of unrepairedWhy) row(`gap_unrepaired statuses: ${why}`, n, 'statuses', of);
      if (unplaced.length > 0) process.stderr.write(`${venue} gaps the bench does not place:\n${unplaced.slice(0, 10).join('\n')}\n`);
    }
    // What the instances warned of, by message.
    for (const [id, instance] of all) {
      const warned = new Map<string, number>();
      for (const line of linesOf(instance)) if ((line.level ?? 0) >= 40 && line.msg !== undefined) warned.set(line.msg, (warned.get(line.msg) ?? 0) + 1);
      process.stderr.write(`${id} warned:\n${[...warned].map(([msg, n]) => `  ${n} x ${msg}`).join('\n')}\n`);
    }
    writeFileSync(join(work, 'missing.txt'), missedAll.join('\n'));
    // Around the first symbols missing silently: what the venue made and what the topic holds of them, in time order.
    const context: string[] = [];
    for (const line of [...new Set(silentAll.map((what) => what.split(' ').slice(0, 2).join(' ')))].slice(0, 10)) {
      const [venue, symbol] = line.split(' ') as [Venue, string];
      const inTopic = new Map<number, TradeTimes[]>();
      for (const trade of trades)
        if (trade.exchange === venue && trade.id.startsWith(`${symbol}/`)) {
          const id = Number(trade.id.slice(symbol.length + 1));
          inTopic.set(id, [...(inTopic.get(id) ?? []), trade]);
        }
      const made = [...((tapes.get(venue) as Tape).get(symbol) ?? new Map<number, number>())].sort((x, y) => x[0] - y[0]);
      for (const [id, ts] of made) {
        const copies = inTopic.get(id) ?? [];
        const seen = copies.map(
          (trade) => `${trade.source} received ${new Date(trade.receivedTs).toISOString()} appended ${new Date(trade.appendTs).toISOString()}`,
        );
        context.push(`${venue} ${symbol} ${id} made ${new Date(ts).toISOString()}: ${seen.length === 0 ? 'MISSING' : seen.join('; ')}`);
      }
    }
    writeFileSync(join(work, 'silent-context.txt'), context.join('\n'));
    if (silentAll.length > 0) process.stderr.write(`missing silently (logs in ${work}):\n${silentAll.slice(0, 30).join('\n')}\n`);
    process.stderr.write(`instances' logs: ${work}\n`);
    for (const text of notes) row(`unusual: ${text}`, 1, '');
    return rows;
  } finally {
    running = false;
    await tapeReader?.catch(() => undefined);
    for (const instance of live.values()) await stopProcess(instance.child);
    if (sim !== undefined) await stopProcess(sim.child);
    await kafkaScript('clean').catch((error: unknown) => process.stderr.write(`cluster-losses: kafka.sh clean: ${String(error)}\n`));
  }
}

function victimOf(id: string): 'a' | 'b' | 'c' {
  if (id === 'a' || id === 'b' || id === 'c') return id;
  throw new Error(`BENCH_CLUSTER_LOSSES_VICTIM must be a, b or c, got ${id}`);
}

/** The bench's options from the environment (see bench/RESULTS.md). */
export function clusterLossesOptionsFromEnv(env: NodeJS.ProcessEnv): ClusterLossesBenchOptions {
  return {
    instruments: Number(env['BENCH_UNIVERSE_INSTRUMENTS'] ?? 2600),
    tradesPerSecond: Number(env['BENCH_UNIVERSE_RATE'] ?? 2000),
    kafkaPort: Number(env['BENCH_CLUSTER_LOSSES_KAFKA_PORT'] ?? 27100),
    kafkaRunDir: env['BENCH_CLUSTER_LOSSES_KAFKA_RUN_DIR'] ?? '.cache/kafka/bench-cluster-losses',
    joinDelayMs: Number(env['BENCH_CLUSTER_LOSSES_JOIN_DELAY_MS'] ?? 4000),
    trafficSeconds: Number(env['BENCH_CLUSTER_LOSSES_TRAFFIC_SECONDS'] ?? 10),
    brokerDownSeconds: Number(env['BENCH_CLUSTER_LOSSES_BROKER_DOWN_SECONDS'] ?? 10),
    brokerKilled: env['BENCH_CLUSTER_LOSSES_BROKER'] === 'coordinator' ? 'coordinator' : 'leader',
    tailSeconds: Number(env['BENCH_CLUSTER_LOSSES_TAIL_SECONDS'] ?? 120),
    victim: victimOf(env['BENCH_CLUSTER_LOSSES_VICTIM'] ?? 'a'),
    standbys: env['BENCH_CLUSTER_LOSSES_STANDBYS'] === '1' ? 1 : 0,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchClusterLosses(clusterLossesOptionsFromEnv(process.env));
  process.stdout.write(`${formatTable(rows)}\n`);
}
