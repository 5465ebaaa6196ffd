import { describe, expect, it } from 'vitest';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import type { HyperliquidInfo } from './hyperliquid-info.js';
import { hyperliquidMalformedFrame } from './hyperliquid-malformed-frames.js';

const WS = '/hyperliquid/ws';
const subscribeTrades = { method: 'subscribe', subscription: { type: 'trades', coin: 'BTC' } };

describe("the simulated Hyperliquid's faults", () => {
  it('a dropped socket leaves a hole: the trades made meanwhile are on the tape, the latest of them in recentTrades and in a new backlog', () => {
    const { connect, run, control, venue } = perpetualTestVenue('hyperliquid', { tradesPerSecond: 4 });
    const client = connect(WS);
    client.send(subscribeTrades);
    run(2_000);
    expect(control.drop('hyperliquid')).toBe(1);
    expect(client.socket.closed?.code).toBe(1006);
    const before = control.madeTrades('hyperliquid', 'BTC').length;
    run(2_000);
    const hole = control.madeTrades('hyperliquid', 'BTC').slice(before);
    expect(hole.length).toBe(8);
    const recent = JSON.parse((venue.config.restApi as HyperliquidInfo).post('application/json', '{"type":"recentTrades","coin":"BTC"}').text) as {
      tid: number;
    }[];
    expect(recent.slice(0, 8).map((t) => String(t.tid))).toEqual(hole.map((t) => t.venueTradeId).reverse());
    const again = connect(WS);
    again.send(subscribeTrades);
    const [, backlog] = again.frames() as [unknown, { data: { tid: number }[] }];
    expect(backlog.data.slice(-8).map((t) => String(t.tid))).toEqual(hole.map((t) => t.venueTradeId));
  });

  it('a stalled venue keeps answering pings and subscriptions (a trades subscribe with its backlog), sends no live data, and resumes', () => {
    const { connect, run, control } = perpetualTestVenue('hyperliquid');
    run(1_000);
    control.stall('hyperliquid');
    const client = connect(WS);
    client.send(subscribeTrades);
    client.send({ method: 'ping' });
    run(1_000);
    expect((client.frames() as { channel: string }[]).map((f) => f.channel)).toEqual(['subscriptionResponse', 'trades', 'pong']);
    expect(control.sentTrades('hyperliquid').every((s) => s.backlog === true)).toBe(true);
    expect(control.sentTrades('hyperliquid')).toHaveLength(10);
    control.stall('hyperliquid', false);
    run(1_000);
    expect((client.take() as { channel: string }[]).filter((f) => f.channel === 'trades').length).toBeGreaterThan(5);
  });

  it('sends malformed frames a client must refuse: cut, negative price, NaN size, unknown side, a one-sided book with a bad size, a NaN mark', () => {
    const frames = Array.from({ length: 6 }, (_, n) => hyperliquidMalformedFrame(n, 'BTC', 1_786_539_552_700));
    expect(() => JSON.parse(frames[0] ?? '') as unknown).toThrow();
    const parsed = frames.slice(1).map((f) => JSON.parse(f) as { channel: string; data: unknown });
    expect(parsed.map((f) => f.channel)).toEqual(['trades', 'trades', 'trades', 'l2Book', 'activeAssetCtx']);
    expect(parsed.slice(0, 3).map((f) => (f.data as Record<string, unknown>[])[0])).toMatchObject([{ px: '-5.0' }, { sz: 'NaN' }, { side: 'S' }]);
    expect(hyperliquidMalformedFrame(6, 'BTC', 0)).toBe(hyperliquidMalformedFrame(0, 'BTC', 0));
  });

  it('sends garbage in its trades framing, counted as malformed', () => {
    const { connect, control } = perpetualTestVenue('hyperliquid');
    const client = connect(WS);
    control.sendGarbage('hyperliquid', 'negative-price');
    const [frame] = client.frames() as [{ channel: string; data: { px: string; coin: string }[] }];
    expect(frame.channel).toBe('trades');
    expect(frame.data[0]).toMatchObject({ px: '-12.5', coin: 'BTC' });
    expect(control.counters('hyperliquid').malformedSent).toBe(1);
  });
});
