import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bybitBookReducer, type BybitBookState } from '../../src/exchanges/bybit/bybit-book-reducer.js';
import { parseBybitFrame } from '../../src/exchanges/bybit/bybit-frames.js';
import { mapBybitBookFrame } from '../../src/exchanges/bybit/bybit-mappers.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { until } from '../support/until.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface BookFrame {
  readonly topic?: string;
  readonly type?: string;
  readonly op?: string;
  readonly success?: boolean;
  readonly data?: { readonly u: number };
}

/** A socket that keeps every text frame it receives. */
async function socket(url: string): Promise<{ readonly ws: WebSocket; readonly frames: string[] }> {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  ws.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, frames };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const parsed = (frames: readonly string[]) => frames.map((f) => JSON.parse(f) as BookFrame);

describe('simulator: Bybit depth topics over a socket', () => {
  it('sends a snapshot, then deltas the client keeps in sync with; unsubscribe is acknowledged and a new subscribe gets a fresh snapshot', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 50, tickMs: 10 });
    const { ws, frames } = await socket(sim.urls.bybit);
    const count = (topic: string, type?: string) => parsed(frames).filter((f) => f.topic === topic && (type === undefined || f.type === type)).length;
    ws.send(JSON.stringify({ op: 'subscribe', req_id: 'b1', args: ['orderbook.50.BTCUSDT', 'orderbook.200.ETHUSDT'] }));
    await until('deltas on both topics', () => count('orderbook.50.BTCUSDT', 'delta') > 10 && count('orderbook.200.ETHUSDT') > 3, 5_000, 20);
    ws.send(JSON.stringify({ op: 'unsubscribe', req_id: 'b2', args: ['orderbook.50.BTCUSDT'] }));
    await until('the answer to b2', () => frames.some((f) => f.includes('"req_id":"b2"')), 5_000, 20);
    const cut = frames.length;
    await sleep(200);
    const afterUnsubscribe = parsed(frames.slice(cut));
    ws.send(JSON.stringify({ op: 'subscribe', req_id: 'b3', args: ['orderbook.50.BTCUSDT'] }));
    await until('a second snapshot', () => count('orderbook.50.BTCUSDT', 'snapshot') === 2, 5_000, 20);
    await sleep(100);
    ws.close();

    const all = parsed(frames);
    expect(all.filter((f) => f.op !== undefined)).toEqual([
      expect.objectContaining({ success: true, op: 'subscribe', req_id: 'b1' }),
      expect.objectContaining({ success: true, op: 'unsubscribe', req_id: 'b2' }),
      expect.objectContaining({ success: true, op: 'subscribe', req_id: 'b3' }),
    ]);
    expect(afterUnsubscribe.some((f) => f.topic === 'orderbook.50.BTCUSDT')).toBe(false);
    const btc = all.filter((f) => f.topic === 'orderbook.50.BTCUSDT');
    const snapshots = btc.map((f, n) => [n, f.type] as const).filter(([, type]) => type === 'snapshot');
    expect(snapshots.map(([n]) => n)).toEqual([0, expect.any(Number)]);
    expect(btc.filter((f) => f.type === 'delta').length).toBeGreaterThan(10);
    expect(all.filter((f) => f.topic === 'orderbook.200.ETHUSDT').length).toBeGreaterThan(3);

    // The client's own parser and reducer, fed the BTC frames as they arrived, never resync.
    const reducer = bybitBookReducer({ viewLevels: 50 });
    let state: BybitBookState = reducer.initial('BTCUSDT');
    const resyncs: unknown[] = [];
    for (const text of frames) {
      const result = parseBybitFrame(text);
      if (!result.ok) throw new Error(`client refused ${text.slice(0, 200)}`);
      if (result.frame.kind !== 'book' || result.frame.topic !== 'orderbook.50.BTCUSDT') continue;
      const step = reducer.reduce(state, [mapBybitBookFrame(result.frame, 0)]);
      state = step.state;
      resyncs.push(...step.events.filter((e) => e.type === 'book_resync'));
    }
    expect(resyncs).toEqual([]);
    expect(state.status).toBe('live');
    expect(state.book.bids).toHaveLength(50);
  });

  it('refuses a depth Bybit does not serve with its handler-not-found error', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 0 });
    const { ws, frames } = await socket(sim.urls.bybit);
    ws.send(JSON.stringify({ op: 'subscribe', req_id: 'x', args: ['orderbook.500.BTCUSDT'] }));
    await sleep(200);
    ws.close();
    expect(parsed(frames)).toEqual([expect.objectContaining({ success: false, ret_msg: 'error:handler not found,topic:orderbook.500.BTCUSDT' })]);
  });
});
