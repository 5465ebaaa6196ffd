import type { FaultTrade } from '../../sim-venue-protocol.js';
import { notification } from './deribit-rpc.js';

/** One `trades` notification of one trade, `fields` laid over it (the control API's garbage is made from it). */
export function deribitFaultTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = {
    timestamp: now,
    price: 1.5,
    amount: 10,
    direction: 'buy',
    index_price: 1.5,
    instrument_name: symbol,
    trade_seq: 1,
    mark_price: 1.5,
    tick_direction: 0,
    contracts: 1,
    trade_id: '1000',
    ...fields,
  };
  return notification(`trades.${symbol}.100ms`, [trade]);
}

export const DERIBIT_FAULT_TRADE: FaultTrade = {
  frame: deribitFaultTradeFrame,
  names: { price: 'price', quantity: 'amount', time: 'timestamp', side: 'direction' },
};

/** A frame a Deribit client must refuse, `n` picking the damage: cut, a negative price, an amount that is text, an unknown direction, a book change of an unknown action, a ticker whose mark is text. */
export function deribitMalformedFrame(n: number, symbol: string, now: number): string {
  const damaged = [
    `{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.${symbol}.100ms","data":[{"price":`,
    deribitFaultTradeFrame(symbol, now, { price: -5 }),
    deribitFaultTradeFrame(symbol, now, { amount: 'lots' }),
    deribitFaultTradeFrame(symbol, now, { direction: 'up' }),
    notification(`book.${symbol}.100ms`, {
      type: 'change',
      timestamp: now,
      instrument_name: symbol,
      change_id: 2,
      prev_change_id: 1,
      bids: [['move', 1, 10]],
      asks: [],
    }),
    notification(`ticker.${symbol}.100ms`, { timestamp: now, state: 'open', instrument_name: symbol, mark_price: 'NaN', index_price: 1 }),
  ];
  return damaged[n % damaged.length] ?? '';
}
