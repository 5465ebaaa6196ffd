import type { ExchangeId, FeedEvent, MarketEnv, OrderBookView } from '../model/index.js';
import type { Building } from '../model/building.js';
import type { BookOutput } from './book-update.js';
import type { SymbolParts } from './split-symbol.js';

/** Provenance a venue's book outputs are stamped with. */
export interface BookStamp {
  readonly exchange: ExchangeId;
  readonly env: MarketEnv;
  readonly connectionId: string;
  readonly partsOf: (symbol: string) => SymbolParts | undefined;
}

/**
 * A book sync's output as a feed event: a view becomes an `OrderBookView` (undefined when its symbol
 * cannot be split; with the instrument its symbol's parts name), a resync a `book_resync` status
 * naming the symbol, its reason and evidence, decided at the receive time of the update that broke
 * the book.
 */
export function bookOutputEvent(output: BookOutput, stamp: BookStamp): FeedEvent | undefined {
  if (output.type === 'book_resync') {
    return {
      type: 'feed_status',
      exchange: stamp.exchange,
      symbol: output.symbol,
      state: 'book_resync',
      reason: `${output.reason}: ${output.detail}`,
      lastEventTs: output.exchangeTs,
      ts: output.receivedTs,
      ...(stamp.connectionId === '' ? {} : { connectionId: stamp.connectionId }),
    };
  }
  const parts = stamp.partsOf(output.symbol);
  if (parts === undefined) return undefined;
  const view: Building<OrderBookView> = {
    type: 'order_book',
    exchange: stamp.exchange,
    symbol: output.symbol,
    coin: parts.coin,
    quote: parts.quote,
    exchangeTs: output.exchangeTs,
    receivedTs: output.receivedTs,
    isFallback: false,
    env: stamp.env,
    connectionId: stamp.connectionId,
    bids: output.bids,
    asks: output.asks,
    updateId: output.updateId,
  };
  if (parts.instrument !== undefined) view.instrument = parts.instrument;
  if (output.book !== undefined) view.book = output.book;
  if (output.applied !== undefined) view.applied = output.applied;
  return view;
}
