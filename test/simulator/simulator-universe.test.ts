import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { drained, risesBy, risesWithin } from './frame-counts.js';
import { startSimulator, type RunningSimulator } from '../../simulator/start-simulator.js';

let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const json = async (url: string, init?: RequestInit): Promise<unknown> => (await fetch(url, init)).json();
const post = (sim: RunningSimulator, path: string) => fetch(`${sim.controlUrl}/${path}`, { method: 'POST' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Bybit socket that records its frames and acks. */
async function bybitSocket(
  url: string,
): Promise<{ socket: WebSocket; frames: Record<string, unknown>[]; subscribe(args: string[]): Promise<Record<string, unknown>> }> {
  const socket = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
  await new Promise((resolve) => socket.once('open', resolve));
  let next = 0;
  const subscribe = async (args: string[]) => {
    next += 1;
    const id = `s${next}`;
    socket.send(JSON.stringify({ op: 'subscribe', req_id: id, args }));
    for (let waited = 0; waited < 3000; waited += 20) {
      const ack = frames.find((f) => f['req_id'] === id);
      if (ack !== undefined) return ack;
      await sleep(20);
    }
    throw new Error(`no ack for ${id}`);
  };
  return { socket, frames, subscribe };
}

const tradesOf = (frames: readonly Record<string, unknown>[], symbol: string) => frames.filter((f) => f['topic'] === `publicTrade.${symbol}`).length;

describe('the simulator serving a generated universe (real sockets and HTTP)', () => {
  it("serves both venues' instrument lists and 24 h tickers over HTTP, Binance's weighed", async () => {
    sim = await startSimulator({ universe: { instruments: 400, seed: 3 } });
    const info = await fetch(`${sim.restUrl}/api/v3/exchangeInfo`);
    expect(info.headers.get('x-mbx-used-weight-1m')).toBe('20');
    const symbols = ((await info.json()) as { symbols: { symbol: string; status: string; filters: { filterType: string; tickSize?: string }[] }[] }).symbols;
    const bybit = (await json(`${sim.restUrl}/v5/market/instruments-info?category=spot`)) as { retCode: number; result: { list: { symbol: string }[] } };
    expect(bybit.retCode).toBe(0);
    const both = symbols.filter((s) => bybit.result.list.some((b) => b.symbol === s.symbol)).length;
    expect(symbols.length + bybit.result.list.length - both).toBe(400);
    expect(both / 400).toBeGreaterThan(0.45);
    expect(symbols.every((s) => s.status === 'TRADING' && s.filters[0]?.filterType === 'PRICE_FILTER')).toBe(true);
    const tickers = (await json(`${sim.restUrl}/api/v3/ticker/24hr`)) as { symbol: string; quoteVolume: string }[];
    expect(tickers).toHaveLength(symbols.length);
    const ranked = [...tickers].sort((x, y) => Number(y.quoteVolume) - Number(x.quoteVolume)).map((t) => t.symbol);
    expect(ranked.slice(0, 3)).toContain('BTCUSDT');
    const bybitTickers = (await json(`${sim.restUrl}/v5/market/tickers?category=spot`)) as { result: { list: { turnover24h: string }[] } };
    expect(bybitTickers.result.list).toHaveLength(bybit.result.list.length);
    // exchangeInfo 20 and every symbol's 24 h ticker 80: the weight of the whole run (the minute's may
    // have started again between the requests).
    expect(((await json(`${sim.controlUrl}/binance/counters`)) as { restWeightTotal: number }).restWeightTotal).toBe(100);
  });

  it('lists a new instrument that can be subscribed at once, halts and resumes it, and delists it: its stream goes silent and Bybit refuses it', async () => {
    sim = await startSimulator({ universe: { instruments: 100, seed: 3 }, tickMs: 10 });
    expect((await post(sim, 'bybit/list?base=FRESH&rate=50')).status).toBe(200);
    const client = await bybitSocket(sim.urls.bybit);
    expect(await client.subscribe(['publicTrade.FRESHUSDT', 'publicTrade.BTCUSDT'])).toMatchObject({ success: true });
    const fresh = (): number => tradesOf(client.frames, 'FRESHUSDT');
    const btc = (): number => tradesOf(client.frames, 'BTCUSDT');
    expect(await risesBy(3, [fresh])).toBe(true);

    expect((await post(sim, 'bybit/halt?symbol=FRESHUSDT')).status).toBe(200);
    await drained(fresh);
    expect(await risesWithin(400, fresh)).toEqual([0]);
    await post(sim, 'bybit/resume?symbol=FRESHUSDT');
    expect(await risesBy(0, [fresh])).toBe(true);

    expect((await post(sim, 'bybit/delist?symbol=FRESHUSDT')).status).toBe(200);
    await drained(fresh);
    expect(await risesWithin(500, fresh)).toEqual([0]);
    expect(await risesBy(0, [btc])).toBe(true);
    const other = await bybitSocket(sim.urls.bybit);
    expect(await other.subscribe(['tickers.FRESHUSDT'])).toMatchObject({ success: false, ret_msg: 'error:handler not found,topic:tickers.FRESHUSDT' });
    const list = (await json(`${sim.restUrl}/v5/market/instruments-info?category=spot`)) as { result: { list: { symbol: string }[] } };
    expect(list.result.list.map((i) => i.symbol)).not.toContain('FRESHUSDT');
    expect((await post(sim, 'bybit/delist?symbol=NOPEUSDT')).status).toBe(404);
    client.socket.close();
    other.socket.close();
  });

  it('Binance: a delisted pair stays in exchangeInfo as BREAK and its streams go silent', async () => {
    sim = await startSimulator({ universe: { instruments: 100, seed: 3 }, tickMs: 10 });
    const socket = new WebSocket(`${sim.urls.binance}?streams=btcusdt@trade/ethusdt@trade`);
    const streams: string[] = [];
    socket.on('message', (data: Buffer) => streams.push((JSON.parse(data.toString('utf8')) as { stream: string }).stream));
    await new Promise((resolve) => socket.once('open', resolve));
    const eth = (): number => streams.filter((s) => s === 'ethusdt@trade').length;
    expect(await risesBy(3, [eth])).toBe(true);
    await post(sim, 'binance/delist?symbol=ETHUSDT');
    await drained(eth);
    expect(await risesWithin(400, eth)).toEqual([0]);
    const info = (await json(`${sim.restUrl}/api/v3/exchangeInfo?symbol=ETHUSDT`)) as { symbols: { status: string }[] };
    expect(info.symbols[0]?.status).toBe('BREAK');
    const trading = (await json(`${sim.restUrl}/api/v3/exchangeInfo?symbolStatus=TRADING`)) as { symbols: { symbol: string }[] };
    expect(trading.symbols.map((s) => s.symbol)).not.toContain('ETHUSDT');
    socket.close();
  });
});
