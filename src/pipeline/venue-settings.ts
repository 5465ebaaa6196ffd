import type { SocketBarriers } from '../exchanges/connection/socket-barriers.js';
import type { IngestGate } from '../exchanges/ingest-gate.js';
import type { Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { OpenPacer, ReceivedFrame, VenueSymbol } from '../exchanges/adapter-config.js';
import { protocolFor, type ProtocolSettings } from '../exchanges/protocol-registry.js';
import { selectStreams, type StreamSelection } from '../exchanges/select-streams.js';
import { venueFeed } from '../exchanges/venue-feed.js';
import type { VenuePollAccess } from '../exchanges/venue-feed-config.js';
import type { VenueOutput } from '../exchanges/venue-item.js';
import type { ExchangeId } from '../model/index.js';

/** What a venue feed needs from the pipeline's configuration. */
export interface VenueFeedOptions {
  readonly exchange: ExchangeId;
  readonly url: string;
  readonly coins: readonly string[];
  readonly quote: string;
  /** The instruments as they change (a connection shard's); absent: `coins` at `quote`, fixed. */
  readonly instruments$?: Observable<readonly VenueSymbol[]>;
  /** The venue's connection budget, waited on before each socket opens. */
  readonly openPacer?: OpenPacer;
  readonly logger: Logger;
  readonly clock?: () => number;
  /** Accept venue certificates that do not verify (never in production). */
  readonly allowUnverifiedTls?: boolean;
  /** Pauses reading the venue's sockets while the pipeline is behind its sink. */
  readonly ingestGate?: IngestGate;
  /** Where each socket says how to ask it for a barrier (a cluster instance's). */
  readonly barriers?: SocketBarriers;
  /** Told about every received text frame (the recorder). */
  readonly onFrame?: (frame: ReceivedFrame) => void;
  /** Follow the venue's order books (if its protocol has a book plan); absent: no books. */
  readonly books?: VenueBookOptions;
  /** Candle interval and optional streams; default 1-minute candles, no optional stream. */
  readonly streams?: StreamSelection;
  /** The feed's stale time, ms: a stream the venue pushes on a clock that stays silent this long fails its socket. */
  readonly silentStreamMs?: number;
  /**
   * The venue's REST API and settings for its protocol's polls (Binance USD-M open interest), for a venue
   * whose protocol polls; absent: nothing is polled.
   */
  readonly polls?: { readonly access: VenuePollAccess; readonly settings: ProtocolSettings };
  /** The venue's options, for a venue whose protocol reads them with or without books (`VenueDefinition.protocolWith.alsoWithoutBooks`). */
  readonly settings?: ProtocolSettings;
}

/** How a venue's order books are followed: its options and REST pacer (`ProtocolSettings`), and where its snapshots are fetched. */
export interface VenueBookOptions extends ProtocolSettings {
  /** The venue's REST base URL, for venues whose book sync fetches snapshots; default none. */
  readonly restUrl?: string;
}

/** Opens one venue: a cold Observable of its events and refused frames, one socket per subscription (retries are the caller's). */
export type VenueFeedFactory = (options: VenueFeedOptions) => Observable<VenueOutput>;

/** The real venues: each venue's protocol run by the one generic venue feed. */
export const openVenueFeed: VenueFeedFactory = (options) => {
  // A venue that polls reads its options (a poll's interval) from its configured protocol, books or not; so does one whose options choose its channels.
  const protocol = protocolFor(options.exchange, options.books ?? options.polls?.settings ?? options.settings);
  return venueFeed(protocol, {
    exchange: options.exchange,
    url: options.url,
    symbols: { coins: options.coins, quote: options.quote },
    ...(options.instruments$ === undefined ? {} : { instruments$: options.instruments$ }),
    ...(options.openPacer === undefined ? {} : { openPacer: options.openPacer }),
    logger: options.logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.allowUnverifiedTls === true ? { allowUnverifiedTls: true } : {}),
    ...(options.ingestGate === undefined ? {} : { ingestGate: options.ingestGate }),
    ...(options.barriers === undefined ? {} : { barriers: options.barriers }),
    ...(options.onFrame === undefined ? {} : { onFrame: options.onFrame }),
    ...(options.books === undefined ? {} : { books: true }),
    ...(options.books?.restUrl === undefined ? {} : { restUrl: options.books.restUrl }),
    streams: selectStreams(protocol.streams, options.streams),
    ...(options.silentStreamMs === undefined ? {} : { silentStreamMs: options.silentStreamMs }),
    ...(options.polls === undefined ? {} : { polls: options.polls.access }),
  });
};
