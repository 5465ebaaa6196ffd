import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shape } from '../../__fixtures__/json-shape.js';
import { perpetualTestVenue } from '../../perpetual/__fixtures__/perpetual-test-venue.js';

/** The recorded COIN-M frames of `test/fixtures/exchange-frames/<name>` (see SOURCES.md there), parsed. */
const recorded = (name: string): Record<string, unknown>[] =>
  readFileSync(new URL(`../../../test/fixtures/exchange-frames/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

type Frame = Record<string, unknown> & { stream?: string; data?: Record<string, unknown> };

/** The frames one COIN-M client got on its one socket in 8 s of trading and a 6 % fall (so that liquidations happen). */
function coinmFrames() {
  const venue = perpetualTestVenue('binance_coinm', { venueOptions: { binance_coinm: { pingIntervalMs: 0 } } });
  const streams = ['aggTrade', 'markPrice@1s', 'forceOrder', 'depth@100ms', 'bookTicker', 'ticker'].map((s) => `btcusd_perp@${s}`).join('/');
  const client = venue.connect(`/coinm/stream?streams=${streams}`);
  venue.control.movePrice('binance_coinm', { pct: -6, durationMs: 6_000, buyRatio: 0.2 }, 'BTCUSD_PERP');
  venue.run(8_000);
  return { frames: client.frames() as Frame[] };
}

const keysAndTypes = (value: unknown): string[] =>
  Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}:${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}`);

describe('the simulated Binance COIN-M frames have the recorded keys in the recorded order and JSON types', () => {
  const { frames } = coinmFrames();
  const of = (stream: string) => frames.filter((f) => f.stream === stream);

  it.each([
    ['btcusd_perp@aggTrade', 'binance-coinm-aggTrade.ndjson'],
    ['btcusd_perp@bookTicker', 'binance-coinm-bookTicker.ndjson'],
    ['btcusd_perp@forceOrder', 'binance-coinm-forceOrder.ndjson'],
  ])('%s as %s, every frame on one unrouted socket', (stream, file) => {
    const sent = of(stream);
    expect(sent.length).toBeGreaterThan(2);
    const expected = shape(recorded(file)[0]);
    for (const frame of sent) expect(shape(frame)).toEqual(expected);
  });

  it('depth@100ms as recorded (e, E, T, s, ps, U, u, pu, b, a), each event chained to the last by pu', () => {
    const sent = of('btcusd_perp@depth@100ms');
    expect(sent.length).toBeGreaterThan(20);
    const expected = keysAndTypes(recorded('binance-coinm-depthUpdate.ndjson')[0]?.['data']);
    for (const frame of sent) expect(keysAndTypes(frame.data)).toEqual(expected);
    sent.slice(1).forEach((frame, n) => expect(frame.data?.['pu']).toBe(sent[n]?.data?.['u']));
  });

  it('markPrice@1s as recorded (e, E, s, p, P, r, T) with the index i the COIN-M page documents since, every second', () => {
    const sent = of('btcusd_perp@markPrice@1s');
    expect(sent.length).toBeGreaterThanOrEqual(7);
    const recordedKeys = keysAndTypes(recorded('binance-coinm-markPrice.ndjson')[0]?.['data']);
    const withIndex = [...recordedKeys.slice(0, 5), 'i:string', ...recordedKeys.slice(5)];
    for (const frame of sent) expect(keysAndTypes(frame.data)).toEqual(withIndex);
  });

  it('sizes are whole contracts of 100 USD: an aggregate trade of q contracts at p is q x 100 / p BTC', () => {
    const sent = of('btcusd_perp@aggTrade').map((f) => f.data ?? {});
    expect(sent.every((d) => /^[1-9]\d*$/.test(String(d['q'])))).toBe(true);
    const levels = of('btcusd_perp@depth@100ms').flatMap((f) => [...((f.data?.['b'] as string[][]) ?? []), ...((f.data?.['a'] as string[][]) ?? [])]);
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every(([, size]) => /^(0|[1-9]\d*)$/.test(size ?? ''))).toBe(true);
  });
});
