import type { Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { ReceivedFrame } from '../exchanges/adapter-config.js';
import { protocolFor } from '../exchanges/protocol-registry.js';
import { selectStreams, type StreamSelection } from '../exchanges/select-streams.js';
import { venueFeed } from '../exchanges/venue-feed.js';
import type { ExchangeId, FeedEvent, InvalidFrame } from '../model/index.js';

/** What a venue feed needs from the pipeline's configuration. */
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
  /** Candle interval and optional streams; default 1-minute candles, no optional stream. */
  readonly streams?: StreamSelection;
}

/** Opens one venue: a cold Observable, one socket per subscription (retries are the caller's). */
export type VenueFeedFactory = (options: VenueFeedOptions) => Observable<FeedEvent>;

/** The real venues: each venue's protocol run by the one generic venue feed. */
export const openVenueFeed: VenueFeedFactory = (options) => {
  const protocol = protocolFor(options.exchange);
  return venueFeed(protocol, {
    exchange: options.exchange,
    url: options.url,
    symbols: { coins: options.coins, quote: options.quote },
    logger: options.logger,
    onInvalidFrame: options.onInvalidFrame,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.allowUnverifiedTls === true ? { allowUnverifiedTls: true } : {}),
    ...(options.onFrame === undefined ? {} : { onFrame: options.onFrame }),
    streams: selectStreams(protocol.streams, options.streams),
  });
};
