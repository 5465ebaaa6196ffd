import { Observable, Subscription, asyncScheduler, interval } from 'rxjs';
import { socketOptionsOf } from './adapter-config.js';
import { SubscribeRejectedError } from './feed-errors.js';
import { feedStatusOf, statusForError } from './feed-status-of.js';
import { frameDecoder } from './frame-decoder.js';
import { invalidFrameReporter } from './invalid-frame-reporter.js';
import { selectStreams } from './select-streams.js';
import { SubscribeAcks } from './subscribe-acks.js';
import type { VenueFeedConfig } from './venue-feed-config.js';
import type { VenueItem } from './venue-item.js';
import type { ControlFrame, VenueProtocol } from './venue-protocol.js';
import { webSocketFrames, type RawFrame, type SocketOpened } from './web-socket-frames.js';

/** One socket and everything that dies with it (heartbeat, rotation timer). */
interface Connection {
  readonly life: Subscription;
  readonly acks: SubscribeAcks;
  rotation?: Subscription;
  retired: boolean;
  /** The open socket, once open. */
  socket?: SocketOpened;
}

/** Lets a later stage (a book sync) ask the active socket to resubscribe one topic; set while a feed runs. */
export interface SocketLink {
  resubscribe?: (topic: string) => void;
}

/**
 * The sockets of one venue as batches: one status, one refused frame, or the events (and book updates) one frame mapped to. Opens a
 * socket per the protocol's plan, subscribes and checks acks, heartbeats, rotates make-before-break,
 * and errors (after a `disconnected`/`geo_blocked` status) with the active socket's error or a
 * venue refusal. With `config.books`, the protocol's depth channel is subscribed too, and `link`
 * gets a `resubscribe(topic)` that unsubscribes and subscribes the topic on the active socket
 * (the subscribe acknowledged like the others). Every timer runs on `config.scheduler`. Never retries.
 */
export function venueConnections<F, S>(protocol: VenueProtocol<F, S>, config: VenueFeedConfig, link: SocketLink = {}): Observable<readonly VenueItem[]> {
  return new Observable<readonly VenueItem[]>((subscriber) => {
    const { exchange, logger } = config;
    const plan = protocol.connection;
    const scheduler = config.scheduler ?? asyncScheduler;
    const clock = config.clock ?? (() => scheduler.now());
    const symbols = config.symbols.coins.map((coin) => `${coin}${config.symbols.quote}`);
    const streams = [...(config.streams ?? selectStreams(protocol.streams)), ...(config.books === true && protocol.book !== undefined ? [{ channel: protocol.book.channel, record: 'order_book' as const }] : [])];
    const topics = [...new Set(symbols.flatMap((symbol) => streams.map((stream) => protocol.topic(symbol, stream))))];
    const url = plan.url(config.url, topics);
    const decode = frameDecoder(protocol, { exchange, ...(config.env === undefined ? {} : { env: config.env }), symbols: config.symbols });
    const refused = invalidFrameReporter({ exchange, ...(logger === undefined ? {} : { logger }) });
    const frames = config.frames ?? webSocketFrames;
    const lifetimeMs = config.connectionLifetimeMs ?? plan.rotation?.lifetimeMs;
    const overlapMs = config.overlapMs ?? plan.rotation?.overlapMs ?? 0;
    const timers = new Subscription();
    /** Every socket not yet closed: the active one and any retired one still in its overlap. */
    const live = new Set<Connection>();
    let active: Connection | undefined;
    let resubscriptions = 0;

    const status = (state: 'connecting' | 'connected' | 'subscribed', reason: string, connectionId?: string): void =>
      subscriber.next([feedStatusOf(exchange, state, reason, clock(), connectionId)]);
    const fail = (error: unknown): void => {
      subscriber.next([statusForError(exchange, error, clock())]);
      subscriber.error(error);
    };

    const retire = (connection: Connection): void => {
      connection.retired = true;
      connection.rotation?.unsubscribe();
      const close = scheduler.schedule(() => {
        timers.remove(close);
        live.delete(connection);
        connection.life.unsubscribe();
      }, overlapMs);
      timers.add(close);
    };

    const rotate = (from: Connection, reason: string): void => {
      if (from !== active || from.retired) return;
      logger?.info({ exchange, reason }, 'rotating connection');
      open(from);
    };

    const resubscribe = (topic: string): void => {
      const socket = active?.socket;
      const requestsFor = plan.subscribe?.resubscribe;
      if (active === undefined || socket === undefined || requestsFor === undefined) {
        logger?.warn({ exchange, topic }, 'cannot resubscribe: no open socket or no resubscribe plan');
        return;
      }
      resubscriptions += 1;
      const { unsubscribe, subscribe } = requestsFor(topic, `${socket.connectionId}-resub-${resubscriptions}`);
      logger?.info({ exchange, topic, requestId: subscribe.id }, 'resubscribing');
      socket.send(unsubscribe);
      active.acks.sent(subscribe);
      socket.send(subscribe.text);
    };

    const onOpen = (connection: Connection, event: SocketOpened, previous: Connection | undefined): void => {
      connection.socket = event;
      status('connected', url, event.connectionId);
      if (plan.subscribe === undefined) status('subscribed', `${symbols.length} symbols`, event.connectionId);
      else {
        const max = config.maxTopicsPerRequest ?? plan.subscribe.maxTopicsPerRequest;
        for (const request of plan.subscribe.requests(topics, connection.acks.subscribed, event.connectionId, max)) {
          connection.acks.sent(request);
          event.send(request.text);
        }
      }
      const { heartbeat } = plan;
      if (heartbeat !== undefined) {
        const every = config.heartbeatIntervalMs ?? heartbeat.intervalMs;
        connection.life.add(interval(every, scheduler).subscribe((n) => event.send(heartbeat.message(event.connectionId, n + 1))));
      }
      if (previous !== undefined) retire(previous);
      if (lifetimeMs !== undefined) {
        connection.rotation = scheduler.schedule(() => rotate(connection, 'connection lifetime'), lifetimeMs);
        connection.life.add(connection.rotation);
      }
    };

    const onControl = (connection: Connection, control: ControlFrame, connectionId: string): void => {
      switch (control.kind) {
        case 'subscribe_ack': {
          const outcome = connection.acks.acknowledged(control);
          if (!outcome.success) return fail(new SubscribeRejectedError({ exchange, ...outcome.rejected, message: control.message }));
          return status('subscribed', `${outcome.topics.length} topics (${connection.acks.subscribed.size}/${topics.length})`, connectionId);
        }
        case 'rotate':
          return rotate(connection, control.reason);
        case 'venue_error':
          return fail(new SubscribeRejectedError({ exchange, topics: [], message: control.message, ...(control.requestId === undefined ? {} : { requestId: control.requestId }) }));
        case 'pong':
          return;
      }
    };

    const onFrame = (connection: Connection, event: RawFrame): void => {
      config.onFrame?.({ connectionId: event.connectionId, text: event.text, receivedTs: event.receivedTs });
      const decoded = decode(event.text, event.receivedTs, event.connectionId);
      if (decoded.kind === 'control') onControl(connection, decoded.control, event.connectionId);
      else if (decoded.kind === 'invalid') subscriber.next([refused(event.connectionId, event.text, decoded.error, event.receivedTs)]);
      else {
        const books = config.books === true ? decoded.books : [];
        if (books.length === 0) {
          if (decoded.events.length > 0) subscriber.next(decoded.events);
        } else subscriber.next(decoded.events.length === 0 ? books : [...decoded.events, ...books]);
      }
    };

    const open = (previous: Connection | undefined): void => {
      const connection: Connection = { life: new Subscription(), acks: new SubscribeAcks(), retired: false };
      active = connection;
      live.add(connection);
      status('connecting', url);
      connection.life.add(
        frames({ url, clock, exchange, ...socketOptionsOf(config) }).subscribe({
          next: (event) => (event.type === 'open' ? onOpen(connection, event, previous) : onFrame(connection, event)),
          error: (error: unknown) => {
            connection.rotation?.unsubscribe();
            if (connection !== active) return;
            logger?.warn({ exchange, err: error }, 'feed socket failed');
            fail(error);
          },
        }),
      );
    };

    link.resubscribe = resubscribe;
    open(undefined);
    return () => {
      delete link.resubscribe;
      timers.unsubscribe();
      // Closing only the active socket would leave a retired one (mid-overlap) open for good.
      for (const connection of live) connection.life.unsubscribe();
      live.clear();
      active = undefined;
    };
  });
}
