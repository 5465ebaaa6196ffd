import type { ExchangeId } from '../model/market-record.js';
import { idAfter } from '../model/trade-id-order.js';
import { VENUES } from './venues.js';

/** What tells two trades of one venue and symbol apart in time. */
export interface TradeInOrder {
  readonly exchange: ExchangeId;
  readonly tradeId: string;
  readonly exchangeTs: number;
}

/**
 * Whether `trade` came after `last` (the same venue and symbol) in the venue's order: by id where its ids
 * grow with time (`tradeIds.ordered`), else by time. Trades of one millisecond are not ordered by time:
 * one of the same millisecond as `last`, other than `last` itself, counts as after it, so that a cut made
 * there may publish such a trade twice but never drops one.
 */
export function tradeAfter(trade: TradeInOrder, last: Omit<TradeInOrder, 'exchange'>): boolean {
  if (VENUES[trade.exchange].tradeIds.ordered) return idAfter(trade.tradeId, last.tradeId);
  return trade.exchangeTs > last.exchangeTs || (trade.exchangeTs === last.exchangeTs && trade.tradeId !== last.tradeId);
}
