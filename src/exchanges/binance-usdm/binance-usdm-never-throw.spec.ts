import { describe, expect, it } from 'vitest';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import type { MapperContext } from '../mapper-context.js';
import { splitSymbol } from '../split-symbol.js';
import { parseBinanceUsdmFrame } from './binance-usdm-frames.js';
import { mapBinanceUsdmFrame } from './binance-usdm-mappers.js';
import { binanceUsdmTickerReducer } from './binance-usdm-ticker-reducer.js';

/** USD-M's recorded trades and documented frames, and every Binance spot frame: the USD-M path must not throw on those either. */
const lines = [...frameLines(RECORDED_FRAMES, (file) => file.startsWith('binance')), ...frameLines(new URL('./__fixtures__/', import.meta.url))];
const frames: readonly unknown[] = lines.map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
const context: MapperContext = { exchange: 'binance_usdm', env: 'prod', connectionId: 'usdm-1', partsOf: (s) => splitSymbol(s) };

/** Parse, map, and merge the derivative tickers into a fresh state. */
function outcomeOf(text: string): Outcome {
  const parsed = parseBinanceUsdmFrame(text);
  if (!parsed.ok) return { refused: parsed.error };
  const events = mapBinanceUsdmFrame(parsed.frame, RECEIVED_TS, context);
  const symbol = events[0]?.symbol;
  return { emitted: symbol === undefined ? [] : binanceUsdmTickerReducer.reduce(binanceUsdmTickerReducer.initial(symbol), events).events };
}

const emitted = new EmittedCount();

/** The shared checks, and what they leave open here: a liquidation is always sampled, mark and index prices above zero. */
function problemsOf(text: string): readonly string[] {
  const outcome = outcomeOf(text);
  const problems = [...emittedProblems(text, outcome, context, RECEIVED_TS)];
  if ('emitted' in outcome) {
    emitted.add(outcome.emitted.length);
    for (const event of outcome.emitted) {
      if (event.type === 'liquidation' && !event.sampled) problems.push('an unsampled Binance liquidation');
      if (event.type === 'derivative_ticker' && !((event.markPrice ?? 1) > 0 && (event.indexPrice ?? 1) > 0)) problems.push('a price of 0 or less');
    }
  }
  return problems;
}

describe('the Binance USD-M parser, mapper and ticker reducer', () => {
  neverThrowProperties({
    problemsOf,
    emitted,
    frames,
    // 160 to 253 records from 3,000 mutated frames over 10 runs: the floor only catches a path that refuses everything.
    emittedAtLeast: 50,
  });

  it.each(['binance-usdm-aggTrade.ndjson', 'binance-usdm-markPrice.ndjson', 'binance-usdm-forceOrder.ndjson', 'binance-usdm-bookTicker.ndjson'])(
    'maps every line of %s to well-formed records, none refused',
    (file) => {
      const texts = lines.filter((line) => line.file === file).map((line) => line.text);
      expect(texts.length).toBeGreaterThan(0);
      expect(texts.map(outcomeOf).filter((outcome) => !('emitted' in outcome))).toEqual([]);
      expect(texts.flatMap(problemsOf)).toEqual([]);
    },
  );
});
