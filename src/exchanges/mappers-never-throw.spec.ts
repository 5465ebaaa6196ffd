import { describe, expect, it } from 'vitest';
import { emittedProblems, type Outcome } from './__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from './__fixtures__/never-throw-properties.js';
import { parseBinanceFrame } from './binance/binance-frames.js';
import { mapBinanceFrame } from './binance/binance-mappers.js';
import { bybitBookReducer } from './bybit/bybit-book-reducer.js';
import { parseBybitFrame } from './bybit/bybit-frames.js';
import { mapBybitBookFrame, mapBybitFrame } from './bybit/bybit-mappers.js';
import { coinbaseBookReducer } from './coinbase/coinbase-book-reducer.js';
import { coinbaseBookUpdates } from './coinbase/coinbase-book-updates.js';
import { parseCoinbaseFrame } from './coinbase/coinbase-frames.js';
import { mapCoinbaseFrame } from './coinbase/coinbase-mappers.js';
import { krakenBookReducer } from './kraken/kraken-book-reducer.js';
import { krakenBookUpdates } from './kraken/kraken-book-update.js';
import { parseKrakenFrame } from './kraken/kraken-frames.js';
import { mapKrakenFrame } from './kraken/kraken-mappers.js';
import type { BookUpdate } from './book-update.js';
import type { MapperContext } from './mapper-context.js';
import type { SymbolReducer } from './venue-protocol.js';
import { splitSymbol } from './split-symbol.js';

const recorded = frameLines(RECORDED_FRAMES);
const frames: readonly unknown[] = recorded.map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
// Distinct stamps per venue, so that a record stamped from the wrong context is caught.
const bybitContext: MapperContext = { exchange: 'bybit', env: 'prod', connectionId: 'bybit-1', partsOf: (s) => splitSymbol(s) };
const binanceContext: MapperContext = { exchange: 'binance_testnet', env: 'testnet', connectionId: 'binance-1', partsOf: (s) => splitSymbol(s) };
const coinbaseContext: MapperContext = { exchange: 'coinbase', env: 'prod', connectionId: 'coinbase-1', partsOf: (s) => splitSymbol(s) };
const krakenContext: MapperContext = { exchange: 'kraken', env: 'prod', connectionId: 'kraken-1', partsOf: (s) => splitSymbol(s) };
/**
 * Kraken computes the day's open from `last` and `change`, and the day's quote turnover from `volume` and
 * `vwap`; a ticker without its `timestamp` (older than the field) is stamped with the receive time.
 */
const KRAKEN_COMPUTED = ['open24h', 'turnover24h', 'exchangeTs'];
const bookReducer = bybitBookReducer();

/** Folds one frame's book updates into fresh books, one per symbol. */
function folded<S, O>(reducer: SymbolReducer<S, BookUpdate, O>, updates: readonly BookUpdate[]): readonly O[] {
  return updates.flatMap((update) => reducer.reduce(reducer.initial(update.symbol), [update]).events);
}

const coinbaseBooks = coinbaseBookReducer();
function coinbaseOutcome(text: string): Outcome {
  const parsed = parseCoinbaseFrame(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const books = frame.kind === 'l2_data' ? folded(coinbaseBooks, coinbaseBookUpdates(frame, RECEIVED_TS)) : [];
  return { emitted: [...mapCoinbaseFrame(frame, RECEIVED_TS, coinbaseContext), ...books] };
}

const krakenBooks = krakenBookReducer();
function krakenOutcome(text: string): Outcome {
  const parsed = parseKrakenFrame(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const books = frame.kind === 'book' ? folded(krakenBooks, krakenBookUpdates(frame, RECEIVED_TS)) : [];
  return { emitted: [...mapKrakenFrame(frame, RECEIVED_TS, krakenContext), ...books] };
}

/** Bybit's path: parse, map, and fold a depth-N book frame into a fresh book. */
function bybitOutcome(text: string): Outcome {
  const parsed = parseBybitFrame(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const books = frame.kind === 'book' ? bookReducer.reduce(bookReducer.initial(frame.data.s), [mapBybitBookFrame(frame, RECEIVED_TS)]).events : [];
  return { emitted: [...mapBybitFrame(frame, RECEIVED_TS, bybitContext), ...books] };
}

function binanceOutcome(text: string): Outcome {
  const parsed = parseBinanceFrame(text);
  return parsed.ok ? { emitted: mapBinanceFrame(parsed.frame, RECEIVED_TS, binanceContext) } : { refused: parsed.error };
}

/** Events the venues' paths emitted over one run, so that a property over nothing but refusals is caught. */
const emitted = new EmittedCount();

/** Runs `text` through every venue's path (any throw fails the property) and lists what is wrong with what came out. */
function problemsOfAll(text: string): readonly string[] {
  const bybit = bybitOutcome(text);
  const binance = binanceOutcome(text);
  const coinbase = coinbaseOutcome(text);
  const kraken = krakenOutcome(text);
  for (const outcome of [bybit, binance, coinbase, kraken]) emitted.add('emitted' in outcome ? outcome.emitted.length : 0);
  return [
    ...emittedProblems(text, bybit, bybitContext, RECEIVED_TS).map((p) => `bybit ${p}`),
    ...emittedProblems(text, binance, binanceContext, RECEIVED_TS).map((p) => `binance ${p}`),
    ...emittedProblems(text, coinbase, coinbaseContext, RECEIVED_TS).map((p) => `coinbase ${p}`),
    ...emittedProblems(text, kraken, krakenContext, RECEIVED_TS, KRAKEN_COMPUTED).map((p) => `kraken ${p}`),
  ];
}

describe('venue parsers and mappers', () => {
  neverThrowProperties({
    problemsOf: problemsOfAll,
    emitted,
    frames,
    // Acks, book deltas and depth frames emit none; a run of 3,000 mutated frames emitted 194 to 799
    // records over 26 runs (a few frames carry many trades, drawn more or less often): the floor only
    // catches a path that refuses everything.
    emittedAtLeast: 30,
    arbitraryRuns: 4000,
  });

  it.each([
    ['bybit-publicTrade.ndjson', bybitOutcome],
    ['bybit-tickers.ndjson', bybitOutcome],
    ['bybit-kline.ndjson', bybitOutcome],
    ['binance-trade.ndjson', binanceOutcome],
    ['binance-trade-combined.ndjson', binanceOutcome],
    ['binance-aggTrade.ndjson', binanceOutcome],
    ['binance-bookTicker.ndjson', binanceOutcome],
    ['binance-ticker.ndjson', binanceOutcome],
    ['binance-miniTicker.ndjson', binanceOutcome],
    ['binance-kline.ndjson', binanceOutcome],
    ['binanceus-trade.ndjson', binanceOutcome],
    ['binanceus-aggTrade.ndjson', binanceOutcome],
    ['binanceus-bookTicker.ndjson', binanceOutcome],
    ['binanceus-miniTicker.ndjson', binanceOutcome],
    ['coinbase-market_trades.ndjson', coinbaseOutcome],
    ['coinbase-ticker.ndjson', coinbaseOutcome],
    ['coinbase-l2_data-updates.ndjson', coinbaseOutcome, 'none'],
    ['kraken-trade.ndjson', krakenOutcome],
    ['kraken-ticker.ndjson', krakenOutcome],
    ['kraken-book.ndjson', krakenOutcome, 'some'],
  ] as const)('map every line of recorded %s to well-formed events', (file, outcomeOf, each: 'each' | 'some' | 'none' = 'each') => {
    const lines = linesOf(file);
    const outcomes = lines.map(outcomeOf);
    const context =
      outcomeOf === bybitOutcome
        ? bybitContext
        : outcomeOf === coinbaseOutcome
          ? coinbaseContext
          : outcomeOf === krakenOutcome
            ? krakenContext
            : binanceContext;
    const computed = outcomeOf === krakenOutcome ? KRAKEN_COMPUTED : [];
    expect(lines.length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => !('emitted' in outcome))).toEqual([]);
    // Book updates alone fold into no fresh book: a depth frame's events are checked as far as they go.
    const silent = outcomes.filter((outcome) => 'emitted' in outcome && outcome.emitted.length === 0);
    if (each === 'each') expect(silent).toEqual([]);
    if (each === 'some') expect(silent.length).toBeLessThan(outcomes.length);
    expect(outcomes.flatMap((outcome, n) => emittedProblems(lines[n] ?? '', outcome, context, RECEIVED_TS, computed))).toEqual([]);
  });

  it('fold each recorded Bybit book snapshot into one well-formed view', () => {
    const snapshots = linesOf('bybit-orderbook.ndjson').filter((text) => text.includes('"type":"snapshot"'));
    const outcomes = snapshots.map(bybitOutcome);
    expect(outcomes.map((outcome) => ('emitted' in outcome ? outcome.emitted.map((e) => e.type) : outcome.refused))).toEqual([['book_view'], ['book_view']]);
    expect(outcomes.flatMap((outcome, n) => emittedProblems(snapshots[n] ?? '', outcome, bybitContext, RECEIVED_TS))).toEqual([]);
  });
});

function linesOf(file: string): readonly string[] {
  return recorded.filter((r) => r.file === file).map((r) => r.text);
}
