import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExchangeId, TradeEvent } from '../../src/model/index.js';
import { createKafkajsReader } from '../../src/kafka/kafkajs-reader.js';
import { readLastTradeIds, readLastTrades } from '../../src/sink/last-trade-ids.js';
import { createLibrdkafkaReader } from '../../src/kafka/librdkafka-reader.js';
import type { PartitionReader } from '../../src/kafka/partition-reader.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { RecordEncoder } from '../../src/sink/record-encoder.js';
import { sinkTopics } from '../../src/sink/sink-topics.js';
import { testKafka, trade, uniquePrefix } from './sink-fixtures.js';
import { createTopicsWithLeaders } from '../../src/kafka/ensure-topics.js';

const brokers = inject('kafkaBrokers');
const kafka = testKafka(brokers);
/** Inside this file's port range, where nothing listens. */
const NOBODY = '127.0.0.1:29999';

const logs: Record<string, unknown>[] = [];
const logger: Logger = pino(
  { level: 'info' },
  new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }),
);

function binanceTrade(symbol: string, tradeId: number, exchange: ExchangeId = 'binance'): TradeEvent {
  return { ...trade(tradeId), exchange, symbol, coin: symbol.replace('USDT', ''), tradeId: String(tradeId), exchangeTs: 1_700_000_000_000 + tradeId };
}

let encoder: RecordEncoder;
const prefix = uniquePrefix('last-ids');
const topic = sinkTopics(prefix).records.trade;
const admin = kafka.admin();
const producer = kafka.producer();

beforeAll(async () => {
  encoder = await RecordEncoder.create({ kind: 'single-object' }, sinkTopics(prefix));
  await admin.connect();
  await producer.connect();
  await createTopicsWithLeaders(admin, [{ topic, numPartitions: 2 }]);
  const send = (partition: number, trades: readonly TradeEvent[]) =>
    producer.send({ topic, messages: trades.map((t) => ({ partition, key: t.symbol, value: encoder.encodeRecord(t).value })) });
  // Partition 0: ETH 1..10 and then BTC 101..120 and Bybit's own ids; partition 1: SOL 7..9 only.
  await send(
    0,
    Array.from({ length: 10 }, (_, i) => binanceTrade('ETHUSDT', 1 + i)),
  );
  await send(
    0,
    Array.from({ length: 20 }, (_, i) => binanceTrade('BTCUSDT', 101 + i)),
  );
  await send(0, [binanceTrade('BTCUSDT', 5_000, 'bybit')]);
  await send(1, [binanceTrade('SOLUSDT', 7), binanceTrade('SOLUSDT', 9), binanceTrade('SOLUSDT', 8)]);
}, 60_000);
afterAll(async () => {
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

/** A new reader of each client on `on` (each call of readLastTradeIds connects and closes its own). */
const readers: Record<'librdkafka' | 'kafkajs', (on: string) => PartitionReader> = {
  librdkafka: (on) => createLibrdkafkaReader({ connection: { brokers: on.split(','), clientId: 'last-ids-test' }, logger }),
  kafkajs: (on) => createKafkajsReader({ kafka: testKafka(on), logger }),
};

describe.each(['librdkafka', 'kafkajs'] as const)('readLastTradeIds (%s reader)', (client) => {
  const config = () => ({ reader: readers[client](brokers), topic, decoder: new RecordDecoder(), timeoutMs: 20_000, logger });

  it('keeps the highest trade id per (exchange, symbol) of the last records of each partition, oldest first', async () => {
    const ids = await readLastTradeIds({ ...config(), recordsPerPartition: 1000 });
    expect(ids).toEqual([
      { exchange: 'binance', symbol: 'SOLUSDT', tradeId: 9, instrument: 'SOL-USDT' },
      { exchange: 'binance', symbol: 'ETHUSDT', tradeId: 10, instrument: 'ETH-USDT' },
      { exchange: 'binance', symbol: 'BTCUSDT', tradeId: 120, instrument: 'BTC-USDT' },
      { exchange: 'bybit', symbol: 'BTCUSDT', tradeId: 5_000, instrument: 'BTC-USDT' },
    ]);
  });

  it('counts only the trades `accept` takes, asked with their coin, quote and receive time (a cluster shard taken at a moment)', async () => {
    const asked: { coin: string; quote: string; receivedTs: number }[] = [];
    const ids = await readLastTradeIds({
      ...config(),
      recordsPerPartition: 1000,
      accept: (trade) => (asked.push({ ...trade }), trade.coin === 'BTC'),
    });
    expect(ids).toEqual([
      { exchange: 'binance', symbol: 'BTCUSDT', tradeId: 120, instrument: 'BTC-USDT' },
      { exchange: 'bybit', symbol: 'BTCUSDT', tradeId: 5_000, instrument: 'BTC-USDT' },
    ]);
    expect(asked).toContainEqual({ coin: 'SOL', quote: 'USDT', receivedTs: binanceTrade('SOLUSDT', 7).receivedTs });
  });

  it('reads no further back than recordsPerPartition from the end of each partition', async () => {
    const ids = await readLastTradeIds({ ...config(), recordsPerPartition: 21 });
    expect(ids.map((id) => `${id.exchange}/${id.symbol}`).sort()).toEqual(['binance/BTCUSDT', 'binance/SOLUSDT', 'bybit/BTCUSDT']);
  });

  it('takes spooled trades, which the sink sends first, into account', async () => {
    const pending = [encoder.encodeRecord(binanceTrade('BTCUSDT', 130)), encoder.encodeRecord(binanceTrade('ETHUSDT', 3))];
    const ids = await readLastTradeIds({ ...config(), recordsPerPartition: 1000, pending });
    expect(ids).toContainEqual({ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 130, instrument: 'BTC-USDT' });
    expect(ids).toContainEqual({ exchange: 'binance', symbol: 'ETHUSDT', tradeId: 10, instrument: 'ETH-USDT' });
  });

  it('finds nothing, quickly, when the topic does not exist yet', async () => {
    const startedAt = Date.now();
    expect(await readLastTradeIds({ ...config(), topic: `${uniquePrefix('none')}market.trades.v1`, recordsPerPartition: 1000 })).toEqual([]);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('gives up after timeoutMs with a warning when no broker answers, keeping the spooled ids', async () => {
    const pending = [encoder.encodeRecord(binanceTrade('BTCUSDT', 42))];
    logs.length = 0;
    const startedAt = Date.now();
    const ids = await readLastTradeIds({ ...config(), reader: readers[client](NOBODY), timeoutMs: 1_500, recordsPerPartition: 1000, pending });
    const elapsedMs = Date.now() - startedAt;
    expect(ids).toEqual([{ exchange: 'binance', symbol: 'BTCUSDT', tradeId: 42, instrument: 'BTC-USDT' }]);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_500);
    expect(elapsedMs).toBeLessThan(1_500 + 2_000 + 1_000);
    expect(logs.some((line) => line['level'] === 40 && String(line['msg']).startsWith('reading the last trade ids from Kafka timed out'))).toBe(true);
  });

  it('rejects instead of giving what it read when asked for a complete read and no broker answers (a standby cutting its hold reads again)', async () => {
    const pending = [encoder.encodeRecord(binanceTrade('BTCUSDT', 42))];
    const read = readLastTrades({ ...config(), reader: readers[client](NOBODY), timeoutMs: 1_500, recordsPerPartition: 1000, pending, requireComplete: true });
    await expect(read).rejects.toThrow('timed out');
  });

  it('gives every partition read to its end when asked for a complete read of a topic it reaches', async () => {
    const trades = await readLastTrades({ ...config(), recordsPerPartition: 1000, requireComplete: true });
    expect(trades.length).toBeGreaterThan(0);
    expect(trades).toEqual(await readLastTrades({ ...config(), recordsPerPartition: 1000 }));
  });
});
