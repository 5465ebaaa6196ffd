import type { SimConnection } from '../../sim-connection.js';
import { SlidingWindow } from '../../sliding-window.js';
import type { CreditPool, DeribitVenueLimits } from './deribit-limits.js';

/** A pool's credits as of its last use. */
class Credits {
  private credits: number;
  private at: number | undefined;

  constructor(private readonly pool: CreditPool) {
    this.credits = pool.max;
  }

  /** Takes one request's cost at `now`; false (nothing taken) when too few credits remain. */
  take(now: number): boolean {
    const { cost, max, refillPerSecond } = this.pool;
    this.credits = Math.min(max, this.credits + (((this.at ?? now) <= now ? now - (this.at ?? now) : 0) * refillPerSecond) / 1000);
    this.at = now;
    if (this.credits < cost) return false;
    this.credits -= cost;
    return true;
  }
}

/**
 * What the simulated Deribit counts of its one IP (every client is 127.0.0.1) across both venues'
 * connections and its REST: connections open, channels held, subscribe calls a second, the credit
 * pools, and the peaks of each, so that a test can say the client never passed a limit (not only that
 * it was never refused); and the `test_request`s left unanswered.
 */
export class DeribitLimiter {
  private readonly open = new Set<SimConnection>();
  private readonly subscribeCredits: Credits | undefined;
  private readonly requestCredits: Credits | undefined;
  private readonly subscribes = new SlidingWindow(1000, 1024);
  private readonly tally = {
    openConnectionsPeak: 0,
    channelsPeak: 0,
    subscribesPerSecondPeak: 0,
    channelsPerSubscribePeak: 0,
    connectionsRefused: 0,
    subscribesRefused: 0,
    requestsRefused: 0,
    restRefused: 0,
    oversizedRefused: 0,
    rawRefused: 0,
    testRequestsSent: 0,
    testRequestsUnanswered: 0,
  };

  constructor(readonly limits: DeribitVenueLimits) {
    this.subscribeCredits = limits.subscribeCredits === undefined ? undefined : new Credits(limits.subscribeCredits);
    this.requestCredits = limits.requestCredits === undefined ? undefined : new Credits(limits.requestCredits);
  }

  /** A connection opened; false when it is one past `maxOpenConnections` (closed at once, 1008). */
  opened(connection: SimConnection): boolean {
    const max = this.limits.maxOpenConnections;
    if (max !== undefined && this.open.size >= max) {
      this.tally.connectionsRefused += 1;
      connection.socket.close(1008, 'Too many connections');
      return false;
    }
    this.open.add(connection);
    this.tally.openConnectionsPeak = Math.max(this.tally.openConnectionsPeak, this.open.size);
    connection.socket.on('close', () => this.open.delete(connection));
    return true;
  }

  /** The connections open now. */
  openConnections(): readonly SimConnection[] {
    return [...this.open];
  }

  holds(connection: SimConnection): boolean {
    return this.open.has(connection);
  }

  /** A `public/subscribe` of `channels` at `now`: counted, then its credits taken; false when none remain (refused). */
  subscribe(channels: number, now: number): boolean {
    this.tally.subscribesPerSecondPeak = Math.max(this.tally.subscribesPerSecondPeak, this.subscribes.record(now));
    this.tally.channelsPerSubscribePeak = Math.max(this.tally.channelsPerSubscribePeak, channels);
    if (this.subscribeCredits === undefined || this.subscribeCredits.take(now)) return true;
    this.tally.subscribesRefused += 1;
    return false;
  }

  /** Any other request at `now` (socket or REST); false when no credits remain (refused). */
  request(now: number, rest = false): boolean {
    if (this.requestCredits === undefined || this.requestCredits.take(now)) return true;
    if (rest) this.tally.restRefused += 1;
    else this.tally.requestsRefused += 1;
    return false;
  }

  /** Channels held now over every open connection; the peak follows. */
  channelsHeld(): number {
    let held = 0;
    for (const connection of this.open) held += connection.subscriptions.size;
    this.tally.channelsPeak = Math.max(this.tally.channelsPeak, held);
    return held;
  }

  count(kind: 'oversizedRefused' | 'rawRefused' | 'testRequestsSent' | 'testRequestsUnanswered'): void {
    this.tally[kind] += 1;
  }

  counters(): Readonly<Record<string, number>> {
    return { ...this.tally, openConnectionsNow: this.open.size };
  }
}
