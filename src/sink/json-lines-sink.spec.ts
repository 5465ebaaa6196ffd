import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { IngestGate } from '../exchanges/ingest-gate.js';
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
    const sink = new JsonLinesSink({ out, clock: () => 42 });
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
    const sink = new JsonLinesSink({ out, clock: () => 42 });
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

/** A slow reader: each chunk handed to it is done when `release()` is called; full above `highWaterMark` bytes. */
function slowStream(highWaterMark: number): { readonly out: Writable; readonly chunks: string[]; readonly release: () => void } {
  const chunks: string[] = [];
  const waiting: (() => void)[] = [];
  const out = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      waiting.push(done);
    },
  });
  return { out, chunks, release: () => waiting.splice(0).forEach((done) => done()) };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const idsOf = (chunks: readonly string[]): string[] =>
  chunks
    .join('')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as TradeEvent).tradeId);

describe('JsonLinesSink under a slow reader', () => {
  it('pauses ingest once the stream is full, holds what still arrives in memory, and resumes on drain with one write of it, losing nothing', async () => {
    const { out, chunks, release } = slowStream(1024);
    const gate = new IngestGate();
    const sink = new JsonLinesSink({ out, clock: () => 42, gate });
    for (let n = 0; n < 10; n++) sink.write({ ...trade, tradeId: String(n) });
    await turn();
    // Ten lines are more than 1,024 bytes: the stream says it is full.
    expect(gate.isPaused).toBe(true);
    // What was already read from the venues still arrives: kept, not handed to the full stream.
    for (let n = 10; n < 12; n++) sink.write({ ...trade, tradeId: String(n) });
    await turn();
    expect(chunks).toHaveLength(1);
    expect(gate.isPaused).toBe(true);

    release();
    await turn();
    expect(chunks).toHaveLength(2);
    // The two held lines (about 470 bytes) are written at once, and the stream is not full.
    expect(gate.isPaused).toBe(false);
    release();
    const closed = sink.close();
    release();
    expect(await closed).toEqual({ undelivered: 0 });
    expect(idsOf(chunks)).toEqual(Array.from({ length: 12 }, (_, n) => String(n)));
  });

  it('keeps memory bounded by one turn of records when ingest follows the gate, and delivers every record once, in order', async () => {
    const { out, chunks, release } = slowStream(16 * 1024);
    const gate = new IngestGate();
    const sink = new JsonLinesSink({ out, gate });
    const reader = setInterval(release, 5);
    let pauses = 0;
    gate.follow((paused) => (pauses += paused ? 1 : 0));
    let held = 0;
    // Ingest as the sockets do: 500 records a turn while the gate is open, none while it is paused.
    for (let next = 0; next < 20_000;) {
      if (!gate.isPaused) for (const end = next + 500; next < end; next++) sink.write({ ...trade, tradeId: String(next) });
      await turn();
      held = Math.max(held, out.writableLength);
    }
    const closed = sink.close();
    await closed;
    clearInterval(reader);

    expect(pauses).toBeGreaterThan(0);
    expect(gate.isPaused).toBe(false);
    // One turn of 500 lines is about 120 kB: never more than two of them waiting in the stream.
    expect(held).toBeLessThan(2 * 500 * JSON.stringify(trade).length);
    expect(idsOf(chunks)).toEqual(Array.from({ length: 20_000 }, (_, n) => String(n)));
  });
});
