import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import type { MapperContext } from '../mapper-context.js';
import { mutate } from '../__fixtures__/mutate-json.js';
import { frameLines } from './__fixtures__/recorded-frames.js';
import { krakenBookReducer } from './kraken-book-reducer.js';
import { krakenBookUpdates } from './kraken-book-update.js';
import { parseKrakenFrame } from './kraken-frames.js';
import { mapKrakenFrame } from './kraken-mappers.js';
import { krakenControl } from './kraken-protocol.js';

const FILES = [
  'kraken-book.ndjson',
  'kraken-heartbeat.ndjson',
  'kraken-pong.ndjson',
  'kraken-status.ndjson',
  'kraken-subscribe-ack.ndjson',
  'kraken-ticker.ndjson',
  'kraken-trade.ndjson',
];
const frames: readonly unknown[] = FILES.flatMap((file) => frameLines(file)).map((line) => JSON.parse(line) as unknown);
const context: MapperContext = {
  exchange: 'kraken',
  env: 'prod',
  connectionId: 'kraken-1',
  partsOf: (symbol) => {
    const [coin, quote] = symbol.split('/');
    return coin === undefined || quote === undefined || coin === '' || quote === '' ? undefined : { coin, quote };
  },
};
/** A refusal of valid JSON names the offending field by its path, then the problem. */
const FIELD_REFUSAL = /^\$(?:\.\w+|\[\d*\])*: \S/;

/** Everything wrong with what the Kraken path made of `text`. */
function problems(text: string): readonly string[] {
  const result = parseKrakenFrame(text);
  if (!result.ok) {
    try {
      JSON.parse(text);
    } catch (error) {
      return result.error === (error as Error).message ? [] : [`refused non-JSON with "${result.error}"`];
    }
    return FIELD_REFUSAL.test(result.error) ? [] : [`refused without naming a field: "${result.error}"`];
  }
  krakenControl(result.frame);
  const events: readonly MarketEvent[] = mapKrakenFrame(result.frame, 1, context);
  const reducer = krakenBookReducer();
  const outputs = result.frame.kind === 'book' ? krakenBookUpdates(result.frame, 1).flatMap((u) => reducer.reduce(reducer.initial(u.symbol), [u]).events) : [];
  const bad: string[] = [];
  for (const e of events) {
    const prices =
      e.type === 'trade' ? [e.price, e.quantity] : e.type === 'book_ticker' ? [e.bid, e.bidSize, e.ask, e.askSize] : e.type === 'price_tick' ? [e.price] : [];
    if (!prices.every((p) => Number.isFinite(p) && p > 0)) bad.push(`${e.type} with a price or size that is not positive`);
    if (!Number.isSafeInteger(e.exchangeTs)) bad.push(`${e.type} exchangeTs ${e.exchangeTs}`);
  }
  for (const o of outputs) {
    if (o.type === 'book_view' && ![...o.bids, ...o.asks].every((l) => Number.isFinite(l.price) && l.price > 0 && l.size > 0)) bad.push('a bad level');
    if (o.type === 'book_view' && (o.bids[0]?.price ?? 0) >= (o.asks[0]?.price ?? Infinity)) bad.push('a crossed view');
  }
  return bad;
}

describe('the Kraken path on damaged frames', () => {
  it("never throws on arbitrary text, refusing what is not JSON with JSON.parse's reason", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(problems(text)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on recorded frames with one value replaced, removed or retyped, and emits only positive prices and sizes', () => {
    const replacement = fc.oneof(fc.constant(undefined), fc.jsonValue(), fc.constantFrom('NaN', '-1', '0', '', 'Infinity', '1e999', null, -1, 0, 1.5, [], {}));
    fc.assert(
      fc.property(fc.constantFrom(...frames), fc.nat(), replacement, (frame, pick, value) => {
        // `JSON.stringify` of a frame replaced whole by `undefined` is `undefined`: refused like any text that is not JSON.
        expect(problems(JSON.stringify(mutate(frame, pick, value)))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('maps every recorded data frame to events or book views', () => {
    const data = [...frameLines('kraken-trade.ndjson'), ...frameLines('kraken-ticker.ndjson')];
    expect(data.map((line) => (parseKrakenFrame(line).ok ? 'ok' : line))).toEqual(data.map(() => 'ok'));
  });
});
