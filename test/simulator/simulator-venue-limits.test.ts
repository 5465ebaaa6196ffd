import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

let sim: RunningSimulator | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await sim?.close();
  sim = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a socket: `open` with it, or the HTTP status its upgrade was refused with. */
function connect(url: string): Promise<{ readonly socket?: WebSocket; readonly refused?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ refused: response.statusCode ?? 0 }));
    socket.once('error', () => {});
  });
}

/** Sends each request and collects the replies for `ms`. */
async function exchange(socket: WebSocket, requests: readonly unknown[], ms = 300): Promise<Record<string, unknown>[]> {
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
  for (const r of requests) socket.send(JSON.stringify(r));
  await sleep(ms);
  return frames;
}

const counters = async (venue: string) =>
  (await (await fetch(`${sim?.controlUrl ?? ''}/${venue}/counters`)).json()) as Record<string, number> & { refusals: Record<string, number> };

describe("the venues' limits, enforced as the venues enforce them (shrunk)", () => {
  it('Binance: at most N streams per connection via the URL (the upgrade is refused) and via SUBSCRIBE (error code 4, nothing taken)', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL'], limits: { binance: { maxTopicsPerConnection: 4 } } });
    expect((await connect(`${sim.urls.binance}?streams=btcusdt@trade/ethusdt@trade/solusdt@trade/btcusdt@aggTrade/ethusdt@aggTrade`)).refused).toBe(400);
    const { socket } = await connect(`${sim.urls.binance}?streams=btcusdt@trade/ethusdt@trade/solusdt@trade`);
    if (socket === undefined) throw new Error('refused');
    const replies = await exchange(socket, [
      { method: 'SUBSCRIBE', params: ['btcusdt@aggTrade', 'ethusdt@aggTrade'], id: 1 },
      { method: 'SUBSCRIBE', params: ['btcusdt@aggTrade'], id: 2 },
      { method: 'LIST_SUBSCRIPTIONS', id: 3 },
    ]);
    const acks = replies.filter((f) => 'id' in f);
    expect(acks).toEqual([
      { error: { code: 4, msg: 'Too many subscriptions' }, id: 1 },
      { result: null, id: 2 },
      { result: ['btcusdt@trade', 'ethusdt@trade', 'solusdt@trade', 'btcusdt@aggTrade'], id: 3 },
    ]);
    expect(await counters('binance')).toMatchObject({ maxTopicsPerConnection: 4, subscribeRequests: 2, refusals: { topicsPerConnection: 2 } });
  });

  it('Binance: a connection sending more than 5 messages in a second is closed with 1008, and the highest rate is counted', async () => {
    sim = await startSimulator({ coins: ['BTC'] });
    const { socket } = await connect(`${sim.urls.binance.replace('/stream', '/ws')}`);
    if (socket === undefined) throw new Error('refused');
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const replies = await exchange(
      socket,
      Array.from({ length: 6 }, (_, n) => ({ method: 'LIST_SUBSCRIPTIONS', id: n })),
      200,
    );
    expect(replies).toHaveLength(5);
    expect(await closed).toEqual({ code: 1008, reason: 'Too many requests' });
    expect(await counters('binance')).toMatchObject({ maxMessagesPerSecond: 6, refusals: { messageRate: 1 } });
  });

  it("Binance and Bybit: connection attempts past the window's limit are refused at the upgrade (429 and 403), counted with the window's total; reset forgets them", async () => {
    sim = await startSimulator({
      coins: ['BTC'],
      limits: {
        binance: { connectionAttempts: { max: 3, windowMs: 60_000, refuseStatus: 429 } },
        bybit: { connectionAttempts: { max: 2, windowMs: 60_000, refuseStatus: 403 } },
      },
    });
    const binance = await Promise.all([1, 2, 3, 4].map(() => connect(`${sim?.urls.binance ?? ''}?streams=btcusdt@trade`)));
    expect(binance.map((c) => c.refused ?? 101).sort()).toEqual([101, 101, 101, 429]);
    const bybit = await Promise.all([1, 2, 3].map(() => connect(sim?.urls.bybit ?? '')));
    expect(bybit.map((c) => c.refused ?? 101).sort()).toEqual([101, 101, 403]);
    expect(await counters('binance')).toMatchObject({
      connectionAttempts: 4,
      connectionAttemptsInWindow: 4,
      connectionsAccepted: 3,
      refusals: { connectionAttempts: 1 },
    });
    expect(await counters('bybit')).toMatchObject({ connectionAttempts: 3, refusals: { connectionAttempts: 1 } });
    await fetch(`${sim.controlUrl}/bybit/reset`, { method: 'POST' });
    expect((await connect(sim.urls.bybit)).refused).toBeUndefined();
  });

  it('Bybit: more than 10 args in one request, or args past the characters a connection may hold, get an error ack and nothing is subscribed', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL', 'BNB'], tradesPerSecond: 0, limits: { bybit: { maxArgsCharsPerConnection: 60 } } });
    const { socket } = await connect(sim.urls.bybit);
    if (socket === undefined) throw new Error('refused');
    const eleven = ['BTC', 'ETH', 'SOL', 'BNB'].flatMap((c) => [`publicTrade.${c}USDT`, `tickers.${c}USDT`, `orderbook.1.${c}USDT`]).slice(0, 11);
    const replies = await exchange(socket, [
      { op: 'subscribe', req_id: 'a', args: eleven },
      { op: 'subscribe', req_id: 'b', args: ['publicTrade.BTCUSDT', 'publicTrade.ETHUSDT', 'publicTrade.SOLUSDT'] },
      { op: 'subscribe', req_id: 'c', args: ['publicTrade.BNBUSDT'] },
      { op: 'unsubscribe', req_id: 'd', args: ['publicTrade.ETHUSDT'] },
      { op: 'subscribe', req_id: 'e', args: ['publicTrade.BNBUSDT'] },
    ]);
    expect(replies.filter((f) => 'req_id' in f).map((f) => [f['req_id'], f['success'], f['ret_msg']])).toEqual([
      ['a', false, 'args size >10'],
      ['b', true, 'subscribe'],
      ['c', false, 'error:args length >60'],
      ['d', true, ''],
      ['e', true, 'subscribe'],
    ]);
    expect(await counters('bybit')).toMatchObject({ maxTopicsPerConnection: 3, maxArgsCharsPerConnection: 57, refusals: { argsPerRequest: 1, argsChars: 1 } });
  });

  it('Bybit REST: past the requests of the window, 403 "access too frequent" until the ban ends', async () => {
    sim = await startSimulator({ coins: ['BTC'], limits: { bybit: { restRequests: { max: 5, windowMs: 1000, banMs: 1500 } } } });
    const statuses: number[] = [];
    for (let n = 0; n < 7; n += 1) statuses.push((await fetch(`${sim.restUrl}/v5/market/tickers?category=spot`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 403, 403]);
    const refused = await fetch(`${sim.restUrl}/v5/market/instruments-info?category=spot`);
    expect([refused.status, await refused.text()]).toEqual([403, 'access too frequent']);
    await sleep(1600);
    expect((await fetch(`${sim.restUrl}/v5/market/instruments-info?category=spot`)).status).toBe(200);
    expect(await counters('bybit')).toMatchObject({ restRequests: 6, restRefused: 3, refusals: { restRate: 3 } });
  });
});
