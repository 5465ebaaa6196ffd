import { Subscription, of, switchMap, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import { socketOptionsOf } from '../adapter-config.js';
import { MessageLostError, SilentStreamError, SubscribeRejectedError } from '../feed-errors.js';
import { feedStatusOf } from '../feed-status-of.js';
import type { FrameDecoder } from '../frame-decoder.js';
import type { InvalidFrameReport } from '../invalid-frame-reporter.js';
import type { VenueFeedConfig } from '../venue-feed-config.js';
import type { VenueItem } from '../venue-item.js';
import type { ConnectionPlan, ControlFrame } from '../venue-protocol.js';
import { webSocketFrames, type RawFrame, type SocketOpened } from '../web-socket-frames.js';
import type { ClockedStreams } from './clocked-streams.js';
import { heartbeat } from './heartbeat.js';
import { SequenceChain } from './sequence-chain.js';
import { silentStreams, type SilenceWatched } from './silent-streams.js';
import type { SocketRotation } from './socket-rotation.js';
import { SocketSubscribing, type SubscribingEvents } from './socket-subscribing.js';
import type { VenueTopics } from './venue-topics.js';

/** What every socket of one feed shares: the venue's plan, the topics wanted, the rotation, and where its items and statuses go. */
export interface SocketFeed {
  readonly plan: ConnectionPlan;
  readonly config: VenueFeedConfig;
  readonly scheduler: SchedulerLike;
  readonly clock: () => number;
  readonly wanted: VenueTopics;
  /** The feed's clocked streams, when it has any and a silent time. */
  readonly clocked: ClockedStreams | undefined;
  readonly rotation: SocketRotation<VenueSocket>;
  readonly decode: FrameDecoder;
  readonly refused: InvalidFrameReport;
  emit(items: readonly VenueItem[]): void;
  status(state: 'connecting' | 'connected' | 'subscribed' | 'subscribe_delayed', reason: string, connectionId?: string): void;
  /** Ends the feed with `error` (the active socket failed, or the venue refused a request). */
  fail(error: unknown): void;
  /** Asks the topics of the instruments followed again (after instruments closed). */
  refollow(): void;
}

/**
 * One socket of a venue feed and the behaviours its protocol's plan composes on it: opened when the
 * venue's `openPacer`, if any, gives it a turn (its URL carrying the first topics it can), subscribing
 * (`SocketSubscribing`), pinging (`heartbeat`), watching its clocked streams (`silentStreams`) and its
 * message numbers (`SequenceChain`); its frames decoded, refused frames reported, and its items put in
 * the venue's order across a rotation (`SocketRotation`). It fails (and with it the feed, when it is the
 * active socket) on its socket's error, a lost message, a silent stream, or a frame this code cannot handle.
 */
export class VenueSocket {
  private readonly life = new Subscription();
  private readonly chain = new SequenceChain();
  private url: string;
  private carried: readonly string[] = [];
  private send: ((text: string) => void) | undefined;
  /** The socket's ping (resolves at its pong), once open; absent where the socket takes none. */
  private ping: (() => Promise<void>) | undefined;
  private subscribing: SocketSubscribing | undefined;

  constructor(
    private readonly feed: SocketFeed,
    private readonly previous: VenueSocket | undefined,
  ) {
    this.url = feed.config.url;
  }

  /** Opens the socket in its turn. */
  open(): void {
    const { plan, config, wanted, clock } = this.feed;
    const { exchange } = config;
    const socket$ = (config.openPacer?.turn() ?? of(undefined)).pipe(
      switchMap(() => {
        const { topics } = wanted;
        this.carried = plan.subscribe === undefined ? topics : topics.slice(0, plan.urlTopics?.(topics) ?? 0);
        this.url = plan.url(config.url, this.carried);
        this.feed.status('connecting', this.url);
        const maxPayload = plan.maxPayloadBytes === undefined ? {} : { maxPayload: plan.maxPayloadBytes };
        const headers = plan.headers === undefined ? {} : { headers: plan.headers };
        return (config.frames ?? webSocketFrames)({ url: this.url, clock, exchange, ...maxPayload, ...headers, ...socketOptionsOf(config) });
      }),
    );
    const next = (event: SocketOpened | RawFrame): void => {
      // A frame this code cannot handle fails its socket (opened again, or failed over), never the process.
      try {
        if (event.type === 'open') this.opened(event);
        else this.frame(event);
      } catch (error) {
        this.failed(error);
      }
    };
    this.life.add(socket$.subscribe({ next, error: (error: unknown) => this.failed(error) }));
  }

  /** The wanted topics changed: the socket asks for the new ones and drops the gone. */
  follow(): void {
    this.subscribing?.follow();
  }

  /** Unsubscribes and subscribes `topic` again: the subscribe's request id, or undefined where the socket cannot. */
  resubscribe(topic: string): string | undefined {
    return this.subscribing?.resubscribe(topic);
  }

  close(): void {
    this.subscribing?.dispose();
    this.life.unsubscribe();
  }

  /** Calls `read` once every frame sent before now has been read (a barrier), or at once where the socket takes no ping or is closed. */
  drain(read: () => void): void {
    if (this.ping === undefined) return read();
    this.barrier(this.ping).then(read, read);
  }

  private get logger(): Logger | undefined {
    return this.feed.config.logger;
  }

  private failed(error: unknown): void {
    if (!this.feed.rotation.failed(this)) return;
    this.logger?.warn({ exchange: this.feed.config.exchange, err: error }, 'feed socket failed');
    this.feed.fail(error);
  }

  private opened(socket: SocketOpened): void {
    const { feed } = this;
    const { config, scheduler, clocked, wanted } = feed;
    const { connectionId } = socket;
    this.send = socket.send;
    feed.rotation.opened(this, this.previous);
    feed.status('connected', this.url, connectionId);
    const { maxTopicsPerRequest } = config;
    const context = {
      exchange: config.exchange,
      connectionId,
      send: socket.send,
      scheduler,
      carried: this.carried,
      wanted: () => ({ topics: wanted.topics, symbols: wanted.symbols.length }),
      ...(maxTopicsPerRequest === undefined ? {} : { maxTopicsPerRequest }),
    };
    this.subscribing = new SocketSubscribing(feed.plan, context, this.subscribingEvents(connectionId));
    this.subscribing.start();
    this.life.add(heartbeat(feed.plan.heartbeat, config.heartbeatIntervalMs, connectionId, socket.send, scheduler));
    const { ping } = socket;
    this.ping = ping;
    if (config.barriers !== undefined && ping !== undefined) this.life.add(config.barriers.add(connectionId, () => this.barrier(ping)));
    if (clocked !== undefined) this.life.add(this.watchSilence(clocked, connectionId));
  }

  /** A ping sent in the turn of the venue's messages a second; resolves once its pong comes after every frame before it. */
  private barrier(ping: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const subscribing = this.subscribing;
      if (subscribing === undefined || this.life.closed) return reject(new Error('socket closed'));
      // Closed while the ping waits its turn: the barrier fails as one whose pong never came.
      const closed = (): void => reject(new Error('socket closed'));
      this.life.add(closed);
      const settled = (): void => this.life.remove(closed);
      subscribing.ping(() => void ping().then(resolve, reject).finally(settled));
    });
  }

  private subscribingEvents(connectionId: string): SubscribingEvents {
    const { feed } = this;
    const { exchange } = feed.config;
    return {
      subscribed: (reason, carried) => {
        if (carried) feed.rotation.carriesAll(this);
        feed.status('subscribed', reason, connectionId);
      },
      unserved: (topics, message) => {
        this.logger?.warn({ exchange, connectionId, topics: topics.slice(0, 10), message }, 'topics not subscribed by the venue');
        feed.emit(
          topics.map((topic) => {
            const symbol = feed.wanted.symbolOf(topic);
            const said = feedStatusOf(exchange, 'unserved', `${topic}: not subscribed by ${exchange} (${message})`, feed.clock(), connectionId);
            return symbol === undefined ? said : { ...said, symbol };
          }),
        );
      },
      refused: (error) => feed.fail(error),
      held: (reason, waitMs) => {
        this.logger?.warn({ exchange, connectionId, waitMs }, 'subscribe requests held for the venue hourly cap');
        feed.status('subscribe_delayed', reason, connectionId);
      },
    };
  }

  /**
   * Fails the socket when a clocked stream subscribed on it stays silent: named within the silent time. A symbol whose
   * streams stop while the socket delivers the others is said `feed_stale` (and `feed_recovered` when heard again), the socket kept.
   */
  private watchSilence(clocked: ClockedStreams, connectionId: string): Subscription {
    const { feed } = this;
    const { exchange } = feed.config;
    const watched = (): SilenceWatched | undefined => {
      const subscribed = this.subscribing?.subscribed;
      return this === feed.rotation.active && subscribed !== undefined ? { symbols: feed.wanted.symbols, subscribed } : undefined;
    };
    return silentStreams(clocked, feed.clock(), this.carried, watched, feed.clock, feed.scheduler).subscribe(({ silence, stopped, resumed }) => {
      if (silence !== undefined) {
        const { topics, longestMs: silentMs } = silence;
        this.logger?.warn({ exchange, connectionId, topics: topics.slice(0, 10), silentMs }, 'acknowledged stream silent: reconnecting');
        return feed.fail(new SilentStreamError({ exchange, connectionId, url: this.url, topics, silentMs }));
      }
      const now = feed.clock();
      if (stopped !== undefined) {
        // The venue stopped pushing these symbols (an expiry delivered, a listing ended): said, and the socket, which delivers the rest, kept.
        const { symbols, topics, longestMs } = stopped;
        this.logger?.warn(
          { exchange, connectionId, symbols: symbols.slice(0, 10), topics: topics.slice(0, 10), silentMs: longestMs },
          'streams stopped by the venue',
        );
        const reason = `${exchange} stopped pushing ${topics.slice(0, 3).join(', ')}${topics.length > 3 ? ` and ${topics.length - 3} more` : ''} for ${longestMs} ms while this connection's other streams deliver (an expiry delivered, a listing ended or halted): the connection is kept`;
        feed.emit(symbols.map((symbol) => ({ ...feedStatusOf(exchange, 'feed_stale', reason, now, connectionId), symbol, staleForMs: longestMs })));
      }
      if (resumed !== undefined)
        feed.emit(resumed.map((symbol) => ({ ...feedStatusOf(exchange, 'feed_recovered', `${exchange} pushes ${symbol} again`, now, connectionId), symbol })));
    });
  }

  private frame(event: RawFrame): void {
    const { feed } = this;
    const { config, rotation } = feed;
    const { connectionId, text, receivedTs } = event;
    config.onFrame?.({ connectionId, text, receivedTs });
    const decoded = feed.decode(text, receivedTs, connectionId);
    if (decoded.kind === 'invalid') {
      // A refused frame is still the venue delivering its topic: no silence.
      feed.clocked?.heardIn(text, receivedTs, feed.wanted.symbols);
      const report = feed.refused(connectionId, text, decoded.error, receivedTs);
      // A refused frame of the depth channel: its books resync now (and say so), as for a gap.
      return feed.emit(config.books === true && decoded.lost.length > 0 ? [report, ...decoded.lost] : [report]);
    }
    // A skipped message number on the active socket is a lost message: it fails (and is opened again).
    const lost = decoded.sequence === undefined ? undefined : this.chain.next(decoded.sequence);
    if (lost !== undefined && this === rotation.active) {
      this.logger?.warn({ exchange: config.exchange, connectionId, ...lost }, 'message lost: reconnecting');
      return feed.fail(new MessageLostError({ exchange: config.exchange, connectionId, ...lost }));
    }
    if (decoded.kind === 'control') return this.control(decoded.control, connectionId);
    feed.clocked?.heardFrom(decoded.events, receivedTs);
    if (decoded.refused !== undefined) feed.emit([feed.refused(connectionId, text, decoded.refused, receivedTs)]);
    const events = rotation.ordered(this, decoded.events);
    const books = config.books === true ? rotation.orderedBooks(this, decoded.books) : [];
    if (books.length === 0) {
      if (events.length > 0) feed.emit(events);
    } else feed.emit(events.length === 0 ? books : [...events, ...books]);
    // An instrument's last frame (`closed`): its figures published first, then its topics end.
    if (decoded.control !== undefined) this.control(decoded.control, connectionId);
  }

  private control(control: ControlFrame, connectionId: string): void {
    const { feed } = this;
    const { exchange } = feed.config;
    this.subscribing?.control(control);
    if (control.kind === 'rotate') feed.rotation.rotate(this, control.reason);
    else if (control.kind === 'reply') this.send?.(control.text);
    else if (control.kind === 'venue_error') {
      const { requestId } = control;
      feed.fail(new SubscribeRejectedError({ exchange, topics: [], message: control.message, ...(requestId === undefined ? {} : { requestId }) }));
    } else if (control.kind === 'closed' && feed.wanted.follows(control.symbol) && feed.wanted.close(control.symbol, () => feed.refollow()))
      // Instruments close together (an expiry's whole chain): their topics leave in one paced request, not one each.
      this.logger?.info({ exchange, connectionId, symbol: control.symbol, reason: control.reason }, 'instrument closed by the venue: unsubscribing');
  }
}
