/**
 * A process that streams synthetic trades into the Kafka sink until SIGTERM, then closes the sink
 * with a deadline and exits 0. Used by the shutdown tests.
 *
 * Environment: KAFKA_BROKERS, TOPIC_PREFIX, SPOOL_DIR, TRADES_PER_TICK (default 20, every 10 ms),
 * CLOSE_DEADLINE_MS (default 8000). Prints JSON lines on stdout: `{"event":"started"}` once the
 * sink runs, then `{"event":"closed","accepted":N,"undelivered":M,...}` after SIGTERM.
 */
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '../../src/logging/create-logger.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { sinkProducer, trade } from '../sink/sink-fixtures.js';

const env = process.env;
const kafka = new Kafka({
  clientId: 'trade-streamer',
  brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:29092').split(','),
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1_000,
  retry: { initialRetryTime: 100, maxRetryTime: 1_000 },
});
const sink = createKafkaSink({
  producer: sinkProducer(kafka, { partitions: 3 }),
  topicPrefix: env['TOPIC_PREFIX'] ?? '',
  encoding: { kind: 'single-object' },
  buffer: { maxRecords: 2_000 },
  spoolDir: env['SPOOL_DIR'] ?? '.cache/spool',
  logger: createLogger({ level: env['LOG_LEVEL'] ?? 'silent' }),
});
const perTick = Number(env['TRADES_PER_TICK'] ?? 20);
const deadlineMs = Number(env['CLOSE_DEADLINE_MS'] ?? 8_000);

await sink.start();
let next = 0;
const ticker = setInterval(() => {
  for (let i = 0; i < perTick; i++) sink.write(trade(next++));
}, 10);
process.stdout.write(`${JSON.stringify({ event: 'started' })}\n`);

process.once('SIGTERM', () => {
  clearInterval(ticker);
  const closingAt = Date.now();
  void sink.close({ deadlineMs }).then(({ undelivered }) => {
    const report = { event: 'closed', accepted: sink.counters.accepted, undelivered, closeMs: Date.now() - closingAt, counters: sink.counters };
    process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
  });
});
