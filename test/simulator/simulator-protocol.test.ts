import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Opens a socket, sends `requests` once open, and collects text frames for `ms`. */
async function exchange(url: string, requests: readonly unknown[], ms = 200): Promise<string[]> {
  const socket = new WebSocket(url);
  const frames: string[] = [];
  socket.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  await new Promise((resolve) => socket.once('open', resolve));
  for (const r of requests) socket.send(JSON.stringify(r));
  await new Promise((resolve) => setTimeout(resolve, ms));
  socket.close();
  return frames;
}

const acks = (frames: readonly string[]): unknown[] =>
  frames.map((f) => JSON.parse(f) as Record<string, unknown>).filter((f) => 'success' in f || 'result' in f || 'error' in f);

describe('simulator protocol rules', () => {
  it('rejects a Bybit subscribe with more than 10 args the way Bybit does (escaped ">")', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL', 'BNB'], tradesPerSecond: 0 });
    const args = ['BTC', 'ETH', 'SOL', 'BNB'].flatMap((c) => [`publicTrade.${c}USDT`, `tickers.${c}USDT`, `orderbook.1.${c}USDT`]);
    const frames = await exchange(sim.urls.bybit, [{ op: 'subscribe', req_id: 'r1', args }]);
    expect(frames).toContain('{"success":false,"ret_msg":"args size \\u003e10","conn_id":"bybit-1","req_id":"r1","op":"subscribe"}');
  });

  it('rejects a whole Bybit batch holding an already-subscribed topic, and unknown topics', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 0 });
    const frames = await exchange(sim.urls.bybit, [
      { op: 'subscribe', req_id: 'a', args: ['publicTrade.BTCUSDT'] },
      { op: 'subscribe', req_id: 'b', args: ['tickers.BTCUSDT', 'publicTrade.BTCUSDT'] },
      { op: 'subscribe', req_id: 'c', args: ['publicTrade.XYZUSDT'] },
      { op: 'ping' },
    ]);
    expect(acks(frames)).toEqual([
      expect.objectContaining({ success: true, req_id: 'a', ret_msg: 'subscribe' }),
      expect.objectContaining({ success: false, req_id: 'b', ret_msg: 'error:already subscribed,topic:publicTrade.BTCUSDT' }),
      expect.objectContaining({ success: false, req_id: 'c', ret_msg: 'error:handler not found,topic:publicTrade.XYZUSDT' }),
      { success: true, ret_msg: 'pong', conn_id: 'bybit-1', op: 'ping' },
    ]);
  });

  it('answers Binance SUBSCRIBE, LIST_SUBSCRIPTIONS and an invalid stream with the wrapped error', async () => {
    sim = await startSimulator({ coins: ['BTC'], tradesPerSecond: 0 });
    const frames = await exchange(sim.urls.binance.replace('/stream', '/ws'), [
      { method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 },
      { method: 'LIST_SUBSCRIPTIONS', id: 2 },
      { method: 'SUBSCRIBE', params: ['BTC USDT'], id: 3 },
    ]);
    expect(acks(frames)).toEqual([
      { result: null, id: 1 },
      { result: ['btcusdt@trade'], id: 2 },
      { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 3 },
    ]);
  });

  it('generates the same trades for the same seed, with consecutive Binance ids per symbol', async () => {
    // The market runs from the simulator's start, so how many trades pass before a socket subscribes
    // depends on the machine's load: the runs are compared trade by trade, by id.
    const runs: Map<number, string>[] = [];
    for (let i = 0; i < 2; i += 1) {
      sim = await startSimulator({ coins: ['BTC'], seed: 7, tradesPerSecond: 100, tickMs: 5 });
      const frames = await exchange(`${sim.urls.binance}?streams=btcusdt@trade`, [], 300);
      const trades = frames.map((f) => (JSON.parse(f) as { data: { t: number; p: string } }).data);
      expect(trades.map((t) => t.t - (trades[0]?.t ?? 0))).toEqual(trades.map((_, n) => n));
      runs.push(new Map(trades.map((t) => [t.t, t.p])));
      await sim.close();
      sim = undefined;
    }
    const [first, second] = runs as [Map<number, string>, Map<number, string>];
    const common = [...first.keys()].filter((id) => second.has(id));
    expect(common.length).toBeGreaterThan(5);
    expect(common.map((id) => second.get(id))).toEqual(common.map((id) => first.get(id)));
  });

  it('takes faults over the loopback HTTP control endpoint', async () => {
    sim = await startSimulator({ coins: ['BTC'] });
    const response = await fetch(`${sim.controlUrl}/binance/refuse?status=451`, { method: 'POST' });
    expect(response.status).toBe(200);
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${sim?.urls.binance ?? ''}?streams=btcusdt@trade`);
      socket.on('unexpected-response', (_request, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => {});
    });
    expect(refused).toBe(451);
    const counters = (await (await fetch(`${sim.controlUrl}/binance/counters`)).json()) as { upgradesRefused: number };
    expect(counters.upgradesRefused).toBe(1);
  });
});
