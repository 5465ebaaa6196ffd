import { Observable } from 'rxjs';
import type { FeedEvent } from '../../model/index.js';
import { invalidFrameReporter, socketOptionsOf, symbolPartsLookup, type AdapterConfig } from '../adapter-config.js';
import { SubscribeRejectedError } from '../feed-errors.js';
import { feedStatusOf, statusForError } from '../feed-status-of.js';
import { webSocketFrames, type SocketEvent } from '../web-socket-frames.js';
import { parseBybitFrame, type BybitAckFrame } from './bybit-frames.js';
import { mapBybitFrame } from './bybit-mappers.js';
import { BYBIT_SPOT_MAX_ARGS, bybitPing, bybitSubscribeRequests, bybitTopics } from './bybit-subscriptions.js';

/** Bybit v5 public spot, mainnet. */
export const BYBIT_SPOT_URL = 'wss://stream.bybit.com/v5/public/spot';
/** Bybit v5 public spot, testnet. */
export const BYBIT_SPOT_TESTNET_URL = 'wss://stream-testnet.bybit.com/v5/public/spot';

/** Options for {@link bybitFeed}. */
export interface BybitFeedConfig extends AdapterConfig {
  /** Interval of the client's `{"op":"ping"}`, ms; default 20 000. */
  readonly pingIntervalMs?: number;
  /** Args per subscribe request; default 10 (the spot limit). */
  readonly maxArgsPerRequest?: number;
}

/**
 * A cold feed of Bybit spot trades, tickers and best bid/ask with inline status records; one
 * socket per subscription. Errors with the socket's errors or `SubscribeRejectedError`; never retries.
 */
export function bybitFeed(config: BybitFeedConfig): Observable<FeedEvent> {
  return new Observable<FeedEvent>((subscriber) => {
    const clock = config.clock ?? Date.now;
    const { exchange } = config;
    const partsOf = symbolPartsLookup(config.symbols);
    const reportInvalid = invalidFrameReporter(config);
    const topics = bybitTopics(config.symbols.coins.map((c) => `${c}${config.symbols.quote}`.toUpperCase()));
    const subscribed = new Set<string>();
    const pending = new Map<string, readonly string[]>();
    let ping: NodeJS.Timeout | undefined;
    let pings = 0;

    const onAck = (ack: BybitAckFrame, connectionId: string): void => {
      if (ack.op !== 'subscribe') return;
      const key = ack.reqId ?? (pending.size === 1 ? [...pending.keys()][0] : undefined);
      const args = key === undefined ? [] : (pending.get(key) ?? []);
      if (key !== undefined) pending.delete(key);
      if (!ack.success) {
        const rejected = new SubscribeRejectedError({ exchange, topics: args, message: ack.retMsg, ...(key === undefined ? {} : { requestId: key }) });
        subscriber.next(statusForError(exchange, rejected, clock()));
        subscriber.error(rejected);
        return;
      }
      for (const topic of args) subscribed.add(topic);
      subscriber.next(feedStatusOf(exchange, 'subscribed', `${args.length} topics (${subscribed.size}/${topics.length})`, clock(), connectionId));
    };

    const onEvent = (event: SocketEvent): void => {
      if (event.type === 'open') {
        subscriber.next(feedStatusOf(exchange, 'connected', config.url, clock(), event.connectionId));
        for (const request of bybitSubscribeRequests(topics, subscribed, event.connectionId, config.maxArgsPerRequest ?? BYBIT_SPOT_MAX_ARGS)) {
          pending.set(request.reqId, request.args);
          event.send(request.text);
        }
        ping = setInterval(() => {
          pings += 1;
          event.send(bybitPing(`${event.connectionId}-ping-${pings}`));
        }, config.pingIntervalMs ?? 20_000);
        return;
      }
      config.onFrame?.({ connectionId: event.connectionId, text: event.text, receivedTs: event.receivedTs });
      const parsed = parseBybitFrame(event.text);
      if (!parsed.ok) return reportInvalid(event.connectionId, event.text, parsed.error, event.receivedTs);
      const frame = parsed.frame;
      if (frame.kind === 'ack') return onAck(frame, event.connectionId);
      // Data is kept even when its topic's ack has not arrived yet.
      const events = mapBybitFrame(frame, event.receivedTs, { exchange, env: config.env, connectionId: event.connectionId, partsOf });
      for (const e of events) subscriber.next(e);
    };

    subscriber.next(feedStatusOf(exchange, 'connecting', config.url, clock()));
    const socket = webSocketFrames({ url: config.url, clock, exchange, ...socketOptionsOf(config) }).subscribe({
      next: onEvent,
      error: (error: unknown) => {
        config.logger?.warn({ exchange, err: error }, 'feed socket failed');
        subscriber.next(statusForError(exchange, error, clock()));
        subscriber.error(error);
      },
    });
    return () => {
      clearInterval(ping);
      socket.unsubscribe();
    };
  });
}
