import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/**
 * Opens a socket, sends `requests` once open, and notes when each text frame came, ms after the
 * connection began: the simulator's socket opens within that span, before the client hears of it, so a
 * frame held that long after the venue's open (or after a request) comes at least that late by this clock.
 */
async function timedFrames(url: string, requests: readonly unknown[], ms: number): Promise<{ readonly at: number; readonly frame: Record<string, unknown> }[]> {
  const began = Date.now();
  const socket = new WebSocket(url);
  const frames: { at: number; frame: Record<string, unknown> }[] = [];
  socket.on('message', (data: Buffer) => frames.push({ at: Date.now() - began, frame: JSON.parse(data.toString('utf8')) as Record<string, unknown> }));
  await new Promise((resolve) => socket.once('open', resolve));
  for (const request of requests) socket.send(JSON.stringify(request));
  await new Promise((resolve) => setTimeout(resolve, ms));
  socket.close();
  return frames;
}

describe('a venue slow to take requests (control slow-requests)', () => {
  it('answers each Bybit request that much later, in the order sent, and sends the topics only from then; 0 takes them at once again', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 50 });
    sim.control.slowRequests('bybit', 800);
    const frames = await timedFrames(
      sim.urls.bybit,
      [
        { op: 'subscribe', req_id: 'a', args: ['publicTrade.BTCUSDT'] },
        { op: 'subscribe', req_id: 'b', args: ['publicTrade.ETHUSDT'] },
      ],
      2_500,
    );
    const acks = frames.filter(({ frame }) => frame['op'] === 'subscribe');
    expect(acks.map(({ frame }) => frame['req_id'])).toEqual(['a', 'b']);
    expect(acks.every(({ at }) => at >= 800)).toBe(true);
    const firstData = frames.find(({ frame }) => frame['topic'] === 'publicTrade.BTCUSDT');
    expect(firstData?.at).toBeGreaterThanOrEqual(acks[0]?.at ?? Infinity);
    sim.control.slowRequests('bybit', 0);
    const quick = await timedFrames(sim.urls.bybit, [{ op: 'subscribe', req_id: 'c', args: ['publicTrade.BTCUSDT'] }], 800);
    expect(quick.find(({ frame }) => frame['op'] === 'subscribe')?.at).toBeLessThan(800);
  });

  it('sends the streams a Binance upgrade URL names only that much after the socket opened', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 50 });
    sim.control.slowRequests('binance', 800);
    const frames = await timedFrames(`${sim.urls.binance}?streams=btcusdt@trade`, [], 2_500);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]?.at).toBeGreaterThanOrEqual(800);
  });
});
