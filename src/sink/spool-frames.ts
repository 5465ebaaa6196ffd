import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EncodedMessage } from './record-encoder.js';

/** Segment files: `segment-<16-digit sequence>.spool`, read back in sequence order. */
export const SEGMENT = /^segment-(\d{16})\.spool$/;

/**
 * Frames of spool segments, one allocation for a whole batch.
 *
 * Frame: u32 BE length, then u16 topic length + topic, u16 key length + key, u32 headers length +
 * headers JSON, then the value. Messages have no headers any more, so the headers length is 0;
 * segments written by versions that sent headers carry their JSON there, which is skipped.
 */
export function encodeFrames(messages: readonly EncodedMessage[]): Buffer {
  let size = 0;
  for (const m of messages) size += 4 + 2 + Buffer.byteLength(m.topic) + 2 + Buffer.byteLength(m.key) + 4 + m.value.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const m of messages) {
    const start = at;
    at += 4;
    const topicLength = out.write(m.topic, at + 2, 'utf8');
    at = out.writeUInt16BE(topicLength, at) + topicLength;
    const keyLength = out.write(m.key, at + 2, 'utf8');
    at = out.writeUInt16BE(keyLength, at) + keyLength;
    at = out.writeUInt32BE(0, at);
    at += m.value.copy(out, at);
    out.writeUInt32BE(at - start - 4, start);
  }
  return out;
}

/** The whole frames of a segment's bytes; a torn frame at the end (a crash mid-write) is dropped with a warning. */
export function decodeFrames(bytes: Buffer, segment: string, logger: Logger | undefined): EncodedMessage[] {
  const messages: EncodedMessage[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    if (offset + 4 + length > bytes.length) break;
    messages.push(decodeFrame(bytes.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  if (offset !== bytes.length) {
    logger?.warn({ segment, droppedBytes: bytes.length - offset }, 'spool segment ends with a torn frame; dropped it');
  }
  return messages;
}

/** Reads one segment file at start-up (synchronously: nothing else runs yet). */
export function readSegmentFile(dir: string, name: string, logger: Logger | undefined): EncodedMessage[] {
  return decodeFrames(readFileSync(join(dir, name)), name, logger);
}

/**
 * Every message in a spool directory, oldest segment first, read without changing it (none when
 * there is no directory). Torn frames are dropped, with a warning when a logger is given.
 */
export function* spooledMessages(dir: string, logger?: Logger): Generator<EncodedMessage> {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => SEGMENT.test(name))
      .sort();
  } catch {
    return;
  }
  for (const name of names) yield* readSegmentFile(dir, name, logger);
}

function decodeFrame(frame: Buffer): EncodedMessage {
  let at = 0;
  const topicLength = frame.readUInt16BE(at);
  const topic = frame.toString('utf8', (at += 2), (at += topicLength));
  const keyLength = frame.readUInt16BE(at);
  const key = frame.toString('utf8', (at += 2), (at += keyLength));
  at += 4 + frame.readUInt32BE(at);
  return { topic, key, value: frame.subarray(at) };
}
