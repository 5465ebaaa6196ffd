import { Observable, type Subscription } from 'rxjs';
import type { FeedEvent } from '../../model/index.js';
import { invalidFrameReporter, socketOptionsOf, symbolPartsLookup, type AdapterConfig } from '../adapter-config.js';
import { SubscribeRejectedError } from '../feed-errors.js';
import { feedStatusOf, statusForError } from '../feed-status-of.js';
import { webSocketFrames, type SocketEvent } from '../web-socket-frames.js';
import { parseBinanceFrame } from './binance-frames.js';
import { mapBinanceFrame } from './binance-mappers.js';
import { binanceCombinedUrl, binanceStreams, type BinanceTickerStream } from './binance-subscriptions.js';
import { OverlapDeduplicator } from './overlap-deduplicator.js';

export const BINANCE_STREAM_URL = 'wss://stream.binance.com:9443/stream';
export const BINANCE_US_STREAM_URL = 'wss://stream.binance.us:9443/stream';
export const BINANCE_TESTNET_STREAM_URL = 'wss://stream.testnet.binance.vision/stream';

/** Binance cuts connections at 24 h; rotate well before. */
export const DEFAULT_CONNECTION_LIFETIME_MS = 23 * 60 * 60 * 1000;

/** Options for {@link binanceFeed}; `exchange` is `binance`, `binance_us` or `binance_testnet`. */
export interface BinanceFeedConfig extends AdapterConfig {
  /** Default `miniTicker`. */
  readonly tickerStream?: BinanceTickerStream;
  /** Open a replacement socket after this long, ms; default 23 h. */
  readonly connectionLifetimeMs?: number;
  /** How long the old and new sockets run side by side before the old one is closed, ms; default 5 000. */
  readonly overlapMs?: number;
}

interface Connection {
  subscription?: Subscription;
  rotation?: NodeJS.Timeout;
  retired: boolean;
}

/**
 * A cold feed of one Binance-family venue over the combined stream, with inline status records.
 * Before the 24 h cut, or on `serverShutdown`, it opens a new socket and closes the old one after
 * an overlap, dropping the overlap's duplicates. Errors with the active socket's error; never retries.
 */
export function binanceFeed(config: BinanceFeedConfig): Observable<FeedEvent> {
  return new Observable<FeedEvent>((subscriber) => {
    const clock = config.clock ?? Date.now;
    const { exchange } = config;
    const partsOf = symbolPartsLookup(config.symbols);
    const reportInvalid = invalidFrameReporter(config);
    const symbols = config.symbols.coins.map((c) => `${c}${config.symbols.quote}`);
    const url = binanceCombinedUrl(config.url, binanceStreams(symbols, config.tickerStream));
    const dedupe = new OverlapDeduplicator();
    const timers = new Set<NodeJS.Timeout>();
    /** Every socket not yet closed: the active one and any retired one still in its overlap. */
    const live = new Set<Connection>();
    let active: Connection | undefined;

    const later = (ms: number, action: () => void): NodeJS.Timeout => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action();
      }, ms);
      timers.add(timer);
      return timer;
    };

    const retire = (connection: Connection): void => {
      connection.retired = true;
      clearTimeout(connection.rotation);
      later(config.overlapMs ?? 5000, () => {
        live.delete(connection);
        connection.subscription?.unsubscribe();
      });
    };

    const rotate = (from: Connection, reason: string): void => {
      if (from !== active || from.retired) return;
      config.logger?.info({ exchange, reason }, 'rotating connection');
      open(from);
    };

    const onEvent = (connection: Connection, event: SocketEvent, previous: Connection | undefined): void => {
      if (event.type === 'open') {
        subscriber.next(feedStatusOf(exchange, 'connected', url, clock(), event.connectionId));
        subscriber.next(feedStatusOf(exchange, 'subscribed', `${symbols.length} symbols`, clock(), event.connectionId));
        if (previous !== undefined) retire(previous);
        connection.rotation = later(config.connectionLifetimeMs ?? DEFAULT_CONNECTION_LIFETIME_MS, () => rotate(connection, 'connection lifetime'));
        return;
      }
      config.onFrame?.({ connectionId: event.connectionId, text: event.text, receivedTs: event.receivedTs });
      const parsed = parseBinanceFrame(event.text);
      if (!parsed.ok) return reportInvalid(event.connectionId, event.text, parsed.error, event.receivedTs);
      const frame = parsed.frame;
      if (frame.kind === 'server_shutdown') return rotate(connection, 'serverShutdown');
      if (frame.kind === 'error') {
        const error = new SubscribeRejectedError({ exchange, topics: [], message: `${frame.code}: ${frame.msg}`, requestId: String(frame.id) });
        subscriber.next(statusForError(exchange, error, clock()));
        return subscriber.error(error);
      }
      const context = { exchange, env: config.env, connectionId: event.connectionId, partsOf };
      for (const e of mapBinanceFrame(frame, event.receivedTs, context)) if (dedupe.isNew(e)) subscriber.next(e);
    };

    const open = (previous: Connection | undefined): void => {
      const connection: Connection = { retired: false };
      active = connection;
      live.add(connection);
      subscriber.next(feedStatusOf(exchange, 'connecting', url, clock()));
      const frames = webSocketFrames({ url, clock, exchange, ...socketOptionsOf(config) });
      connection.subscription = frames.subscribe({
        next: (event) => onEvent(connection, event, previous),
        error: (error: unknown) => {
          clearTimeout(connection.rotation);
          if (connection !== active) return;
          config.logger?.warn({ exchange, err: error }, 'feed socket failed');
          subscriber.next(statusForError(exchange, error, clock()));
          subscriber.error(error);
        },
      });
    };

    open(undefined);
    return () => {
      for (const timer of timers) clearTimeout(timer);
      // Closing only the active socket would leave a retired one (mid-overlap) open for good.
      for (const connection of live) connection.subscription?.unsubscribe();
      live.clear();
      active = undefined;
    };
  });
}
