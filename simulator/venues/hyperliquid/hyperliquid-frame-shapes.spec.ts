import { describe, expect, it } from 'vitest';
import { shape } from '../../__fixtures__/json-shape.js';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';
import { recorded } from './__fixtures__/recorded-frames.js';

type Frame = { channel: string; data: unknown };

/** The frames one client got of BTC in 12 s of trading, subscribed to every channel the venue serves. */
function btcFrames(): Frame[] {
  const { connect, run } = perpetualTestVenue('hyperliquid');
  const client = connect('/hyperliquid/ws');
  for (const type of ['trades', 'l2Book', 'bbo', 'activeAssetCtx']) client.send({ method: 'subscribe', subscription: { type, coin: 'BTC' } });
  client.send({ method: 'subscribe', subscription: { type: 'candle', coin: 'BTC', interval: '1m' } });
  run(12_000);
  return client.frames() as Frame[];
}

const keysAndTypes = (value: unknown): [string, string][] =>
  Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]);

describe('the simulated Hyperliquid frames have the recorded keys in the recorded order and JSON types', () => {
  const frames = btcFrames();
  const of = (channel: string) => frames.filter((f) => f.channel === channel);

  it('trades: {coin, side, px, sz, time, hash, tid, users} as recorded in 2026 (line 2), tid a number as on the wire (line 1)', () => {
    const [wire, withUsers] = recorded('hyperliquid-trades.ndjson') as [Frame, Frame];
    const expected = keysAndTypes((withUsers.data as unknown[])[0]).map(([k, t]): [string, string] => [k, k === 'tid' ? 'number' : t]);
    expect(keysAndTypes((wire.data as unknown[])[0])).toEqual(expected.filter(([k]) => k !== 'users'));
    const trades = of('trades').flatMap((f) => f.data as unknown[]);
    expect(trades.length).toBeGreaterThan(100);
    for (const trade of trades) expect(keysAndTypes(trade)).toEqual(expected);
    expect(trades.every((t) => /^0x[0-9a-f]{64}$/.test((t as { hash: string }).hash))).toBe(true);
    expect(trades.every((t) => (t as { users: string[] }).users.every((u) => /^0x[0-9a-f]{40}$/.test(u)))).toBe(true);
  });

  it('l2Book: {coin, time, levels: [bids, asks]} of {px, sz, n}, as recorded', () => {
    const expected = shape(recorded('hyperliquid-l2Book.ndjson')[0]);
    const books = of('l2Book');
    expect(books.length).toBe(3);
    for (const book of books) expect(shape(book)).toEqual(expected);
  });

  it('bbo: {coin, time, bbo: [bid, ask]} of {px, sz, n}, as recorded', () => {
    const expected = shape(recorded('hyperliquid-bbo.ndjson')[0]);
    const bbos = of('bbo');
    expect(bbos.length).toBeGreaterThan(50);
    for (const bbo of bbos) expect(shape(bbo)).toEqual(expected);
  });

  it('activeAssetCtx: {coin, ctx} with the ten recorded ctx fields in their order, all strings (impactPxs two), and no time', () => {
    const expected = shape(recorded('hyperliquid-activeAssetCtx.ndjson')[0]);
    const contexts = of('activeAssetCtx');
    expect(contexts.length).toBe(3);
    for (const ctx of contexts) expect(shape(ctx)).toEqual(expected);
  });

  it('candle: one {t, T, s, i, o, c, h, l, v, n} a message, as ccxt recorded it (watchOHLCV, 2026-08-12)', () => {
    const expected = shape(recorded('hyperliquid-candle.ndjson')[0]);
    const candles = of('candle');
    expect(candles.length).toBeGreaterThan(8);
    for (const candle of candles) expect(shape(candle)).toEqual(expected);
    const first = candles[0]?.data as { t: number; T: number; s: string; i: string };
    expect([first.T - first.t, first.s, first.i]).toEqual([59_999, 'BTC', '1m']);
  });

  it('writes prices as the venue does: whole-dollar BTC prices with one decimal ("64097.0"), sizes without trailing zeros', () => {
    const trades = of('trades').flatMap((f) => f.data as { px: string; sz: string }[]);
    expect(trades.every((t) => /^\d+\.0$/.test(t.px))).toBe(true);
    expect(trades.every((t) => /^\d+\.(?:\d*[1-9]|0)$/.test(t.sz))).toBe(true);
  });
});
