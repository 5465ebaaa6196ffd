import { describe, expect, it } from 'vitest';
import type { FeedStatus } from '../model/feed-status.js';
import type { TradeEvent } from '../model/trade-event.js';
import { BOOK_LEVELS_KEPT, EMPTY_DETAIL, EVENTS_KEPT, reduceBook, reduceSale, reduceSymbolStatus, type SymbolDetail } from './symbol-detail.js';

const status = (state: FeedStatus['state'], ts: number): FeedStatus => ({
  type: 'feed_status',
  exchange: 'bybit',
  symbol: 'BTCUSDT',
  state,
  reason: `${state} reason`,
  ts,
});
const fold = (states: readonly FeedStatus['state'][], from: SymbolDetail = EMPTY_DETAIL): SymbolDetail =>
  states.reduce((d, s, i) => reduceSymbolStatus(d, status(s, i + 1)), from);

describe('symbol detail', () => {
  it('raises a flag on a stale, halted, delisted or unserved symbol and clears it with the status that ends it', () => {
    expect(fold(['feed_stale']).flag).toEqual({ flag: 'stale', exchange: 'bybit', reason: 'feed_stale reason', since: 1 });
    expect(fold(['feed_stale', 'feed_stale']).flag?.since).toBe(1);
    expect(fold(['feed_stale', 'feed_recovered']).flag).toBeUndefined();
    expect(fold(['halted', 'feed_recovered']).flag?.flag).toBe('halted');
    expect(fold(['halted', 'resumed']).flag).toBeUndefined();
    expect(fold(['delisted', 'listed']).flag).toBeUndefined();
    const unserved = fold(['unserved']);
    expect(unserved.flag?.flag).toBe('unserved');
    const trade: TradeEvent = {
      type: 'trade',
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      coin: 'BTC',
      quote: 'USDT',
      tradeId: '1',
      price: 1,
      quantity: 1,
      side: 'BUY',
      isBuyerMaker: false,
      exchangeTs: 1,
      receivedTs: 1,
      isFallback: false,
      env: 'prod',
      connectionId: 'c',
    };
    expect(reduceSale(unserved, trade).flag).toBeUndefined();
  });

  it('lists the latest statuses of its symbol, newest first, at most EVENTS_KEPT, and not duplicate drops', () => {
    const detail = fold([...Array.from({ length: EVENTS_KEPT + 3 }, () => 'gap' as const), 'book_resync', 'duplicate_dropped']);
    expect(detail.events).toHaveLength(EVENTS_KEPT);
    expect(detail.events[0]).toEqual({ ts: EVENTS_KEPT + 4, kind: 'book_resync', exchange: 'bybit', reason: 'book_resync reason' });
  });

  it('keeps only the book levels the panel uses', () => {
    const side = Array.from({ length: 200 }, (_, i) => ({ price: 100 - i, size: 1 }));
    const book = reduceBook(EMPTY_DETAIL, 'book', { exchange: 'bybit', bids: side, asks: side, depth: 200 }).book;
    expect([(book?.['bids'] as unknown[]).length, (book?.['asks'] as unknown[]).length, book?.['depth']]).toEqual([BOOK_LEVELS_KEPT, BOOK_LEVELS_KEPT, 200]);
  });
});
