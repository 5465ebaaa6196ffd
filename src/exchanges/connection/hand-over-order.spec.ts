import { describe, expect, it } from 'vitest';
import type { PriceTick, TradeEvent } from '../../model/index.js';
import type { BookUpdate } from '../book-update.js';
import { HandOverOrder, type HandedOver } from './hand-over-order.js';
import { REMEMBERED_TRADES } from '../overlap-deduplicator.js';

const base = { exchange: 'binance', coin: 'BTC', quote: 'USDT', receivedTs: 0, isFallback: false, env: 'prod', instrument: 'BTC-USDT' } as const;
const trade = (id: number, connectionId: string, symbol = 'BTCUSDT'): TradeEvent => ({
  ...base,
  type: 'trade',
  symbol,
  connectionId,
  exchangeTs: id,
  tradeId: String(id),
  price: 100,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
});
const tick = (exchangeTs: number, connectionId: string): PriceTick => ({
  ...base,
  type: 'price_tick',
  symbol: 'BTCUSDT',
  connectionId,
  exchangeTs,
  price: 100,
});
/** A Binance depth update: ids `first`..`last`, from a socket known by its receive time. */
const depth = (first: number, last: number, receivedTs: number): BookUpdate => ({
  type: 'book_update',
  symbol: 'BTCUSDT',
  action: 'delta',
  bids: [],
  asks: [],
  firstUpdateId: first,
  updateId: last,
  exchangeTs: last,
  receivedTs,
});
const names = (items: readonly HandedOver[]): string[] =>
  items.map((e) =>
    e.type === 'trade'
      ? `${e.symbol} ${e.tradeId} ${e.connectionId}`
      : e.type === 'book_update'
        ? `depth ${e.firstUpdateId ?? ''}-${e.updateId} at ${e.receivedTs}`
        : `${e.type} ${e.exchangeTs} ${e.connectionId}`,
  );

describe('HandOverOrder', () => {
  it("holds the newer socket's trades, lets the older one's go first, and drops the waiting copy of each it delivers", () => {
    const order = new HandOverOrder();
    expect(names(order.fromNewer([trade(3, 'c2'), tick(30, 'c2'), trade(4, 'c2')]))).toEqual(['price_tick 30 c2']);
    expect(order.holding).toBe(true);
    expect(names(order.fromOlder([trade(2, 'c1'), trade(3, 'c1')]))).toEqual(['BTCUSDT 2 c1', 'BTCUSDT 3 c1']);
    expect(names(order.release())).toEqual(['BTCUSDT 4 c2']);
    expect(order.holding).toBe(false);
  });

  it('lets a trade only the newer socket got go before the older one delivers a later one', () => {
    const order = new HandOverOrder();
    order.fromNewer([trade(5, 'c2'), trade(6, 'c2'), trade(7, 'c2')]);
    // The older socket never delivers 6.
    expect(names(order.fromOlder([trade(5, 'c1'), trade(7, 'c1')]))).toEqual(['BTCUSDT 5 c1', 'BTCUSDT 6 c2', 'BTCUSDT 7 c1']);
    expect(order.release()).toEqual([]);
  });

  it('keeps symbols apart: the older socket releases only its own symbol', () => {
    const order = new HandOverOrder();
    order.fromNewer([trade(1, 'c2', 'ETHUSDT'), trade(9, 'c2')]);
    expect(names(order.fromOlder([trade(9, 'c1')]))).toEqual(['BTCUSDT 9 c1']);
    expect(names(order.release())).toEqual(['ETHUSDT 1 c2']);
  });

  it(`lets the oldest waiting trade of a symbol go past ${REMEMBERED_TRADES}, so that the duplicate filter still knows its id`, () => {
    const order = new HandOverOrder();
    const ids = Array.from({ length: REMEMBERED_TRADES + 2 }, (_, n) => n + 1);
    expect(names(order.fromNewer(ids.map((id) => trade(id, 'c2'))))).toEqual(['BTCUSDT 1 c2', 'BTCUSDT 2 c2']);
    expect(order.release()).toHaveLength(REMEMBERED_TRADES);
  });

  it("holds the newer socket's depth updates, drops those the older one's cover, and lets the rest go when it closes", () => {
    const order = new HandOverOrder();
    // The newer socket subscribed mid-stream: its first update (103-110) is past the older one's last (100).
    expect(order.booksFromNewer([depth(103, 110, 2), depth(111, 120, 2)])).toEqual([]);
    expect(names(order.booksFromOlder([depth(101, 102, 1), depth(103, 110, 1)]))).toEqual(['depth 101-102 at 1', 'depth 103-110 at 1']);
    expect(names(order.release())).toEqual(['depth 111-120 at 2']);
    // An update without a first id (a venue whose ids are the socket's own) passes.
    const { firstUpdateId: _first, ...own } = depth(0, 7, 3);
    expect(order.booksFromNewer([own])).toEqual([own]);
  });

  it('passes the older socket through untouched while nothing waits', () => {
    const order = new HandOverOrder();
    const events = [trade(1, 'c1')];
    expect(order.fromOlder(events)).toBe(events);
  });
});
