import fc from 'fast-check';
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

  it('keeps records appended while a segment is out for resending out of it, and counts them: each is taken once, after it, in order', async () => {
    const dir = tempDir();
    const spool = new Spool({ dir, segmentRecords: 3, logger });
    const taken: number[][] = [];
    const take = async () => {
      const segment = await spool.oldest();
      if (segment === undefined) throw new Error('the spool says it holds records, and has none to give');
      return segment;
    };
    const values = (segment: { readonly messages: readonly EncodedMessage[] }) => segment.messages.map((m) => m.value[0] ?? -1);

    spool.append(message(0));
    spool.append(message(1));
    // The active segment goes out for resending with 2 records; 4 arrive meanwhile (a full segment and one more).
    const first = await take();
    for (let n = 2; n <= 5; n++) spool.append(message(n));
    expect(spool.size).toBe(6);
    spool.acknowledge(first);
    taken.push(values(first));
    expect(spool.size).toBe(4);
    // A sealed segment out for resending; one more arrives into the active one.
    const second = await take();
    spool.append(message(6));
    spool.acknowledge(second);
    taken.push(values(second));
    expect(spool.size).toBe(2);
    // The active segment goes out again; the next record starts a segment of its own.
    const third = await take();
    spool.append(message(7));
    expect(spool.size).toBe(3);
    spool.acknowledge(third);
    taken.push(values(third));
    const fourth = await take();
    spool.acknowledge(fourth);
    taken.push(values(fourth));

    expect(taken).toEqual([[0, 1], [2, 3, 4], [5, 6], [7]]);
    expect(spool.size).toBe(0);
    expect(await spool.oldest()).toBeUndefined();
    await spool.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes a segment out for resending exactly when it is full, and starts the next one with the record after', async () => {
    const spool = new Spool({ dir: tempDir(), segmentRecords: 3, logger });
    for (let n = 0; n < 3; n++) spool.append(message(n));
    const full = await spool.oldest();
    spool.append(message(3));
    expect(full?.messages.map((m) => m.value[0])).toEqual([0, 1, 2]);
    expect(spool.size).toBe(4);
    if (full) spool.acknowledge(full);
    expect(spool.size).toBe(1);
    expect((await spool.oldest())?.messages.map((m) => m.value[0])).toEqual([3]);
    await spool.close();
  });

  it('holds, after a restart in the middle of a resend, exactly the records not acknowledged: none acknowledged comes back, none appended meanwhile is lost', async () => {
    const dir = tempDir();
    const first = new Spool({ dir, segmentRecords: 3, logger });
    for (let n = 0; n < 5; n++) first.append(message(n));
    const sent = await first.oldest();
    if (sent) first.acknowledge(sent);
    // The active segment [3, 4] is out for resending, unacknowledged, when the process stops; 5 and 6 arrived meanwhile.
    await first.oldest();
    first.append(message(5));
    first.append(message(6));
    expect(first.size).toBe(4);
    await first.close();

    const second = new Spool({ dir, segmentRecords: 3, logger });
    expect(second.size).toBe(4);
    const read: number[] = [];
    for (let segment = await second.oldest(); segment !== undefined; segment = await second.oldest()) {
      read.push(...segment.messages.map((m) => m.value[0] ?? -1));
      second.acknowledge(segment);
    }
    expect(read).toEqual([3, 4, 5, 6]);
    expect(second.size).toBe(0);
    await second.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('over any interleaving of appends, resends, acknowledgements and restarts, gives each record out once, in order, and counts what it holds', async () => {
    /** What the sink's send loop does to the spool: one segment out for resending at a time. */
    type Step =
      { readonly kind: 'append'; readonly records: number } | { readonly kind: 'take' } | { readonly kind: 'acknowledge' } | { readonly kind: 'restart' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.integer({ min: 1, max: 5 }).map((records) => ({ kind: 'append', records }) as const),
      fc.constant({ kind: 'take' } as const),
      fc.constant({ kind: 'acknowledge' } as const),
      fc.constant({ kind: 'restart' } as const),
    );
    const numbered = (n: number): EncodedMessage => {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(n);
      return { topic: 'market.trades.v1', key: 'BTC-USDT', value };
    };
    const numberOf = (m: EncodedMessage): number => m.value.readUInt32BE(0);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 30 }), async (segmentRecords, steps) => {
        const dir = tempDir();
        let spool = new Spool({ dir, segmentRecords, logger });
        let appended = 0;
        /** Every record acknowledged, in the order the spool gave them out. */
        const acknowledged: number[] = [];
        let out: { readonly name: string; readonly messages: readonly EncodedMessage[] } | undefined;
        const take = async (): Promise<void> => {
          const segment = await spool.oldest();
          if (appended === acknowledged.length) return expect(segment).toBeUndefined();
          // The records after the last acknowledged one, in order: none acknowledged, none skipped.
          const numbers = segment?.messages.map(numberOf) ?? [];
          expect(numbers.length).toBeGreaterThan(0);
          expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => acknowledged.length + i));
          out = segment;
        };
        const acknowledge = (): void => {
          if (out === undefined) return;
          spool.acknowledge(out);
          acknowledged.push(...out.messages.map(numberOf));
          out = undefined;
        };
        for (const s of steps) {
          if (s.kind === 'append') for (let i = 0; i < s.records; i++) spool.append(numbered(appended++));
          else if (s.kind === 'take' && out === undefined) await take();
          else if (s.kind === 'acknowledge') acknowledge();
          else if (s.kind === 'restart') {
            // The segment out for resending was not acknowledged: it is still spooled.
            out = undefined;
            await spool.close();
            spool = new Spool({ dir, segmentRecords, logger });
          }
          expect(spool.size).toBe(appended - acknowledged.length);
        }
        acknowledge();
        for (let left = appended - acknowledged.length; left > 0; left = appended - acknowledged.length) {
          await take();
          acknowledge();
        }
        expect(acknowledged).toEqual(Array.from({ length: appended }, (_, n) => n));
        expect(spool.size).toBe(0);
        expect(await spool.oldest()).toBeUndefined();
        await spool.close();
        expect(readdirSync(dir)).toEqual([]);
      }),
      { numRuns: 150 },
    );
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
