import { from, lastValueFrom, toArray, type OperatorFunction } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { orderBook, status, trade } from '../operators/__fixtures__/market-events.js';
import type { FeedEvent, FeedStatus, OrderBookView } from '../model/index.js';
import { derivedDataType, type DerivedDataType } from './data-types.js';
import { bookDerivedData, tradeBars, type BookDataType, type TradeDataType } from './derived-data.js';

const type = (name: string): DerivedDataType => {
  const read = derivedDataType(name);
  if ('error' in read) throw new Error(read.error);
  return read;
};
const bookTypes = (...names: string[]): BookDataType[] => names.map(type) as BookDataType[];
const barTypes = (...names: string[]): TradeDataType[] => names.map(type) as TradeDataType[];

const book = {
  bids: [
    { price: 100, size: 1 },
    { price: 99, size: 2 },
  ],
  asks: [
    { price: 101, size: 1 },
    { price: 102, size: 2 },
  ],
};
const view = (ts: number, fields: Partial<OrderBookView> = {}): OrderBookView =>
  orderBook({ exchangeTs: ts, receivedTs: ts, updateId: ts, book, bids: book.bids.slice(0, 1), asks: book.asks.slice(0, 1), ...fields });

const run = async <T>(events: readonly (OrderBookView | FeedStatus)[], operator: OperatorFunction<OrderBookView | FeedStatus, T>): Promise<T[]> =>
  lastValueFrom(from(events).pipe(operator, toArray()));

describe('bookDerivedData', () => {
  it("tells a book's first view as the whole book, then each update's levels as the venue sent them", async () => {
    const delta = { isSnapshot: false, bids: [{ price: 99, size: 0 }], asks: [] };
    const out = await run([view(1, { applied: { isSnapshot: true, ...book } }), view(2, { applied: delta })], bookDerivedData(bookTypes('book_change')));
    expect(out).toEqual([
      expect.objectContaining({ type: 'book_change', isSnapshot: true, bids: book.bids, asks: book.asks, updateId: 1, exchange: 'bybit', symbol: 'BTCUSDT' }),
      expect.objectContaining({ type: 'book_change', isSnapshot: false, bids: [{ price: 99, size: 0 }], asks: [], updateId: 2 }),
    ]);
  });

  it('starts a book again after its resync: its next view is a whole book, and an unfinished interval is not published', async () => {
    const delta = { isSnapshot: false, bids: [{ price: 100, size: 3 }], asks: [] };
    const changed = {
      ...book,
      bids: [
        { price: 100, size: 3 },
        { price: 99, size: 2 },
      ],
    };
    const out = await run(
      [
        view(10, { applied: { isSnapshot: true, ...book } }),
        view(50, { applied: delta, book: changed }),
        status('book_resync', { symbol: 'BTCUSDT' }),
        view(150, { applied: delta, book: changed }),
      ],
      bookDerivedData(bookTypes('book_change', 'quote_100ms')),
    );
    expect(out.map((record) => `${record.type}:${record.exchangeTs}:${record.type === 'book_change' ? String(record.isSnapshot) : ''}`)).toEqual([
      'book_change:10:true',
      'quote:10:',
      'book_change:50:false',
      // After the resync: the whole book again, and a first quote at once (the bid size changed at 50 was never published for [0,100)).
      'book_change:150:true',
      'quote:150:',
    ]);
  });

  it('drops the books a disconnect is about, not a book of another shard', async () => {
    const eth = (ts: number): OrderBookView => view(ts, { symbol: 'ETHUSDT', coin: 'ETH' });
    const out = await run([view(1), eth(1), status('disconnected', { instruments: ['ETH-USDT'] }), view(2), eth(2)], bookDerivedData(bookTypes('book_change')));
    expect(out.map((record) => (record.type === 'book_change' ? `${record.symbol}:${record.isSnapshot}` : ''))).toEqual([
      'BTCUSDT:true',
      'ETHUSDT:true',
      'BTCUSDT:true',
      'ETHUSDT:true',
    ]);
  });

  it('makes a quote flat, a side with no level without price or size', async () => {
    const [quote] = await run([view(1, { book: { bids: [], asks: book.asks } })], bookDerivedData(bookTypes('quote')));
    expect(quote).toMatchObject({ type: 'quote', name: 'quote', intervalMs: 0, askPrice: 101, askSize: 1 });
    expect(quote).not.toHaveProperty('bidPrice');
  });

  it('keeps the state of each venue apart', async () => {
    const out = await run([view(1), view(1, { exchange: 'okx' }), view(2)], bookDerivedData(bookTypes('book_change')));
    expect(out.map((record) => (record.type === 'book_change' ? `${record.exchange}:${record.isSnapshot}` : ''))).toEqual([
      'bybit:true',
      'okx:true',
      'bybit:true',
    ]);
  });
});

describe('tradeBars', () => {
  it('makes the bars of each instrument, and a disconnect drops a bar open in its scope', async () => {
    const events: FeedEvent[] = [
      trade({ exchangeTs: 1_000, price: 100 }),
      trade({ exchangeTs: 61_000, price: 101 }),
      status('disconnected'),
      trade({ exchangeTs: 125_000, price: 102 }),
      trade({ exchangeTs: 185_000, price: 103 }),
    ];
    const out = await lastValueFrom(from(events).pipe(tradeBars(barTypes('trade_bar_1m')), toArray()));
    // [0,60s) closed by the trade at 61s; the bar opened at 61s is dropped by the disconnect; [120s,180s) closed at 185s.
    expect(out.map((bar) => [bar.exchangeTs, bar.open, bar.trades, bar.name, bar.kind, bar.interval])).toEqual([
      [60_000, 100, 1, 'trade_bar_1m', 'time', 60_000],
      [120_000 + 60_000, 102, 1, 'trade_bar_1m', 'time', 60_000],
    ]);
  });
});
