import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '../../src/logging/create-logger.js';
import type { SinkCompression } from '../../src/kafka/compression-codecs.js';
import { createKafkajsProducer } from '../../src/kafka/kafkajs-producer.js';
import type { ProducerPort } from '../../src/kafka/producer-port.js';
import type { TradeEvent } from '../../src/model/index.js';
import type { RecordDecoder } from '../../src/sink/record-decoder.js';
import { readTopicsWith } from '../support/topic-reader.js';

export const COINS = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE'] as const;

/** Trade number `n`: coins rotate, so each key gets every fifth trade; `tradeId` is `n`. */
export function trade(n: number): TradeEvent {
  const coin = COINS[n % COINS.length] ?? 'BTC';
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
    connectionId: 'conn-1',
    tradeId: String(n),
    price: 100 + (n % 1000) / 10,
    quantity: 0.5,
    side: n % 2 === 0 ? 'BUY' : 'SELL',
    isBuyerMaker: n % 2 === 1,
  };
}

/** A topic prefix no other test uses. */
export function uniquePrefix(label: string): string {
  return `t-${label}-${randomBytes(4).toString('hex')}.`;
}

/** The sink's kafkajs producer on `kafka`, creating missing topics with `partitions` (default 6). */
export function sinkProducer(kafka: Kafka, options: { readonly partitions?: number; readonly compression?: SinkCompression } = {}): ProducerPort {
  return createKafkajsProducer({
    kafka,
    topics: options.partitions === undefined ? {} : { partitions: options.partitions },
    ...(options.compression === undefined ? {} : { compression: options.compression }),
    logger: createLogger({ level: 'silent' }),
  });
}

export function testKafka(brokers: string): Kafka {
  return new Kafka({ clientId: 'sink-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

export interface ReadMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly schemaName: string;
  readonly value: Record<string, unknown>;
}

/**
 * Reads every record a topic holds now (each partition to its end, each record once), decoded by `decoder`.
 * A stall of `timeoutMs` (default 60 s) without a record before the partitions' ends fails the read, naming them.
 */
export async function readTopic(kafka: Kafka, topic: string, decoder: RecordDecoder, options: { readonly timeoutMs?: number } = {}): Promise<ReadMessage[]> {
  const records = (await readTopicsWith(kafka, [topic], { decoder, ...options })).get(topic) ?? [];
  return records.map(({ partition, offset, key, headers, schemaName, value }) => ({ partition, offset, key, headers, schemaName, value: { ...value } }));
}

/** Where a record sits and what it holds: all that reconciling needs. */
export type PlacedRecord = Pick<ReadMessage, 'partition' | 'offset' | 'key'> & { readonly value: Readonly<Record<string, unknown>> };

/** Trade ids per key, in the order the topic holds them (partition order; a key lives in one partition). */
export function tradeIdsByKey(messages: readonly PlacedRecord[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  const sorted = [...messages].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  for (const m of sorted) {
    const list = byKey.get(m.key) ?? [];
    list.push(Number(m.value['tradeId']));
    byKey.set(m.key, list);
  }
  return byKey;
}

/** Asserts-free summary: how many ids are missing and duplicated against 0..count-1, and keys out of order. */
export function reconcile(messages: readonly PlacedRecord[], count: number): { missing: number; duplicates: number; outOfOrderKeys: string[] } {
  const seen = new Uint8Array(count);
  let duplicates = 0;
  for (const m of messages) {
    const id = Number(m.value['tradeId']);
    if ((seen[id] ?? 0) > 0) duplicates++;
    seen[id] = 1;
  }
  const missing = seen.reduce((n, s) => n + (s === 0 ? 1 : 0), 0);
  const outOfOrderKeys = [...tradeIdsByKey(messages)].filter(([, ids]) => ids.some((id, i) => i > 0 && id <= (ids[i - 1] ?? -1))).map(([key]) => key);
  return { missing, duplicates, outOfOrderKeys };
}

/**
 * At-least-once: like {@link reconcile}, but counting repeated ids and the span they lie in (one
 * produce request whose acknowledgement never came, sent again by the next process, repeats at most
 * its records, consecutive ids split among partitions). Order per key is checked on each id's first delivery.
 */
export function reconcileAtLeastOnce(
  messages: readonly ReadMessage[],
  count: number,
): { missing: number; duplicates: number; duplicateSpan: number; outOfOrderKeys: string[] } {
  const seen = new Set<number>();
  const firsts: ReadMessage[] = [];
  const repeated = new Set<number>();
  const sorted = [...messages].sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  for (const m of sorted) {
    const id = Number(m.value['tradeId']);
    if (seen.has(id)) repeated.add(id);
    else firsts.push(m);
    seen.add(id);
  }
  const { missing, outOfOrderKeys } = reconcile(firsts, count);
  const ids = [...repeated].sort((a, b) => a - b);
  // From the first repeated id to the last: one request's records are consecutive ids, whichever of its
  // partitions the broker appended before it went away (so its repeats need not run on by one).
  const duplicateSpan = ids.length === 0 ? 0 : (ids.at(-1) ?? 0) - (ids[0] ?? 0) + 1;
  return { missing, duplicates: messages.length - firsts.length, duplicateSpan, outOfOrderKeys };
}
