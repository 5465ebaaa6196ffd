import type { FeedStatus, TradeEvent } from '../../model/index.js';

/** A BTCUSDT trade of `exchange` made and received at `at`. */
export const btcTrade = (id: number, at: number, exchange: 'bybit' | 'binance' = 'bybit'): TradeEvent => ({
  type: 'trade',
  exchange,
  symbol: 'BTCUSDT',
  coin: 'BTC',
  quote: 'USDT',
  exchangeTs: at,
  receivedTs: at,
  isFallback: false,
  env: 'prod',
  connectionId: 'c',
  tradeId: String(id),
  price: 1,
  quantity: 1,
  side: 'BUY',
  isBuyerMaker: false,
});

/** Bybit's socket `s0` saying BTC-USDT is subscribed. */
export const btcSubscribed: FeedStatus = {
  type: 'feed_status',
  exchange: 'bybit',
  state: 'subscribed',
  reason: '',
  ts: 0,
  shard: 's0',
  instruments: ['BTC-USDT'],
};
