import type { FeedStatus, OptionSummary, TradeEvent } from '../../model/index.js';
import type { SweptTrade } from '../sweep-reconnect-trades.js';

/** The fields of every record of Deribit's options, the venue the sweeps' specs run on. */
export const base = { exchange: 'deribit_options', coin: 'BTC', quote: 'BTC', isFallback: false, env: 'prod', connectionId: 'c1' } as const;

/** A live trade of `symbol`, made and received `at`. */
export const trade = (symbol: string, id: number, at: number): TradeEvent => ({
  type: 'trade',
  ...base,
  symbol,
  instrument: `${symbol}-key`,
  exchangeTs: at,
  receivedTs: at,
  tradeId: String(id),
  price: 0.01,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
});

/** An option's summary: all the sweep needs of a followed symbol is a record of it. */
export const summary = (symbol: string, at: number): OptionSummary => ({
  type: 'option_summary',
  ...base,
  symbol,
  instrument: `${symbol}-key`,
  exchangeTs: at,
  receivedTs: at,
  optionType: 'call',
  strike: 100000,
  expiryTs: 0,
  markPrice: 0.01,
  markIv: 50,
  delta: 0.1,
  gamma: 0,
  vega: 0,
  theta: 0,
  rho: 0,
  underlyingPrice: 90000,
  underlyingIndex: 'BTC-26DEC26',
});

/** The venue's status `state`, said at `ts`. */
export const status = (state: FeedStatus['state'], ts: number): FeedStatus => ({ type: 'feed_status', exchange: 'deribit_options', state, reason: state, ts });

/** A trade the venue's history holds. */
export const made = (symbol: string, id: number, time: number): SweptTrade => ({ symbol, id, price: '0.02', qty: '0.5', time, isBuyerMaker: true });
