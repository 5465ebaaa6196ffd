import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EncodedMessage } from './record-encoder.js';
import { SEGMENT, decodeFrames, encodeFrames, readSegmentFile } from './spool-frames.js';

export { spooledMessages } from './spool-frames.js';

/** Spool tuning; sizes in records. */
export interface SpoolConfig {
  readonly dir: string;
  /** Records per segment file before a new one is started. Default 10,000. */
  readonly segmentRecords?: number;
  readonly logger: Logger;
  /** Epoch ms now; default `Date.now`. Read once per segment, never per record. */
  readonly clock?: () => number;
}

/** One segment handed to the reader: its messages in the order they were appended. */
export interface SpoolSegment {
  readonly name: string;
  readonly messages: readonly EncodedMessage[];
}

/** The segment being appended to: all its messages (at most `segmentRecords`) and those not yet handed to the OS. */
interface ActiveSegment {
  readonly name: string;
  readonly messages: EncodedMessage[];
  pending: EncodedMessage[];
  file: FileHandle | undefined;
}

const FIRST_SEQUENCE = 1_000_000_000_000;
const segmentName = (seq: number): string => `segment-${String(seq).padStart(16, '0')}.spool`;

/**
 * An append-only on-disk queue of encoded messages, in segment files named by sequence
 * (frames: `spool-frames.ts`). File I/O never blocks the event loop: the records appended during
 * one event-loop turn go to the OS in one write issued at the end of that turn (so they survive a
 * crash of the process from then on); segments are fdatasync'ed, off the event loop, when sealed
 * and on close (they survive power loss from then on). All I/O runs in one ordered chain.
 * The active segment's messages stay in memory too (at most `segmentRecords`), so a reader that
 * catches up takes them without reading the disk. Segments are deleted once Kafka acknowledged them.
 */
export class Spool {
  private readonly segmentRecords: number;
  /** Record count of every segment on disk, sealed or active, by name. */
  private readonly counts = new Map<string, number>();
  /**
   * When each segment's first record was written, by name: a bound on the age of its records.
   * Segments found at start-up use the file's modification time (their first record may be older).
   */
  private readonly since = new Map<string, number>();
  private readonly clock: () => number;
  private active: ActiveSegment | undefined;
  private total = 0;
  private io: Promise<void> = Promise.resolve();
  private flushQueued = false;

  constructor(private readonly config: SpoolConfig) {
    this.segmentRecords = config.segmentRecords ?? 10_000;
    this.clock = config.clock ?? Date.now;
    mkdirSync(config.dir, { recursive: true });
    const names = readdirSync(config.dir)
      .filter((name) => SEGMENT.test(name))
      .sort();
    for (const name of names) {
      const records = readSegmentFile(config.dir, name, config.logger).length;
      if (records === 0) {
        rmSync(join(config.dir, name));
        continue;
      }
      this.counts.set(name, records);
      this.since.set(name, statSync(join(config.dir, name)).mtimeMs);
      this.total += records;
    }
  }

  /** Records spooled and not yet acknowledged. */
  get size(): number {
    return this.total;
  }

  /** The earliest write time (epoch ms) of a segment: the oldest spooled record is at least that old. */
  get oldestSince(): number | undefined {
    let oldest: number | undefined;
    for (const at of this.since.values()) if (oldest === undefined || at < oldest) oldest = at;
    return oldest;
  }

  /** Appends in order; the bytes reach the OS with the rest of this event-loop turn's appends. */
  append(message: EncodedMessage): void {
    let active = this.active;
    if (active === undefined || active.messages.length >= this.segmentRecords) {
      if (active !== undefined) this.seal(active);
      active = this.active = { name: segmentName(this.nextSequence(1)), messages: [], pending: [], file: undefined };
      this.since.set(active.name, this.clock());
    }
    active.messages.push(message);
    active.pending.push(message);
    this.counts.set(active.name, active.messages.length);
    this.total++;
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        const current = this.active;
        if (current !== undefined) void this.run(() => this.writePending(current));
      });
    }
  }

  /**
   * Writes messages as a new segment ahead of every other (older than anything spooled), synced
   * before it is renamed into place; `since`: when the oldest of them arrived, if known (default now).
   */
  async prepend(messages: readonly EncodedMessage[], since?: number): Promise<void> {
    if (messages.length === 0) return;
    const name = segmentName(this.nextSequence(-1));
    this.counts.set(name, messages.length);
    this.since.set(name, since ?? this.clock());
    this.total += messages.length;
    await this.run(async () => {
      const temp = join(this.config.dir, `${name}.tmp`);
      const file = await open(temp, 'w');
      await file.appendFile(encodeFrames(messages));
      await file.datasync();
      await file.close();
      await rename(temp, join(this.config.dir, name));
    });
  }

  /** The oldest segment (sealing the active one when it is the only one left), or undefined when empty. */
  async oldest(): Promise<SpoolSegment | undefined> {
    const name = [...this.counts.keys()].sort()[0];
    if (name === undefined) return undefined;
    const active = this.active;
    if (active?.name === name) {
      this.active = undefined;
      this.seal(active);
      return { name, messages: active.messages };
    }
    let messages: EncodedMessage[] = [];
    await this.run(async () => {
      messages = decodeFrames(await readFile(join(this.config.dir, name)), name, this.config.logger);
    });
    return { name, messages };
  }

  /** Forgets a segment whose messages Kafka has all acknowledged; its file is deleted after its pending writes. */
  acknowledge(segment: SpoolSegment): void {
    this.total -= this.counts.get(segment.name) ?? 0;
    this.counts.delete(segment.name);
    this.since.delete(segment.name);
    void this.run(() => rm(join(this.config.dir, segment.name), { force: true }));
  }

  /** Seals the active segment and resolves once every write, sync and delete so far is done. */
  async close(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    if (active !== undefined) this.seal(active);
    await this.io;
  }

  /** Queues the segment's last writes, an fdatasync and the close. */
  private seal(segment: ActiveSegment): void {
    void this.run(async () => {
      await this.writePending(segment);
      const file = segment.file;
      segment.file = undefined;
      if (file === undefined) return;
      await file.datasync();
      await file.close();
    });
  }

  /** One write of every message appended to the segment and not yet written. */
  private async writePending(segment: ActiveSegment): Promise<void> {
    if (segment.pending.length === 0) return;
    const batch = segment.pending;
    segment.pending = [];
    segment.file ??= await open(join(this.config.dir, segment.name), 'a');
    await segment.file.appendFile(encodeFrames(batch));
  }

  /** Runs `op` after every I/O queued before it; a failure is logged (the chain goes on). */
  private run(op: () => Promise<void>): Promise<void> {
    const next = this.io.then(op).catch((error: unknown) => this.config.logger.error({ err: error, dir: this.config.dir }, 'spool I/O failed'));
    this.io = next;
    return next;
  }

  private nextSequence(direction: 1 | -1): number {
    const sequences = [...this.counts.keys()].map((name) => Number(SEGMENT.exec(name)?.[1]));
    if (sequences.length === 0) return FIRST_SEQUENCE;
    return direction === 1 ? Math.max(...sequences) + 1 : Math.min(...sequences) - 1;
  }
}
