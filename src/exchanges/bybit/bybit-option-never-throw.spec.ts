import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import type { MapperContext } from '../mapper-context.js';
import { splitBybitOptionSymbol } from './bybit-option-names.js';
import { bybitOptionProtocol } from './bybit-option-protocol.js';
import { frameNumbers, optionEventsProblems } from '../__fixtures__/option-summary-problems.js';

/** Every Bybit frame of the fixtures (the option path must not throw on another category's frame either); the option frames are the ones mutated. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('bybit-'));
const frames: readonly unknown[] = recorded.filter(({ file }) => file.startsWith('bybit-option-')).map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
const CONTEXT: MapperContext = { exchange: 'bybit_options', env: 'prod', connectionId: 'option-1', partsOf: splitBybitOptionSymbol };

/** Parse, the connection's reading (which must not throw either), refuse, map. */
function outcomeOf(text: string): Outcome {
  const parsed = bybitOptionProtocol.parse(text);
  if (!parsed.ok) return { refused: parsed.error };
  bybitOptionProtocol.control(parsed.frame);
  const refusal = bybitOptionProtocol.refuse?.(parsed.frame, CONTEXT);
  return refusal === undefined ? { emitted: bybitOptionProtocol.map(parsed.frame, RECEIVED_TS, CONTEXT) } : { refused: refusal };
}

const emitted = new EmittedCount();

/** The shared checks (but the spelling of the symbol, which names no quote), and the summary's own. */
function problemsOf(text: string): readonly string[] {
  const outcome = outcomeOf(text);
  if (!('emitted' in outcome)) return emittedProblems(text, outcome, CONTEXT, RECEIVED_TS);
  emitted.add(outcome.emitted.length);
  const events = outcome.emitted.filter((e): e is MarketEvent => e.type !== 'book_view' && e.type !== 'book_resync');
  const rules = { keyOf: (symbol: string) => splitBybitOptionSymbol(symbol)?.instrument, rho: 'not sent' } as const;
  return optionEventsProblems(events, frameNumbers(JSON.parse(text) as unknown), rules, (others) =>
    emittedProblems(text, { emitted: others }, CONTEXT, RECEIVED_TS),
  );
}

describe('the Bybit option parser, connection reading and mapper', () => {
  // Most mutated option frames still make a record (a ticker refused for a required figure makes none).
  // 593 to 717 records from 3,000 mutated frames over 10 runs: the floor only catches a path that refuses everything.
  neverThrowProperties({ problemsOf, emitted, frames, emittedAtLeast: 200 });

  it('reads every other Bybit frame of the fixtures without a problem', () => {
    expect(recorded.flatMap(({ text }) => problemsOf(text))).toEqual([]);
  });

  it.each(['bybit-option-tickers.ndjson', 'bybit-option-publicTrade.ndjson'])('map every line of %s to well-formed records, none refused', (file) => {
    const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map(outcomeOf).filter((outcome) => !('emitted' in outcome))).toEqual([]);
    expect(lines.flatMap(problemsOf)).toEqual([]);
    expect(lines.flatMap((line) => ('emitted' in outcomeOf(line) ? (outcomeOf(line) as { emitted: readonly unknown[] }).emitted : [])).length).toBe(
      lines.length,
    );
  });
});
