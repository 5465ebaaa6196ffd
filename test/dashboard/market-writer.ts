import kafkajs from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RecordEncoder } from '../../src/sink/record-encoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import type { FeedRecord } from '../../src/model/index.js';
import type { FeedStatus } from '../../src/model/feed-status.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

/** One instrument of a written market and its trades per second. */
export interface WrittenInstrument {
  readonly coin: string;
  readonly quote: string;
  readonly tradesPerSecond: number;
}

/** A market written straight to Kafka, as `run` writes it (single-object Avro), at chosen rates. */
export interface MarketWriter {
  /** Records written so far, by type. */
  readonly written: Readonly<Record<string, number>>;
  /** Writes statuses now (e.g. a shard's failover), with the time of writing. */
  status(statuses: readonly Omit<FeedStatus, 'ts' | 'type'>[]): Promise<void>;
  /** Writes records now, as they are (e.g. option summaries). */
  records(records: readonly FeedRecord[]): Promise<void>;
  /** Stops the trades and waits for the last batch. */
  stop(): Promise<void>;
}

/**
 * The whole market's size: `count` instruments (the 20 well-known coins and generated ones, 60 % at
 * USDT, 40 % at USDC), a few busy ones at known rates (SOL-USDT 40 trades/s, BTC-USDC 30, ETH-USDC
 * 25, BTC-USDT 15), the next 300 at 1/s and the long tail at 0.1/s: about 650 trades/s at 2,600.
 */
export function wholeMarket(count = 2600): readonly WrittenInstrument[] {
  const known = [
    'BTC',
    'ETH',
    'SOL',
    'BNB',
    'XRP',
    'DOGE',
    'ADA',
    'AVAX',
    'LINK',
    'DOT',
    'TRX',
    'TON',
    'SHIB',
    'LTC',
    'BCH',
    'NEAR',
    'UNI',
    'APT',
    'ATOM',
    'FIL',
  ];
  const busy: Readonly<Record<string, number>> = { 'SOL-USDT': 40, 'BTC-USDC': 30, 'ETH-USDC': 25, 'BTC-USDT': 15 };
  const instruments: { coin: string; quote: string }[] = [];
  for (const coin of known) for (const quote of ['USDT', 'USDC']) instruments.push({ coin, quote });
  for (let i = 0; instruments.length < count; i++) instruments.push({ coin: `G${String(i).padStart(4, '0')}`, quote: i % 3 === 0 ? 'USDC' : 'USDT' });
  return instruments.slice(0, count).map((i, n) => ({ ...i, tradesPerSecond: busy[`${i.coin}-${i.quote}`] ?? (n < 340 ? 1 : 0.1) }));
}

/** Instruments per shard, as `run` packs them. */
export const SHARD_SIZE = 200;

/**
 * Writes a whole market to the record topics under `prefix` (created first, 3 partitions; the option
 * summaries' too, written only when asked): each
 * shard's `subscribed` status at Bybit, one ticker of every instrument, then every `tickMs` each
 * instrument's share of its trades per second (fractions carried over, so the rates are exact over
 * whole seconds) and the busiest instruments' tickers.
 */
export async function writeMarket(options: {
  readonly brokers: string;
  readonly prefix: string;
  readonly instruments: readonly WrittenInstrument[];
  readonly tickMs?: number;
}): Promise<MarketWriter> {
  const tickMs = options.tickMs ?? 200;
  const topics = sinkTopics(options.prefix);
  const kafka = new kafkajs.Kafka({ brokers: options.brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(
    admin,
    [topics.records.trade, topics.records.price_tick, topics.records.feed_status, topics.records.option_summary].map((topic) => ({ topic, numPartitions: 3 })),
  );
  await admin.disconnect();
  const encoder = await RecordEncoder.create({ kind: 'single-object' }, topics);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const written: Record<string, number> = {};
  const send = async (records: readonly FeedRecord[]): Promise<void> => {
    const byTopic = new Map<string, { key: string; value: Buffer }[]>();
    for (const record of records) {
      const message = encoder.encodeRecord(record);
      const list = byTopic.get(message.topic) ?? [];
      list.push({ key: message.key, value: message.value });
      byTopic.set(message.topic, list);
      written[record.type] = (written[record.type] ?? 0) + 1;
    }
    await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  };
  const shardOf = (index: number): string => `s${Math.floor(index / SHARD_SIZE)}`;
  const members = new Map<string, string[]>();
  options.instruments.forEach((i, n) => members.set(shardOf(n), [...(members.get(shardOf(n)) ?? []), `${i.coin}-${i.quote}`]));
  const base = (i: WrittenInstrument, n: number, ts: number) =>
    ({
      exchange: 'bybit',
      symbol: `${i.coin}${i.quote}`,
      coin: i.coin,
      quote: i.quote,
      exchangeTs: ts,
      receivedTs: ts,
      isFallback: false,
      env: 'prod',
      connectionId: `bybit-${shardOf(n)}`,
    }) as const;
  const now = Date.now();
  await send(
    [...members].map(([shard, instruments]): FeedStatus => ({
      type: 'feed_status',
      exchange: 'bybit',
      state: 'subscribed',
      reason: 'subscribed',
      shard,
      instruments,
      ts: now,
    })),
  );
  await send(options.instruments.map((i, n) => ({ ...base(i, n, now), type: 'price_tick', price: 10 + n, open24h: 10 + n, change24hPct: 0 })));

  const owed = options.instruments.map(() => 0);
  let tradeId = 0;
  let running = true;
  const loop = (async () => {
    let next = Date.now();
    while (running) {
      next += tickMs;
      const ts = Date.now();
      const records: FeedRecord[] = [];
      options.instruments.forEach((i, n) => {
        owed[n] = (owed[n] ?? 0) + (i.tradesPerSecond * tickMs) / 1000;
        for (; (owed[n] ?? 0) >= 1 - 1e-9; owed[n] = (owed[n] ?? 0) - 1) {
          tradeId++;
          records.push({
            ...base(i, n, ts),
            type: 'trade',
            tradeId: String(tradeId),
            price: 10 + n + (tradeId % 7) * 0.01,
            quantity: 1 + (tradeId % 3),
            side: tradeId % 2 === 0 ? 'BUY' : 'SELL',
            isBuyerMaker: tradeId % 2 === 1,
          });
        }
        if (n < 50) records.push({ ...base(i, n, ts), type: 'price_tick', price: 10 + n + (tradeId % 5) * 0.01, open24h: 10 + n });
      });
      await send(records);
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  return {
    written,
    async status(statuses) {
      await send(statuses.map((s): FeedStatus => ({ ...s, type: 'feed_status', ts: Date.now() })));
    },
    async records(records) {
      await send(records);
    },
    async stop() {
      running = false;
      await loop;
      await producer.disconnect();
    },
  };
}
