import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const port = Number(process.env['MARKET_FEED_TEST_SIM_PORT'] ?? 0);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface TradeFrameSeen {
  readonly topic: string;
  readonly ids: readonly number[];
}

/** Opens a socket, sends `requests`, and records each trade frame's topic and trade ids. */
async function listen(url: string, requests: readonly unknown[]): Promise<{ readonly socket: WebSocket; readonly frames: TradeFrameSeen[] }> {
  const socket = new WebSocket(url);
  const frames: TradeFrameSeen[] = [];
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { topic?: string; stream?: string; data?: unknown };
    if (frame.topic?.startsWith('publicTrade.') === true) {
      frames.push({ topic: frame.topic, ids: (frame.data as { i: string }[]).map((t) => Number(t.i)) });
    } else if (frame.stream?.endsWith('@trade') === true) {
      frames.push({ topic: frame.stream, ids: [(frame.data as { t: number }).t] });
    }
  });
  await new Promise((resolve) => socket.once('open', resolve));
  for (const r of requests) socket.send(JSON.stringify(r));
  return { socket, frames };
}

/** Stops generation on the venue and waits until no frame has arrived for 300 ms. */
async function settle(venue: 'bybit' | 'binance', frames: readonly TradeFrameSeen[]): Promise<void> {
  sim?.control.setTradeRate(venue, 0);
  let seen = -1;
  while (seen !== frames.length) {
    seen = frames.length;
    await sleep(300);
  }
}

describe('trade frames at a high rate', () => {
  it('packs a Bybit tick of trades into one frame in trade-id order; counters and the sent log match what the client got', async () => {
    sim = await startSimulator({ port, coins: ['BTC', 'ETH'], tradesPerSecond: 0, tickMs: 20, logCapacity: 1_000_000 });
    const { socket, frames } = await listen(sim.urls.bybit, [{ op: 'subscribe', req_id: 't', args: ['publicTrade.BTCUSDT', 'publicTrade.ETHUSDT'] }]);
    while (sim.control.subscribeLog('bybit').length === 0) await sleep(20);
    sim.control.setTradeRate('bybit', 20_000);
    await sleep(600);
    await settle('bybit', frames);
    socket.close();

    expect(frames.length).toBeGreaterThan(10);
    expect(Math.max(...frames.map((f) => f.ids.length))).toBeGreaterThan(100);
    expect(frames.every((f) => f.ids.length <= 1024)).toBe(true);
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const ids = frames.filter((f) => f.topic === `publicTrade.${symbol}`).flatMap((f) => f.ids);
      expect(ids.length).toBeGreaterThan(1000);
      expect(ids.every((id, n) => n === 0 || id > (ids[n - 1] ?? 0))).toBe(true);
    }
    const received = frames.flatMap((f) => f.ids);
    const counters = sim.control.counters('bybit');
    expect(counters.tradesSent).toBe(received.length);
    expect(counters.tradesGenerated).toBe(received.length);
    const sent = sim.control.sentTrades('bybit');
    expect(sent.map((t) => t.tradeId)).toEqual(received);
    expect(new Set(sent.map((t) => `${t.symbol}|${t.tradeId}`)).size).toBe(sent.length);
  });

  it('keeps one Binance trade per frame at the same rate, each counted and logged once', async () => {
    sim = await startSimulator({ port, coins: ['BTC'], tradesPerSecond: 0, tickMs: 20, logCapacity: 1_000_000 });
    const { socket, frames } = await listen(`${sim.urls.binance}?streams=btcusdt@trade`, []);
    sim.control.setTradeRate('binance', 5_000);
    await sleep(600);
    await settle('binance', frames);
    socket.close();

    const ids = frames.map((f) => f.ids[0] ?? 0);
    expect(ids.length).toBeGreaterThan(1000);
    expect(ids.every((id, n) => n === 0 || id === (ids[n - 1] ?? 0) + 1)).toBe(true);
    expect(sim.control.counters('binance')).toMatchObject({ tradesGenerated: ids.length, tradesSent: ids.length });
    expect(sim.control.sentTrades('binance').map((t) => t.tradeId)).toEqual(ids);
  });
});
