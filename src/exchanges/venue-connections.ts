import { Observable, Subscription, asyncScheduler, interval, of, switchMap } from 'rxjs';
import { socketOptionsOf, type VenueSymbol } from './adapter-config.js';
import { ClockedStreams } from './clocked-streams.js';
import { ConnectionSubscriptions } from './connection-subscriptions.js';
import { MessageLostError, SilentStreamError, SubscribeRejectedError } from './feed-errors.js';
import { feedStatusOf, statusForError } from './feed-status-of.js';
import { frameDecoder } from './frame-decoder.js';
import { HandOverOrder, type HandedOver } from './hand-over-order.js';
import { invalidFrameReporter } from './invalid-frame-reporter.js';
import { selectStreams } from './select-streams.js';
import { venueSymbolOf } from './venue-symbol.js';
import { VenueTopics } from './venue-topics.js';
import { SymbolDirectory } from './symbol-directory.js';
import type { VenueFeedConfig } from './venue-feed-config.js';
import type { VenueItem } from './venue-item.js';
import type { ControlFrame, VenueProtocol } from './venue-protocol.js';
import { webSocketFrames, type RawFrame, type SocketOpened } from './web-socket-frames.js';

/** One socket and everything that dies with it (heartbeat, rotation timer, request pacing). */
interface Connection {
  readonly life: Subscription;
  rotation?: Subscription;
  retired: boolean;
  /** The socket ended (closed after its overlap, or by the venue). */
  ended?: boolean;
  /** The URL opened and the topics it carries, once the socket's turn came. */
  url?: string;
  carried?: readonly string[];
  /** The open socket and its topics, once open. */
  socket?: SocketOpened;
  subscriptions?: ConnectionSubscriptions;
  /** The number of the last frame, on a venue that numbers them (`VenueProtocol.sequence`). */
  sequence?: number;
  /** Subscribes wait for the venue to accept the open messages (`ConnectionPlan.awaitOpened`). */
  held?: boolean;
  /** The sockets this one replaces in a rotation: each is retired once this one carries every topic. */
  replaces?: Connection[];
}

/** Lets a later stage (a book sync) ask the active socket to resubscribe one topic; set while a feed runs. */
export interface SocketLink {
  resubscribe?: (topic: string) => void;
}

/**
 * The sockets of one venue as batches: one status, one refused frame (with the losses of the books it concerned, when books
 * are followed), or the events (and book updates) one frame mapped to. Opens a
 * socket per the protocol's plan (after the venue's `openPacer`, if any, gives it a turn), subscribes
 * (in the URL and by requests paced at the plan's rate) and checks acks, heartbeats, rotates
 * make-before-break, and errors (after a `disconnected`/`geo_blocked` status) with the active socket's
 * error or a venue refusal. With `config.instruments$`, the open socket follows the instruments as they
 * change (subscribing the new, unsubscribing the gone). With `config.books`, the protocol's depth
 * channel is subscribed too, and `link` gets a `resubscribe(topic)` that unsubscribes and subscribes
 * the topic on the active socket. Every timer runs on `config.scheduler`. Never retries.
 */
export function venueConnections<F, S>(
  protocol: VenueProtocol<F, S>,
  config: VenueFeedConfig,
  link: SocketLink = {},
  directory: SymbolDirectory = new SymbolDirectory(config.symbols),
): Observable<readonly VenueItem[]> {
  return new Observable<readonly VenueItem[]>((subscriber) => {
    const { exchange, logger } = config;
    const plan = protocol.connection;
    const scheduler = config.scheduler ?? asyncScheduler;
    const clock = config.clock ?? (() => scheduler.now());
    const streams = config.streams ?? selectStreams(protocol.streams);
    const depth = config.books === true && protocol.book !== undefined ? { channel: protocol.book.channel, record: 'order_book' as const } : undefined;
    const wanted = new VenueTopics(protocol, streams, depth, scheduler);
    const topicsOf = (instruments: readonly VenueSymbol[]): readonly string[] => wanted.of(instruments);
    let symbols = config.symbols.coins.map((coin) => venueSymbolOf(protocol, coin, config.symbols.quote));
    /** The symbols the socket follows now, for a channel that pushes others' too (`MapperContext.follows`). */
    let followed = new Set(symbols);
    /** Streams the venue pushes on a clock, each socket checked for their silence. */
    const clocked = ClockedStreams.of(streams, config.silentStreamMs, (symbol, stream) => protocol.topic(symbol, stream));
    let instrumentsNow: readonly VenueSymbol[] = symbols.map((symbol) => ({ symbol, coin: '', quote: '' }));
    let topics = topicsOf(instrumentsNow);
    const decode = frameDecoder(protocol, {
      exchange,
      ...(config.env === undefined ? {} : { env: config.env }),
      partsOf: directory.partsOf,
      follows: (symbol) => followed.has(symbol),
    });
    const refused = invalidFrameReporter({ exchange, ...(logger === undefined ? {} : { logger }) });
    const frames = config.frames ?? webSocketFrames;
    const lifetimeMs = config.connectionLifetimeMs ?? plan.rotation?.lifetimeMs;
    const overlapMs = config.overlapMs ?? plan.rotation?.overlapMs ?? 0;
    const timers = new Subscription();
    /** Every socket not yet closed: the active one and any retired one still in its overlap. */
    const live = new Set<Connection>();
    let active: Connection | undefined;
    let resubscriptions = 0;
    /** The newer socket's trades and chained book updates wait while an older one is open, so that each symbol's stay in the venue's order. */
    const order = new HandOverOrder();
    const olderOpen = (connection: Connection): boolean => live.size > 1 && [...live].some((other) => other !== connection && other.ended !== true);
    const ordered = <T extends HandedOver>(connection: Connection, items: readonly T[]): readonly T[] => {
      if (items.length === 0) return items;
      if (connection !== active) return order.fromOlder(items);
      return olderOpen(connection) ? order.fromNewer(items) : items;
    };
    /** A socket ended: once no older one is open, the newer socket's waiting trades go. */
    const ended = (connection: Connection): void => {
      connection.ended = true;
      if (!order.holding || (active !== undefined && olderOpen(active))) return;
      const waiting = order.release();
      if (waiting.length > 0) subscriber.next(waiting);
    };

    const status = (state: 'connecting' | 'connected' | 'subscribed', reason: string, connectionId?: string): void =>
      subscriber.next([feedStatusOf(exchange, state, reason, clock(), connectionId)]);
    const fail = (error: unknown): void => {
      // What the venue delivered goes before the error that ends the feed.
      const waiting = order.release();
      if (waiting.length > 0) subscriber.next(waiting);
      subscriber.next([statusForError(exchange, error, clock())]);
      subscriber.error(error);
    };

    const retire = (connection: Connection): void => {
      connection.retired = true;
      connection.rotation?.unsubscribe();
      const close = scheduler.schedule(() => {
        timers.remove(close);
        live.delete(connection);
        connection.subscriptions?.dispose();
        connection.life.unsubscribe();
        ended(connection);
      }, overlapMs);
      timers.add(close);
    };

    /**
     * The socket carries every topic it was asked for: the sockets it replaces close after the overlap. Not
     * before: a rotation whose new socket subscribes slowly (a busy machine, a venue's request pace) would
     * otherwise leave its last topics on no socket at all.
     */
    const carriesAll = (connection: Connection): void => {
      const replaced = connection.replaces ?? [];
      delete connection.replaces;
      for (const old of replaced) retire(old);
    };

    const rotate = (from: Connection, reason: string): void => {
      if (from !== active || from.retired) return;
      logger?.info({ exchange, reason }, 'rotating connection');
      open(from);
    };

    const resubscribe = (topic: string): void => {
      const socket = active?.socket;
      const requestsFor = plan.subscribe?.resubscribe;
      if (active?.subscriptions === undefined || socket === undefined || requestsFor === undefined) {
        logger?.warn({ exchange, topic }, 'cannot resubscribe: no open socket or no resubscribe plan');
        return;
      }
      resubscriptions += 1;
      const { unsubscribe, subscribe } = requestsFor(topic, `${socket.connectionId}-resub-${resubscriptions}`);
      logger?.info({ exchange, topic, requestId: subscribe.id }, 'resubscribing');
      active.subscriptions.enqueue(unsubscribe);
      active.subscriptions.request(subscribe);
    };

    /** The instruments changed: the active socket follows (a retired one keeps what it has until it closes). */
    const follow = (instruments: readonly VenueSymbol[]): void => {
      directory.learn(instruments);
      symbols = instruments.map((instrument) => instrument.symbol);
      followed = new Set(symbols);
      wanted.keepOnly(followed);
      instrumentsNow = instruments;
      topics = topicsOf(instruments);
      const subscriptions = active?.subscriptions;
      const socket = active?.socket;
      if (subscriptions === undefined || socket === undefined || active?.held === true) return;
      const change = subscriptions.want(topics);
      // Topics only dropped: no acknowledgement will come to say what the socket carries now, so this
      // status does (and names the shard's instruments as they are now, for its metrics).
      if (change.removed > 0 && change.added === 0 && subscriptions.confirmed)
        status('subscribed', `${subscriptions.subscribed.size} topics`, socket.connectionId);
    };

    const onOpen = (connection: Connection, event: SocketOpened, previous: Connection | undefined): void => {
      connection.socket = event;
      // A socket that is replaced before it carried everything hands on the sockets it was to replace.
      if (previous !== undefined) connection.replaces = [...(previous.replaces ?? []), previous];
      status('connected', connection.url ?? config.url, event.connectionId);
      const request = plan.subscribe;
      const opening = plan.openMessages?.(event.connectionId) ?? [];
      if (request === undefined) {
        for (const text of opening) event.send(text);
        carriesAll(connection);
        status('subscribed', `${symbols.length} symbols`, event.connectionId);
      } else {
        connection.subscriptions = new ConnectionSubscriptions({
          plan: request,
          connectionId: event.connectionId,
          send: (text) => event.send(text),
          scheduler,
          requestsPerSecond: request.requestsPerSecond,
          ...(config.maxTopicsPerRequest === undefined ? {} : { maxTopicsPerRequest: config.maxTopicsPerRequest }),
          subscribedAtOpen: connection.carried ?? [],
        });
        for (const text of opening) connection.subscriptions.enqueue(text);
        if (plan.awaitOpened === true) connection.held = true;
        else subscribeWanted(connection, connection.subscriptions, event.connectionId);
      }
      const { heartbeat } = plan;
      if (heartbeat !== undefined) {
        const every = config.heartbeatIntervalMs ?? heartbeat.intervalMs;
        connection.life.add(interval(every, scheduler).subscribe((n) => event.send(heartbeat.message(event.connectionId, n + 1))));
      }
      if (clocked !== undefined) watchClockedStreams(clocked, connection, event);
      if (lifetimeMs !== undefined) {
        connection.rotation = scheduler.schedule(() => rotate(connection, 'connection lifetime'), lifetimeMs);
        connection.life.add(connection.rotation);
      }
    };

    /** Topics may have changed while the socket opened: it carries those of its URL, and asks for the rest now. */
    const subscribeWanted = (connection: Connection, subscriptions: ConnectionSubscriptions, connectionId: string): void => {
      subscriptions.want(topics);
      if (!subscriptions.settled) return;
      carriesAll(connection);
      status('subscribed', `${symbols.length} symbols`, connectionId);
    };

    /** Topics the venue left out of an answer naming all it subscribed (`complete`): each said `unserved`, with its symbol; the socket carries on. */
    const unserved = (left: readonly string[], message: string, connectionId: string): void => {
      const all = depth === undefined ? streams : [...streams, depth];
      logger?.warn({ exchange, connectionId, topics: left.slice(0, 10), message }, 'topics not subscribed by the venue');
      subscriber.next(
        left.map((topic) => {
          const symbol = symbols.find((s) => all.some((stream) => protocol.topic(s, stream) === topic));
          const said = feedStatusOf(exchange, 'unserved', `${topic}: not subscribed by ${exchange} (${message})`, clock(), connectionId);
          return symbol === undefined ? said : { ...said, symbol };
        }),
      );
    };

    const onControl = (connection: Connection, control: ControlFrame, connectionId: string): void => {
      switch (control.kind) {
        case 'subscribe_ack': {
          const outcome = connection.subscriptions?.acknowledge(control);
          if (outcome === undefined || outcome.kind === 'ignored') return;
          if (outcome.kind === 'refused' && control.complete === true && control.success) unserved(outcome.topics, control.message, connectionId);
          else if (outcome.kind === 'refused')
            return fail(
              new SubscribeRejectedError({
                exchange,
                topics: outcome.topics,
                message: control.message,
                ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }),
              }),
            );
          // One `subscribed` once every topic asked for is acknowledged (a shard's first 80 requests are one status, not 80).
          if (connection.subscriptions?.settled !== true) return;
          carriesAll(connection);
          return status('subscribed', `${connection.subscriptions.subscribed.size} topics`, connectionId);
        }
        case 'rotate':
          return rotate(connection, control.reason);
        case 'venue_error':
          return fail(
            new SubscribeRejectedError({
              exchange,
              topics: [],
              message: control.message,
              ...(control.requestId === undefined ? {} : { requestId: control.requestId }),
            }),
          );
        case 'pong':
          return;
        case 'reply':
          return connection.socket?.send(control.text);
        case 'closed': {
          // Instruments close together (an expiry's whole chain): their topics leave in one paced request, not one each.
          if (followed.has(control.symbol) && wanted.close(control.symbol, () => follow(instrumentsNow)))
            logger?.info({ exchange, connectionId, symbol: control.symbol, reason: control.reason }, 'instrument closed by the venue: unsubscribing');
          return;
        }
        case 'opened': {
          const { subscriptions } = connection;
          if (connection.held !== true || subscriptions === undefined) return;
          connection.held = false;
          return subscribeWanted(connection, subscriptions, connectionId);
        }
      }
    };

    const onFrame = (connection: Connection, event: RawFrame): void => {
      config.onFrame?.({ connectionId: event.connectionId, text: event.text, receivedTs: event.receivedTs });
      const decoded = decode(event.text, event.receivedTs, event.connectionId);
      if (decoded.kind !== 'invalid' && decoded.sequence !== undefined && !inSequence(connection, decoded.sequence, event.connectionId)) return;
      if (decoded.kind === 'control') onControl(connection, decoded.control, event.connectionId);
      else if (decoded.kind === 'invalid') {
        // A refused frame is still the venue delivering its topic: no silence.
        clocked?.heardIn(event.text, event.receivedTs, symbols);
        const report = refused(event.connectionId, event.text, decoded.error, event.receivedTs);
        // A refused frame of the depth channel: its books resync now (and say so), as for a gap.
        subscriber.next(config.books === true && decoded.lost.length > 0 ? [report, ...decoded.lost] : [report]);
      } else {
        clocked?.heardFrom(decoded.events, event.receivedTs);
        const events = ordered(connection, decoded.events);
        const books = config.books === true ? ordered(connection, decoded.books) : [];
        if (books.length === 0) {
          if (events.length > 0) subscriber.next(events);
        } else subscriber.next(events.length === 0 ? books : [...events, ...books]);
        // An instrument's last frame (`closed`): its figures published first, then its topics end.
        if (decoded.control !== undefined) onControl(connection, decoded.control, event.connectionId);
      }
    };

    /** Fails the socket when a clocked stream subscribed on it stays silent (`ClockedStreams`): named within the silent time. */
    const watchClockedStreams = (clocked: ClockedStreams, connection: Connection, socket: SocketOpened): void => {
      const watch = clocked.watch(clock(), connection.carried ?? []);
      connection.life.add(
        interval(clocked.checkEveryMs, scheduler).subscribe(() => {
          const subscribed = connection.subscriptions?.subscribed;
          if (connection !== active || subscribed === undefined) return;
          const silence = watch.silent(clock(), symbols, subscribed);
          if (silence === undefined) return;
          const { topics: silent, longestMs: silentMs } = silence;
          logger?.warn({ exchange, connectionId: socket.connectionId, topics: silent.slice(0, 10), silentMs }, 'acknowledged stream silent: reconnecting');
          fail(new SilentStreamError({ exchange, connectionId: socket.connectionId, url: connection.url ?? config.url, topics: silent, silentMs }));
        }),
      );
    };

    /** Whether a numbered frame follows the last one; a skipped number is a lost message: the socket fails (and is opened again). */
    const inSequence = (connection: Connection, sequence: number, connectionId: string): boolean => {
      const last = connection.sequence;
      connection.sequence = sequence;
      if (last === undefined || sequence === last + 1) return true;
      if (connection !== active) return true;
      logger?.warn({ exchange, connectionId, expected: last + 1, received: sequence }, 'message lost: reconnecting');
      fail(new MessageLostError({ exchange, connectionId, expected: last + 1, received: sequence }));
      return false;
    };

    const open = (previous: Connection | undefined): void => {
      const connection: Connection = { life: new Subscription(), retired: false };
      active = connection;
      live.add(connection);
      const socketFailed = (error: unknown): void => {
        connection.rotation?.unsubscribe();
        connection.subscriptions?.dispose();
        if (connection !== active) return ended(connection);
        logger?.warn({ exchange, err: error }, 'feed socket failed');
        fail(error);
      };
      const turn = config.openPacer?.turn() ?? of(undefined);
      connection.life.add(
        turn
          .pipe(
            switchMap(() => {
              // The URL carries the first topics it can; the rest are asked for once the socket is open.
              const carried = plan.subscribe === undefined ? topics : topics.slice(0, plan.urlTopics?.(topics) ?? 0);
              const url = plan.url(config.url, carried);
              connection.url = url;
              connection.carried = carried;
              status('connecting', url);
              const maxPayload = plan.maxPayloadBytes === undefined ? {} : { maxPayload: plan.maxPayloadBytes };
              return frames({ url, clock, exchange, ...maxPayload, ...socketOptionsOf(config) });
            }),
          )
          .subscribe({
            next: (event) => {
              // A frame this code cannot handle fails its socket (opened again, or failed over), never the process.
              try {
                if (event.type === 'open') onOpen(connection, event, previous);
                else onFrame(connection, event);
              } catch (error) {
                // Closed here (an error of the socket itself has closed it already).
                connection.life.unsubscribe();
                live.delete(connection);
                socketFailed(error);
              }
            },
            error: socketFailed,
          }),
      );
    };

    link.resubscribe = resubscribe;
    const following = config.instruments$?.subscribe(follow);
    open(undefined);
    return () => {
      delete link.resubscribe;
      following?.unsubscribe();
      timers.unsubscribe();
      wanted.dispose();
      // Closing only the active socket would leave a retired one (mid-overlap) open for good.
      for (const connection of live) {
        connection.subscriptions?.dispose();
        connection.life.unsubscribe();
      }
      live.clear();
      active = undefined;
    };
  });
}
