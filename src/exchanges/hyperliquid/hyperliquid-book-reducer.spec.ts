import { describe, expect, it } from 'vitest';
import { RECORDED_FRAMES, frameLines } from '../__fixtures__/never-throw-properties.js';
import type { BookInput, BookOutput, BookUpdate } from '../book-update.js';
import { hyperliquidBookPlan, hyperliquidBookSymbolsOf, hyperliquidBookUpdate } from './hyperliquid-book-plan.js';
import { hyperliquidBookReducer } from './hyperliquid-book-reducer.js';
import { parseHyperliquidFrame } from './hyperliquid-frames.js';

const RECEIVED_TS = 1_786_539_700_000;
const recorded = frameLines(RECORDED_FRAMES, (name) => name === 'hyperliquid-l2Book.ndjson').map(({ text }) => text);

/** The recorded snapshots as the book plan hands them to the reducer. */
const snapshots: readonly BookUpdate[] = recorded.map((text) => {
  const parsed = parseHyperliquidFrame(text);
  if (!parsed.ok || parsed.frame.kind !== 'book') throw new Error('not a book frame');
  return hyperliquidBookUpdate(parsed.frame, RECEIVED_TS);
});

const snapshot = (time: number, bid: number, ask: number): BookUpdate => ({
  type: 'book_update',
  symbol: 'BTC',
  action: 'snapshot',
  bids: [{ price: bid, size: 1 }],
  asks: [{ price: ask, size: 2 }],
  updateId: time,
  exchangeTs: time,
  receivedTs: RECEIVED_TS,
});

function fold(inputs: readonly BookInput[]): readonly BookOutput[] {
  const reducer = hyperliquidBookReducer();
  let state = reducer.initial('BTC');
  return inputs.flatMap((input) => {
    const step = reducer.reduce(state, [input]);
    state = step.state;
    return step.events;
  });
}

const summary = (output: BookOutput): string =>
  output.type === 'book_view'
    ? `view ${output.updateId} ${output.bids.length}x${output.asks.length} ${String(output.bids[0]?.price)}/${String(output.asks[0]?.price)}`
    : `resync ${output.reason}`;

describe('the Hyperliquid book', () => {
  it('publishes each recorded snapshot whole, replacing the last: 20 levels a side, the time as update id', () => {
    const outputs = fold(snapshots);
    expect(outputs.map(summary)).toEqual(['view 1786539643751 20x20 64094/64095', 'view 1786539646983 20x20 64093/64094']);
    const second = outputs[1];
    // Replaced, not merged: a merge would keep the first's best bid 64094, the second's best ask, and cross; 64073 was no level of the first.
    expect(second?.type === 'book_view' ? [second.bids.at(-1), second.asks.at(-1), second.exchangeTs, second.receivedTs] : second).toEqual([
      { price: 64073, size: 2.94287 },
      { price: 64113, size: 3.36834 },
      1786539646983,
      RECEIVED_TS,
    ]);
  });

  it('keeps and publishes the best 20 levels a side of a deeper snapshot', () => {
    const deep: BookUpdate = {
      ...snapshot(5, 1, 2),
      bids: Array.from({ length: 25 }, (_, n) => ({ price: 100 - n, size: 1 })),
      asks: Array.from({ length: 25 }, (_, n) => ({ price: 101 + n, size: 1 })),
    };
    const [view] = fold([deep]);
    expect(view?.type === 'book_view' ? [view.bids.length, view.bids.at(-1)?.price, view.asks.length, view.asks.at(-1)?.price] : view).toEqual([
      20, 81, 20, 120,
    ]);
  });

  it('ignores a snapshot older than the last applied', () => {
    expect(fold([snapshot(20, 100, 101), snapshot(10, 99, 100), snapshot(30, 98, 99)]).map(summary)).toEqual(['view 20 1x1 100/101', 'view 30 1x1 98/99']);
  });

  it('never publishes a crossed or locked snapshot: says so once, and is live again at the next good one', () => {
    expect(fold([snapshot(1, 100, 101), snapshot(2, 101, 101), snapshot(3, 102, 101), snapshot(4, 100, 102)]).map(summary)).toEqual([
      'view 1 1x1 100/101',
      'resync crossed',
      'view 4 1x1 100/102',
    ]);
  });

  it('drops the book on a refused frame of its channel until the next snapshot, saying so up to three times', () => {
    const lost: BookInput = { type: 'book_lost', symbol: 'BTC', error: '$.data.time: expected epoch milliseconds as an integer', receivedTs: RECEIVED_TS };
    expect(fold([snapshot(1, 100, 101), lost, lost, lost, lost, snapshot(2, 100, 101)]).map(summary)).toEqual([
      'view 1 1x1 100/101',
      'resync refused',
      'resync refused',
      'resync refused',
      'view 2 1x1 100/101',
    ]);
  });

  it('names the coins of a refused l2Book frame, and none of another channel', () => {
    expect(hyperliquidBookSymbolsOf('{"channel":"l2Book","data":{"coin":"kPEPE","time":"x"')).toEqual(['kPEPE']);
    expect(hyperliquidBookSymbolsOf('{"channel":"trades","data":[{"coin":"BTC"')).toEqual([]);
    expect(hyperliquidBookPlan.channel).toBe('l2Book');
  });
});
