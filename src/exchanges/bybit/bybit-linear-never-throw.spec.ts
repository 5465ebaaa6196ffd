import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { bybitBookReducer } from './bybit-book-reducer.js';
import { parseBybitLinearFrame } from './bybit-linear-frames.js';
import { mapBybitLinearFrame } from './bybit-linear-mappers.js';
import { bybitLinearTickerReducer } from './bybit-linear-ticker-reducer.js';
import { mapBybitBookFrame } from './bybit-mappers.js';

/** Every recorded Bybit frame, spot and linear: the linear path must not throw on a spot frame either. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('bybit-'));
const frames: readonly unknown[] = recorded.map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
const context: MapperContext = { exchange: 'bybit_linear', env: 'prod', connectionId: 'linear-1', partsOf: (s) => splitSymbol(s) };
const tickers = bybitLinearTickerReducer();
const books = bybitBookReducer();

/** The linear path: parse, map, merge a ticker into a fresh state, fold a depth frame into a fresh book. */
function linearOutcome(text: string): Outcome {
  const parsed = parseBybitLinearFrame(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const events = mapBybitLinearFrame(frame, RECEIVED_TS, context);
  const merged = events.length === 0 ? [] : tickers.reduce(tickers.initial(events[0]?.symbol ?? ''), events).events;
  const folded = frame.kind === 'book' ? books.reduce(books.initial(frame.data.s), [mapBybitBookFrame(frame, RECEIVED_TS)]).events : [];
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

const emitted = new EmittedCount();

function problemsOf(text: string): readonly string[] {
  const outcome = linearOutcome(text);
  if (!('emitted' in outcome)) return emittedProblems(text, outcome, context, RECEIVED_TS);
  emitted.add(outcome.emitted.length);
  const market = outcome.emitted.filter((e): e is MarketEvent => e.type !== 'book_view' && e.type !== 'book_resync');
  return [...emittedProblems(text, outcome, context, RECEIVED_TS), ...market.flatMap(linearProblems)];
}

describe('the Bybit linear parser, mapper and ticker reducer', () => {
  neverThrowProperties({
    problemsOf,
    emitted,
    frames,
    // About 170 records come out of a run (book and best bid/ask deltas emit none on fresh state).
    emittedAtLeast: 100,
  });

  it.each(['bybit-linear-publicTrade.ndjson', 'bybit-linear-tickers.ndjson', 'bybit-linear-kline.ndjson', 'bybit-linear-allLiquidation.ndjson'])(
    'map every line of recorded %s to well-formed records, none refused',
    (file) => {
      const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.map(linearOutcome).filter((outcome) => !('emitted' in outcome))).toEqual([]);
      expect(lines.flatMap(problemsOf)).toEqual([]);
    },
  );
});
