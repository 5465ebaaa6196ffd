import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import type { PriceTick, TradeEvent } from '../../src/model/index.js';
import { createKafkaSink } from '../../src/sink/kafka-sink.js';
import { RecordDecoder } from '../../src/sink/record-decoder.js';
import { readTopic, testKafka, trade, uniquePrefix, sinkProducer } from './sink-fixtures.js';

const tick = (n: number, coin = 'BTC'): PriceTick => {
  const { type: _type, tradeId: _id, quantity: _q, side: _s, isBuyerMaker: _m, ...base } = trade(0);
  return { ...base, type: 'price_tick', coin, symbol: `${coin}USDT`, price: 100 + n };
};

describe('Kafka sink dead letters and conflation', () => {
  const spoolDir = mkdtempSync(join(tmpdir(), 'sink-dlq-'));
  afterAll(() => rmSync(spoolDir, { recursive: true, force: true }));

  it('sends a record that does not fit its schema to market.dlq.v1 with the error, and counts it', async () => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const prefix = uniquePrefix('dlq');
    const sink = createKafkaSink({
      producer: sinkProducer(kafka, { partitions: 1 }),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();
    const bad = { ...trade(7), price: 'not a number' } as unknown as TradeEvent;
    sink.write(bad);
    sink.write(trade(8));
    expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);

    expect(sink.counters).toMatchObject({ accepted: 1, encodeFailures: 1, deadLettered: 1, acked: 2 });
    const [letter] = await readTopic(kafka, `${prefix}market.dlq.v1`, new RecordDecoder());
    expect(letter?.key).toBe('SOL-USDT');
    expect(letter?.value).toMatchObject({ stage: 'encode', recordType: 'trade', exchange: 'bybit', sourceTopic: `${prefix}market.trades.v1` });
    expect(String(letter?.value['error'])).toContain('price');
    expect(JSON.parse(String(letter?.value['raw']))).toMatchObject({ tradeId: '7', price: 'not a number' });
  });

  it('conflates price ticks that wait in the buffer to the latest per symbol', async () => {
    const kafka = testKafka(inject('kafkaBrokers'));
    const prefix = uniquePrefix('conflate');
    const sink = createKafkaSink({
      producer: sinkProducer(kafka, { partitions: 1 }),
      topicPrefix: prefix,
      encoding: { kind: 'single-object' },
      spoolDir,
      logger: createLogger({ level: 'silent' }),
    });
    await sink.start();
    for (let n = 0; n < 1_000; n++) {
      sink.write(tick(n, 'BTC'));
      sink.write(tick(n, 'ETH'));
    }
    expect((await sink.close({ deadlineMs: 20_000 })).undelivered).toBe(0);

    expect(sink.counters.conflated).toBe(1_998);
    const ticks = await readTopic(kafka, `${prefix}market.ticks.v1`, new RecordDecoder());
    expect(ticks.map((m) => [m.key, m.value['price']]).sort()).toEqual([
      ['BTC-USDT', 1_099],
      ['ETH-USDT', 1_099],
    ]);
  });
});
