import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { RecordDecoder } from '../src/sink/record-decoder.js';

const { Kafka, logLevel } = kafkajs;

/** Totals of a soak run's trades topic against its gap statuses (Binance ids are consecutive per symbol). */
export interface SoakReconciliation {
  readonly tradesInKafka: number;
  readonly distinctTrades: number;
  readonly duplicates: number;
  /** Ids named missing by `gap` statuses. */
  readonly gapIds: number;
  /** Ids between a symbol's first and last trade in Kafka that are neither in Kafka nor in a gap. */
  readonly unexplained: number;
  readonly deadLetters: number;
  readonly statusCounts: Readonly<Record<string, number>>;
}

/** Reads a run's trades, statuses and dead letters to their ends and reconciles them, holding only ids. */
export async function reconcileSoak(brokers: readonly string[], prefix: string): Promise<SoakReconciliation> {
  const topics = { trades: `${prefix}market.trades.v1`, status: `${prefix}market.feed-status.v1`, dlq: `${prefix}market.dlq.v1` };
  const kafka = new Kafka({ clientId: 'soak-reconcile', brokers: [...brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  for (const topic of Object.values(topics)) {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic))
      if (BigInt(high) > BigInt(low)) remaining.set(`${topic}/${partition}`, BigInt(high));
  }
  await admin.disconnect();

  const decoder = new RecordDecoder();
  const ids = new Map<string, Set<number>>();
  const gaps: { symbol: string; from: number; to: number }[] = [];
  const statusCounts: Record<string, number> = {};
  let tradesInKafka = 0;
  let duplicates = 0;
  let deadLetters = 0;
  const consumer = kafka.consumer({ groupId: `soak-${randomUUID()}`, maxBytes: 50 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(topics), fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not read to the end: ${[...remaining.keys()].join(', ')}`)), 30 * 60_000);
    if (remaining.size === 0) resolve();
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          if (message.value === null) continue;
          if (batch.topic === topics.dlq) deadLetters++;
          else {
            const { value } = await decoder.decode(message.value);
            if (batch.topic === topics.trades) {
              tradesInKafka++;
              const symbol = String(value['symbol']);
              const set = ids.get(symbol) ?? new Set<number>();
              ids.set(symbol, set);
              const id = Number(value['tradeId']);
              if (set.has(id)) duplicates++;
              set.add(id);
            } else {
              const state = String(value['state']);
              statusCounts[state] = (statusCounts[state] ?? 0) + 1;
              if (state === 'gap') gaps.push({ symbol: String(value['symbol']), from: Number(value['missingFrom']), to: Number(value['missingTo']) });
            }
          }
          const slot = `${batch.topic}/${batch.partition}`;
          const high = remaining.get(slot);
          if (high !== undefined && BigInt(message.offset) + 1n >= high) remaining.delete(slot);
        }
        if (remaining.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();

  let unexplained = 0;
  let distinctTrades = 0;
  for (const [symbol, set] of ids) {
    distinctTrades += set.size;
    const covered = (id: number): boolean => gaps.some((g) => g.symbol === symbol && g.from <= id && id <= g.to);
    let min = Infinity;
    let max = -Infinity;
    for (const id of set) {
      min = Math.min(min, id);
      max = Math.max(max, id);
    }
    for (let id = min; id <= max; id++) if (!set.has(id) && !covered(id)) unexplained++;
  }
  return { tradesInKafka, distinctTrades, duplicates, gapIds: gaps.reduce((n, g) => n + g.to - g.from + 1, 0), unexplained, deadLetters, statusCounts };
}
