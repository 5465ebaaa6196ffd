/**
 * What one probe of the readers that follow topics (the dashboard, the sniper, `consume`) costs:
 * `offsets()` of the dashboard's number of topics, each read's wall time and the process's CPU,
 * with librdkafka beside kafkajs on the same topics in the same run.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { BenchRow } from './bench-report.js';
import { benchKafka } from './kafka-readback.js';
import { createKafkajsReader } from '../src/kafka/kafkajs-reader.js';
import { createLibrdkafkaReader } from '../src/kafka/librdkafka-reader.js';
import type { PartitionReader } from '../src/kafka/partition-reader.js';
import { createTopicsWithLeaders } from '../src/kafka/ensure-topics.js';

export interface ReaderProbeOptions {
  readonly brokers: readonly string[];
  /** Topics probed at once; default 20 (the dashboard reads about as many). */
  readonly topics?: number;
  readonly partitions?: number;
  /** Probes per reader per round. */
  readonly probes: number;
  readonly rounds: number;
}

interface ProbeCost {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Probes until the reader finds every topic: a reader's metadata of topics created just before may
 * lag the broker's (on a busy machine a first probe found 2 of 4). Gives up after 30 s.
 */
async function untilEveryTopicKnown(reader: PartitionReader, topics: readonly string[]): Promise<void> {
  const started = performance.now();
  for (;;) {
    const found = await reader.offsets(topics);
    if (found.size === topics.length) return;
    if (performance.now() - started > 30_000) throw new Error(`a probe found ${found.size} of ${topics.length} topics after 30 s`);
    await sleep(200);
  }
}

async function probeCost(reader: PartitionReader, topics: readonly string[], probes: number): Promise<ProbeCost> {
  await reader.connect();
  try {
    await untilEveryTopicKnown(reader, topics);
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < probes; i++) {
      const found = await reader.offsets(topics);
      if (found.size !== topics.length) throw new Error(`a probe found ${found.size} of ${topics.length} topics`);
    }
    const used = process.cpuUsage(cpu);
    return { wallMs: (performance.now() - start) / probes, cpuMs: (used.user + used.system) / 1000 / probes };
  } finally {
    await reader.close();
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function benchReaderProbe(options: ReaderProbeOptions): Promise<BenchRow[]> {
  const kafka = benchKafka(options.brokers);
  const prefix = `bench-probe-${randomBytes(3).toString('hex')}`;
  const topics = Array.from({ length: options.topics ?? 20 }, (_, n) => `${prefix}.t${n}`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsWithLeaders(
      admin,
      topics.map((topic) => ({ topic, numPartitions: options.partitions ?? 3 })),
    );
    const logger = pino({ level: 'silent' });
    const connection = { brokers: [...options.brokers], clientId: 'market-feed-bench' };
    const librdkafka: ProbeCost[] = [];
    const kafkajs: ProbeCost[] = [];
    // Alternating rounds: load from the shared machine hits both.
    for (let round = 0; round < options.rounds; round++) {
      librdkafka.push(await probeCost(createLibrdkafkaReader({ connection, logger }), topics, options.probes));
      kafkajs.push(await probeCost(createKafkajsReader({ kafka, logger }), topics, options.probes));
    }
    const shape = `${topics.length} topics x ${options.partitions ?? 3} partitions`;
    return [
      {
        bench: 'reader-probe',
        metric: `librdkafka offsets() of ${shape}, wall`,
        value: median(librdkafka.map((c) => c.wallMs)),
        unit: 'ms',
        baseline: { name: 'kafkajs reader', value: median(kafkajs.map((c) => c.wallMs)) },
      },
      {
        bench: 'reader-probe',
        metric: `librdkafka offsets() of ${shape}, CPU`,
        value: median(librdkafka.map((c) => c.cpuMs)),
        unit: 'ms',
        baseline: { name: 'kafkajs reader', value: median(kafkajs.map((c) => c.cpuMs)) },
      },
    ];
  } finally {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}
