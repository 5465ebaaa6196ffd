import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import { frameNumbers, optionEventsProblems } from '../__fixtures__/option-summary-problems.js';
import type { MapperContext } from '../mapper-context.js';
import { okxOptionKey, okxOptionOf, splitOkxOptionSymbol } from './okx-option-names.js';
import { okxOptionProtocol } from './okx-option-protocol.js';
import { optionSummaryMerge } from '../option-summary-merge.js';

/** Every OKX frame of the fixtures (the option path must not throw on a spot or swap frame either); the option frames are the ones mutated. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('okx-'));
const frames: readonly unknown[] = recorded.filter(({ file }) => file.startsWith('okx-option-')).map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
/** Each option as listed with a contract of one coin, so that trades and quotes map to sizes the frame writes. */
const CONTEXT: MapperContext = {
  exchange: 'okx_options',
  env: 'prod',
  connectionId: 'option-1',
  partsOf: (symbol) => {
    const parts = splitOkxOptionSymbol(symbol);
    return parts === undefined ? undefined : { ...parts, contractValue: 1 };
  },
};
/** The mark every option is known to have before the frame (okx-option-channels.ndjson line 3's). */
const MARK = 3.8005764218904408;

/** Parse, the connection's reading (which must not throw either), refuse, map, then the per-option merge with a mark known; refused entries must name their field. */
function outcomeOf(text: string): Outcome & { readonly entries?: string } {
  const parsed = okxOptionProtocol.parse(text);
  if (!parsed.ok) return { refused: parsed.error };
  okxOptionProtocol.control(parsed.frame);
  const refusal = okxOptionProtocol.refuse?.(parsed.frame, CONTEXT);
  if (refusal !== undefined) return { refused: refusal };
  const entries = okxOptionProtocol.refusedEntries?.(parsed.frame) ?? [];
  const bad = entries.find((entry) => !/^\$(?:\.\w+|\[\d*\])*: \S/.test(entry));
  const mapped = okxOptionProtocol.map(parsed.frame, RECEIVED_TS, CONTEXT);
  const emitted = [...new Set(mapped.map((e) => e.symbol))].flatMap(
    (symbol) =>
      optionSummaryMerge({ lastFromTrades: false }).reduce(
        { markPrice: MARK },
        mapped.filter((e) => e.symbol === symbol),
      ).events,
  );
  return bad === undefined ? { emitted } : { emitted, entries: bad };
}

const emitted = new EmittedCount();

function problemsOf(text: string): readonly string[] {
  const outcome = outcomeOf(text);
  if (!('emitted' in outcome)) return emittedProblems(text, outcome, CONTEXT, RECEIVED_TS);
  emitted.add(outcome.emitted.length);
  const events = outcome.emitted.filter((e): e is MarketEvent => e.type !== 'book_view' && e.type !== 'book_resync');
  const keyOf = (symbol: string): string | undefined => {
    const option = okxOptionOf(symbol);
    return option === undefined ? undefined : okxOptionKey(option);
  };
  const rules = { keyOf, rho: 'not sent', underlyingPrice: 'NaN when not sent' } as const;
  return [
    ...(outcome.entries === undefined ? [] : [`an entry refused without naming its field: ${outcome.entries}`]),
    ...optionEventsProblems(
      events,
      frameNumbers(JSON.parse(text) as unknown, () => [], [MARK]),
      rules,
      (others) => emittedProblems(text, { emitted: others }, CONTEXT, RECEIVED_TS),
    ),
  ];
}

describe('the OKX option parser, connection reading, mapper and per-option merge', () => {
  // Most mutated option frames still make a record (an entry refused alone leaves its family's others).
  neverThrowProperties({ problemsOf, emitted, frames, emittedAtLeast: 500 });

  it('reads every other OKX frame of the fixtures without a problem', () => {
    expect(recorded.flatMap(({ text }) => problemsOf(text))).toEqual([]);
  });

  it('maps every option summary and trade of okx-option-channels.ndjson, none refused', () => {
    const lines = recorded.filter((r) => r.file === 'okx-option-channels.ndjson').map((r) => r.text);
    expect(lines.map(outcomeOf).filter((outcome) => !('emitted' in outcome) || outcome.entries !== undefined)).toEqual([]);
    expect(lines.flatMap(problemsOf)).toEqual([]);
    const made = lines.flatMap((line) => {
      const outcome = outcomeOf(line);
      return 'emitted' in outcome ? outcome.emitted.map((e) => e.type) : [];
    });
    expect(made.filter((type) => type === 'option_summary')).toHaveLength(3);
    expect(made.filter((type) => type === 'trade')).toHaveLength(1);
  });
});
