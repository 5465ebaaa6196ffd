import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import { frameNumbers, optionEventsProblems } from '../__fixtures__/option-summary-problems.js';
import type { MapperContext } from '../mapper-context.js';
import { splitBinanceOptionSymbol } from './binance-option-names.js';
import { binanceOptionProtocol } from './binance-option-protocol.js';
import { inCoins, perCoin } from './binance-option-units.js';

/** Every Binance frame of the fixtures (the option path must not throw on another market's frame either); the option frames are the ones mutated. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('binance'));
const frames: readonly unknown[] = recorded.filter(({ file }) => file.startsWith('binance-options-')).map(({ text }) => JSON.parse(text) as unknown);

/** Coins a contract holds, as Binance lists them (XRP's 100 is the recorded mark's; DOGE's 1,000 its listing's). */
const UNITS: Readonly<Record<string, number>> = { XRP: 100, DOGE: 1000 };
const unitOf = (coin: string): number => UNITS[coin] ?? 1;

const RECEIVED_TS = 1_800_000_000_000;
const CONTEXT: MapperContext = {
  exchange: 'binance_options',
  env: 'prod',
  connectionId: 'options-1',
  partsOf: (symbol) => {
    const parts = splitBinanceOptionSymbol(symbol);
    return parts === undefined ? undefined : { ...parts, contractValue: unitOf(parts.coin) };
  },
};

/** Parse, the connection's reading (which must not throw either), refuse, map; entries refused alone are not the frame's refusal. */
function outcomeOf(text: string): Outcome {
  const parsed = binanceOptionProtocol.parse(text);
  if (!parsed.ok) return { refused: parsed.error };
  binanceOptionProtocol.control(parsed.frame);
  binanceOptionProtocol.refusedEntries?.(parsed.frame);
  const refusal = binanceOptionProtocol.refuse?.(parsed.frame, CONTEXT);
  return refusal === undefined ? { emitted: binanceOptionProtocol.map(parsed.frame, RECEIVED_TS, CONTEXT) } : { refused: refusal };
}

/** A frame's number per coin and in coins at every unit. */
const perUnit = (n: number): readonly number[] => [1, ...Object.values(UNITS)].flatMap((unit) => [perCoin(n, unit), inCoins(n, unit)]);

/** Figures told per coin with the unit: the shared checks do not know them; `unitProblems` checks each is a frame's number told so. */
const PER_UNIT = ['price', 'quantity', 'openInterest', 'lastPrice'];

function unitProblems(e: MarketEvent, numbers: ReadonlySet<number>): readonly string[] {
  const figures = e.type === 'trade' ? [e.price, e.quantity] : e.type === 'derivative_ticker' ? [e.openInterest, e.lastPrice] : [];
  return figures.filter((v) => v !== undefined && !numbers.has(v)).map((v) => `${e.type}: ${String(v)} is no figure of the frame per coin`);
}

const emitted = new EmittedCount();

/**
 * The shared checks (but the spelling of the symbol, which names no quote), the unit's, and the summary's own;
 * a 2023 `@ticker` has no underlying price (NaN, with no index either).
 */
function problemsOf(text: string): readonly string[] {
  const outcome = outcomeOf(text);
  if (!('emitted' in outcome)) return emittedProblems(text, outcome, CONTEXT, RECEIVED_TS);
  emitted.add(outcome.emitted.length);
  const numbers = frameNumbers(JSON.parse(text) as unknown, perUnit);
  const events = outcome.emitted.filter((e): e is MarketEvent => e.type !== 'book_view' && e.type !== 'book_resync');
  const rules = { keyOf: (symbol: string) => splitBinanceOptionSymbol(symbol)?.instrument, rho: 'not sent', underlyingPrice: 'NaN when not sent' } as const;
  return [
    ...events.filter((e) => e.type !== 'option_summary').flatMap((e) => unitProblems(e, numbers)),
    ...optionEventsProblems(events, numbers, rules, (others) => emittedProblems(text, { emitted: others }, CONTEXT, RECEIVED_TS, PER_UNIT)),
  ];
}

describe('the Binance option parser, connection reading and mapper', () => {
  // Most mutated option frames still make a record (an entry refused alone leaves its frame's others).
  neverThrowProperties({ problemsOf, emitted, frames, emittedAtLeast: 500 });

  it('reads every other Binance frame of the fixtures without a problem', () => {
    expect(recorded.flatMap(({ text }) => problemsOf(text))).toEqual([]);
  });

  it.each(['binance-options-optionMarkPrice.ndjson', 'binance-options-optionTrade.ndjson', 'binance-options-trade.ndjson', 'binance-options-ticker.ndjson'])(
    'maps every line of %s to well-formed records, none refused',
    (file) => {
      const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
      expect(lines.length).toBeGreaterThan(0);
      const outcomes = lines.map(outcomeOf);
      expect(outcomes.filter((outcome) => !('emitted' in outcome))).toEqual([]);
      expect(lines.flatMap(problemsOf)).toEqual([]);
      expect(outcomes.flatMap((outcome) => ('emitted' in outcome ? outcome.emitted : []))).toHaveLength(lines.length);
    },
  );
});
