import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FeedRecord, PriceTick, TradeEvent } from '../../src/model/index.js';
import { instrumentOf } from '../../src/model/index.js';
import { AvroCodec } from '../../src/sink/avro-codec.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

const { Kafka, logLevel } = kafkajs;

const trades: TradeEvent[] = Array.from({ length: 50 }, (_, i) => ({
  type: 'trade',
  exchange: i % 2 === 0 ? 'bybit' : 'binance',
  symbol: i % 3 === 0 ? 'ETHUSDT' : 'BTCUSDT',
  coin: i % 3 === 0 ? 'ETH' : 'BTC',
  quote: 'USDT',
  exchangeTs: 1786310822605 + i,
  receivedTs: 1786310822611 + i,
  isFallback: i % 2 === 1,
  env: 'prod',
  connectionId: 'conn-1',
  tradeId: String(2290000001189048101n + BigInt(i)),
  price: 65140.5 + i / 10,
  quantity: 0.002705 * (i + 1),
  side: i % 4 === 0 ? 'SELL' : 'BUY',
  isBuyerMaker: i % 4 === 0,
  ...(i % 5 === 0 ? {} : { seq: 112488547164 + i }),
}));

const ticks: PriceTick[] = [
  {
    type: 'price_tick',
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs: 1786310819126,
    receivedTs: 1786310819130,
    isFallback: false,
    env: 'prod',
    connectionId: 'conn-2',
    price: 65140.5,
    open24h: 65045.3,
    high24h: 65305.6,
    low24h: 64727.9,
    volume24h: 2953.835931,
    turnover24h: 191907024.695977,
    change24hPct: 0.15,
  },
  {
    type: 'price_tick',
    exchange: 'binance_testnet',
    symbol: 'ETHUSDT',
    coin: 'ETH',
    quote: 'USDT',
    exchangeTs: 1786310819400,
    receivedTs: 1786310819410,
    isFallback: true,
    env: 'testnet',
    connectionId: 'conn-3',
    price: 1923.27,
  },
];

describe('Avro records through a real Kafka broker', () => {
  const brokers = inject('kafkaBrokers').split(',');
  const kafka = new Kafka({ clientId: 'round-trip-test', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `round-trip-${randomUUID()}` });
  const codec = new AvroCodec();
  const topic = `test.round-trip.${randomUUID()}`;

  beforeAll(async () => {
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic, numPartitions: 3 }]);
    await producer.connect();
    await consumer.connect();
  });

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('produces TradeEvent and PriceTick records and consumes them back decoded equal', async () => {
    const sent: FeedRecord[] = [...trades, ...ticks];
    await producer.send({
      topic,
      acks: -1,
      messages: sent.map((record) => ({
        key: instrumentOf(record as TradeEvent),
        value: codec.encode(record),
        headers: { 'record-type': record.type },
      })),
    });

    const received: FeedRecord[] = [];
    const keys: string[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const type = message.headers?.['record-type']?.toString();
          if ((type === 'trade' || type === 'price_tick') && message.value !== null) {
            received.push(codec.decode(type, message.value));
            keys.push(message.key?.toString() ?? '');
          }
          if (received.length === sent.length) resolve();
          return Promise.resolve();
        },
      });
    });
    await done;

    const byId = (r: FeedRecord): string => (r.type === 'trade' ? r.tradeId : `${r.type}:${r.symbol}`);
    // A trade written without a source reads back as a live one (the schema's default).
    const asRead = (r: FeedRecord): FeedRecord => (r.type === 'trade' ? { ...r, source: r.source ?? 'live' } : r);
    expect([...received].sort((a, b) => byId(a).localeCompare(byId(b)))).toEqual([...sent].map(asRead).sort((a, b) => byId(a).localeCompare(byId(b))));
    expect(new Set(keys)).toEqual(new Set(['BTC-USDT', 'ETH-USDT']));
    const btcTradeIds = received.filter((r) => r.type === 'trade' && r.coin === 'BTC').map((r) => (r as TradeEvent).tradeId);
    const sentBtcIds = trades.filter((t) => t.coin === 'BTC').map((t) => t.tradeId);
    expect(btcTradeIds).toEqual(sentBtcIds);
  });
});
