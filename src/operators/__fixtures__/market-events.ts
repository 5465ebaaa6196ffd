import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import type { ExchangeId, FeedStatus, OrderBookView, PriceTick, TradeEvent } from '../../model/index.js';

/** A TestScheduler that compares with vitest's deep equality (asymmetric matchers allowed). */
export function createTestScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A BTCUSDT trade on Bybit unless told otherwise. */
export function trade(fields: Partial<TradeEvent> = {}): TradeEvent {
  return {
    type: 'trade',
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs: 0,
    receivedTs: 0,
    isFallback: false,
    env: 'prod',
    connectionId: 'c1',
    tradeId: '1',
    price: 100,
    quantity: 1,
    side: 'BUY',
    isBuyerMaker: false,
    ...fields,
  };
}

/** A BTCUSDT price tick on Bybit unless told otherwise. */
export function tick(fields: Partial<PriceTick> = {}): PriceTick {
  return {
    type: 'price_tick',
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs: 0,
    receivedTs: 0,
    isFallback: false,
    env: 'prod',
    connectionId: 'c1',
    price: 100,
    ...fields,
  };
}

/** A feed status with the given state; `ts` must be given where the test pins it. */
export function status(state: FeedStatus['state'], fields: Partial<FeedStatus> & { readonly exchange?: ExchangeId } = {}): FeedStatus {
  return { type: 'feed_status', exchange: 'bybit', state, reason: '', ts: 0, ...fields };
}

/** A live BTCUSDT order-book view on Bybit unless told otherwise: 100 x 1 / 101 x 1. */
export function orderBook(fields: Partial<OrderBookView> = {}): OrderBookView {
  return {
    type: 'order_book',
    exchange: 'bybit',
    symbol: 'BTCUSDT',
    coin: 'BTC',
    quote: 'USDT',
    exchangeTs: 0,
    receivedTs: 0,
    isFallback: false,
    env: 'prod',
    connectionId: 'c1',
    bids: [{ price: 100, size: 1 }],
    asks: [{ price: 101, size: 1 }],
    updateId: 1,
    ...fields,
  };
}
