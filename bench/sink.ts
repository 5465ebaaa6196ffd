/**
 * The Kafka sink alone against a real broker (`acks: -1`, idempotent): N trades written into
 * `createKafkaSink` and closed once all are acknowledged. Reports the process's CPU per acked
 * record (`process.cpuUsage()`), records/s, and the longest event-loop stall; beside it the
 * same-run baseline: kafkajs `producer.send` of the same pre-encoded messages, no headers,
 * batches of the same size, one request in flight.
 *
 * Three shapes: `paced` (writes only while the buffer has room, as a pipeline below capacity),
 * `overload` (writes as fast as it can into a small buffer, so most records spill to the spool
 * and are re-sent from it) and `outage` (every send fails while the trades are written, as with
 * the broker down, so all but the buffer's worth spill; then the broker is back and the spool is
 * re-sent; its stall is the longest while spilling).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import kafkajs from 'kafkajs';
import { createLogger } from '../src/logging/create-logger.js';
import type { TradeEvent } from '../src/model/index.js';
import { createKafkaSink } from '../src/sink/kafka-sink.js';
import { createKafkajsProducer } from '../src/kafka/kafkajs-producer.js';
import { createLibrdkafkaProducer } from '../src/kafka/librdkafka-producer.js';
import type { ProducerPort, ProducerRecord } from '../src/kafka/producer-port.js';
import { RecordEncoder } from '../src/sink/record-encoder.js';
import { sinkTopics } from '../src/sink/sink-topics.js';
import { formatTable, median, type BenchRow } from './bench-report.js';
import { createTopicsWithLeaders } from '../src/kafka/ensure-topics.js';

const { Kafka, logLevel } = kafkajs;

export interface SinkBenchOptions {
  readonly brokers: readonly string[];
  /** Trades per run. */
  readonly records: number;
  /** Runs per shape (the median is reported). */
  readonly runs: number;
  readonly batchMaxRecords: number;
  readonly partitions?: number;
  /** Also run the sink with the librdkafka producer (needs the optional package). */
  readonly librdkafka?: boolean;
}

interface Measured {
  /** CPU of the whole process (every thread: librdkafka's too) per record. */
  readonly cpuMicrosPerRecord: number;
  /** Busy time of the event loop per record: what the pipeline's own thread pays. */
  readonly loopMicrosPerRecord: number;
  readonly recordsPerSecond: number;
  readonly maxStallMs: number;
}

/** Records written per event-loop turn, as a pipeline handing over a few frames' worth at a time. */
const WRITES_PER_TURN = 500;

const COINS = Array.from({ length: 200 }, (_, i) => `C${i}`);

/** Trade number `n`: 200 keys in rotation. */
export function benchTrade(n: number): TradeEvent {
  const coin = COINS[n % COINS.length] ?? 'C0';
  return {
    type: 'trade',
    exchange: 'bybit',
    symbol: `${coin}USDT`,
    coin,
    quote: 'USDT',
    exchangeTs: 1_700_000_000_000 + n,
    receivedTs: 1_700_000_000_005 + n,
    isFallback: false,
    env: 'prod',
    connectionId: 'bench-1',
    tradeId: String(2_290_000_000_000_000 + n),
    price: 67_000 + (n % 1000) / 10,
    quantity: 0.001 * (1 + (n % 7)),
    side: n % 2 === 0 ? 'BUY' : 'SELL',
    isBuyerMaker: n % 2 === 1,
  };
}

const client = (brokers: readonly string[]): InstanceType<typeof Kafka> =>
  new Kafka({ clientId: 'market-feed-bench-sink', brokers: [...brokers], logLevel: logLevel.NOTHING });

/** Measures CPU and wall time of `work` for `records` records, and the longest event-loop stall. */
async function measure(records: number, work: () => Promise<void>): Promise<Measured> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(loop);
  delay.disable();
  return {
    cpuMicrosPerRecord: (used.user + used.system) / records,
    loopMicrosPerRecord: (busy.active * 1000) / records,
    recordsPerSecond: records / seconds,
    maxStallMs: delay.max / 1e6,
  };
}

type Shape = 'paced' | 'overload' | 'outage';
type Client = 'kafkajs' | 'librdkafka';

/** The kafkajs port, with a switch that makes every send fail as if the broker were down. */
function switchable(port: ProducerPort): ProducerPort & { down: boolean } {
  const state = { down: false };
  return Object.assign(state, {
    createTopics: (topics: readonly string[]) => port.createTopics(topics),
    connect: () => port.connect(),
    send: (records: readonly ProducerRecord[]) => (state.down ? Promise.reject(new Error('broker down (bench)')) : port.send(records)),
    classify: (error: unknown) => port.classify(error),
    onTrouble: (listener: (reason: string) => void) => port.onTrouble(listener),
    close: () => port.close(),
  });
}

function producerOf(options: SinkBenchOptions, kind: Client): ProducerPort {
  const logger = createLogger({ level: 'silent' });
  const topics = { partitions: options.partitions ?? 6 };
  return kind === 'kafkajs'
    ? createKafkajsProducer({ kafka: client(options.brokers), topics, logger })
    : createLibrdkafkaProducer({ brokers: options.brokers, clientId: 'market-feed-bench-sink', admin: client(options.brokers), topics, logger });
}

async function sinkRun(options: SinkBenchOptions, shape: Shape, kind: Client = 'kafkajs'): Promise<Measured> {
  const spoolDir = mkdtempSync(join(tmpdir(), 'mf-bench-sink-'));
  const bufferMax = shape === 'paced' ? 20_000 : 2_000;
  const producer = switchable(producerOf(options, kind));
  const sink = createKafkaSink({
    producer,
    ...(shape === 'outage' ? { retry: { initialDelayMs: 50, maxDelayMs: 200 } } : {}),
    topicPrefix: `bench-sink-${kind}-${shape}-${Date.now()}.`,
    encoding: { kind: 'single-object' },
    batch: { maxRecords: options.batchMaxRecords },
    buffer: { maxRecords: bufferMax },
    spoolDir,
    logger: createLogger({ level: 'silent' }),
  });
  await sink.start();
  const spilling = monitorEventLoopDelay({ resolution: 10 });
  try {
    const result = await measure(options.records, async () => {
      producer.down = shape === 'outage';
      if (producer.down) spilling.enable();
      let n = 0;
      while (n < options.records) {
        const room = shape === 'paced' ? Math.min(WRITES_PER_TURN, bufferMax - sink.counters.buffered) : WRITES_PER_TURN;
        for (const end = Math.min(options.records, n + room); n < end; n++) sink.write(benchTrade(n));
        await new Promise((resolve) => setImmediate(resolve));
      }
      spilling.disable();
      producer.down = false;
      const { undelivered } = await sink.close({ deadlineMs: 300_000 });
      if (undelivered !== 0 || sink.counters.acked !== options.records) {
        throw new Error(`sink bench: ${sink.counters.acked} of ${options.records} acked, ${undelivered} undelivered`);
      }
    });
    // While the broker is down only the spool works: the stall of that phase is the spool's.
    return shape === 'outage' ? { ...result, maxStallMs: spilling.max / 1e6 } : result;
  } finally {
    rmSync(spoolDir, { recursive: true, force: true });
  }
}

/** kafkajs `send` of the same encoded trades without headers, batches of the same size, one in flight. */
async function baselineRun(options: SinkBenchOptions): Promise<Measured> {
  const topics = sinkTopics(`bench-sink-base-${Date.now()}.`);
  const encoder = await RecordEncoder.create({ kind: 'single-object' }, topics);
  const messages = Array.from({ length: options.records }, (_, n) => {
    const { key, value } = encoder.encodeRecord(benchTrade(n));
    return { key, value };
  });
  const kafka = client(options.brokers);
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, [{ topic: topics.records.trade, numPartitions: options.partitions ?? 6 }]);
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    return await measure(options.records, async () => {
      for (let i = 0; i < messages.length; i += options.batchMaxRecords) {
        await producer.send({ topic: topics.records.trade, acks: -1, messages: messages.slice(i, i + options.batchMaxRecords) });
      }
    });
  } finally {
    await producer.disconnect();
  }
}

export async function benchSink(options: SinkBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const base: Measured[] = [];
  const runs: Record<Shape, Measured[]> = { paced: [], overload: [], outage: [] };
  const rdkafka: Record<'paced' | 'overload', Measured[]> = { paced: [], overload: [] };
  for (let r = 0; r < options.runs; r++) {
    base.push(await baselineRun(options));
    runs.paced.push(await sinkRun(options, 'paced'));
    runs.overload.push(await sinkRun(options, 'overload'));
    runs.outage.push(await sinkRun(options, 'outage'));
    if (options.librdkafka === true) {
      rdkafka.paced.push(await sinkRun(options, 'paced', 'librdkafka'));
      rdkafka.overload.push(await sinkRun(options, 'overload', 'librdkafka'));
    }
  }
  const med = (list: readonly Measured[], pick: (m: Measured) => number): number => median(list.map(pick));
  const baseline = (name: string, value: number): NonNullable<BenchRow['baseline']> => ({ name, value });
  const count = options.records.toLocaleString('en-US');
  for (const shape of ['paced', 'overload', 'outage'] as const) {
    const bench = `sink ${shape} (${count} trades, batch ${options.batchMaxRecords}, median of ${options.runs})`;
    const list = runs[shape];
    rows.push(
      {
        bench,
        metric: 'CPU per acked record',
        value: med(list, (m) => m.cpuMicrosPerRecord),
        unit: 'µs',
        baseline: baseline(
          'kafkajs send, no headers',
          med(base, (m) => m.cpuMicrosPerRecord),
        ),
      },
      {
        bench,
        metric: 'event-loop busy per acked record',
        value: med(list, (m) => m.loopMicrosPerRecord),
        unit: 'µs',
        baseline: baseline(
          'kafkajs send, no headers',
          med(base, (m) => m.loopMicrosPerRecord),
        ),
      },
      {
        bench,
        metric: 'records/s acked',
        value: med(list, (m) => m.recordsPerSecond),
        unit: 'records/s',
        baseline: baseline(
          'kafkajs send, no headers',
          med(base, (m) => m.recordsPerSecond),
        ),
      },
      {
        bench,
        metric: 'longest event-loop stall',
        value: Math.max(...list.map((m) => m.maxStallMs)),
        unit: 'ms',
        baseline: baseline('kafkajs send, no headers', Math.max(...base.map((m) => m.maxStallMs))),
      },
    );
  }
  for (const shape of ['paced', 'overload'] as const) {
    const list = rdkafka[shape];
    if (list.length === 0) continue;
    const bench = `sink ${shape}, librdkafka producer (${count} trades, batch ${options.batchMaxRecords}, median of ${options.runs})`;
    const kafkajsSink = (pick: (m: Measured) => number): NonNullable<BenchRow['baseline']> => baseline('same sink, kafkajs producer', med(runs[shape], pick));
    rows.push(
      { bench, metric: 'CPU per acked record', value: med(list, (m) => m.cpuMicrosPerRecord), unit: 'µs', baseline: kafkajsSink((m) => m.cpuMicrosPerRecord) },
      {
        bench,
        metric: 'event-loop busy per acked record',
        value: med(list, (m) => m.loopMicrosPerRecord),
        unit: 'µs',
        baseline: kafkajsSink((m) => m.loopMicrosPerRecord),
      },
      { bench, metric: 'records/s acked', value: med(list, (m) => m.recordsPerSecond), unit: 'records/s', baseline: kafkajsSink((m) => m.recordsPerSecond) },
      {
        bench,
        metric: 'longest event-loop stall',
        value: Math.max(...list.map((m) => m.maxStallMs)),
        unit: 'ms',
        baseline: baseline('same sink, kafkajs producer', Math.max(...runs[shape].map((m) => m.maxStallMs))),
      },
    );
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const rows = await benchSink({
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    records: Number(env.BENCH_SINK_RECORDS ?? 200_000),
    runs: Number(env.BENCH_SINK_RUNS ?? 3),
    batchMaxRecords: Number(env.BENCH_SINK_BATCH_MAX_RECORDS ?? 1000),
    librdkafka: env.BENCH_SINK_LIBRDKAFKA !== '0',
  });
  process.stdout.write(formatTable(rows));
}
