import type { SchedulerLike } from 'rxjs';
import type { ExchangeId } from '../../model/market-record.js';
import { SubscribeRejectedError } from '../feed-errors.js';
import type { ConnectionPlan, ControlFrame } from '../venue-protocol.js';
import { ConnectionSubscriptions } from './connection-subscriptions.js';

/** What a feed wants its sockets to carry now. */
export interface Wanted {
  readonly topics: readonly string[];
  /** How many symbols they are, for the status that says the socket carries them. */
  readonly symbols: number;
}

/** What one socket's subscribing tells its feed. */
export interface SubscribingEvents {
  /**
   * The socket carries what it was asked for, said in a `subscribed` status with `reason`; `carried` when it
   * carries every topic asked for (the sockets it replaces may close), false when topics were only dropped.
   */
  subscribed(reason: string, carried: boolean): void;
  /** Topics the venue left out of an answer naming everything it subscribed (`complete`), or named as not subscribed (`unserved`): each is `unserved`; the socket carries on. */
  unserved(topics: readonly string[], message: string): void;
  /** The venue refused a request: the feed fails with this error. */
  refused(error: SubscribeRejectedError): void;
  /** The next request waits `waitMs` for the venue's hourly cap of requests on this socket (`reason` says so). */
  held(reason: string, waitMs: number): void;
}

/** Where a socket's subscribing runs. */
export interface SubscribingContext {
  readonly exchange: ExchangeId;
  readonly connectionId: string;
  send(text: string): void;
  readonly scheduler: SchedulerLike;
  /** The topics the socket's URL carried when it opened. */
  readonly carried: readonly string[];
  /** Topics per request at most, where configured below the venue's. */
  readonly maxTopicsPerRequest?: number;
  /** What the feed wants now, asked whenever the socket subscribes. */
  wanted(): Wanted;
}

/**
 * One open socket's subscriptions, by the protocol's plan: the open messages first (Coinbase's
 * `heartbeats`, Deribit's `set_heartbeat` and `public/auth`), then the wanted topics the URL did not carry, paced at the
 * venue's request rate. Where the socket authenticates (`authenticate`: Deribit's `.raw` channels are
 * refused before `public/auth` is answered), its subscribes wait for the venue's `opened` answer.
 * Acks settle requests; a refusal fails the feed, unless the venue answered with everything it did
 * subscribe, and then each topic it left out is `unserved` and the socket carries on. The socket follows
 * the instruments as they change, and resubscribes one topic when a book asks for it.
 */
export class SocketSubscribing {
  private readonly requests: ConnectionSubscriptions | undefined;
  /** Subscribes wait for the venue to answer the authentication. */
  private held: boolean;
  private resubscriptions = 0;

  constructor(
    private readonly plan: ConnectionPlan,
    private readonly context: SubscribingContext,
    private readonly events: SubscribingEvents,
  ) {
    const request = plan.subscribe;
    const authentication = plan.authenticate?.(context.connectionId);
    const opening = [...(plan.openMessages?.(context.connectionId) ?? []), ...(authentication === undefined ? [] : [authentication])];
    this.held = request !== undefined && authentication !== undefined;
    if (request === undefined) {
      for (const text of opening) context.send(text);
      this.requests = undefined;
      return;
    }
    const { maxTopicsPerRequest } = context;
    this.requests = new ConnectionSubscriptions({
      plan: request,
      connectionId: context.connectionId,
      send: (text) => context.send(text),
      scheduler: context.scheduler,
      requestsPerSecond: request.requestsPerSecond,
      ...(request.requestsPerHour === undefined ? {} : { requestsPerHour: request.requestsPerHour, held: (waitMs) => this.delayed(waitMs) }),
      ...(maxTopicsPerRequest === undefined ? {} : { maxTopicsPerRequest }),
      subscribedAtOpen: context.carried,
    });
    for (const text of opening) this.requests.enqueue(text);
  }

  /** The topics the venue confirmed on this socket; undefined where only the URL subscribes. */
  get subscribed(): ReadonlySet<string> | undefined {
    return this.requests?.subscribed;
  }

  /** The socket is open: it asks for the wanted topics its URL did not carry, unless it waits for the venue's answer to its open messages. */
  start(): void {
    if (this.requests === undefined) this.events.subscribed(`${this.context.wanted().symbols} symbols`, true);
    else if (!this.held) this.subscribeWanted(this.requests);
  }

  /** A control frame of the subscriptions (`subscribe_ack`, `opened`); the others are not its concern. */
  control(control: ControlFrame): void {
    const { requests } = this;
    if (requests === undefined) return;
    if (control.kind === 'opened' && this.held) {
      this.held = false;
      this.subscribeWanted(requests);
    }
    if (control.kind !== 'subscribe_ack') return;
    const declined = control.unserved === undefined ? [] : requests.decline(control.unserved);
    if (declined.length > 0) this.events.unserved(declined, control.message);
    const outcome = requests.acknowledge(control);
    if (outcome.kind === 'ignored') {
      // Every topic still waiting declined: the socket carries what it was answered for.
      if (declined.length > 0 && requests.settled) this.events.subscribed(`${requests.subscribed.size} topics`, true);
      return;
    }
    if (outcome.kind === 'refused' && control.complete === true && control.success) this.events.unserved(outcome.topics, control.message);
    else if (outcome.kind === 'refused') {
      const { requestId } = outcome;
      const { exchange } = this.context;
      return this.events.refused(
        new SubscribeRejectedError({ exchange, topics: outcome.topics, message: control.message, ...(requestId === undefined ? {} : { requestId }) }),
      );
    }
    // One `subscribed` once every topic asked for is acknowledged (a shard's first 80 requests are one status, not 80).
    if (requests.settled) this.events.subscribed(`${requests.subscribed.size} topics`, true);
  }

  /** The wanted topics changed: the socket asks for the new ones and drops the gone (once it subscribes at all). */
  follow(): void {
    const { requests } = this;
    if (requests === undefined || this.held) return;
    const change = requests.want(this.context.wanted().topics);
    // Topics only dropped: no acknowledgement will come to say what the socket carries now, so this
    // status does (and names the shard's instruments as they are now, for its metrics).
    if (change.removed > 0 && change.added === 0 && requests.confirmed) this.events.subscribed(`${requests.subscribed.size} topics`, false);
  }

  /**
   * Unsubscribes and subscribes `topic` again (a book's resync: Bybit answers with a fresh snapshot); the
   * subscribe's ack is awaited as usual. False where the venue has no such request.
   */
  resubscribe(topic: string): string | undefined {
    const requestsFor = this.plan.subscribe?.resubscribe;
    if (this.requests === undefined || requestsFor === undefined) return undefined;
    this.resubscriptions += 1;
    const { unsubscribe, subscribe } = requestsFor(topic, `${this.context.connectionId}-resub-${this.resubscriptions}`);
    this.requests.enqueue(unsubscribe);
    this.requests.request(subscribe);
    return subscribe.id;
  }

  /** Sends a ping (`send` does) in the turn of the venue's messages a second on this socket; at once where the socket sends no requests. */
  ping(send: () => void): void {
    if (this.requests === undefined) send();
    else this.requests.ping(send);
  }

  dispose(): void {
    this.requests?.dispose();
  }

  /** Says that the next request waits for the hourly cap: the requests are delayed, never dropped. */
  private delayed(waitMs: number): void {
    const perHour = this.plan.subscribe?.requestsPerHour ?? 0;
    const seconds = Math.ceil(waitMs / 1000);
    this.events.held(`${perHour} subscribe and unsubscribe requests an hour on this connection used: the next in ${seconds} s`, waitMs);
  }

  /** Topics may have changed while the socket opened: it carries those of its URL, and asks for the rest now. */
  private subscribeWanted(requests: ConnectionSubscriptions): void {
    const wanted = this.context.wanted();
    requests.want(wanted.topics);
    if (requests.settled) this.events.subscribed(`${wanted.symbols} symbols`, true);
  }
}
