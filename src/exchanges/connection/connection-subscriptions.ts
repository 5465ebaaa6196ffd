import type { SchedulerLike, Subscription } from 'rxjs';
import type { ConnectionPlan, SubscribeRequest } from '../venue-protocol.js';
import { RequestWindow } from './request-window.js';

/** The subscribe side of a protocol's connection plan. */
type SubscribePlan = NonNullable<ConnectionPlan['subscribe']>;

/**
 * The span a venue counts its messages per second over, with a margin: a request sent exactly a
 * second after the one it follows could be counted in the same second by a venue whose window
 * includes both ends (and pongs share the budget).
 */
const RATE_WINDOW_MS = 1100;

/**
 * The hour a venue counts a connection's requests over (Bitget's 240, OKX's 480), with a minute's
 * margin for the venue's clock and the network's delay.
 */
export const HOUR_WINDOW_MS = 3_660_000;

/** A request held longer than this for the hourly count is said (`held`), ms: a wait the user should know of. */
export const HELD_NOTICE_MS = 5000;

/** What an acknowledgement settled. */
export type SubscriptionAck =
  /** A subscribe request of this socket was accepted: its topics are subscribed. */
  | { readonly kind: 'subscribed'; readonly topics: readonly string[] }
  /** A subscribe request was refused: the venue will not send these topics. */
  | { readonly kind: 'refused'; readonly topics: readonly string[]; readonly requestId?: string }
  /** Not a request of ours that is still waiting (an unsubscribe's, a repeat): nothing to do. */
  | { readonly kind: 'ignored' };

export interface ConnectionSubscriptionsConfig {
  readonly plan: SubscribePlan;
  readonly connectionId: string;
  /** Writes one text frame on the socket. */
  readonly send: (text: string) => void;
  readonly scheduler: SchedulerLike;
  /** Requests sent in any second at most (the venue's incoming-message limit, leaving room for pings and pongs). */
  readonly requestsPerSecond: number;
  /**
   * Requests sent in any rolling hour at most (`HOUR_WINDOW_MS`): the venue's per-connection cap
   * (Bitget 240, OKX 480), which refuses or closes past it. Absent: no hourly count.
   */
  readonly requestsPerHour?: number;
  /** Told once per wait when the next request is held longer than `HELD_NOTICE_MS` by the hourly count: the wait, ms. */
  readonly held?: (waitMs: number) => void;
  /** Topics per request at most; default the plan's. */
  readonly maxTopicsPerRequest?: number;
  /** Topics the URL subscribed when the socket opened. */
  readonly subscribedAtOpen?: readonly string[];
}

/**
 * The topics of one socket: which are subscribed (acknowledged, or carried by the URL), which are
 * requested and waiting for their ack, and the requests still to send: at most `requestsPerSecond`
 * in any second on the scheduler (a few go at once; a long list is spread out), and, where the venue
 * caps them, `requestsPerHour` in any rolling hour (a request past it waits its turn, in order, and is
 * never dropped). `want(topics)` brings the socket to exactly those topics: subscribe requests for
 * the new ones (none already subscribed or waiting: Bybit refuses a whole batch holding one it has),
 * unsubscribe requests for those no longer wanted.
 */
export class ConnectionSubscriptions {
  private readonly acknowledged = new Set<string>();
  /** Topics the venue left out of an answer naming all it subscribed (`complete`), or named as not subscribed (`decline`): not asked for again on this socket while wanted. */
  private readonly declined = new Set<string>();
  private readonly waiting = new Map<string, readonly string[]>();
  /** Texts to send in turn, and pings (a socket's barrier), which count in the venue's messages a second but not in an hourly cap of requests. */
  private readonly outbox: (string | Ping)[] = [];
  private sentRequests = 0;
  /** The requests of the last second, and of the last hour where the venue counts those. */
  private readonly windows: readonly RequestWindow[];
  private timer: Subscription | undefined;
  private disposed = false;

  constructor(private readonly config: ConnectionSubscriptionsConfig) {
    for (const topic of config.subscribedAtOpen ?? []) this.acknowledged.add(topic);
    const { requestsPerSecond, requestsPerHour } = config;
    this.windows = [
      new RequestWindow(requestsPerSecond, RATE_WINDOW_MS),
      ...(requestsPerHour === undefined ? [] : [new RequestWindow(requestsPerHour, HOUR_WINDOW_MS)]),
    ];
  }

  /** Topics the venue has confirmed on this socket. */
  get subscribed(): ReadonlySet<string> {
    return this.acknowledged;
  }

  /** Whether every topic asked for is confirmed and nothing is waiting to be sent. */
  get settled(): boolean {
    return this.waiting.size === 0 && !this.outbox.some((item) => typeof item === 'string');
  }

  /** Whether every subscribe request sent or queued is acknowledged (unsubscribes may still wait their turn). */
  get confirmed(): boolean {
    return this.waiting.size === 0;
  }

  /** Brings the socket to `topics`: subscribes the new ones, unsubscribes the ones no longer wanted; how many of each. */
  want(topics: readonly string[]): { readonly added: number; readonly removed: number } {
    const wanted = new Set(topics);
    for (const topic of this.declined) if (!wanted.has(topic)) this.declined.delete(topic);
    const pending = new Set([...this.waiting.values()].flat());
    const fresh = [...wanted].filter((topic) => !this.acknowledged.has(topic) && !pending.has(topic) && !this.declined.has(topic));
    const stale = [...this.acknowledged].filter((topic) => !wanted.has(topic));
    const max = this.config.maxTopicsPerRequest ?? this.config.plan.maxTopicsPerRequest;
    for (const batch of this.batches(stale, max)) {
      for (const topic of batch) this.acknowledged.delete(topic);
      this.enqueue(this.config.plan.unsubscribeRequest(batch, this.nextId()));
    }
    for (const batch of this.batches(fresh, max)) this.request(this.config.plan.subscribeRequest(batch, this.nextId()));
    return { added: fresh.length, removed: stale.length };
  }

  /** `topics` in requests of at most `max`, each of one group when the plan groups them (one channel per request). */
  private batches(topics: readonly string[], max: number): readonly (readonly string[])[] {
    const { groupOf } = this.config.plan;
    let groups: readonly (readonly string[])[] = [topics];
    if (groupOf !== undefined) {
      const byGroup = new Map<string, string[]>();
      for (const topic of topics) {
        const key = groupOf(topic);
        const group = byGroup.get(key);
        if (group === undefined) byGroup.set(key, [topic]);
        else group.push(topic);
      }
      groups = [...byGroup.values()];
    }
    const batches: (readonly string[])[] = [];
    for (const group of groups) for (let start = 0; start < group.length; start += max) batches.push(group.slice(start, start + max));
    return batches;
  }

  /** Sends a request built elsewhere (a book's resubscribe) in turn; its ack is awaited like the others. */
  request(request: SubscribeRequest): void {
    this.waiting.set(request.id, request.topics);
    this.enqueue(request.text);
  }

  /** Sends a text (an unsubscribe) in turn, without awaiting an ack. */
  enqueue(text: string): void {
    this.outbox.push(text);
    this.drain();
  }

  /**
   * Sends a ping (`send` does) in the next turn of the venue's messages a second (a venue that counts
   * them counts pings too), ahead of the requests still waiting: a socket subscribing hundreds of topics
   * answers its barrier within a second, not once its last request is sent.
   */
  ping(send: () => void): void {
    const firstRequest = this.outbox.findIndex((item) => typeof item === 'string');
    this.outbox.splice(firstRequest === -1 ? this.outbox.length : firstRequest, 0, { send });
    this.drain();
  }

  /**
   * Settles `topics` as declined, of whichever request waits for them: not asked for again on this
   * socket while wanted. Returns those that were waiting.
   */
  decline(topics: readonly string[]): readonly string[] {
    const named = new Set(topics);
    const settled: string[] = [];
    for (const [id, waitingTopics] of [...this.waiting]) {
      const hit = waitingTopics.filter((topic) => named.has(topic));
      if (hit.length === 0) continue;
      const left = waitingTopics.filter((topic) => !named.has(topic));
      if (left.length === 0) this.waiting.delete(id);
      else this.waiting.set(id, left);
      for (const topic of hit) this.declined.add(topic);
      settled.push(...hit);
    }
    return settled;
  }

  /**
   * Settles the ack of `requestId` (or, without an id, of the only request waiting). An ack that names
   * its `topics` settles only those: of request `requestId`, or of every waiting request without one (a
   * venue that answers with all it has subscribed); a request is done once all its topics are.
   */
  acknowledge(ack: {
    readonly success: boolean;
    readonly requestId?: string;
    readonly topics?: readonly string[];
    readonly complete?: boolean;
  }): SubscriptionAck {
    if (ack.topics !== undefined && ack.complete === true && ack.requestId !== undefined && ack.success)
      return this.acknowledgeWhole(ack.topics, ack.requestId);
    if (ack.topics !== undefined) return this.acknowledgeTopics(ack.success, ack.topics, ack.requestId);
    const id = ack.requestId ?? (this.waiting.size === 1 ? [...this.waiting.keys()][0] : undefined);
    const topics = id === undefined ? undefined : this.waiting.get(id);
    if (id === undefined || topics === undefined) return { kind: 'ignored' };
    this.waiting.delete(id);
    if (!ack.success) return { kind: 'refused', topics, requestId: id };
    for (const topic of topics) this.acknowledged.add(topic);
    return { kind: 'subscribed', topics };
  }

  /** A reply naming every topic of request `requestId` the venue subscribed: the others of the request are refused. */
  private acknowledgeWhole(topics: readonly string[], requestId: string): SubscriptionAck {
    const waitingTopics = this.waiting.get(requestId);
    if (waitingTopics === undefined) return { kind: 'ignored' };
    this.waiting.delete(requestId);
    const named = new Set(topics);
    const left = waitingTopics.filter((topic) => !named.has(topic));
    for (const topic of waitingTopics) if (named.has(topic)) this.acknowledged.add(topic);
    for (const topic of left) this.declined.add(topic);
    if (left.length > 0) return { kind: 'refused', topics: left, requestId };
    return { kind: 'subscribed', topics: waitingTopics };
  }

  private acknowledgeTopics(success: boolean, topics: readonly string[], requestId: string | undefined): SubscriptionAck {
    const named = new Set(topics);
    const settled: string[] = [];
    for (const [id, waitingTopics] of [...this.waiting]) {
      if (requestId !== undefined && id !== requestId) continue;
      const hit = waitingTopics.filter((topic) => named.has(topic));
      if (hit.length === 0) continue;
      if (!success) {
        this.waiting.delete(id);
        return { kind: 'refused', topics: hit, requestId: id };
      }
      const left = waitingTopics.filter((topic) => !named.has(topic));
      if (left.length === 0) this.waiting.delete(id);
      else this.waiting.set(id, left);
      for (const topic of hit) this.acknowledged.add(topic);
      settled.push(...hit);
    }
    return settled.length === 0 ? { kind: 'ignored' } : { kind: 'subscribed', topics: settled };
  }

  /** Stops sending (the socket is closing). */
  dispose(): void {
    this.disposed = true;
    this.timer?.unsubscribe();
    this.timer = undefined;
    this.outbox.length = 0;
  }

  private nextId(): string {
    this.sentRequests += 1;
    return this.config.plan.requestId(this.config.connectionId, this.sentRequests);
  }

  private drain(): void {
    if (this.disposed || this.timer !== undefined) return;
    const { scheduler } = this.config;
    for (let next = this.outbox[0]; next !== undefined; next = this.outbox[0]) {
      const now = scheduler.now();
      const windows = typeof next === 'string' ? this.windows : this.windows.slice(0, 1);
      const wait = Math.max(0, ...windows.map((window) => window.waitMs(now)));
      if (wait > 0) {
        if (wait > HELD_NOTICE_MS) this.config.held?.(wait);
        this.timer = scheduler.schedule(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      this.outbox.shift();
      for (const window of windows) window.record(now);
      if (typeof next === 'string') this.config.send(next);
      else next.send();
    }
  }
}

/** A ping waiting its turn. */
interface Ping {
  readonly send: () => void;
}
