import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../model/index.js';
import { emittedProblems, type Outcome } from '../__fixtures__/emitted-problems.js';
import { RECORDED_FRAMES, EmittedCount, frameLines, neverThrowProperties } from '../__fixtures__/never-throw-properties.js';
import type { BookOutput } from '../book-update.js';
import type { MapperContext } from '../mapper-context.js';
import { SPOT_CONTEXT, swapPartsOf } from './__fixtures__/okx-frames-at-hand.js';
import { okxBookReducer } from './okx-book-reducer.js';
import { okxProtocol, okxSwapProtocol } from './okx-protocol.js';
import { okxInverseSwapRefusal } from './okx-swap-refusal.js';

/** Every recorded OKX frame, spot and swap: each path must hold on the other's frames too. */
const recorded = frameLines(RECORDED_FRAMES, (file) => file.startsWith('okx-'));
const frames: readonly unknown[] = recorded.map(({ text }) => JSON.parse(text) as unknown);

const RECEIVED_TS = 1_800_000_000_000;
/**
 * Swaps of one contract per base unit, so that the shared checks' "a size of the frame" holds for the
 * quantities (the mapper specs check the products for the real contract values).
 */
const SWAP_FUZZ_CONTEXT: MapperContext = {
  exchange: 'okx_swap',
  env: 'prod',
  connectionId: 'okx-swap-1',
  partsOf: (symbol) => {
    const parts = swapPartsOf(symbol, false);
    return parts === undefined ? undefined : { ...parts, contractValue: 1 };
  },
};
/** OKX sends no time with a candle, nor with a 2022 funding record: their `exchangeTs` is the receive time. */
const COMPUTED = ['exchangeTs'];

function outcomeOf(protocol: typeof okxProtocol, context: MapperContext, text: string): Outcome {
  const parsed = protocol.parse(text);
  if (!parsed.ok) return { refused: parsed.error };
  const { frame } = parsed;
  const refusal = protocol.refuse?.(frame, context);
  if (refusal !== undefined) return { refused: refusal };
  const events = protocol.map(frame, RECEIVED_TS, context);
  const reducer = protocol.reducer;
  const merged = reducer === undefined || events.length === 0 ? events : reducer.reduce(reducer.initial(events[0]?.symbol ?? ''), events).events;
  const books = okxBookReducer();
  const folded: BookOutput[] = (protocol.book?.updates(frame, RECEIVED_TS, context) ?? []).flatMap(
    (update) => books.reduce(books.initial(update.symbol), [update]).events,
  );
  return { emitted: [...merged, ...folded] };
}

/** What the shared checks leave open: liquidations sampled (one per instrument per second), prices above zero, a swap's symbol its base, quote and `-SWAP`. */
function okxProblems(event: MarketEvent): readonly string[] {
  const problems: string[] = [];
  if (event.type === 'liquidation' && !event.sampled) problems.push('a liquidation not sampled');
  if (event.type === 'derivative_ticker')
    for (const [name, value] of [
      ['markPrice', event.markPrice],
      ['indexPrice', event.indexPrice],
    ] as const)
      if (value !== undefined && !(value > 0)) problems.push(`${name} ${value}`);
  if (event.exchange === 'okx_swap' && event.symbol !== `${event.coin}-${event.quote}-SWAP`)
    problems.push(`${event.symbol} is not ${event.coin}-${event.quote}-SWAP`);
  return problems;
}

/** The shared checks, a swap's `-SWAP` spelling and an index's swap (named by the index the frame holds) allowed. */
function problemsOfPath(text: string, outcome: Outcome, context: MapperContext): readonly string[] {
  const index = /"instId":"([A-Z0-9]+-[A-Z0-9]+)"/.exec(text)?.[1];
  const shared = emittedProblems(text, outcome, context, RECEIVED_TS, COMPUTED).filter(
    (problem) =>
      !/^\w+: [A-Z0-9]+\/[A-Z0-9]+ does not spell [A-Z0-9]+-[A-Z0-9]+-SWAP$/.test(problem) &&
      problem !== `derivative_ticker: symbol ${index}-SWAP is not in the frame`,
  );
  const market = 'emitted' in outcome ? outcome.emitted.filter((e): e is MarketEvent => e.type !== 'book_view' && e.type !== 'book_resync') : [];
  return [...shared, ...market.flatMap(okxProblems)];
}

const emitted = new EmittedCount();

function problemsOf(text: string): readonly string[] {
  // The keep-alive's answer is the one frame that is not JSON.
  if (text === 'pong') return [];
  const spot = outcomeOf(okxProtocol, SPOT_CONTEXT, text);
  const swap = outcomeOf(okxSwapProtocol, SWAP_FUZZ_CONTEXT, text);
  for (const outcome of [spot, swap]) emitted.add('emitted' in outcome ? outcome.emitted.length : 0);
  return [...problemsOfPath(text, spot, SPOT_CONTEXT).map((p) => `spot ${p}`), ...problemsOfPath(text, swap, SWAP_FUZZ_CONTEXT).map((p) => `swap ${p}`)];
}

describe('the OKX parser, mappers, reducers and book plan', () => {
  neverThrowProperties({
    problemsOf,
    emitted,
    frames,
    // About 400 records come out of a run of 3,000 mutated frames (book updates fold into fresh books).
    emittedAtLeast: 150,
  });

  it.each([
    'okx-trades.ndjson',
    'okx-trades-all.ndjson',
    'okx-tickers.ndjson',
    'okx-bbo-tbt.ndjson',
    'okx-swap-trades.ndjson',
    'okx-swap-tickers.ndjson',
    'okx-swap-bbo-tbt.ndjson',
    'okx-swap-mark-price.ndjson',
    'okx-swap-open-interest.ndjson',
  ])('maps every line of recorded %s to well-formed records, none refused', (file) => {
    const lines = recorded.filter((r) => r.file === file).map((r) => r.text);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.flatMap(problemsOf)).toEqual([]);
    const swap = file.startsWith('okx-swap-');
    const outcomes = lines.map((text) => (swap ? outcomeOf(okxSwapProtocol, SWAP_FUZZ_CONTEXT, text) : outcomeOf(okxProtocol, SPOT_CONTEXT, text)));
    expect(outcomes.filter((outcome) => !('emitted' in outcome))).toEqual([]);
    expect(outcomes.some((outcome) => 'emitted' in outcome && outcome.emitted.length > 0)).toBe(true);
  });

  it('maps recorded okx-swap-index-tickers.ndjson to well-formed records; line 2, the index of the inverse BTC-USD-SWAP, is refused by the swap venue', () => {
    const [linear = '', inverse = ''] = recorded.filter((r) => r.file === 'okx-swap-index-tickers.ndjson').map((r) => r.text);
    expect(problemsOf(linear)).toEqual([]);
    expect(outcomeOf(okxSwapProtocol, SWAP_FUZZ_CONTEXT, linear)).toMatchObject({ emitted: [{ type: 'derivative_ticker', symbol: 'WNCG-USDT-SWAP' }] });
    expect(outcomeOf(okxSwapProtocol, SWAP_FUZZ_CONTEXT, inverse)).toEqual({ refused: okxInverseSwapRefusal('BTC-USD-SWAP') });
  });
});
