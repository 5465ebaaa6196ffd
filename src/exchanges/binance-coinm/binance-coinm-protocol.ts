import { binanceConnectionPlan, binanceControl } from '../binance/binance-protocol.js';
import { binanceStream } from '../binance/binance-subscriptions.js';
import { parseBinanceUsdmFrame, type BinanceUsdmFrame } from '../binance-usdm/binance-usdm-frames.js';
import type { VenueProtocol } from '../venue-protocol.js';
import type { DerivativeTickerValues } from '../../model/derivative-ticker.js';
import { BINANCE_COINM_CONNECTION_LIMITS } from './binance-coinm-limits.js';
import { mapBinanceCoinmFrame } from './binance-coinm-mappers.js';
import { binanceCoinmOpenInterestPoll } from './binance-coinm-open-interest.js';
import { coinmContractRefusal } from './binance-coinm-refusal.js';
import { binanceCoinmTickerReducer } from './binance-coinm-ticker-reducer.js';

/** Binance COIN-M futures WebSocket base, mainnet: one host for every stream (not routed by path as USD-M's is). */
export const BINANCE_COINM_STREAM_URL = 'wss://dstream.binance.com';

/**
 * Binance COIN-M perpetuals and dated contracts: USD-M's protocol (the same combined streams, frames,
 * SUBSCRIBE requests, 23 h rotation and `serverShutdown`) on one unrouted socket of
 * `wss://dstream.binance.com/stream` (ccxt #28091: the 2026-04-23 split "only affects USDⓈ-M ... Coin-M
 * (delivery) ... remain unchanged"). Aggregate trades as the venue's trades, the 24 h ticker, the best
 * bid/ask, candles, `markPrice@1s` (pushed every second: a silent one names its topic) and `forceOrder`;
 * open interest, which has no stream, polled over REST. Sizes are contracts of a USD value, told in the
 * coin with the listing's contract size; a sized frame of a symbol whose size is unknown is refused.
 */
export const binanceCoinmProtocol: VenueProtocol<BinanceUsdmFrame, DerivativeTickerValues> = {
  id: 'binance-coinm-combined',
  exchanges: ['binance_coinm'],
  env: () => 'prod',
  streams: [
    { channel: 'aggTrade', record: 'trade' },
    { channel: 'ticker', record: 'price_tick' },
    { channel: 'bookTicker', record: 'book_ticker' },
    { channel: 'kline_1m', record: 'kline', channelFor: (interval) => `kline_${interval}` },
    { channel: 'markPrice@1s', record: 'derivative_ticker', cadenceMs: 1000 },
    { channel: 'forceOrder', record: 'liquidation' },
  ],
  topic: (symbol, stream) => binanceStream(symbol, stream.channel),
  connection: binanceConnectionPlan(BINANCE_COINM_CONNECTION_LIMITS.requestsPerSecond),
  parse: parseBinanceUsdmFrame,
  control: (frame) => (frame.kind === 'mark_price' || frame.kind === 'force_order' ? undefined : binanceControl(frame)),
  refuse: coinmContractRefusal,
  map: mapBinanceCoinmFrame,
  reducer: binanceCoinmTickerReducer,
  polls: [binanceCoinmOpenInterestPoll()],
};
