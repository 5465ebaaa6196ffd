import { Writable } from 'node:stream';
import { pino } from 'pino';
import { asyncScheduler, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { BookInput, BookUpdate } from './book-update.js';
import { bybitBookReducer } from './bybit/bybit-book-reducer.js';
import { resyncBySnapshot, type SnapshotResync } from './resync-by-snapshot.js';

const update = (action: BookUpdate['action'], updateId: number, bid: number, ask: number): BookUpdate => ({
  type: 'book_update',
  symbol: 'BTCUSDT',
  action,
  bids: [{ price: bid, size: 1 }],
  asks: [{ price: ask, size: 1 }],
  updateId,
  exchangeTs: 1_700_000_000_000 + updateId,
  receivedTs: 1_700_000_000_005 + updateId,
});

async function sync(resync: SnapshotResync | undefined, inputs: readonly BookInput[]) {
  const asked: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const context = { exchange: 'bybit' as const, scheduler: asyncScheduler, logger: pino({}, sink), resubscribe: (symbol: string) => asked.push(symbol) };
  const reducer = bybitBookReducer({ viewLevels: 5, maxLevels: 5 });
  const outputs = await lastValueFrom(
    of(...inputs).pipe((resync === undefined ? resyncBySnapshot(reducer) : resyncBySnapshot(reducer, resync))(context), toArray()),
  );
  return {
    outputs: outputs.map((output) => `${output.type} ${output.type === 'book_resync' ? output.reason : output.updateId}`),
    asked,
    said: lines.map((line) => line['msg']),
  };
}

describe('resyncBySnapshot', () => {
  it('folds each symbol by its reducer, and a book out of sync subscribes its topic again (the default): the venue answers with a snapshot', async () => {
    // A gap (u 3 after u 1), then the snapshot the resubscribe brings.
    const run = await sync(undefined, [update('snapshot', 1, 100, 101), update('delta', 3, 100, 101), update('snapshot', 7, 100, 102)]);
    expect(run.outputs).toEqual(['book_view 1', 'book_resync gap', 'book_view 7']);
    expect(run.asked).toEqual(['BTCUSDT']);
    expect(run.said).toEqual(['order book resync: resubscribing']);
  });

  it('with next-snapshot, says the book is dropped and asks the venue for nothing: its next message is the whole book', async () => {
    const run = await sync('next-snapshot', [update('delta', 2, 100, 101), update('snapshot', 3, 100, 101)]);
    expect(run.outputs).toEqual(['book_resync no_snapshot', 'book_view 3']);
    expect(run.asked).toEqual([]);
    expect(run.said).toEqual(['order book dropped until the next snapshot']);
  });
});
