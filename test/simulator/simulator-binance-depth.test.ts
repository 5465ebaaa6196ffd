import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

interface DepthUpdate {
  readonly e: string;
  readonly s: string;
  readonly U: number;
  readonly u: number;
  readonly b: readonly (readonly [string, string])[];
  readonly a: readonly (readonly [string, string])[];
}
interface RestDepth {
  readonly lastUpdateId: number;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulator: Binance diff depth and REST snapshots over a socket and HTTP', () => {
  it("buffers the stream, takes a REST snapshot inside its sequence, and ends with the simulator's book (the documented procedure)", async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 50, tickMs: 10 });
    const events: DepthUpdate[] = [];
    const ws = new WebSocket(`${sim.urls.binance}?streams=btcusdt@depth@100ms`);
    ws.on('message', (data: Buffer) => events.push((JSON.parse(data.toString('utf8')) as { stream: string; data: DepthUpdate }).data));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const deadline = Date.now() + 5_000;
    while (events.length < 3 && Date.now() < deadline) await sleep(20);
    const response = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5000`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-mbx-used-weight-1m')).toBe('250');
    const snapshot = (await response.json()) as RestDepth;
    while (events.filter((e) => e.u > snapshot.lastUpdateId).length < 4 && Date.now() < deadline) await sleep(20);
    const control = await fetch(`${sim.controlUrl}/binance/book?symbol=BTCUSDT&levels=20`);
    const book = (await control.json()) as { updateId: number; bids: string[][]; asks: string[][] };
    while (!events.some((e) => e.u >= book.updateId) && Date.now() < deadline) await sleep(20);
    ws.close();

    expect(events.length).toBeGreaterThan(6);
    expect(events.every((e) => e.e === 'depthUpdate' && e.s === 'BTCUSDT')).toBe(true);
    for (let n = 1; n < events.length; n += 1) expect(events[n]?.U).toBe((events[n - 1]?.u ?? 0) + 1);
    expect(events[0]?.U).toBeLessThanOrEqual(snapshot.lastUpdateId);
    const kept = events.filter((e) => e.u > snapshot.lastUpdateId && e.u <= book.updateId);
    expect(kept[0]?.U).toBeLessThanOrEqual(snapshot.lastUpdateId + 1);
    // The control API shows the book as of the stream's last event, which this socket received.
    expect(kept.at(-1)?.u).toBe(book.updateId);

    const bids = new Map(snapshot.bids.map(([p, q]) => [p, q]));
    const asks = new Map(snapshot.asks.map(([p, q]) => [p, q]));
    for (const event of kept) {
      for (const [side, levels] of [
        [bids, event.b],
        [asks, event.a],
      ] as const) {
        for (const [p, q] of levels) {
          if (Number(q) === 0) side.delete(p);
          else side.set(p, q);
        }
      }
    }
    const top = (side: Map<string, string>, direction: number) => [...side].sort(([x], [y]) => (Number(x) - Number(y)) * direction).slice(0, 20);
    expect({ bids: top(bids, -1), asks: top(asks, 1) }).toEqual({ bids: book.bids, asks: book.asks });
    expect(book.bids).toHaveLength(20);
  });

  it('answers a client over its weight budget 429 with Retry-After, and one that keeps asking 418', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 0, venueOptions: { binance: { weightPerMinute: 500 } } });
    // Weight is counted per clock minute, as Binance counts it: the six requests are sent within one
    // minute (a new minute would give the third its weight back), not in its last 15 s.
    const leftOfMinute = 60_000 - (Date.now() % 60_000);
    if (leftOfMinute < 15_000) await sleep(leftOfMinute + 50);
    const statuses: number[] = [];
    let throttled: Response | undefined;
    let banned: Response | undefined;
    for (let n = 0; n < 6; n += 1) {
      const response = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=5000`);
      statuses.push(response.status);
      if (response.status === 429) throttled ??= response;
      if (response.status === 418) banned ??= response;
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 429, 429, 429, 418]);
    const retryAfter = Number(throttled?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(throttled?.headers.get('x-mbx-used-weight-1m')).toBe('500');
    expect(Number(banned?.headers.get('retry-after'))).toBe(120);
    const counters = (await (await fetch(`${sim.controlUrl}/binance/counters`)).json()) as Record<string, number>;
    expect(counters).toMatchObject({ restRequests: 6, restThrottled: 3, restBanned: 1 });
  });
});
