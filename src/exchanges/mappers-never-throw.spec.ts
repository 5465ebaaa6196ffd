import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBinanceFrame } from './binance/binance-frames.js';
import { mapBinanceFrame } from './binance/binance-mappers.js';
import { bybitBookReducer } from './bybit/bybit-book-reducer.js';
import { parseBybitFrame, type BybitFrame } from './bybit/bybit-frames.js';
import { mapBybitBookFrame, mapBybitFrame } from './bybit/bybit-mappers.js';
import type { MarketEvent } from '../model/index.js';
import type { MapperContext } from './mapper-context.js';
import { splitSymbol } from './split-symbol.js';

const dir = new URL('../../test/fixtures/exchange-frames/', import.meta.url);
const frames: readonly unknown[] = readdirSync(dir)
  .filter((name) => name.endsWith('.ndjson'))
  .flatMap((name) => readFileSync(new URL(name, dir), 'utf8').split('\n'))
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as unknown);

const context: MapperContext = { exchange: 'bybit', env: 'prod', connectionId: 'c', partsOf: (s) => splitSymbol(s) };
const bookReducer = bybitBookReducer();

/** A depth-N book frame folded into a fresh book: the published levels, as `[price, size]` values. */
function bookLevels(frame: BybitFrame): readonly number[] {
  if (frame.kind !== 'book') return [];
  const update = mapBybitBookFrame(frame, 1);
  const { events } = bookReducer.reduce(bookReducer.initial(update.symbol), [update]);
  return events.flatMap((e) => (e.type === 'book_view' ? [...e.bids, ...e.asks].flatMap((l) => [l.price, l.size]) : []));
}

function normalizeBoth(text: string): void {
  const bybit = parseBybitFrame(text);
  if (bybit.ok) {
    mapBybitFrame(bybit.frame, 1, context);
    bookLevels(bybit.frame);
  }
  const binance = parseBinanceFrame(text);
  if (binance.ok) mapBinanceFrame(binance.frame, 1, { ...context, exchange: 'binance' });
}

/** Replaces one value somewhere inside a JSON value, chosen by `pick`, with `replacement`. */
function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  const paths: (readonly (string | number)[])[] = [];
  const walk = (v: unknown, path: readonly (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, [...path, i]));
    else if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(value, []);
  const path = paths[pick % paths.length] ?? [];
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (replacement === undefined) delete cursor[last];
  else cursor[last] = replacement;
  return copy;
}

describe('venue parsers and mappers', () => {
  it('never throw on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => normalizeBoth(text)), { numRuns: 2000 });
  });

  it('never throw on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => normalizeBoth(JSON.stringify(value))), { numRuns: 2000 });
  });

  it('never throw on real frames with one field replaced, removed or retyped', () => {
    const replacement = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.constantFrom('NaN', '-1', '0', '', 'Infinity', '1e999', null, -1, 1.5, [], {}));
    fc.assert(
      fc.property(fc.constantFrom(...frames), fc.nat(), replacement, (frame, pick, value) => {
        normalizeBoth(JSON.stringify(mutate(frame, pick, value)));
      }),
      { numRuns: 3000 },
    );
  });

  it('emit only finite positive prices and sizes for any mutated frame', () => {
    fc.assert(
      fc.property(fc.constantFrom(...frames), fc.nat(), fc.constantFrom('NaN', '-1', '0', '', 'abc', '1e999'), (frame, pick, value) => {
        const text = JSON.stringify(mutate(frame, pick, value));
        const bybit = parseBybitFrame(text);
        const binance = parseBinanceFrame(text);
        const events = [...(bybit.ok ? mapBybitFrame(bybit.frame, 1, context) : []), ...(binance.ok ? mapBinanceFrame(binance.frame, 1, context) : [])];
        for (const e of events) {
          const values = valuesOf(e);
          for (const v of values) expect(Number.isFinite(v) && v > 0).toBe(true);
        }
        for (const v of bybit.ok ? bookLevels(bybit.frame) : []) expect(Number.isFinite(v) && v > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

/** The prices and sizes of an event that must be finite and positive (volumes of a candle may be 0). */
function valuesOf(e: MarketEvent): readonly number[] {
  switch (e.type) {
    case 'trade':
    case 'agg_trade':
      return [e.price, e.quantity];
    case 'price_tick':
      return [e.price];
    case 'book_ticker':
      return [e.bid, e.ask, e.bidSize, e.askSize];
    case 'kline':
      return [e.open, e.high, e.low, e.close, e.volume + 1, e.quoteVolume + 1];
  }
}
