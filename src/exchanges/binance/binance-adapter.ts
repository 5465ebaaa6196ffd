import type { Observable } from 'rxjs';
import type { AdapterConfig } from '../adapter-config.js';
import { selectStreams } from '../select-streams.js';
import { venueFeed } from '../venue-feed.js';
import type { VenueOutput } from '../venue-item.js';
import { binanceProtocol } from './binance-protocol.js';
import type { BinanceTickerStream } from './binance-subscriptions.js';

/** Options for {@link binanceFeed}; `exchange` is `binance`, `binance_us` or `binance_testnet`. */
export interface BinanceFeedConfig extends AdapterConfig {
  /** Default `miniTicker`. */
  readonly tickerStream?: BinanceTickerStream;
  /** Open a replacement socket after this long, ms; default 23 h. */
  readonly connectionLifetimeMs?: number;
  /** How long the old and new sockets run side by side before the old one is closed, ms; default 5 000. */
  readonly overlapMs?: number;
}

/** `venueFeed(binanceProtocol, ...)`: one Binance-family venue over the combined stream, rotated make-before-break. */
export function binanceFeed(config: BinanceFeedConfig): Observable<VenueOutput> {
  const { tickerStream, ...common } = config;
  const streams = selectStreams(binanceProtocol.streams).map((stream) => (stream.record === 'price_tick' && tickerStream !== undefined ? { ...stream, channel: tickerStream } : stream));
  return venueFeed(binanceProtocol, { ...common, streams });
}
