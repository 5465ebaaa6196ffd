import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { BookOutput } from '../../src/exchanges/book-update.js';
import { bybitBookReducer, type BybitBookState } from '../../src/exchanges/bybit/bybit-book-reducer.js';
import { parseBybitFrame } from '../../src/exchanges/bybit/bybit-frames.js';
import { mapBybitBookFrame } from '../../src/exchanges/bybit/bybit-mappers.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { until } from '../support/until.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 50, tickMs: 10 });
});

afterAll(async () => {
  await sim.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const post = async (path: string) => {
  const response = await fetch(`${sim.controlUrl}/${path}`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** A socket subscribed to one Bybit depth topic, folding its frames through the client's parser and reducer. */
async function bybitClient(topic: string) {
  const ws = new WebSocket(sim.urls.bybit);
  const reducer = bybitBookReducer({ viewLevels: 50 });
  let state: BybitBookState = reducer.initial(topic.split('.')[2] ?? '');
  const frames: { type: string; u: number; state: BybitBookState }[] = [];
  const outputs: BookOutput[] = [];
  const refused: string[] = [];
  ws.on('message', (data: Buffer) => {
    const parsed = parseBybitFrame(data.toString('utf8'));
    if (!parsed.ok) {
      refused.push(parsed.error);
      return;
    }
    if (parsed.frame.kind !== 'book') return;
    const step = reducer.reduce(state, [mapBybitBookFrame(parsed.frame, 0)]);
    state = step.state;
    outputs.push(...step.events);
    frames.push({ type: parsed.frame.type, u: parsed.frame.data.u, state });
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ op: 'subscribe', args: [topic] }));
  await until('the first frame', () => frames.length > 0, 5_000, 20);
  return { ws, frames, outputs, refused };
}

describe('simulator control API: book faults and views', () => {
  it('refuses with 400 what does not fit: an unknown symbol, a fault or channel the venue lacks, REST faults on Bybit', async () => {
    expect(await post('bybit/drop-delta?symbol=XYZUSDT')).toMatchObject({ status: 400, body: { parameter: 'symbol' } });
    expect(await post('binance/restart-book?symbol=BTCUSDT')).toMatchObject({ status: 400, body: { error: "binance has no 'restart' book fault" } });
    expect(await post('bybit/rest-429?count=2')).toMatchObject({ status: 400, body: { allowed: 'binance' } });
    expect(await post('bybit/shutdown')).toMatchObject({ status: 400, body: { error: 'bybit sends no shutdown notice', allowed: 'binance' } });
    expect(await post('bybit/late-snapshot?ms=10')).toMatchObject({ status: 400 });
    const wrongChannel = await fetch(`${sim.controlUrl}/bybit/book?symbol=BTCUSDT&channel=depth@100ms`);
    expect(wrongChannel.status).toBe(400);
    expect(await wrongChannel.json()).toMatchObject({ parameter: 'channel', allowed: 'orderbook.50, orderbook.200, orderbook.1000' });
  });

  it("shows the Bybit topic's book and u, equal to what a client in sync holds at that u", async () => {
    const client = await bybitClient('orderbook.50.BTCUSDT');
    await sleep(300);
    const view = (await (await fetch(`${sim.controlUrl}/bybit/book?symbol=BTCUSDT&levels=50`)).json()) as {
      updateId: number;
      bids: string[][];
      asks: string[][];
    };
    await until("the client holds the view's update", () => client.frames.some((f) => f.u === view.updateId), 5_000, 20);
    client.ws.close();
    expect(client.refused).toEqual([]);
    const at = client.frames.find((f) => f.u === view.updateId);
    expect(at?.state.status).toBe('live');
    const asPairs = (levels: readonly { price: number; size: number }[]) => levels.map((l) => [l.price, l.size]);
    expect(asPairs(at?.state.book.bids ?? [])).toEqual(view.bids.map(([p, s]) => [Number(p), Number(s)]));
    expect(asPairs(at?.state.book.asks ?? [])).toEqual(view.asks.map(([p, s]) => [Number(p), Number(s)]));
  });

  it('Bybit drop-delta, restart-book and cross-book: a gap, a u = 1 snapshot, a crossed book, each seen by the client', async () => {
    const client = await bybitClient('orderbook.50.ETHUSDT');
    expect(await post('bybit/drop-delta?symbol=ETHUSDT')).toEqual({ status: 200, body: { ok: true } });
    const resyncs = () => client.outputs.filter((o) => o.type === 'book_resync');
    await until('a resync', () => resyncs().length > 0, 5_000, 20);
    expect(resyncs()).toEqual([expect.objectContaining({ reason: 'gap' })]);
    await post('bybit/restart-book?symbol=ETHUSDT');
    await until('a fresh snapshot', () => client.frames.some((f) => f.type === 'snapshot' && f.u === 1), 5_000, 20);
    expect(client.frames).toContainEqual(expect.objectContaining({ type: 'snapshot', u: 1 }));
    expect(client.frames.at(-1)?.state.status).toBe('live');
    await post('bybit/cross-book?symbol=ETHUSDT');
    await until('a second resync', () => resyncs().length > 1, 5_000, 20);
    client.ws.close();
    expect(client.refused).toEqual([]);
    expect(client.outputs.filter((o) => o.type === 'book_resync').map((o) => (o.type === 'book_resync' ? o.reason : ''))).toEqual(['gap', 'crossed']);
  });

  it('Binance drop-delta: one event is missing from the stream', async () => {
    const events: { U: number; u: number }[] = [];
    const ws = new WebSocket(`${sim.urls.binance.replace('/stream', '/ws')}/btcusdt@depth@100ms`);
    ws.on('message', (data: Buffer) => events.push(JSON.parse(data.toString('utf8')) as { U: number; u: number }));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await until('three events', () => events.length >= 3, 5_000, 20);
    await post('binance/drop-delta?symbol=BTCUSDT');
    const sent = events.length;
    await until('three more events', () => events.length >= sent + 3, 5_000, 20);
    ws.close();
    const gaps = events.slice(1).filter((e, n) => e.U !== (events[n]?.u ?? 0) + 1);
    expect(gaps).toHaveLength(1);
  });

  it('REST faults: the next N requests 429, a ban 418, a late snapshot, and reset lifting them', async () => {
    const depth = () => fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=10`);
    await post('binance/rest-429?count=2');
    const statuses = [];
    for (let n = 0; n < 3; n += 1) {
      const response = await depth();
      statuses.push([response.status, response.headers.get('retry-after')]);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([
      [429, '1'],
      [429, '1'],
      [200, null],
    ]);
    await post('binance/rest-418?ms=5000');
    const banned = await depth();
    expect([banned.status, banned.headers.get('retry-after')]).toEqual([418, '5']);
    expect(await post('binance/reset')).toEqual({ status: 200, body: { ok: true } });
    expect((await depth()).status).toBe(200);
    await post('binance/late-snapshot?ms=400&symbol=BTCUSDT');
    const started = Date.now();
    const late = await depth();
    expect(late.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });
});
