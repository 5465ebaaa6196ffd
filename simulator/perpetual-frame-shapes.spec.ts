import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shape } from './__fixtures__/json-shape.js';
import { perpetualTestVenue } from './perpetual/__fixtures__/perpetual-test-venue.js';

/** The recorded frames of `test/fixtures/exchange-frames/<name>` (see SOURCES.md there), parsed. */
const recorded = (name: string): Record<string, unknown>[] =>
  readFileSync(new URL(`../test/fixtures/exchange-frames/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

type Frame = Record<string, unknown> & { topic?: string; type?: string; stream?: string; data?: unknown };

/** The frames one Bybit linear client got in 8 s of trading and a 6 % fall (so that liquidations happen). */
function linearFrames(): Frame[] {
  const { connect, run, control } = perpetualTestVenue('bybit_linear');
  const client = connect('/v5/public/linear');
  client.send({ op: 'subscribe', args: ['publicTrade.BTCUSDT', 'tickers.BTCUSDT', 'orderbook.200.BTCUSDT', 'allLiquidation.BTCUSDT', 'kline.1.BTCUSDT'] });
  control.movePrice('bybit_linear', { pct: -6, durationMs: 6_000, buyRatio: 0.2 }, 'BTCUSDT');
  run(8_000);
  return client.frames() as Frame[];
}

/** The frames one Binance USD-M client got on each route in 8 s of trading and a 6 % fall. */
function usdmFrames(): { readonly market: Frame[]; readonly public: Frame[] } {
  const { connect, run, control } = perpetualTestVenue('binance_usdm');
  const market = connect('/usdm/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice@1s/btcusdt@forceOrder');
  const publicRoute = connect('/usdm/public/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker');
  control.movePrice('binance_usdm', { pct: -6, durationMs: 6_000, buyRatio: 0.2 }, 'BTCUSDT');
  run(8_000);
  return { market: market.frames() as Frame[], public: publicRoute.frames() as Frame[] };
}

const keysAndTypes = (value: unknown): [string, string][] =>
  Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, v === null ? 'null' : typeof v]);

describe('Bybit linear frames have the recorded keys in the recorded order and JSON types', () => {
  const frames = linearFrames();
  const of = (topic: string, type?: string) => frames.filter((f) => f.topic === topic && (type === undefined || f.type === type));

  it('publicTrade (T, s, S, v, p, L, i, BT, RPI, seq)', () => {
    const sent = of('publicTrade.BTCUSDT');
    expect(sent.length).toBeGreaterThan(50);
    const expected = shape(recorded('bybit-linear-publicTrade.ndjson')[0]);
    for (const frame of sent) expect(shape(frame)).toEqual(expected);
  });

  it('tickers: the snapshot with all 27 recorded fields; each delta its envelope, string fields, in the recorded deltas\u2019 order', () => {
    const [snapshot, ...deltas] = recorded('bybit-linear-tickers.ndjson');
    const sentSnapshot = of('tickers.BTCUSDT', 'snapshot');
    expect(sentSnapshot).toHaveLength(1);
    expect(shape(sentSnapshot[0])).toEqual(shape(snapshot));
    const sentDeltas = of('tickers.BTCUSDT', 'delta');
    expect(sentDeltas.length).toBeGreaterThan(40);
    // Every pair of fields that two recorded deltas both carry comes in one order; the simulator's agree with it.
    const before = new Set<string>();
    for (const delta of deltas) {
      const keys = Object.keys(delta['data'] as object);
      keys.forEach((k, n) => keys.slice(n + 1).forEach((later) => before.add(`${k}<${later}`)));
    }
    const recordedEnvelope = keysAndTypes(deltas[0]).map(([k, t]) => [k, k === 'data' ? 'object' : t]);
    for (const delta of sentDeltas) {
      expect(keysAndTypes(delta)).toEqual(recordedEnvelope);
      const keys = Object.keys(delta['data'] as object);
      expect(keys[0]).toBe('symbol');
      expect(keys.every((k) => k in (snapshot?.['data'] as object))).toBe(true);
      expect(keysAndTypes(delta['data']).every(([, t]) => t === 'string')).toBe(true);
      keys.forEach((k, n) => keys.slice(n + 1).forEach((later) => expect(before.has(`${later}<${k}`)).toBe(false)));
    }
  });

  it('orderbook snapshot and deltas (topic, type, ts, data{s, b, a, u, seq}, cts)', () => {
    const [snapshot, delta] = recorded('bybit-linear-orderbook.ndjson');
    expect(shape(of('orderbook.200.BTCUSDT', 'snapshot')[0])).toEqual(shape(snapshot));
    const deltas = of('orderbook.200.BTCUSDT', 'delta');
    expect(deltas.length).toBeGreaterThan(20);
    // A delta may change one side only: its other side is an empty list, whose shape says nothing.
    for (const sent of deltas.filter((d) => (d['data'] as { b: unknown[]; a: unknown[] }).b.length > 0 && (d['data'] as { a: unknown[] }).a.length > 0))
      expect(shape(sent)).toEqual(shape(delta));
  });

  it('kline.1 (topic, data[{start, end, interval, open, close, high, low, volume, turnover, confirm, timestamp}], ts, type)', () => {
    const expected = shape(recorded('bybit-linear-kline.ndjson')[0]);
    const sent = of('kline.1.BTCUSDT');
    expect(sent.length).toBeGreaterThan(3);
    for (const frame of sent) expect(shape(frame)).toEqual(expected);
  });

  it('the subscribe answer', () => {
    expect(shape(frames.find((f) => f['op'] === 'subscribe'))).toEqual(shape(recorded('bybit-linear-subscribe-ack.ndjson')[0]));
  });

  it('allLiquidation, no frame of which is recorded: the documented example (topic, type, ts, data[{T, s, S, v, p}])', () => {
    const sent = of('allLiquidation.BTCUSDT');
    expect(sent.length).toBeGreaterThan(2);
    const documented = shape(recorded('bybit-linear-allLiquidation.ndjson')[0]);
    for (const frame of sent) expect(shape(frame)).toEqual(documented);
  });
});

describe('Binance USD-M frames have the recorded or documented keys in order and JSON types', () => {
  const frames = usdmFrames();
  const of = (route: Frame[], stream: string) => route.filter((f) => f.stream === stream);

  it('aggTrade, on combined streams, as recorded ({stream, data{e, E, a, s, p, q, f, l, T, m}})', () => {
    const sent = of(frames.market, 'btcusdt@aggTrade');
    expect(sent.length).toBeGreaterThan(50);
    const expected = shape(recorded('binance-usdm-aggTrade.ndjson')[0]);
    for (const frame of sent) expect(shape(frame)).toEqual(expected);
  });

  // No recorded frame of these kinds: the documented field lists, types as documented.
  const documented: Record<string, [string, string][]> = {
    'btcusdt@markPrice@1s': ['e:string', 'E:number', 's:string', 'p:string', 'i:string', 'P:string', 'r:string', 'T:number'].map(
      (f) => f.split(':') as [string, string],
    ),
    'btcusdt@forceOrder': [
      ['e', 'string'],
      ['E', 'number'],
      ['o', 'object'],
    ],
    'btcusdt@depth@100ms': ['e:string', 'E:number', 'T:number', 's:string', 'U:number', 'u:number', 'pu:number', 'b:object', 'a:object'].map(
      (f) => f.split(':') as [string, string],
    ),
    'btcusdt@bookTicker': ['e:string', 'u:number', 's:string', 'b:string', 'B:string', 'a:string', 'A:string', 'T:number', 'E:number'].map(
      (f) => f.split(':') as [string, string],
    ),
  };

  it.each(Object.keys(documented))('%s: the documented fields', (stream) => {
    const sent = of(stream.includes('depth') || stream.includes('bookTicker') ? frames.public : frames.market, stream);
    expect(sent.length).toBeGreaterThan(2);
    for (const frame of sent) expect(keysAndTypes(frame.data)).toEqual(documented[stream]);
  });

  it('forceOrder\u2019s order: s, S, o, f, q, p, ap, X, l, z, T', () => {
    const sent = of(frames.market, 'btcusdt@forceOrder');
    expect(sent.length).toBeGreaterThan(2);
    const order = ['s:string', 'S:string', 'o:string', 'f:string', 'q:string', 'p:string', 'ap:string', 'X:string', 'l:string', 'z:string', 'T:number'];
    for (const frame of sent) expect(keysAndTypes((frame.data as { o: unknown }).o).map(([k, t]) => `${k}:${t}`)).toEqual(order);
  });
});
