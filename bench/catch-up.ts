/**
 * A consumer of the topics (`market-feed archive`, `market-feed questdb`) catching up on a topic of
 * generated trades, as the archive and QuestDB benches measure it: the trades produced first into a
 * topic of their own, then the consumer, a new group, from the beginning until it has read every one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Kafka } from 'kafkajs';
import { createLibrdkafkaProducer } from '../src/kafka/librdkafka-producer.js';
import { createLogger } from '../src/logging/create-logger.js';
import type { TradeEvent } from '../src/model/index.js';
import { createKafkaSink } from '../src/sink/kafka-sink.js';
import { RecordEncoder } from '../src/sink/record-encoder.js';
import { RECORD_TOPICS, sinkTopics } from '../src/sink/sink-topics.js';
import { awaitCommitted, stopArchiver, type ArchiverProcess } from './archive-process.js';
import { procStats, sleep } from './bench-processes.js';

const PARTITIONS = 6;
const SYMBOLS = 200;

/** A seeded random walk: trade `n` of `SYMBOLS` symbols, about 1,000 trades a second in all, each symbol's ids in sequence. */
export function tradeGenerator(seed = 7): (n: number) => TradeEvent {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const prices = Array.from({ length: SYMBOLS }, (_, i) => 10 ** (4 - (i % 6)) * (1 + random()));
  const ids = Array.from({ length: SYMBOLS }, () => Math.floor(random() * 1e9));
  let ts = Date.UTC(2026, 10, 26);
  return (n) => {
    // Busier symbols first: a long tail as at a venue.
    const s = Math.min(SYMBOLS - 1, Math.floor(SYMBOLS * random() ** 2));
    const price = (prices[s] as number) * (1 + (random() - 0.5) * 0.0004);
    prices[s] = price;
    ids[s] = (ids[s] as number) + 1;
    ts += random() < 0.5 ? 0 : Math.round(random() * 4);
    const decimals = Math.max(0, 6 - Math.floor(Math.log10(price)));
    const buy = random() < 0.5;
    return {
      type: 'trade',
      exchange: n % 3 === 0 ? 'binance' : 'bybit',
      symbol: `S${s}USDT`,
      coin: `S${s}`,
      quote: 'USDT',
      exchangeTs: ts,
      receivedTs: ts + 3 + Math.floor(random() * 20),
      isFallback: false,
      env: 'prod',
      connectionId: 'bench-archive-1',
      tradeId: String(ids[s]),
      price: Number(price.toFixed(decimals)),
      quantity: Number((-Math.log(1 - random()) * 100).toPrecision(4)) / (1 + price / 100),
      side: buy ? 'BUY' : 'SELL',
      isBuyerMaker: !buy,
    };
  };
}

/** Writes `count` trades through the Kafka sink into `<prefix>market.trades.v1`; returns the Avro bytes of their values. */
export async function produceTrades(brokers: readonly string[], prefix: string, count: number): Promise<number> {
  const logger = createLogger({ level: 'silent' });
  const producer = createLibrdkafkaProducer({
    brokers,
    clientId: 'market-feed-bench-archive',
    admin: new kafkajs.Kafka({ clientId: 'market-feed-bench-archive', brokers: [...brokers], logLevel: kafkajs.logLevel.NOTHING }),
    topics: { partitions: PARTITIONS },
    logger,
  });
  const spoolDir = mkdtempSync(join(tmpdir(), 'mf-bench-archive-spool-'));
  const sink = createKafkaSink({ producer, topicPrefix: prefix, encoding: { kind: 'single-object' }, batch: { maxRecords: 2000 }, spoolDir, logger });
  const encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics(prefix));
  await sink.start();
  const next = tradeGenerator();
  let avroBytes = 0;
  try {
    let n = 0;
    while (n < count) {
      const room = Math.min(2000, 40_000 - sink.counters.buffered);
      for (const end = Math.min(count, n + room); n < end; n++) {
        const trade = next(n);
        avroBytes += encoder.encodeRecord(trade).value.length;
        sink.write(trade);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { undelivered } = await sink.close({ deadlineMs: 300_000 });
    if (undelivered !== 0 || sink.counters.acked !== count) throw new Error(`produceTrades: ${sink.counters.acked} of ${count} trades acked`);
    return avroBytes;
  } finally {
    rmSync(spoolDir, { recursive: true, force: true });
  }
}

/** The trades' topic, and the group the consumer joins. */
export interface CatchUpTopic {
  /** `bench-<name>-<ms>.`: the topic's prefix. */
  readonly prefix: string;
  readonly topic: string;
  readonly group: string;
  /** The Avro bytes of the trades' values. */
  readonly avroBytes: number;
  /** How long the sink took to write them into Kafka, s. */
  readonly produceSeconds: number;
}

/** Produces `trades` generated trades into `bench-<name>-<ms>.market.trades.v1` (6 partitions). */
export async function produceCatchUp(brokers: readonly string[], name: string, trades: number): Promise<CatchUpTopic> {
  const prefix = `bench-${name}-${Date.now()}.`;
  const producedAt = performance.now();
  const avroBytes = await produceTrades(brokers, prefix, trades);
  return {
    prefix,
    topic: `${prefix}${RECORD_TOPICS.trade}`,
    group: `bench-${name}-${Date.now()}`,
    avroBytes,
    produceSeconds: (performance.now() - producedAt) / 1000,
  };
}

/** What the consumer's catch-up cost. */
export interface CatchUpCost {
  /** Its busy time, the stop after SIGTERM included, s. */
  readonly seconds: number;
  /** Its CPU (user + system) from the end of its start-up to its exit, s. */
  readonly cpuSeconds: number;
  /** Its CPU before the records came (node, the group's join, ...), s. */
  readonly startUpCpuSeconds: number;
  /** Its peak RSS sampled every 200 ms, bytes. */
  readonly sampledPeakRssBytes: number;
  /** Its peak RSS as it said at its exit, bytes. */
  readonly peakRssBytes: number;
  /** `serverCpuSeconds`' growth over the busy time, when given and known. */
  readonly serverCpuSeconds?: number;
}

export interface CatchUpOptions {
  /** The consumer in messages (`archiver`, `questdb loader`). */
  readonly name: string;
  /** Started on the topic as the group. */
  readonly consumer: ArchiverProcess;
  readonly kafka: Kafka;
  readonly topic: CatchUpTopic;
  /** The CPU seconds of a server the consumer writes to (QuestDB's), when it runs on this machine. */
  readonly serverCpuSeconds?: () => number | undefined;
}

/**
 * CPU sampled every 200 ms: busy from the first sample over 20 % of a core once its partitions are
 * assigned (start-up ends where the records start coming: its CPU is left out), until 3 s with none
 * (every record read); then SIGTERM, and its time counts from the signal to the exit. Throws when the
 * consumer exits before, fails, takes over 10 minutes, or has not committed every offset at its exit.
 * The consumer is stopped in any case.
 */
export async function measureCatchUp(options: CatchUpOptions): Promise<CatchUpCost> {
  const { consumer, name } = options;
  const server = (): number | undefined => options.serverCpuSeconds?.();
  try {
    let last: { at: number; cpu: number; server: number | undefined } | undefined;
    let busyStart: typeof last;
    let busyEnd: typeof last;
    let sampledPeakRssBytes = 0;
    const started = performance.now();
    for (;;) {
      await sleep(200);
      const stats = procStats(consumer.pid);
      if (stats === undefined) throw new Error(`${name} exited: ${consumer.stderr().slice(-2000)}`);
      sampledPeakRssBytes = Math.max(sampledPeakRssBytes, stats.rssBytes);
      const now = { at: performance.now(), cpu: stats.cpuSeconds, server: server() };
      const busy = last !== undefined && (now.cpu - last.cpu) / ((now.at - last.at) / 1000) > 0.2;
      if (busy && busyStart === undefined && consumer.stderr().includes('partitions assigned')) busyStart = last;
      if (busy) busyEnd = now;
      last = now;
      if (busyStart !== undefined && busyEnd !== undefined && now.at - busyEnd.at > 3000) break;
      if (now.at - started > 600_000) throw new Error(`${name}: not done in 10 minutes`);
    }
    const signalled = performance.now();
    const { code, usage } = await stopArchiver(consumer);
    const finished = performance.now();
    if (code !== 0 || usage === undefined || busyStart === undefined || busyEnd === undefined)
      throw new Error(`${name} exited ${code}: ${consumer.stderr().slice(-2000)}`);
    const { topic, group } = options.topic;
    if (!(await awaitCommitted(options.kafka, group, [topic], 10_000))) throw new Error(`${name}: not every offset committed at its exit`);
    const serverCpu = busyStart.server === undefined || busyEnd.server === undefined ? undefined : busyEnd.server - busyStart.server;
    return {
      seconds: (busyEnd.at - busyStart.at + (finished - signalled)) / 1000,
      cpuSeconds: usage.cpuSeconds - busyStart.cpu,
      startUpCpuSeconds: busyStart.cpu,
      sampledPeakRssBytes,
      peakRssBytes: usage.maxRssBytes,
      ...(serverCpu === undefined ? {} : { serverCpuSeconds: serverCpu }),
    };
  } finally {
    if (consumer.child.exitCode === null) await stopArchiver(consumer, 10_000);
  }
}
