import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { BYBIT_BOOK_DEPTHS, bybitBookPlan, type BybitSizing } from './bybit-book-plan.js';
import { bybitBookReducer } from './bybit-book-reducer.js';
import { mapBybitInverseFrame } from './bybit-inverse-mappers.js';
import { parseBybitLinearFrame, type BybitLinearFrame } from './bybit-linear-frames.js';
import { mapBybitLinearFrame } from './bybit-linear-mappers.js';
import { bybitLinearTickerReducer } from './bybit-linear-ticker-reducer.js';

/** Every Bybit frame of the fixtures (spot and linear recorded, inverse's documented shapes): each derivatives path must not throw on another category's frame either. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('bybit-'));
const frames: readonly unknown[] = recorded.map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
const tickers = bybitLinearTickerReducer();
const books = bybitBookReducer();

/** One Bybit derivatives category's path: its mapper and how its book levels are sized, with the files written for it. */
interface Path {
  readonly name: string;
  readonly context: MapperContext;
  readonly map: (frame: BybitLinearFrame, receivedTs: number, context: MapperContext) => readonly MarketEvent[];
  readonly sizing: BybitSizing;
  readonly files: readonly string[];
}

const PATHS: readonly Path[] = [
  {
    name: 'linear',
    context: { exchange: 'bybit_linear', env: 'prod', connectionId: 'linear-1', partsOf: (s) => splitSymbol(s) },
    map: mapBybitLinearFrame,
    sizing: 'base',
    files: ['bybit-linear-publicTrade.ndjson', 'bybit-linear-tickers.ndjson', 'bybit-linear-kline.ndjson', 'bybit-linear-allLiquidation.ndjson'],
  },
  {
    name: 'inverse',
    context: { exchange: 'bybit_inverse', env: 'prod', connectionId: 'inverse-1', partsOf: (s) => splitSymbol(s) },
    map: mapBybitInverseFrame,
    sizing: 'usd',
    files: [
      'bybit-inverse-publicTrade.ndjson',
      'bybit-inverse-tickers.ndjson',
      'bybit-inverse-kline.ndjson',
      'bybit-inverse-allLiquidation.ndjson',
      'bybit-inverse-orderbook.ndjson',
    ],
  },
];

/** A category's path: parse, map, merge a ticker into a fresh state, fold a depth frame into a fresh book by the plan of its depth. */
function outcomeOf(path: Path, text: string): Outcome {
  const parsed = parseBybitLinearFrame(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const events = path.map(frame, RECEIVED_TS, path.context);
  const merged = events.length === 0 ? [] : tickers.reduce(tickers.initial(events[0]?.symbol ?? ''), events).events;
  const depth = frame.kind === 'book' ? BYBIT_BOOK_DEPTHS.find((d) => frame.topic.startsWith(`orderbook.${d}.`)) : undefined;
  const updates = depth === undefined ? [] : bybitBookPlan(depth, path.sizing).updates(frame, RECEIVED_TS, path.context);
  const folded = updates.flatMap((update) => books.reduce(books.initial(update.symbol), [update]).events);
  return { emitted: [...merged, ...folded] };
}

/**
 * What the shared checks leave open for this path: prices above zero (they allow 0), liquidations never
 * sampled, open interest timed by this frame (the ticker state is fresh), and no ticker update let through.
 */
function linearProblems(event: MarketEvent): readonly string[] {
  const problems: string[] = [];
  if ('bybitTicker' in event) problems.push('a ticker update left the reducer');
  if (event.type === 'derivative_ticker') {
    for (const [name, value] of [
      ['markPrice', event.markPrice],
      ['indexPrice', event.indexPrice],
      ['lastPrice', event.lastPrice],
    ] as const)
      if (value !== undefined && !(value > 0)) problems.push(`${name} ${value}`);
    if (event.openInterestTs !== undefined && event.openInterestTs !== event.exchangeTs) problems.push('open interest timed by another frame');
  }
  if (event.type === 'liquidation' && event.sampled) problems.push('a sampled liquidation');
  return problems;
}

/**
 * Inverse figures are the frame's divided by a price (a USD size over it) or swapped with another of its
 * figures, so they are not the frame's own numbers the shared checks look for: checked instead are the
 * linear path's records of the same frame against the frame, and every number of the inverse records
 * finite, sizes and quantities above zero (book deletions aside).
 */
function inverseProblems(event: MarketEvent | { readonly type: string }): readonly string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'number' && !Number.isFinite(value)) problems.push(`${event.type}.${key} ${value}`);
  }
  for (const key of ['quantity', 'bidSize', 'askSize'] as const) {
    const value: unknown = (event as Partial<Record<typeof key, unknown>>)[key];
    if (typeof value === 'number' && !(value > 0)) problems.push(`${event.type}.${key} ${value}`);
  }
  return problems;
}

describe.each(PATHS)('the Bybit $name parser, mapper and ticker reducer', (path) => {
  const emitted = new EmittedCount();
  const linear = PATHS[0] as Path;
  const problemsOf = (text: string): readonly string[] => {
    const outcome = outcomeOf(path, text);
    if (!('emitted' in outcome)) return emittedProblems(text, outcome, path.context, RECEIVED_TS);
    emitted.add(outcome.emitted.length);
    const market = outcome.emitted.filter((e): e is MarketEvent => e.type !== 'book_view' && e.type !== 'book_resync');
    if (path === linear) return [...emittedProblems(text, outcome, path.context, RECEIVED_TS), ...market.flatMap(linearProblems)];
    const asLinear = outcomeOf(linear, text);
    return [...emittedProblems(text, asLinear, linear.context, RECEIVED_TS), ...market.flatMap(linearProblems), ...outcome.emitted.flatMap(inverseProblems)];
  };

  neverThrowProperties({
    problemsOf,
    emitted,
    frames,
    // About 170 records come out of a run (book and best bid/ask deltas emit none on fresh state).
    emittedAtLeast: 100,
  });

  it.each(path.files)('map every line of %s to well-formed records, none refused', (file) => {
    const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => outcomeOf(path, line)).filter((outcome) => !('emitted' in outcome))).toEqual([]);
    expect(lines.flatMap(problemsOf)).toEqual([]);
  });
});
