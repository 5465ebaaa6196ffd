import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import type { MapperContext } from '../mapper-context.js';
import { venuePartsLookup } from '../venue-parts-lookup.js';
import { hyperliquidBaseOf } from './hyperliquid-coins.js';
import { hyperliquidBookReducer } from './hyperliquid-book-reducer.js';
import { hyperliquidProtocol } from './hyperliquid-protocol.js';

/** Every recorded Hyperliquid frame, mutated one field at a time. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('hyperliquid-'));
const frames: readonly unknown[] = recorded.map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
const CONTEXT: MapperContext = { exchange: 'hyperliquid', env: 'prod', connectionId: 'hl-1', partsOf: venuePartsLookup('hyperliquid') };
/** A context has no time, so its ticker's times are the receive time's: its own, its open interest's, the next funding hour after it. */
const COMPUTED = ['exchangeTs', 'nextFundingTs', 'openInterestTs'];

/** Parse, map, the protocol's reducer on a fresh state (the first trades of a connection are its backlog, so it starts past it), and a fresh book. */
function outcomeOf(text: string): Outcome {
  const parsed = hyperliquidProtocol.parse(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const events = hyperliquidProtocol.map(frame, RECEIVED_TS, CONTEXT);
  const reducer = hyperliquidProtocol.reducer;
  const reduced =
    reducer === undefined || events.length === 0 ? events : reducer.reduce({ connectionId: CONTEXT.connectionId, backlogTrades: 0 }, events).events;
  const books = hyperliquidBookReducer();
  const folded = (hyperliquidProtocol.book?.updates(frame, RECEIVED_TS, CONTEXT) ?? []).flatMap(
    (update) => books.reduce(books.initial(update.symbol), [update]).events,
  );
  return { emitted: [...reduced, ...folded] };
}

/** A coin is its own symbol: the base it stands for (`kPEPE` 1000PEPE) at USDC, keyed `<base>-USDC-PERP`; prices above zero. */
function hyperliquidProblems(event: MarketEvent): readonly string[] {
  const problems: string[] = [];
  if (event.coin !== hyperliquidBaseOf(event.symbol) || event.quote !== 'USDC')
    problems.push(`${event.coin}/${event.quote} is not what ${event.symbol} stands for`);
  if (event.instrument !== `${event.coin}-USDC-PERP`) problems.push(`instrument ${String(event.instrument)}`);
  if (event.type === 'derivative_ticker')
    for (const [name, value] of [
      ['markPrice', event.markPrice],
      ['indexPrice', event.indexPrice],
    ] as const)
      if (value !== undefined && !(value > 0)) problems.push(`${name} ${value}`);
  return problems;
}

const emitted = new EmittedCount();

function problemsOf(text: string): readonly string[] {
  const outcome = outcomeOf(text);
  emitted.add('emitted' in outcome ? outcome.emitted.length : 0);
  // The shared check spells a symbol from base and quote; a Hyperliquid coin names no quote (checked above).
  const shared = emittedProblems(text, outcome, CONTEXT, RECEIVED_TS, COMPUTED).filter((problem) => !/^\w+: \w+\/USDC does not spell \w+$/.test(problem));
  const market = 'emitted' in outcome ? outcome.emitted.filter((e): e is MarketEvent => e.type !== 'book_view' && e.type !== 'book_resync') : [];
  return [...shared, ...market.flatMap(hyperliquidProblems)];
}

describe('the Hyperliquid parser, mappers, reducers and book plan', () => {
  neverThrowProperties({
    problemsOf,
    emitted,
    frames,
    // About 200 records come out of a run of 3,000 mutated frames (acks and refused spot frames emit none).
    emittedAtLeast: 100,
  });

  it.each(['hyperliquid-trades.ndjson', 'hyperliquid-l2Book.ndjson', 'hyperliquid-activeAssetCtx.ndjson'])(
    'maps every line of recorded %s to well-formed records, none refused',
    (file) => {
      const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.flatMap(problemsOf)).toEqual([]);
      const outcomes = lines.map(outcomeOf);
      expect(outcomes.filter((outcome) => !('emitted' in outcome))).toEqual([]);
      expect(outcomes.every((outcome) => 'emitted' in outcome && outcome.emitted.length > 0)).toBe(true);
    },
  );

  it('refuses every line of the recorded spot frames as not listed, naming the field', () => {
    const lines = recorded.filter((r) => r.file === 'hyperliquid-bbo.ndjson' || r.file === 'hyperliquid-activeSpotAssetCtx.ndjson').map((r) => r.text);
    expect(lines.map(outcomeOf).map((outcome) => ('refused' in outcome ? /not listed here$/.test(outcome.refused) : false))).toEqual([true, true]);
  });
});
