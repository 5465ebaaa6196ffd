import { ArrivalMarks } from './arrival-marks.js';
import { messageBytes, type EncodedMessage } from './record-encoder.js';

/** Bounds of the in-memory buffer, in records. */
export interface SendBufferConfig {
  /** Records queued or in flight (never-drop records). Default 20,000. */
  readonly maxRecords: number;
  /** Conflation slots: one per (topic, key) of conflatable records. Default 10,000. */
  readonly maxConflatedKeys: number;
  /** Epoch ms when the buffer is created (the arrival bound of its first records). Default now. */
  readonly createdAt?: number;
}

export type ConflateResult = 'added' | 'replaced' | 'full';

/**
 * The sink's bounded memory: a FIFO of records that must never be dropped, plus one slot per
 * (topic, key) for conflatable records where a later value replaces an unsent earlier one.
 * Records taken for sending stay counted (in flight) until `settle()`. It also knows how long its
 * oldest waiting record has waited, from arrival marks rather than a clock read per record.
 */
export class SendBuffer {
  /** Never-drop records in arrival order; a taken slot is cleared, so the array holds no record it sent. */
  private queue: (EncodedMessage | undefined)[] = [];
  private head = 0;
  private latest = new Map<string, EncodedMessage>();
  private inFlight = 0;
  private highWater = 0;
  /** Never-drop records ever pushed: the number of the next one. */
  private pushed = 0;
  private readonly marks: ArrivalMarks;
  /** Arrival bound of the oldest conflation slot (set when the table stops being empty). */
  private latestSince: number | undefined;

  constructor(private readonly config: SendBufferConfig) {
    this.marks = new ArrivalMarks(config.createdAt ?? Date.now());
  }

  /** Records in memory: queued, conflated and in flight. */
  get size(): number {
    return this.queued + this.inFlight;
  }

  /** Records waiting to be taken. */
  get queued(): number {
    return this.queue.length - this.head + this.latest.size;
  }

  get highWaterMark(): number {
    return this.highWater;
  }

  /** Appends a record that must not be dropped; false (and nothing stored) when the buffer is full. */
  push(message: EncodedMessage): boolean {
    if (this.queue.length - this.head + this.inFlight >= this.config.maxRecords) return false;
    this.queue.push(message);
    this.pushed++;
    this.track();
    return true;
  }

  /** Stores the latest conflatable record of its (topic, key). */
  conflate(message: EncodedMessage): ConflateResult {
    const slot = `${message.topic}\u0000${message.key}`;
    if (this.latest.has(slot)) {
      this.latest.set(slot, message);
      return 'replaced';
    }
    if (this.latest.size >= this.config.maxConflatedKeys) return 'full';
    if (this.latest.size === 0) this.latestSince = this.marks.latest;
    this.latest.set(slot, message);
    this.track();
    return 'added';
  }

  /** Takes up to `max` records, oldest queued first, then the conflated ones; they stay counted until settled. */
  take(max: number, maxBytes = Number.POSITIVE_INFINITY): EncodedMessage[] {
    let end = this.head;
    let bytes = 0;
    const taken: EncodedMessage[] = [];
    const last = Math.min(this.queue.length, this.head + max);
    while (end < last) {
      const message = this.queue[end] as EncodedMessage;
      const size = messageBytes(message);
      if (end > this.head && bytes + size > maxBytes) break;
      bytes += size;
      taken.push(message);
      // Cleared at once: a record the array still pointed to after its batch was acknowledged
      // would outlive two young-generation collections and wait for a full one in the old space.
      this.queue[end] = undefined;
      end++;
    }
    this.head = end;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      // Cleared slots leave the array only here: trimming at half keeps the copy amortized.
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    for (const [slot, message] of this.latest) {
      if (taken.length >= max) break;
      const size = messageBytes(message);
      if (taken.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      taken.push(message);
      this.latest.delete(slot);
    }
    this.inFlight += taken.length;
    if (this.latest.size === 0) this.latestSince = undefined;
    this.marks.forgetBefore(this.headSeq);
    return taken;
  }

  /** Notes the time (epoch ms): records arriving from now on are younger than it. */
  mark(now: number): void {
    this.marks.mark(this.pushed, now);
  }

  /** The earliest time (epoch ms) the oldest record waiting to be taken can have arrived; undefined when none waits. */
  oldestWaitingSince(): number | undefined {
    const queued = this.queue.length > this.head ? this.marks.arrivedNotBefore(this.headSeq) : undefined;
    if (queued === undefined) return this.latestSince;
    return this.latestSince === undefined ? queued : Math.min(queued, this.latestSince);
  }

  /** Releases records taken earlier (acknowledged, or moved to the spool). */
  settle(count: number): void {
    this.inFlight = Math.max(0, this.inFlight - count);
  }

  /** Removes and returns everything still queued or conflated (for spooling at shutdown). */
  drain(): EncodedMessage[] {
    const rest = [...(this.queue.slice(this.head) as EncodedMessage[]), ...this.latest.values()];
    this.queue = [];
    this.head = 0;
    this.latest = new Map();
    this.latestSince = undefined;
    this.marks.forgetBefore(this.pushed);
    return rest;
  }

  /** The number of the oldest never-drop record still queued. */
  private get headSeq(): number {
    return this.pushed - (this.queue.length - this.head);
  }

  private track(): void {
    this.highWater = Math.max(this.highWater, this.size);
  }
}
