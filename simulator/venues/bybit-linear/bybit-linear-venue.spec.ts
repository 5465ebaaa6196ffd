import { describe, expect, it } from 'vitest';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import { runControlAction } from '../../control-actions.js';
import type { SimulatedTrade } from '../../simulated-market.js';
import { bybitLinearTradeFrames, linearTradeUuid } from './bybit-linear-trade-frames.js';

type Frame = { topic?: string; type?: string; ts?: number; data?: unknown; success?: boolean; ret_msg?: string; op?: string; req_id?: string };
type Trade = { T: number; s: string; S: string; v: string; p: string; L: string; i: string; seq: number };
type Liquidation = { T: number; s: string; S: string; v: string; p: string };

const linear = () => perpetualTestVenue('bybit_linear');

describe('the simulated Bybit linear venue', () => {
  it('acknowledges in the linear shape, answers ping, and refuses the retired liquidation topic as Bybit does', () => {
    const { connect } = linear();
    const client = connect('/v5/public/linear');
    client.send({ op: 'subscribe', req_id: 7, args: ['publicTrade.BTCUSDT'] });
    client.send({ op: 'subscribe', args: ['liquidation.BTCUSDT'] });
    client.send({ op: 'ping' });
    expect(client.take()).toEqual([
      { success: true, ret_msg: '', conn_id: client.id, req_id: '7', op: 'subscribe' },
      { success: false, ret_msg: 'error:handler not found,topic:liquidation.BTCUSDT', conn_id: client.id, req_id: '', op: 'subscribe' },
      { success: true, ret_msg: 'pong', conn_id: client.id, req_id: '', op: 'ping' },
    ]);
  });

  it('takes more than spot\u2019s 10 args in one request (futures have no args limit), up to 21,000 characters per connection', () => {
    const { connect, venue } = linear();
    const client = connect('/v5/public/linear');
    const args = ['BTCUSDT', 'ETHUSDT'].flatMap((s) => [
      `publicTrade.${s}`,
      `tickers.${s}`,
      `orderbook.1.${s}`,
      `orderbook.50.${s}`,
      `orderbook.200.${s}`,
      `allLiquidation.${s}`,
      `kline.1.${s}`,
    ]);
    expect(args.length).toBeGreaterThan(10);
    client.send({ op: 'subscribe', args });
    expect(client.take().filter((f) => (f as Frame).op === 'subscribe')).toEqual([
      { success: true, ret_msg: '', conn_id: client.id, req_id: '', op: 'subscribe' },
    ]);
    expect(venue.limits.maxArgsCharsPerConnection).toBe(21_000);
  });

  it('sends every trade the market made once, in frames of one symbol, with unique UUIDs, tick directions and one seq per frame', () => {
    const { connect, run, venue } = linear();
    const client = connect('/v5/public/linear');
    client.send({ op: 'subscribe', args: ['publicTrade.BTCUSDT', 'publicTrade.ETHUSDT'] });
    run(5_000);
    const frames = client.frames().filter((f): f is Frame & { data: Trade[] } => (f as Frame).topic?.startsWith('publicTrade.') === true);
    const trades = frames.flatMap((f) => f.data);
    const made = venue.config.market.madeTrades('BTCUSDT');
    const btc = trades.filter((t) => t.s === 'BTCUSDT');
    expect(btc.map((t) => t.i)).toEqual(made.map((t) => linearTradeUuid('BTCUSDT', t.tradeId)));
    expect(new Set(trades.map((t) => t.i)).size).toBe(trades.length);
    for (const frame of frames) {
      expect(new Set(frame.data.map((t) => t.s))).toEqual(new Set([frame.topic?.slice('publicTrade.'.length)]));
      expect(new Set(frame.data.map((t) => t.seq)).size).toBe(1);
    }
    for (let n = 1; n < btc.length; n++) {
      const [before, after] = [Number(btc[n - 1]?.p), Number(btc[n]?.p)];
      const direction = btc[n]?.L ?? '';
      if (after > before) expect(direction).toBe('PlusTick');
      else if (after < before) expect(direction).toBe('MinusTick');
      else expect(['ZeroPlusTick', 'ZeroMinusTick']).toContain(direction);
    }
  });

  it('packs at most 1024 trades into one publicTrade frame', () => {
    const trades: SimulatedTrade[] = Array.from({ length: 2500 }, (_, n) => ({
      symbol: 'BTCUSDT',
      tradeId: 5000 + n,
      price: 65000,
      quantity: 0.001,
      isBuyerMaker: false,
      ts: 1,
      priceDecimals: 2,
    }));
    const frames = bybitLinearTradeFrames(trades, 1, { sizeDecimals: 3, directions: [] });
    expect(frames.map((f) => f.trades.length)).toEqual([1024, 1024, 452]);
    expect(frames.map((f) => (JSON.parse(f.payload as string) as { data: unknown[] }).data.length)).toEqual([1024, 1024, 452]);
  });

  it('pushes ticker deltas on the 100 ms clock only, and only when something changed', () => {
    const { connect, run, venue } = linear();
    const client = connect('/v5/public/linear');
    client.send({ op: 'subscribe', args: ['tickers.BTCUSDT'] });
    run(3_000, 10);
    const frames = client.frames().filter((f) => (f as Frame).topic === 'tickers.BTCUSDT') as (Frame & { ts: number })[];
    expect(frames[0]?.type).toBe('snapshot');
    const deltas = frames.slice(1);
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.every((f) => f.type === 'delta')).toBe(true);
    // 100 ms apart at least, on the venue's clock.
    for (let n = 1; n < deltas.length; n++) expect((deltas[n]?.ts ?? 0) - (deltas[n - 1]?.ts ?? 0)).toBeGreaterThanOrEqual(100);
    // No trades: the mark stays, yet the index wanders; once halted, nothing at all.
    venue.config.market.setStatus('BTCUSDT', 'halted');
    client.take();
    run(2_000, 10);
    expect(client.take().filter((f) => (f as Frame).topic === 'tickers.BTCUSDT')).toEqual([]);
  });

  it('pushes every liquidation made on allLiquidation every 500 ms, none sampled away, and logs each as sent to the socket', () => {
    const { connect, run, venue, control, clock } = linear();
    const client = connect('/v5/public/linear');
    client.send({ op: 'subscribe', args: ['allLiquidation.BTCUSDT'] });
    const moveEnds = clock.now + 6_000;
    control.movePrice('bybit_linear', { pct: -6, durationMs: 6_000, buyRatio: 0 }, 'BTCUSDT');
    run(7_000);
    const frames = client.frames().filter((f) => (f as Frame).topic === 'allLiquidation.BTCUSDT') as (Frame & { ts: number; data: Liquidation[] })[];
    const pushed = frames.flatMap((f) => f.data);
    const log = control.liquidations('bybit_linear', 'BTCUSDT');
    expect(log.length).toBeGreaterThan(10);
    const decided = log.filter((l) => l.published !== undefined);
    expect(pushed).toHaveLength(decided.length);
    expect(pushed.map((l) => l.T)).toEqual(decided.map((l) => l.ts));
    expect(pushed.map((l) => l.v)).toEqual(decided.map((l) => l.quantity.toFixed(3)));
    expect(pushed.map((l) => l.p)).toEqual(decided.map((l) => l.price.toFixed(2)));
    // While the price only fell, only longs were closed (`Buy`).
    expect(new Set(pushed.filter((l) => l.T <= moveEnds).map((l) => l.S))).toEqual(new Set(['Buy']));
    expect(decided.every((l) => l.published === true && l.sentTo.includes(client.id))).toBe(true);
    for (let n = 1; n < frames.length; n++) expect(((frames[n]?.ts ?? 0) - (frames[n - 1]?.ts ?? 0)) % 500).toBe(0);
    // Over HTTP the same log.
    const answer = runControlAction(control, 'bybit_linear', 'liquidations', new URLSearchParams('symbol=BTCUSDT'));
    expect(answer).toEqual({ status: 200, body: log });
    expect(venue.config.perpetual?.liquidations.toArray('BTCUSDT')).toEqual(log);
  });

  it('serves orderbook topics as spot does, in the recorded linear key order, u + 1 per frame', () => {
    const { connect, run } = linear();
    const client = connect('/v5/public/linear');
    client.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'] });
    run(2_000);
    const frames = client.frames().filter((f) => (f as Frame).topic === 'orderbook.50.BTCUSDT') as { type: string; data: { u: number } }[];
    expect(frames[0]?.type).toBe('snapshot');
    expect(Object.keys(frames[0] ?? {})).toEqual(['topic', 'type', 'ts', 'data', 'cts']);
    const us = frames.map((f) => f.data.u);
    expect(us).toEqual(us.map((_, n) => (us[0] ?? 0) + n));
  });

  it('lists a contract at run time with contract lots, and it trades with a ticker of its own', () => {
    const { connect, run, control } = linear();
    expect(control.list('bybit_linear', 'SOL')).toMatchObject({ symbol: 'SOLUSDT', lotStep: '0.1' });
    const client = connect('/v5/public/linear');
    client.send({ op: 'subscribe', args: ['tickers.SOLUSDT', 'publicTrade.SOLUSDT'] });
    run(2_000);
    const frames = client.frames() as Frame[];
    expect(frames.find((f) => f.topic === 'tickers.SOLUSDT')?.type).toBe('snapshot');
    const trades = frames.filter((f) => f.topic === 'publicTrade.SOLUSDT').flatMap((f) => f.data as Trade[]);
    expect(trades.length).toBeGreaterThan(10);
    expect(trades.every((t) => /^\d+\.\d$/.test(t.v))).toBe(true);
  });
});
