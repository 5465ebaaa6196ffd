import { Subscription, type SchedulerLike } from 'rxjs';
import type { MarketEvent } from '../../model/index.js';
import type { BookUpdate } from '../book-update.js';
import { HandOverOrder, type HandedOver } from './hand-over-order.js';

/** One socket as its rotation sees it. */
export interface RotatedSocket {
  /** Closes the socket and everything that dies with it (timers, paced requests); called once or more. */
  close(): void;
  /**
   * Calls `read` once every frame the venue sent the socket until now has been read (a barrier: a ping
   * whose pong comes after them), or at once where the socket cannot tell; absent: at once.
   */
  drain?(read: () => void): void;
}

/**
 * How long a replaced socket may take to drain before it is closed all the same (a venue that stopped
 * answering pings): what it had not delivered is then a gap of the newer socket's, named as any.
 */
export const DRAIN_LIMIT_MS = 60_000;

/** When sockets are replaced: after `lifetimeMs` (absent: only when the venue asks), the old one closing `overlapMs` after the new one carries everything. */
export interface RotationTimes {
  readonly lifetimeMs: number | undefined;
  readonly overlapMs: number;
}

/** What a rotation asks of its feed. */
export interface RotationEvents<C> {
  /** Open a socket to replace `from` (the active one), which stays open until the new one carries every topic. */
  reopen(from: C, reason: string): void;
  /** Items a newer socket delivered during an overlap, to publish now that no older socket is open. */
  release(items: readonly HandedOver[]): void;
}

/**
 * The sockets of one feed over time, make-before-break (Binance closes a connection at 24 h: a new one
 * opens at 23 h). The newest socket is the active one; the sockets it replaces close `overlapMs` after it
 * carries every topic it asked for, not before (a rotation whose new socket subscribes slowly would
 * otherwise leave its last topics on no socket at all), and only once they have drained: every frame
 * the venue sent them by then read (an instance seconds behind its sockets would otherwise close the
 * older one with the frames that lead up to the newer one's first still unread, and resync its books). A socket replaced before it carried everything
 * hands on the sockets it was to replace. While an older socket is open, the newer one's trades and
 * chained book updates wait in `HandOverOrder`, so that each symbol's stay in the venue's order; what
 * still waits when the older sockets end goes to `release`.
 */
export class SocketRotation<C extends RotatedSocket> {
  /** Every socket not yet closed: the active one and any replaced one still open. */
  private readonly live = new Set<C>();
  private current: C | undefined;
  /** The sockets each socket replaces, until it carries every topic. */
  private readonly replacing = new Map<C, readonly C[]>();
  private readonly lifetimes = new Map<C, Subscription>();
  private readonly order = new HandOverOrder();
  private readonly overlaps = new Subscription();

  constructor(
    private readonly times: RotationTimes,
    private readonly scheduler: SchedulerLike,
    private readonly events: RotationEvents<C>,
  ) {}

  /** The newest socket, which follows the feed's instruments and whose failure fails the feed. */
  get active(): C | undefined {
    return this.current;
  }

  /** `socket` opens (after its turn) to replace the active one, if any, and is the active one from now on. */
  add(socket: C): void {
    this.current = socket;
    this.live.add(socket);
  }

  /** `socket` opened in place of `previous`: its lifetime starts. */
  opened(socket: C, previous: C | undefined): void {
    if (previous !== undefined) this.replacing.set(socket, [...(this.replacing.get(previous) ?? []), previous]);
    const { lifetimeMs } = this.times;
    if (lifetimeMs !== undefined)
      this.lifetimes.set(
        socket,
        this.scheduler.schedule(() => this.rotate(socket, 'connection lifetime'), lifetimeMs),
      );
  }

  /** `socket` carries every topic it asked for: the sockets it replaces close after the overlap. */
  carriesAll(socket: C): void {
    const replaced = this.replacing.get(socket) ?? [];
    this.replacing.delete(socket);
    for (const old of replaced) this.retire(old);
  }

  /** `from` should be replaced (its lifetime is up, or the venue will close it): a new socket opens, unless `from` is no longer the active one. */
  rotate(from: C, reason: string): void {
    if (from === this.current) this.events.reopen(from, reason);
  }

  /** `socket` failed (its error, or a frame the feed could not handle), and is closed: true when it was the active one, whose failure fails the feed. */
  failed(socket: C): boolean {
    this.endLifetime(socket);
    this.live.delete(socket);
    socket.close();
    if (socket === this.current) return true;
    this.ended();
    return false;
  }

  /** The events of one frame of `socket`, in the order to publish them now (the newer socket's trades wait while an older one is open). */
  ordered(socket: C, events: readonly MarketEvent[]): readonly MarketEvent[] {
    if (events.length === 0) return events;
    if (socket !== this.current) return this.order.fromOlder(events);
    return this.olderOpen() ? this.order.fromNewer(events) : events;
  }

  /** The book updates of one frame of `socket`, in the order to publish them now (the newer socket's chained updates wait while an older one is open). */
  orderedBooks(socket: C, updates: readonly BookUpdate[]): readonly BookUpdate[] {
    if (updates.length === 0) return updates;
    if (socket !== this.current) return this.order.booksFromOlder(updates);
    return this.olderOpen() ? this.order.booksFromNewer(updates) : updates;
  }

  /** Everything still waiting, in its socket's order (the feed ends: what the venue delivered goes before its end). */
  release(): readonly HandedOver[] {
    return this.order.release();
  }

  /** Closes every socket and stops every timer. */
  dispose(): void {
    this.overlaps.unsubscribe();
    for (const timer of this.lifetimes.values()) timer.unsubscribe();
    this.lifetimes.clear();
    for (const socket of this.live) socket.close();
    this.live.clear();
    this.replacing.clear();
    this.current = undefined;
  }

  private retire(socket: C): void {
    this.endLifetime(socket);
    const overlap = this.scheduler.schedule(() => {
      this.overlaps.remove(overlap);
      // A socket that failed in its overlap is closed already.
      if (this.live.has(socket)) this.drainThenClose(socket);
    }, this.times.overlapMs);
    this.overlaps.add(overlap);
  }

  private drainThenClose(socket: C): void {
    let done = false;
    const close = (): void => {
      if (done) return;
      done = true;
      this.overlaps.remove(limit);
      limit.unsubscribe();
      // A socket that failed while draining is closed already.
      if (!this.live.delete(socket)) return;
      socket.close();
      this.ended();
    };
    const limit = this.scheduler.schedule(close, DRAIN_LIMIT_MS);
    this.overlaps.add(limit);
    if (socket.drain === undefined) close();
    else socket.drain(close);
  }

  private endLifetime(socket: C): void {
    this.lifetimes.get(socket)?.unsubscribe();
    this.lifetimes.delete(socket);
  }

  private olderOpen(): boolean {
    for (const socket of this.live) if (socket !== this.current) return true;
    return false;
  }

  /** A socket ended: once no older one is open, the newer socket's waiting items go. */
  private ended(): void {
    if (!this.order.holding || this.olderOpen()) return;
    const waiting = this.order.release();
    if (waiting.length > 0) this.events.release(waiting);
  }
}
