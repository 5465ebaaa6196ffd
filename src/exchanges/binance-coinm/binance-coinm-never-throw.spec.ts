import { describe, expect, it } from 'vitest';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import { parseBinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import { coinmContext, RECEIVED } from './__fixtures__/coinm-context.js';
import { binanceCoinmDepthUpdates } from './binance-coinm-book-plan.js';
import { mapBinanceCoinmFrame } from './binance-coinm-mappers.js';
import { binanceCoinmProtocol } from './binance-coinm-protocol.js';
import { binanceCoinmTickerReducer } from './binance-coinm-ticker-reducer.js';

/** COIN-M's recorded frames and every other Binance frame: the COIN-M path must not throw on those either. */
const lines = frameLines(RECORDED_FRAMES, (file) => file.startsWith('binance'));
const frames: readonly unknown[] = lines.map(({ text }) => JSON.parse(text) as unknown);
const context = coinmContext();
const emitted = new EmittedCount();

/** Parse, refuse or map, fold the derivative tickers, and read the depth updates. */
function outcomeOf(text: string): Outcome {
  const parsed = parseBinanceUsdmFrame(text);
  if (!parsed.ok) return { refused: parsed.error };
  const refusal = binanceCoinmProtocol.refuse?.(parsed.frame, context);
  if (refusal !== undefined) return { refused: refusal };
  binanceCoinmDepthUpdates(parsed.frame, RECEIVED, context);
  const events = mapBinanceCoinmFrame(parsed.frame, RECEIVED, context);
  const symbol = events[0]?.symbol;
  return { emitted: symbol === undefined ? [] : binanceCoinmTickerReducer.reduce(binanceCoinmTickerReducer.initial(symbol), events).events };
}

/** The finite numbers a frame writes, as numbers or decimal strings. */
function numbersOf(value: unknown, into: Set<number> = new Set()): Set<number> {
  if (typeof value === 'number' && Number.isFinite(value)) into.add(value);
  else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) into.add(Number(value));
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) numbersOf(v, into);
  return into;
}

/**
 * The frame with the figures a COIN-M mapper computes from its numbers beside it, for the shared checks:
 * each number's USD (times the symbol's contract size) and that over each other number (a price).
 */
function withCoinFigures(text: string): string {
  const frame = JSON.parse(text) as unknown;
  const numbers = [...numbersOf(frame)].filter((n) => n > 0 && n < 1e15);
  const derived = numbers.length > 40 ? [] : numbers.flatMap((n) => [10, 100].flatMap((size) => [n * size, ...numbers.map((p) => (n * size) / p)]));
  return JSON.stringify({ frame, derived });
}

/** The shared checks (the sizes computed from the frame's numbers; COIN-M's symbols spell no bare quote), and COIN-M's own. */
function problemsOf(text: string): readonly string[] {
  const outcome = outcomeOf(text);
  if (!('emitted' in outcome)) return emittedProblems(text, outcome, context, RECEIVED);
  emitted.add(outcome.emitted.length);
  const problems = emittedProblems(withCoinFigures(text), outcome, context, RECEIVED).filter((problem) => !/^\w+: \w+\/\w+ does not spell \S+$/.test(problem));
  for (const event of outcome.emitted) {
    if (event.type === 'book_view' || event.type === 'book_resync') continue;
    if (!event.symbol.toUpperCase().startsWith(`${event.coin}USD_`) || event.quote !== 'USD')
      problems.push(`${event.type}: ${event.coin}/${event.quote} is not ${event.symbol}'s`);
    if (event.type === 'liquidation' && !event.sampled) problems.push('an unsampled Binance liquidation');
  }
  return problems;
}

describe('the Binance COIN-M parser, mapper and ticker reducer', () => {
  // 168 to 259 records from 3,000 mutated frames over 10 runs: the floor only catches a path that refuses everything.
  neverThrowProperties({ problemsOf, emitted, frames, emittedAtLeast: 50 });

  it.each([
    'binance-coinm-aggTrade.ndjson',
    'binance-coinm-bookTicker.ndjson',
    'binance-coinm-markPrice.ndjson',
    'binance-coinm-forceOrder.ndjson',
    'binance-coinm-depthUpdate.ndjson',
  ])('reads every line of %s, none refused, records well formed', (file) => {
    const texts = lines.filter((line) => line.file === file).map((line) => line.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.map(outcomeOf).filter((outcome) => !('emitted' in outcome))).toEqual([]);
    expect(texts.flatMap(problemsOf)).toEqual([]);
  });
});
