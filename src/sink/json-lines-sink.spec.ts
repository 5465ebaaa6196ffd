import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TradeEvent } from '../model/index.js';
import { JsonLinesSink } from './json-lines-sink.js';

const trade: TradeEvent = {
  type: 'trade',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: 1,
  receivedTs: 2,
  isFallback: false,
  env: 'prod',
  connectionId: 'c',
  tradeId: '9',
  price: 10,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
};

describe('JsonLinesSink', () => {
  it('writes each record and each dead letter as one JSON line, losing nothing', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const sink = new JsonLinesSink(out, () => 42);
    await sink.start();
    sink.write(trade);
    sink.deadLetter({ type: 'invalid_frame', exchange: 'binance', connectionId: 'k', raw: '{"p":"NaN"}', error: 'data.p: not a number', receivedTs: 5 });
    sink.deadLetter({ record: trade, error: new Error('bad') });
    expect(await sink.close()).toEqual({ undelivered: 0 });

    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual(trade);
    expect(lines[1]).toMatchObject({ type: 'dead_letter', stage: 'invalid_frame', exchange: 'binance', raw: '{"p":"NaN"}', deadLetteredTs: 42 });
    expect(lines[2]).toMatchObject({ type: 'dead_letter', stage: 'encode', error: 'bad', recordType: 'trade', exchange: 'bybit', deadLetteredTs: 42 });
    expect(sink.written).toBe(1);
  });
});

describe('JsonLinesSink batching', () => {
  it('hands the lines of one event-loop turn to the stream in one write, in order, and the next turn’s in the next', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const sink = new JsonLinesSink(out, () => 42);
    for (let n = 0; n < 3; n++) sink.write({ ...trade, tradeId: String(n) });
    expect(chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    sink.write({ ...trade, tradeId: '3' });
    await sink.close();

    expect(chunks).toHaveLength(2);
    expect(
      chunks[0]
        ?.trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as TradeEvent).tradeId),
    ).toEqual(['0', '1', '2']);
    expect((JSON.parse(chunks[1] ?? '') as TradeEvent).tradeId).toBe('3');
    expect(sink.written).toBe(4);
  });
});
