import type { SimConnection } from '../../sim-connection.js';
import { rfc3339Nano } from './coinbase-time.js';

/** What a frame's envelope says of its place on its connection. */
export interface FrameStamp {
  /** `sequence_num`: 0 for the connection's first frame, then + 1 per frame, across every channel. */
  readonly sequence: number;
  /** `timestamp`: RFC 3339 with nanoseconds, strictly increasing on the connection. */
  readonly timestamp: string;
}

interface Counter {
  next: number;
  /** The millisecond and the nanoseconds below it of the last timestamp written. */
  ms: number;
  nanos: number;
  /** When the last data frame (not an ack) was produced, ms. */
  lastDataAt: number;
}

/** Nanoseconds below the millisecond of a connection's first frame in a millisecond: the later half, after any trade or book event time of it. */
const FIRST_NANOS = 500_000;

/**
 * Coinbase Advanced Trade's `sequence_num`: one counter per connection, shared by every channel,
 * from 0 (research memo §3: 0..1029 with no hole over the 1,030 frames of six channels on one
 * socket). A frame takes its number when it is produced for the connection, sent or not: a frame a
 * stall swallowed or a `drop` fault lost leaves a hole the client can see, as a lost message does.
 * The frame's `timestamp` is stamped with it, strictly increasing per connection (the recorded
 * ones are): the first frame of a millisecond in its later half, the next ones a few microseconds
 * apart (a burst of hundreds runs a little ahead of the clock), the digits drawn from the number.
 * Counters are kept per connection object (a `WeakMap`: `SimConnection` is shared by the venues
 * and has none); the open connections are tracked as well, so that a lost frame can be charged to
 * every holder of its topic.
 */
export class CoinbaseSequence {
  private readonly counters = new WeakMap<SimConnection, Counter>();
  private readonly open = new Set<SimConnection>();

  /** Starts tracking an open connection (forgotten when its socket closes). */
  track(connection: SimConnection, now: number): void {
    this.counter(connection, now);
    this.open.add(connection);
    connection.socket.once('close', () => this.open.delete(connection));
  }

  /** The next number and timestamp of `connection`; `data` frames (not acks) also reset its idle time. */
  stamp(connection: SimConnection, now: number, data = true): FrameStamp {
    const counter = this.counter(connection, now);
    const sequence = counter.next;
    counter.next += 1;
    const ms = Math.floor(now);
    if (ms > counter.ms) {
      counter.ms = ms;
      counter.nanos = FIRST_NANOS + ((sequence * 104_729) % 250_000);
    } else {
      // Several frames in one millisecond: a few microseconds apart, carried into the next millisecond when it fills.
      counter.nanos += 1_000 + ((sequence * 7_919) % 3_000);
      if (counter.nanos > 999_999) {
        counter.ms += 1;
        counter.nanos -= 1_000_000;
      }
    }
    if (data) counter.lastDataAt = Math.max(counter.lastDataAt, now);
    return { sequence, timestamp: rfc3339Nano(counter.ms, counter.nanos) };
  }

  /** Uses up one number on every tracked connection holding `topic` (a frame lost on its way); returns how many. */
  skip(topic: string, now: number): number {
    let skipped = 0;
    for (const connection of this.open) {
      if (!connection.subscriptions.has(topic)) continue;
      this.stamp(connection, now);
      skipped += 1;
    }
    return skipped;
  }

  /** The number the connection's next frame takes. */
  peek(connection: SimConnection): number {
    return this.counters.get(connection)?.next ?? 0;
  }

  /** When the connection's last data frame was produced (its connection time before any), ms. */
  lastDataAt(connection: SimConnection): number | undefined {
    return this.counters.get(connection)?.lastDataAt;
  }

  private counter(connection: SimConnection, now: number): Counter {
    let counter = this.counters.get(connection);
    if (counter === undefined) {
      counter = { next: 0, ms: -1, nanos: 0, lastDataAt: now };
      this.counters.set(connection, counter);
    }
    return counter;
  }
}
