import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';
import { drained, risesBy, risesWithin } from './frame-counts.js';
import { until } from '../support/until.js';

let sim: RunningSimulator | undefined;
const opened: WebSocket[] = [];

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.terminate();
  await sim?.close();
  sim = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function control(path: string): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
  const response = await fetch(`${sim?.controlUrl ?? ''}/${path}`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A client socket (a shard's connection) that records the frames it gets and how it closed. */
interface Shard {
  readonly socket: WebSocket;
  readonly frames: Record<string, unknown>[];
  readonly closed: Promise<number>;
  /** Frames carrying market data (trades), as opposed to acks and pongs. */
  trades(): number;
}

async function shard(url: string, isTrade: (frame: Record<string, unknown>) => boolean, subscribe?: readonly string[]): Promise<Shard> {
  const socket = new WebSocket(url);
  opened.push(socket);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  if (subscribe !== undefined) {
    socket.send(JSON.stringify({ op: 'subscribe', req_id: 'sub', args: subscribe }));
    for (let waited = 0; !frames.some((f) => f['req_id'] === 'sub'); waited += 10) {
      if (waited > 3000) throw new Error(`no subscribe ack on ${url}`);
      await sleep(10);
    }
  }
  return { socket, frames, closed, trades: () => frames.filter(isTrade).length };
}

const bybitTrade = (frame: Record<string, unknown>) => typeof frame['topic'] === 'string' && frame['topic'].startsWith('publicTrade.');
const binanceTrade = (frame: Record<string, unknown>) => (frame['data'] as { e?: string } | undefined)?.e === 'trade';

/** How many trades each shard receives within `ms`. */
const tradesWithin = (ms: number, ...shards: Shard[]): Promise<number[]> => risesWithin(ms, ...shards.map((s) => () => s.trades()));
/** Whether each shard receives more than `n` trades within 5 s. */
const receiving = (n: number, ...shards: Shard[]): Promise<boolean> =>
  risesBy(
    n,
    shards.map((s) => () => s.trades()),
  );
/** Until the shards have read the trades that were on their way. */
const drainedShards = (...shards: Shard[]): Promise<void> => drained(...shards.map((s) => () => s.trades()));

/** Waits up to 5 s for a frame `accept` takes. */
async function frameOf(shard: Shard, accept: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
  await until('a frame', () => shard.frames.some(accept), 5_000, 10).catch(() => undefined);
  return shard.frames.find(accept);
}

describe('socket faults on the shards carrying one symbol (real sockets)', () => {
  it('Bybit stall?symbol= silences every socket holding the symbol, whole, while another socket of the venue keeps receiving; acks and pings still answered; a later socket is not stalled', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL'], tradesPerSecond: 40, tickMs: 10 });
    const btc = await shard(sim.urls.bybit, bybitTrade, ['publicTrade.BTCUSDT']);
    const btcSol = await shard(sim.urls.bybit, bybitTrade, ['publicTrade.SOLUSDT', 'publicTrade.BTCUSDT']);
    const eth = await shard(sim.urls.bybit, bybitTrade, ['publicTrade.ETHUSDT']);
    expect(await receiving(3, btc, btcSol, eth)).toBe(true);

    expect(await control('bybit/stall?symbol=BTCUSDT')).toEqual({ status: 200, body: { stalled: 2 } });
    await drainedShards(btc, btcSol);
    expect(await tradesWithin(500, btc, btcSol, eth)).toEqual([0, 0, expect.any(Number)]);
    expect(await receiving(3, eth)).toBe(true);
    btcSol.socket.send(JSON.stringify({ op: 'ping', req_id: 'p1' }));
    btc.socket.send(JSON.stringify({ op: 'subscribe', req_id: 's2', args: ['publicTrade.ETHUSDT'] }));
    expect(await frameOf(btcSol, (f) => f['req_id'] === 'p1')).toMatchObject({ success: true, ret_msg: 'pong' });
    expect(await frameOf(btc, (f) => f['req_id'] === 's2')).toMatchObject({ success: true, op: 'subscribe' });
    const later = await shard(sim.urls.bybit, bybitTrade, ['publicTrade.BTCUSDT']);
    expect(await receiving(3, later)).toBe(true);
    expect(await tradesWithin(300, btc)).toEqual([0]);

    expect(await control('bybit/stall?symbol=BTCUSDT&on=false')).toEqual({ status: 200, body: { resumed: 2 } });
    expect(await receiving(3, btc, btcSol)).toBe(true);
    expect(await control('bybit/stall?symbol=NOPEUSDT')).toMatchObject({ status: 400, body: { parameter: 'symbol' } });
  });

  it('Binance stall?symbol= stalls its socket only (pongs still sent), and stall?on=false without a symbol lifts it', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'], tradesPerSecond: 40, tickMs: 10 });
    const btc = await shard(`${sim.urls.binance}?streams=btcusdt@trade`, binanceTrade);
    const eth = await shard(`${sim.urls.binance}?streams=ethusdt@trade`, binanceTrade);
    expect(await control('binance/stall?symbol=BTCUSDT')).toEqual({ status: 200, body: { stalled: 1 } });
    await drainedShards(btc);
    const pong = new Promise((resolve) => btc.socket.once('pong', resolve));
    btc.socket.ping('still there?');
    expect(await tradesWithin(400, btc, eth)).toEqual([0, expect.any(Number)]);
    expect(await receiving(5, eth)).toBe(true);
    await pong;

    expect(await control('binance/stall?on=false')).toEqual({ status: 200, body: { resumed: 1 } });
    expect(await receiving(3, btc, eth)).toBe(true);
    expect(await control('binance/stall')).toEqual({ status: 200, body: { stalled: 2 } });
    await drainedShards(btc, eth);
    expect(await tradesWithin(300, btc, eth)).toEqual([0, 0]);
  });

  it('drop?symbol= terminates (1006) only the sockets holding the symbol; the others stay open and keep receiving', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH', 'SOL'], tradesPerSecond: 40, tickMs: 10 });
    const btc = await shard(sim.urls.bybit, bybitTrade, ['publicTrade.BTCUSDT']);
    const btcSol = await shard(sim.urls.bybit, bybitTrade, ['publicTrade.SOLUSDT', 'publicTrade.BTCUSDT']);
    const eth = await shard(sim.urls.bybit, bybitTrade, ['publicTrade.ETHUSDT']);
    const binanceBtc = await shard(`${sim.urls.binance}?streams=btcusdt@trade`, binanceTrade);

    expect(await control('bybit/drop?symbol=BTCUSDT')).toEqual({ status: 200, body: { dropped: 2 } });
    expect(await Promise.all([btc.closed, btcSol.closed])).toEqual([1006, 1006]);
    expect(await receiving(3, eth, binanceBtc)).toBe(true);
    expect(eth.socket.readyState).toBe(WebSocket.OPEN);
    expect(binanceBtc.socket.readyState).toBe(WebSocket.OPEN);
    expect(((await (await fetch(`${sim.controlUrl}/bybit/counters`)).json()) as { openConnections: number }).openConnections).toBe(1);

    expect(await control('bybit/drop?symbol=BTCUSDT')).toEqual({ status: 200, body: { dropped: 0 } });
    expect(await control('bybit/drop?symbol=btc')).toMatchObject({ status: 400, body: { parameter: 'symbol' } });
    expect(await control('bybit/drop')).toEqual({ status: 200, body: { dropped: 1 } });
    expect(await eth.closed).toBe(1006);
  });
});

/** One request of a venue's instrument list: status, body text and how long it took. */
async function listRequest(url: string, timeoutMs = 5_000): Promise<{ readonly status: number; readonly text: string; readonly ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

const symbolsOf = (venue: 'binance' | 'bybit', text: string): string[] => {
  const body = JSON.parse(text) as { symbols?: { symbol: string }[]; retCode?: number; result?: { list: { symbol: string }[] } };
  if (venue === 'binance') return (body.symbols ?? []).map((s) => s.symbol);
  expect(body.retCode).toBe(0);
  return (body.result?.list ?? []).map((s) => s.symbol);
};

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe.each([
  ['binance', '/api/v3/exchangeInfo', '/api/v3/ticker/24hr'],
  ['bybit', '/v5/market/instruments-info?category=spot', '/v5/market/tickers?category=spot'],
] as const)('%s instrument list under list-fault (real HTTP)', (venue, listPath, tickersPath) => {
  it('serves each kind exactly count times, leaves the tickers alone, then the full list again', async () => {
    sim = await startSimulator({ coins: ['BTC', 'ETH'] });
    const url = `${sim.restUrl}${listPath}`;
    expect(symbolsOf(venue, (await listRequest(url)).text)).toEqual(['BTCUSDT', 'ETHUSDT']);

    expect(await control(`${venue}/list-fault?kind=empty&count=2`)).toEqual({ status: 200, body: { pending: 2 } });
    expect((await listRequest(`${sim.restUrl}${tickersPath}`)).status).toBe(200);
    for (let n = 0; n < 2; n += 1) {
      const empty = await listRequest(url);
      expect(empty.status).toBe(200);
      expect(symbolsOf(venue, empty.text)).toEqual([]);
    }
    expect(symbolsOf(venue, (await listRequest(url)).text)).toHaveLength(2);

    await control(`${venue}/list-fault?kind=garbage&count=2`);
    for (let n = 0; n < 2; n += 1) {
      const garbage = await listRequest(url);
      expect(garbage.status).toBe(200);
      expect(garbage.text.length).toBeGreaterThan(10);
      expect(isJson(garbage.text)).toBe(false);
    }
    expect(symbolsOf(venue, (await listRequest(url)).text)).toHaveLength(2);

    await control(`${venue}/list-fault?kind=unavailable&count=3`);
    expect((await Promise.all([1, 2, 3].map(() => listRequest(url)))).map((a) => a.status)).toEqual([503, 503, 503]);
    expect(symbolsOf(venue, (await listRequest(url)).text)).toHaveLength(2);

    await control(`${venue}/list-fault?kind=slow&ms=400&count=2`);
    for (let n = 0; n < 2; n += 1) {
      const slow = await listRequest(url);
      expect(slow.ms).toBeGreaterThanOrEqual(390);
      expect(symbolsOf(venue, slow.text)).toHaveLength(2);
    }
    // Served without a fault (the counters below: nine served, none pending), whatever the clock says on a busy machine.
    const fast = await listRequest(url);
    expect(symbolsOf(venue, fast.text)).toHaveLength(2);

    const counters = (await (await fetch(`${sim.controlUrl}/${venue}/counters`)).json()) as Record<string, number>;
    expect(counters).toMatchObject({ listFaultsServed: 9, listFaultsPending: 0 });
  });

  it("holds a slow answer 30 s by default, so a client's timeout fires first; reset disarms what is left", async () => {
    sim = await startSimulator({ coins: ['BTC'] });
    const url = `${sim.restUrl}${listPath}`;
    await control(`${venue}/list-fault?kind=slow`);
    await expect(listRequest(url, 500)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(symbolsOf(venue, (await listRequest(url, 2_000)).text)).toEqual(['BTCUSDT']);

    expect(await control(`${venue}/list-fault?kind=unavailable&count=5`)).toEqual({ status: 200, body: { pending: 5 } });
    expect((await listRequest(url)).status).toBe(503);
    expect((await control(`${venue}/reset`)).status).toBe(200);
    expect((await listRequest(url)).status).toBe(200);
    expect(await (await fetch(`${sim.controlUrl}/${venue}/counters`)).json()).toMatchObject({ listFaultsServed: 2, listFaultsPending: 0 });
  });

  it('refuses a bad kind, count or ms with a 400 naming it, and an unknown venue with a 404', async () => {
    sim = await startSimulator({ coins: ['BTC'] });
    expect(await control(`${venue}/list-fault?kind=broken`)).toMatchObject({ status: 400, body: { parameter: 'kind' } });
    expect(await control(`${venue}/list-fault?kind=empty&count=0`)).toMatchObject({ status: 400, body: { parameter: 'count' } });
    expect(await control(`${venue}/list-fault?kind=garbage&ms=10`)).toMatchObject({ status: 400, body: { parameter: 'ms' } });
    expect(await control('kraken/list-fault?kind=empty')).toMatchObject({ status: 404 });
    expect((await listRequest(`${sim.restUrl}${listPath}`)).status).toBe(200);
  });
});
