import type { Observable } from 'rxjs';
import type { Logger } from 'pino';
import { binanceFeed } from '../exchanges/binance/binance-adapter.js';
import { bybitFeed } from '../exchanges/bybit/bybit-adapter.js';
import type { ReceivedFrame } from '../exchanges/adapter-config.js';
import type { ExchangeId, FeedEvent, InvalidFrame } from '../model/index.js';

/** What a venue's adapter needs from the pipeline's configuration. */
export interface VenueFeedOptions {
  readonly exchange: ExchangeId;
  readonly url: string;
  readonly coins: readonly string[];
  readonly quote: string;
  readonly logger: Logger;
  readonly onInvalidFrame: (frame: InvalidFrame) => void;
  readonly clock?: () => number;
  /** Accept venue certificates that do not verify (never in production). */
  readonly allowUnverifiedTls?: boolean;
  /** Told about every received text frame (the recorder). */
  readonly onFrame?: (frame: ReceivedFrame) => void;
}

/** Opens one venue: a cold Observable, one socket per subscription (retries are the caller's). */
export type VenueFeedFactory = (options: VenueFeedOptions) => Observable<FeedEvent>;

/** The real adapters: Bybit v5 spot, and one Binance implementation for the three Binance venues. */
export const openVenueFeed: VenueFeedFactory = (options) => {
  const common = {
    exchange: options.exchange,
    url: options.url,
    symbols: { coins: options.coins, quote: options.quote },
    env: options.exchange === 'binance_testnet' ? ('testnet' as const) : ('prod' as const),
    logger: options.logger,
    onInvalidFrame: options.onInvalidFrame,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.allowUnverifiedTls === true ? { allowUnverifiedTls: true } : {}),
    ...(options.onFrame === undefined ? {} : { onFrame: options.onFrame }),
  };
  return options.exchange === 'bybit' ? bybitFeed(common) : binanceFeed(common);
};
