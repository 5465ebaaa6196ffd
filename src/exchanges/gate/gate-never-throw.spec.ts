import { describe, expect, it } from 'vitest';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import { DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, initialBinanceBook, stepBinanceBook } from '../binance/binance-book-sequencer.js';
import type { MapperContext } from '../mapper-context.js';
import { splitGateSymbol } from './gate-listings.js';
import type { VenueProtocol } from '../venue-protocol.js';
import { GATE_LIQUIDATES_FRAMES } from './__fixtures__/gate-liquidation-frames.js';
import type { GateFrame } from './gate-frames.js';
import { gateFuturesProtocol, gateProtocol } from './gate-protocol.js';

/** Every recorded Gate frame, spot and futures (the REST bodies among them): each path must hold on the other's frames too. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('gate-'));
/** With the liquidation frames as written of them (none recorded). */
const frames: readonly unknown[] = [...recorded.map(({ text }) => text), ...GATE_LIQUIDATES_FRAMES].map((text) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
const SPOT: MapperContext = { exchange: 'gate', env: 'prod', connectionId: 'gate-1', partsOf: (s) => splitGateSymbol(s) };
/** Futures contracts worth 0.001 of the coin here: each size published is computed (contracts times that), checked positive and finite. */
const FUTURES: MapperContext = {
  exchange: 'gate_futures',
  env: 'prod',
  connectionId: 'gate-futures-1',
  partsOf: (s) => {
    const parts = splitGateSymbol(s);
    return parts === undefined ? undefined : { ...parts, contractValue: 0.001 };
  },
};
/** What futures sizes become; spot's are the frame's own. */
const SIZES = ['quantity', 'bidSize', 'askSize', 'openInterest'];

function outcomeOf(protocol: VenueProtocol<GateFrame>, context: MapperContext, text: string): Outcome {
  const parsed = protocol.parse(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const refusal = protocol.refuse?.(frame, context);
  if (refusal !== undefined) return { refused: refusal };
  // A book's first push asks for a snapshot: its output waits for one, so only the updates are checked here.
  const books = (protocol.book?.updates(frame, RECEIVED_TS, context) ?? []).flatMap(
    (update) => stepBinanceBook(initialBinanceBook(update.symbol), update, { ...DEFAULT_BINANCE_BOOK_SEQUENCER_CONFIG, rule: 'us' }).outputs,
  );
  return { emitted: [...protocol.map(frame, RECEIVED_TS, context), ...books] };
}

const emitted = new EmittedCount();

function problemsOf(text: string): readonly string[] {
  const spot = outcomeOf(gateProtocol, SPOT, text);
  const futures = outcomeOf(gateFuturesProtocol, FUTURES, text);
  for (const outcome of [spot, futures]) emitted.add('emitted' in outcome ? outcome.emitted.length : 0);
  return [
    ...emittedProblems(text, spot, SPOT, RECEIVED_TS).map((p) => `spot ${p}`),
    ...emittedProblems(text, futures, FUTURES, RECEIVED_TS, SIZES).map((p) => `futures ${p}`),
  ];
}

describe("Gate's parser, mappers and book plan", () => {
  neverThrowProperties({ problemsOf, emitted, frames, emittedAtLeast: 20 });

  it.each([
    ['gate-trades.ndjson', gateProtocol, SPOT],
    ['gate-tickers.ndjson', gateProtocol, SPOT],
    ['gate-book_ticker.ndjson', gateProtocol, SPOT],
    ['gate-futures-trades.ndjson', gateFuturesProtocol, FUTURES],
    ['gate-futures-tickers.ndjson', gateFuturesProtocol, FUTURES],
    ['gate-futures-book_ticker.ndjson', gateFuturesProtocol, FUTURES],
  ] as const)('maps every line of recorded %s to well-formed records, none refused', (file, protocol, context) => {
    const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.flatMap(problemsOf)).toEqual([]);
    const outcomes = lines.map((text) => outcomeOf(protocol, context, text));
    expect(outcomes.filter((outcome) => !('emitted' in outcome))).toEqual([]);
    expect(outcomes.every((outcome) => 'emitted' in outcome && outcome.emitted.length > 0)).toBe(true);
  });

  it('maps every liquidation frame as written of it to well-formed records, none refused', () => {
    expect(GATE_LIQUIDATES_FRAMES.flatMap(problemsOf)).toEqual([]);
    const outcomes = GATE_LIQUIDATES_FRAMES.map((text) => outcomeOf(gateFuturesProtocol, FUTURES, text));
    expect(outcomes.map((outcome) => ('emitted' in outcome ? outcome.emitted.map((e) => e.type) : outcome))).toEqual([
      ['liquidation'],
      ['liquidation'],
      ['liquidation'],
      ['liquidation'],
      ['liquidation', 'liquidation'],
    ]);
  });
});
