import { describe, expect, it } from 'vitest';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import type { BookOutput } from '../book-update.js';
import type { MapperContext } from '../mapper-context.js';
import { okxBookReducer } from '../okx/okx-book-reducer.js';
import { splitSymbol } from '../split-symbol.js';
import type { VenueProtocol } from '../venue-protocol.js';
import type { BitgetFrame } from './bitget-frames.js';
import { bitgetFuturesProtocol, bitgetProtocol } from './bitget-protocol.js';

/** Every recorded Bitget frame, v1, v2 and v3, spot and futures: each path must hold on the other's frames too. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('bitget-'));
const frames: readonly unknown[] = recorded.map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
const SPOT: MapperContext = { exchange: 'bitget', env: 'prod', connectionId: 'bitget-1', partsOf: (s) => splitSymbol(s) };
const FUTURES: MapperContext = { exchange: 'bitget_futures', env: 'prod', connectionId: 'bitget-futures-1', partsOf: (s) => splitSymbol(s) };
/** A v3 ticker carries no time of its own: its `exchangeTs` is the push's. */
const COMPUTED = ['exchangeTs'];

function outcomeOf(protocol: VenueProtocol<BitgetFrame>, context: MapperContext, text: string): Outcome {
  const parsed = protocol.parse(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const books = okxBookReducer({ checkEverySnapshot: true });
  const folded: BookOutput[] = (protocol.book?.updates(frame, RECEIVED_TS, context) ?? []).flatMap(
    (update) => books.reduce(books.initial(update.symbol), [update]).events,
  );
  return { emitted: [...protocol.map(frame, RECEIVED_TS, context), ...folded] };
}

const emitted = new EmittedCount();

function problemsOf(text: string): readonly string[] {
  if (text === 'pong') return [];
  const spot = outcomeOf(bitgetProtocol, SPOT, text);
  const futures = outcomeOf(bitgetFuturesProtocol, FUTURES, text);
  for (const outcome of [spot, futures]) emitted.add('emitted' in outcome ? outcome.emitted.length : 0);
  return [
    ...emittedProblems(text, spot, SPOT, RECEIVED_TS, COMPUTED).map((p) => `spot ${p}`),
    ...emittedProblems(text, futures, FUTURES, RECEIVED_TS, COMPUTED).map((p) => `futures ${p}`),
  ];
}

describe("Bitget's parser, mappers and book plan", () => {
  neverThrowProperties({ problemsOf, emitted, frames, emittedAtLeast: 100 });

  it.each([
    'bitget-trade.ndjson',
    'bitget-futures-ticker.ndjson',
    'bitget-ticker.ndjson',
    'bitget-books1.ndjson',
    'bitget-futures-books1.ndjson',
    'bitget-v3-publicTrade.ndjson',
    'bitget-v3-ticker.ndjson',
    'bitget-v3-liquidation.ndjson',
  ])('maps every line of recorded %s to well-formed records, none refused', (file) => {
    const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.flatMap(problemsOf)).toEqual([]);
    const outcomes = lines.map((text) => outcomeOf(bitgetFuturesProtocol, FUTURES, text));
    expect(outcomes.filter((outcome) => !('emitted' in outcome))).toEqual([]);
    expect(outcomes.some((outcome) => 'emitted' in outcome && outcome.emitted.length > 0)).toBe(true);
  });
});
