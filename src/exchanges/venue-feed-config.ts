import type { RestDialect } from './rest/rest-dialect.js';
import type { RestWeightPacer } from './rest/rest-weight-pacer.js';
import type { Observable, SchedulerLike } from 'rxjs';
import type { AdapterConfig } from './adapter-config.js';
import type { StreamSpec } from './venue-protocol.js';
import type { SocketEvent, WebSocketFramesConfig } from './web-socket-frames.js';

/** Opens one socket: `open`, then every text frame; errors when it closes. */
export type FrameSource = (config: WebSocketFramesConfig) => Observable<SocketEvent>;

/** Options for `venueFeed`: the venue, its symbols and overrides of the protocol's plan. */
export interface VenueFeedConfig extends AdapterConfig {
  /**
   * Runs the heartbeat, rotation and overlap timers, and is the default `clock`; default
   * `asyncScheduler` (whose `now()` is `Date.now()`). Specs pass a `TestScheduler`.
   */
  readonly scheduler?: SchedulerLike;
  /** Opens the sockets; default `webSocketFrames`. Specs pass a fake frame source. */
  readonly frames?: FrameSource;
  /**
   * Subscribe the protocol's depth channel and keep its order books (views and `book_resync`
   * statuses in the feed); default false. Ignored for a protocol without a book plan.
   */
  readonly books?: boolean;
  /** The venue's REST base URL, handed to the book sync (venues that fetch book snapshots); default none. */
  readonly restUrl?: string;
  /** The streams subscribed per symbol; default `selectStreams(protocol.streams)` (1-minute candles, no optional streams). */
  readonly streams?: readonly StreamSpec[];
  /** Interval of the protocol's heartbeat, ms; default the protocol's (Bybit: 20 000). */
  readonly heartbeatIntervalMs?: number;
  /** Topics per subscribe request; default the protocol's (Bybit: 10). */
  readonly maxTopicsPerRequest?: number;
  /** Age at which a socket is replaced, ms; default the protocol's (Binance: 23 h; none for Bybit). */
  readonly connectionLifetimeMs?: number;
  /** Time old and new sockets run side by side in a rotation, ms; default the protocol's (Binance: 5 000), else 0. */
  readonly overlapMs?: number;
  /**
   * Time a subscribed stream the venue pushes on a clock (`StreamSpec.cadenceMs`) may stay silent before
   * its socket fails with `SilentStreamError`, ms; the pipeline passes its stale time. Absent: unchecked.
   */
  readonly silentStreamMs?: number;
  /** The venue's REST API for the protocol's polls (Binance USD-M open interest); absent: nothing is polled. */
  readonly polls?: VenuePollAccess;
}

/** Where and how a venue's polls are read: its REST base URL and pacer (shared with its catalog and snapshots), and a read's time limit. */
export interface VenuePollAccess {
  readonly restUrl: string;
  readonly pacer: RestWeightPacer;
  /** How the venue refuses for its rate limit and reports its used weight. */
  readonly dialect: RestDialect;
  /** Time one read may take, pacer wait included, ms. */
  readonly timeoutMs: number;
  /** The HTTP client; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}
