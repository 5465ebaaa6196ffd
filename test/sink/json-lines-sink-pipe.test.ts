import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IngestGate } from '../../src/exchanges/ingest-gate.js';
import type { TradeEvent } from '../../src/model/index.js';
import { JsonLinesSink } from '../../src/sink/json-lines-sink.js';

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
  tradeId: '0',
  price: 10,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
};

/**
 * A reader process on the other end of a real pipe, slower than the writer: it takes one chunk,
 * then rests 10 ms; it parses every line and says how many came and whether their ids ran 0, 1, 2...
 */
const SLOW_READER = `
let lines = 0, inOrder = true, rest = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  process.stdin.pause();
  setTimeout(() => process.stdin.resume(), 10);
  const parts = (rest + chunk).split('\\n');
  rest = parts.pop();
  for (const part of parts) {
    if (Number(JSON.parse(part).tradeId) !== lines) inOrder = false;
    lines += 1;
  }
});
process.stdin.on('end', () => process.stdout.write(JSON.stringify({ lines, inOrder })));
`;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('JsonLinesSink into a pipe read by a slower process', () => {
  it('pauses ingest while the pipe is full and resumes on drain: memory bounded by one turn of records, every record read once, in order', async () => {
    const reader = spawn(process.execPath, ['-e', SLOW_READER], { stdio: ['pipe', 'pipe', 'inherit'] });
    let answer = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const gate = new IngestGate();
    let pauses = 0;
    gate.follow((paused) => (pauses += paused ? 1 : 0));
    const sink = new JsonLinesSink({ out: reader.stdin, gate });
    const total = 20_000;
    const perTurn = 500;
    let held = 0;
    // Ingest as the venues' sockets do: a turn's records while the gate is open, none while it is paused.
    for (let next = 0; next < total;) {
      if (!gate.isPaused) for (const end = Math.min(total, next + perTurn); next < end; next++) sink.write({ ...trade, tradeId: String(next) });
      await turn();
      held = Math.max(held, reader.stdin.writableLength);
    }
    await sink.close();
    reader.stdin.end();
    await once(reader, 'exit');

    expect(JSON.parse(answer)).toEqual({ lines: total, inOrder: true });
    expect(pauses).toBeGreaterThan(0);
    expect(gate.isPaused).toBe(false);
    // A turn of 500 lines is about 120 kB; the 4.7 MB of all of them never wait in the writer's memory.
    expect(held).toBeLessThan(2 * perTurn * JSON.stringify(trade).length);
  }, 30_000);
});
