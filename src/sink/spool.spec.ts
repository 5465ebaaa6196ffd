import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import type { EncodedMessage } from './record-encoder.js';
import { Spool, spooledMessages } from './spool.js';

const logger = createLogger({ level: 'silent' });
const message = (n: number): EncodedMessage => ({ topic: 'market.trades.v1', key: 'BTC-USDT', value: Buffer.from([n, 0xc3, 0x01]) });
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('Spool', () => {
  it('reads messages back in append order across segments, and deletes each acknowledged segment', async () => {
    const dir = tempDir();
    const spool = new Spool({ dir, segmentRecords: 3, logger });
    for (let n = 0; n < 7; n++) spool.append(message(n));
    expect(spool.size).toBe(7);
    const read: number[] = [];
    for (let segment = await spool.oldest(); segment !== undefined; segment = await spool.oldest()) {
      read.push(...segment.messages.map((m) => m.value[0] ?? -1));
      spool.acknowledge(segment);
    }
    expect(read).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(spool.size).toBe(0);
    await spool.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes nothing while appending (the event loop is not held up), and has every record of the turn with the OS right after it, in order', async () => {
    const dir = tempDir();
    const spool = new Spool({ dir, logger });
    for (let n = 0; n < 100; n++) spool.append(message(n));
    expect(readdirSync(dir)).toEqual([]);
    await vi.waitFor(() => expect([...spooledMessages(dir)]).toHaveLength(100));
    for (let n = 100; n < 150; n++) spool.append(message(n));
    expect([...spooledMessages(dir)]).toHaveLength(100);
    await vi.waitFor(() => expect([...spooledMessages(dir)].map((m) => m.value[0])).toEqual(Array.from({ length: 150 }, (_, n) => n)));
    await spool.close();
  });

  it('keeps unacknowledged messages for the next process, topic, key and value intact', async () => {
    const dir = tempDir();
    const first = new Spool({ dir, logger });
    first.append(message(1));
    first.append(message(2));
    await first.close();
    const second = new Spool({ dir, logger });
    expect(second.size).toBe(2);
    expect((await second.oldest())?.messages).toEqual([message(1), message(2)]);
  });

  it('puts prepended messages before everything already spooled', async () => {
    const spool = new Spool({ dir: tempDir(), logger });
    spool.append(message(3));
    await spool.prepend([message(1), message(2)]);
    const first = await spool.oldest();
    expect(first?.messages.map((m) => m.value[0])).toEqual([1, 2]);
    if (first) spool.acknowledge(first);
    expect((await spool.oldest())?.messages.map((m) => m.value[0])).toEqual([3]);
    await spool.close();
  });

  it('drops a torn frame at the end of a segment (a crash mid-write) and keeps the whole ones', async () => {
    const dir = tempDir();
    const spool = new Spool({ dir, logger });
    spool.append(message(1));
    await spool.close();
    const [segment] = readdirSync(dir);
    appendFileSync(join(dir, segment ?? ''), Buffer.from([0, 0, 0, 50, 1, 2]));
    const reopened = new Spool({ dir, logger });
    expect(reopened.size).toBe(1);
    expect((await reopened.oldest())?.messages).toEqual([message(1)]);
  });

  it('knows when its oldest segment was first written, from one clock read per segment', async () => {
    let now = 10_000;
    const spool = new Spool({ dir: tempDir(), segmentRecords: 2, logger, clock: () => now });
    expect(spool.oldestSince).toBeUndefined();
    spool.append(message(1));
    now = 11_000;
    spool.append(message(2));
    spool.append(message(3));
    expect(spool.oldestSince).toBe(10_000);
    spool.acknowledge((await spool.oldest()) ?? { name: '', messages: [] });
    expect(spool.oldestSince).toBe(11_000);
    await spool.prepend([message(0)], 9_000);
    expect(spool.oldestSince).toBe(9_000);
    await spool.close();
  });

  it('reads a segment written by the version that stored headers in each frame, so an upgrade with a non-empty spool loses nothing', async () => {
    const dir = tempDir();
    // Frames as that version wrote them: u32 length, u16 + topic, u16 + key, u32 + headers JSON, value.
    const oldFrame = (topic: string, key: string, headers: Record<string, string>, value: Buffer): Buffer => {
      const parts = [Buffer.from(topic), Buffer.from(key), Buffer.from(JSON.stringify(headers))];
      const [t, k, h] = parts as [Buffer, Buffer, Buffer];
      const body = Buffer.concat([u16(t.length), t, u16(k.length), k, u32(h.length), h, value]);
      return Buffer.concat([u32(body.length), body]);
    };
    const headers = {
      'content-type': 'application/avro; encoding=single-object',
      'schema-name': 'marketfeed.v1.TradeEvent',
      'schema-fingerprint': '0011223344556677',
    };
    writeFileSync(
      join(dir, 'segment-0001000000000000.spool'),
      Buffer.concat([
        oldFrame('market.trades.v1', 'BTC-USDT', headers, Buffer.from([0xc3, 0x01, 1])),
        oldFrame('market.dlq.v1', 'bybit', {}, Buffer.from([0xc3, 0x01, 2])),
      ]),
    );
    const spool = new Spool({ dir, logger });
    expect(spool.size).toBe(2);
    expect((await spool.oldest())?.messages).toEqual([
      { topic: 'market.trades.v1', key: 'BTC-USDT', value: Buffer.from([0xc3, 0x01, 1]) },
      { topic: 'market.dlq.v1', key: 'bybit', value: Buffer.from([0xc3, 0x01, 2]) },
    ]);
  });
});

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
