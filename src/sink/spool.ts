import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EncodedMessage } from './record-encoder.js';

/** Spool tuning; sizes in records. */
export interface SpoolConfig {
  readonly dir: string;
  /** Records per segment file before a new one is started. Default 10,000. */
  readonly segmentRecords?: number;
  readonly logger: Logger;
  /** Epoch ms now; default `Date.now`. Read once per segment, never per record. */
  readonly clock?: () => number;
}

/** One sealed segment read back: its messages in the order they were appended. */
export interface SpoolSegment {
  readonly name: string;
  readonly messages: readonly EncodedMessage[];
}

const FIRST_SEQUENCE = 1_000_000_000_000;
const SEGMENT = /^segment-(\d{16})\.spool$/;
const segmentName = (seq: number): string => `segment-${String(seq).padStart(16, '0')}.spool`;

/**
 * An append-only on-disk queue of encoded messages, in segment files named by sequence.
 *
 * Frame: u32 BE length, then u16 topic length + topic, u16 key length + key, u32 headers length +
 * headers JSON, then the value. Messages have no headers any more, so the headers length is 0;
 * segments written by versions that sent headers carry their JSON there, which is skipped. Each append is one `write` to the OS (so it survives a crash of
 * the process); segments are fdatasync'ed when sealed and on close (so they survive power loss
 * from then on). A torn frame at a segment's end, from a crash mid-write, is dropped with a warning.
 * Segments are read back oldest first and deleted once Kafka acknowledged all their messages.
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
  private active: { name: string; fd: number; records: number } | undefined;
  private total = 0;

  constructor(private readonly config: SpoolConfig) {
    this.segmentRecords = config.segmentRecords ?? 10_000;
    this.clock = config.clock ?? Date.now;
    mkdirSync(config.dir, { recursive: true });
    for (const name of this.segmentNames()) {
      const records = this.readSegment(name).length;
      if (records === 0) {
        rmSync(join(config.dir, name));
        continue;
      }
      this.counts.set(name, records);
      this.since.set(name, statSync(join(config.dir, name)).mtimeMs);
      this.total += records;
    }
  }

  /** Records on disk not yet acknowledged. */
  get size(): number {
    return this.total;
  }

  /** The earliest write time (epoch ms) of a segment on disk: the oldest spooled record is at least that old. */
  get oldestSince(): number | undefined {
    let oldest: number | undefined;
    for (const at of this.since.values()) if (oldest === undefined || at < oldest) oldest = at;
    return oldest;
  }

  append(message: EncodedMessage): void {
    if (this.active === undefined || this.active.records >= this.segmentRecords) {
      this.seal();
      const name = segmentName(this.nextSequence(1));
      this.active = { name, fd: openSync(join(this.config.dir, name), 'a'), records: 0 };
      this.counts.set(name, 0);
      this.since.set(name, this.clock());
    }
    writeSync(this.active.fd, encodeFrame(message));
    this.active.records++;
    this.counts.set(this.active.name, this.active.records);
    this.total++;
  }

  /**
   * Writes messages as a new segment ahead of every other (older than anything spooled), fsynced;
   * `since`: when the oldest of them arrived, if known (default now).
   */
  prepend(messages: readonly EncodedMessage[], since?: number): void {
    if (messages.length === 0) return;
    const name = segmentName(this.nextSequence(-1));
    const temp = join(this.config.dir, `${name}.tmp`);
    const fd = openSync(temp, 'w');
    writeSync(fd, Buffer.concat(messages.map(encodeFrame)));
    fdatasyncSync(fd);
    closeSync(fd);
    renameSync(temp, join(this.config.dir, name));
    this.counts.set(name, messages.length);
    this.since.set(name, since ?? this.clock());
    this.total += messages.length;
  }

  /** The oldest segment (sealing the active one when it is the only one left), or undefined when empty. */
  oldest(): SpoolSegment | undefined {
    const name = this.segmentNames()[0];
    if (name === undefined) return undefined;
    if (this.active?.name === name) this.seal();
    return { name, messages: this.readSegment(name) };
  }

  /** Deletes a segment whose messages Kafka has all acknowledged. */
  acknowledge(segment: SpoolSegment): void {
    rmSync(join(this.config.dir, segment.name), { force: true });
    this.total -= this.counts.get(segment.name) ?? 0;
    this.counts.delete(segment.name);
    this.since.delete(segment.name);
  }

  close(): void {
    this.seal();
  }

  private seal(): void {
    if (this.active === undefined) return;
    fdatasyncSync(this.active.fd);
    closeSync(this.active.fd);
    this.active = undefined;
  }

  private segmentNames(): string[] {
    return readdirSync(this.config.dir)
      .filter((name) => SEGMENT.test(name))
      .sort();
  }

  private nextSequence(direction: 1 | -1): number {
    const sequences = [...this.counts.keys()].map((name) => Number(SEGMENT.exec(name)?.[1]));
    if (sequences.length === 0) return FIRST_SEQUENCE;
    return direction === 1 ? Math.max(...sequences) + 1 : Math.min(...sequences) - 1;
  }

  private readSegment(name: string): EncodedMessage[] {
    return readSegmentFile(this.config.dir, name, this.config.logger);
  }
}

/**
 * Every message in a spool directory, oldest segment first, read without changing it (none when
 * there is no directory). Torn frames are dropped, with a warning when a logger is given.
 */
export function* spooledMessages(dir: string, logger?: Logger): Generator<EncodedMessage> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => SEGMENT.test(name)).sort();
  } catch {
    return;
  }
  for (const name of names) yield* readSegmentFile(dir, name, logger);
}

function readSegmentFile(dir: string, name: string, logger: Logger | undefined): EncodedMessage[] {
  const bytes = readFileSync(join(dir, name));
  const messages: EncodedMessage[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    if (offset + 4 + length > bytes.length) break;
    messages.push(decodeFrame(bytes.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  if (offset !== bytes.length) {
    logger?.warn({ segment: name, droppedBytes: bytes.length - offset }, 'spool segment ends with a torn frame; dropped it');
  }
  return messages;
}

function encodeFrame(message: EncodedMessage): Buffer {
  const topic = Buffer.from(message.topic, 'utf8');
  const key = Buffer.from(message.key, 'utf8');
  const head = Buffer.alloc(4 + 2 + topic.length + 2 + key.length + 4);
  let at = head.writeUInt32BE(head.length - 4 + message.value.length, 0);
  at = head.writeUInt16BE(topic.length, at);
  at += topic.copy(head, at);
  at = head.writeUInt16BE(key.length, at);
  at += key.copy(head, at);
  head.writeUInt32BE(0, at);
  return Buffer.concat([head, message.value]);
}

function decodeFrame(frame: Buffer): EncodedMessage {
  let at = 0;
  const topicLength = frame.readUInt16BE(at);
  const topic = frame.toString('utf8', (at += 2), (at += topicLength));
  const keyLength = frame.readUInt16BE(at);
  const key = frame.toString('utf8', (at += 2), (at += keyLength));
  at += 4 + frame.readUInt32BE(at);
  return { topic, key, value: Buffer.from(frame.subarray(at)) };
}
