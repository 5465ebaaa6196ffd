import { binanceConnectionPlan, binanceControl } from '../binance/binance-protocol.js';
import { binanceStream } from '../binance/binance-subscriptions.js';
import type { VenueProtocol } from '../venue-protocol.js';
import { parseBinanceUsdmFrame, type BinanceUsdmFrame } from './binance-usdm-frames.js';
import { BINANCE_USDM_CONNECTION_LIMITS } from './binance-usdm-limits.js';
import { mapBinanceUsdmFrame } from './binance-usdm-mappers.js';
import { binanceUsdmOpenInterestPoll } from './binance-usdm-open-interest.js';
import { binanceUsdmTickerReducer, type DerivativeValues } from './binance-usdm-ticker-reducer.js';

/** Binance USD-M futures WebSocket base, mainnet; streams are routed by path (`/public`, `/market`). */
export const BINANCE_USDM_STREAM_URL = 'wss://fstream.binance.com';

/**
 * Binance USD-M perpetuals. Since 2026-04-23 fstream routes streams by path, and a stream sent on the
 * wrong route is acknowledged (`{"result":null,"id":n}`) and then never delivers (Binance "Important
 * WebSocket Change Notice"; binance-public-data #472; cryptofeed #1128): `/public` carries the books
 * (`depth@100ms`) and the best bid/ask (`bookTicker`); `/market` the aggregate trades (the venue's
 * trades here), the 24 h ticker, candles, `markPrice@1s` (pushed every second: a silent one names its
 * topic) and `forceOrder`. Each route is a combined-stream socket subscribed as spot's are, rotated at
 * 23 h or on `serverShutdown`. Open interest, which has no stream, is polled over REST; mark price,
 * funding and open interest are merged per symbol into every derivative ticker.
 */
export const binanceUsdmProtocol: VenueProtocol<BinanceUsdmFrame, DerivativeValues> = {
  id: 'binance-usdm-routed',
  exchanges: ['binance_usdm'],
  env: () => 'prod',
  streams: [
    { channel: 'aggTrade', record: 'trade', route: 'market' },
    { channel: 'ticker', record: 'price_tick', route: 'market' },
    { channel: 'bookTicker', record: 'book_ticker', route: 'public' },
    { channel: 'kline_1m', record: 'kline', channelFor: (interval) => `kline_${interval}`, route: 'market' },
    { channel: 'markPrice@1s', record: 'derivative_ticker', route: 'market', cadenceMs: 1000 },
    { channel: 'forceOrder', record: 'liquidation', route: 'market' },
  ],
  topic: (symbol, stream) => binanceStream(symbol, stream.channel),
  connection: {
    ...binanceConnectionPlan(BINANCE_USDM_CONNECTION_LIMITS.requestsPerSecond),
    routes: [
      { name: 'public', path: '/public', books: true },
      { name: 'market', path: '/market' },
    ],
  },
  parse: parseBinanceUsdmFrame,
  control: (frame) => (frame.kind === 'mark_price' || frame.kind === 'force_order' ? undefined : binanceControl(frame)),
  map: mapBinanceUsdmFrame,
  reducer: binanceUsdmTickerReducer,
  polls: [binanceUsdmOpenInterestPoll()],
};
