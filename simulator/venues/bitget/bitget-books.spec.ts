import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseBitgetFrame } from '../../../src/exchanges/bitget/bitget-frames.js';
import { shape } from '../../__fixtures__/json-shape.js';
import { bitgetTestVenue, recorded, subscribe, type BitgetVenueName } from './__fixtures__/bitget-test-venue.js';
import { bitgetChecksum } from './bitget-books.js';

type Level = [string, string];
interface BookData {
  readonly asks: Level[];
  readonly bids: Level[];
  readonly checksum: number;
  readonly ts: string;
  readonly seq: number;
  readonly pseq: number;
}
type BookFrame = {
  readonly action: 'snapshot' | 'update';
  readonly arg: { instType: string; channel: string; instId: string };
  readonly data: BookData[];
  readonly ts: number;
};

/** A client's book, kept as the docs' guide says: a snapshot replaces it, an update sets each level's size, "0" deletes. */
class ClientBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  seq: number | undefined;

  apply(frame: BookFrame): void {
    const data = frame.data[0] as BookData;
    if (frame.action === 'snapshot') {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [side, levels] of [
      [this.bids, data.bids],
      [this.asks, data.asks],
    ] as const) {
      for (const [price, size] of levels) {
        if (size === '0') side.delete(price);
        else side.set(price, size);
      }
    }
    this.seq = data.seq;
  }

  top(levels: number): { bids: Level[]; asks: Level[] } {
    const sorted = (side: Map<string, string>, direction: number) => [...side].sort(([x], [y]) => (Number(x) - Number(y)) * direction).slice(0, levels);
    return { bids: sorted(this.bids, -1), asks: sorted(this.asks, 1) };
  }

  checksum(): number {
    const { bids, asks } = this.top(25);
    return bitgetChecksum(bids, asks);
  }
}

function subscribed(name: BitgetVenueName = 'bitget', symbols = ['BTCUSDT']) {
  // The client never pings here: the venue's 2-minute close is off.
  const venue = bitgetTestVenue([name], { venueOptions: { [name]: { idleCloseMs: 0 } } });
  const client = venue.connect();
  client.send(subscribe(name === 'bitget' ? 'SPOT' : 'USDT-FUTURES', 'books', symbols));
  const books = () => client.json().filter((f) => f['action'] !== undefined) as unknown as BookFrame[];
  return { ...venue, client, books };
}

describe('Bitget checksum', () => {
  it('is the CRC32 of the best 25 bids and asks interleaved as written, as a signed integer (by hand)', () => {
    const bids: Level[] = [
      ['3366.1', '7.0'],
      ['3366', '0.5'],
    ];
    const asks: Level[] = [['3366.8', '9']];
    // bid1:ask1:bid2 (the asks have no second level), the texts as written.
    const text = '3366.1:7.0:3366.8:9:3366:0.5';
    expect(bitgetChecksum(bids, asks)).toBe(crc32(text) | 0);
    expect(crc32('3366.1:7.0:3366.8:9:3366:0.5') | 0).toBe(crc32(Buffer.from(text)) | 0);
    // Past 25 levels a side nothing counts.
    const many = (from: number, step: number): Level[] => Array.from({ length: 30 }, (_, n) => [String(from + n * step), '1']);
    const parts = Array.from({ length: 25 }, (_, n) => `${100 - n}:1:${101 + n}:1`);
    expect(bitgetChecksum(many(100, -1), many(101, 1))).toBe(crc32(parts.join(':')) | 0);
  });

  it('matches the checksums Bitget sent with the recorded 2022 snapshots (spot EOSUSDT, USDT-M DASHUSDT)', () => {
    for (const file of ['bitget-v1-books.ndjson', 'bitget-v1-futures-books.ndjson']) {
      const snapshot = recorded(file)[0] as unknown as BookFrame;
      const data = snapshot.data[0] as BookData;
      expect(data.checksum).not.toBe(0);
      expect(bitgetChecksum(data.bids, data.asks)).toBe(data.checksum);
    }
  });
});

describe('Bitget books', () => {
  it('sends a snapshot (checksum 0, pseq 0), then 200 ms updates chained by seq/pseq, each checksum that of the book after it; the client book is the venue\u2019s', () => {
    const { run, books, control, clock } = subscribed();
    const start = clock.now;
    run(5_000);
    const frames = books();
    const [snapshot, ...updates] = frames;
    expect(snapshot?.action).toBe('snapshot');
    expect(snapshot?.data[0]).toMatchObject({ checksum: 0, pseq: 0 });
    expect(updates.length).toBeGreaterThan(10);
    expect(updates.every((f) => (Number(f.data[0]?.ts) - start) % 200 === 0)).toBe(true);
    const client = new ClientBook();
    for (const frame of frames) {
      const data = frame.data[0] as BookData;
      if (frame.action === 'update') {
        expect(data.pseq).toBe(client.seq);
        expect(data.seq).toBeGreaterThan(data.pseq);
      }
      client.apply(frame);
      if (frame.action === 'update') expect(data.checksum).toBe(client.checksum());
    }
    const view = control.book('bitget', 'BTCUSDT', 1000);
    expect(view.updateId).toBe(client.seq);
    expect(client.top(1000)).toEqual({ bids: view.bids, asks: view.asks });
    // The client's own reader takes every frame.
    for (const frame of frames) expect(parseBitgetFrame(JSON.stringify(frame)).ok).toBe(true);
  });

  it('writes the recorded shapes: data keys asks, bids, checksum, ts then seq, pseq; spot sizes with their zeros, USDT-M ones without', () => {
    for (const [name, file] of [
      ['bitget', 'bitget-books.ndjson'],
      ['bitget_futures', 'bitget-futures-books.ndjson'],
    ] as const) {
      const { run, books } = subscribed(name);
      run(2_000);
      const [snapshot, ...updates] = books();
      const recordedSnapshot = recorded(file)[0] as unknown as BookFrame;
      expect(Object.keys(snapshot as object)).toEqual(Object.keys(recordedSnapshot));
      expect(Object.keys(snapshot?.arg ?? {})).toEqual(Object.keys(recordedSnapshot.arg));
      expect(Object.keys(snapshot?.data[0] ?? {})).toEqual([...Object.keys(recordedSnapshot.data[0] ?? {}), 'seq', 'pseq']);
      expect(shape(snapshot?.data[0]?.bids)).toEqual(shape(recordedSnapshot.data[0]?.bids));
      expect(snapshot?.arg.instType).toBe(recordedSnapshot.arg.instType);
      const sizes = (snapshot?.data[0]?.bids ?? []).map(([, size]) => size);
      const decimals = new Set(sizes.map((s) => s.split('.')[1]?.length ?? 0));
      if (name === 'bitget') expect([...decimals]).toEqual([6]);
      else expect(sizes.some((s) => s.endsWith('0') && s.includes('.'))).toBe(false);
      const deletes = updates.flatMap((f) => [...(f.data[0]?.bids ?? []), ...(f.data[0]?.asks ?? [])]).filter(([, size]) => size === '0');
      expect(deletes.length).toBeGreaterThan(0);
    }
  });

  it('drop-delta skips one seq of that book only; checksum-book sends one wrong checksum on that book only; a resubscribe starts a new snapshot', () => {
    const { run, books, control, client } = subscribed('bitget', ['BTCUSDT', 'ETHUSDT']);
    run(1_000);
    control.bookFault('bitget', 'drop', 'BTCUSDT');
    run(1_000);
    control.bookFault('bitget', 'checksum', 'ETHUSDT');
    run(1_000);
    const chain = (symbol: string) => books().filter((f) => f.arg.instId === symbol);
    const breaks = (frames: BookFrame[]) => frames.filter((f, n) => n > 0 && f.action === 'update' && f.data[0]?.pseq !== frames[n - 1]?.data[0]?.seq).length;
    /** Updates whose checksum is not the client's book's, up to a break of the chain (past it the client's book is no longer the venue's). */
    const wrong = (frames: BookFrame[]) => {
      const book = new ClientBook();
      let count = 0;
      for (const frame of frames) {
        if (frame.action === 'update' && frame.data[0]?.pseq !== book.seq) break;
        book.apply(frame);
        if (frame.action === 'update' && frame.data[0]?.checksum !== book.checksum()) count += 1;
      }
      return count;
    };
    expect([breaks(chain('BTCUSDT')), wrong(chain('BTCUSDT'))]).toEqual([1, 0]);
    expect([breaks(chain('ETHUSDT')), wrong(chain('ETHUSDT'))]).toEqual([0, 1]);
    expect(chain('ETHUSDT').every((f) => f.data[0]?.checksum !== 0 || f.action === 'snapshot')).toBe(true);
    expect(control.counters('bitget').bookFramesSent).toBeGreaterThan(0);
    client.send(subscribe('SPOT', 'books', ['BTCUSDT'], 'unsubscribe'));
    client.send(subscribe('SPOT', 'books', ['BTCUSDT']));
    run(1_000);
    const after = chain('BTCUSDT');
    const resubscribed = after.findLastIndex((f) => f.action === 'snapshot');
    expect(after[resubscribed]?.data[0]).toMatchObject({ pseq: 0, checksum: 0 });
    expect(breaks(after.slice(resubscribed))).toBe(0);
    expect(wrong(after.slice(resubscribed))).toBe(0);
  });

  it('restart-book sends a fresh snapshot; cross-book a bid above the best ask, deleted by the next update', () => {
    const { run, books, control } = subscribed('bitget_futures');
    run(1_000);
    control.bookFault('bitget_futures', 'restart', 'BTCUSDT');
    run(1_000);
    expect(books().filter((f) => f.action === 'snapshot')).toHaveLength(2);
    control.bookFault('bitget_futures', 'cross', 'BTCUSDT');
    const before = books().length;
    run(1_000);
    const client = new ClientBook();
    let crossed = 0;
    books().forEach((frame, n) => {
      client.apply(frame);
      const { bids, asks } = client.top(1);
      if (n >= before && Number(bids[0]?.[0]) >= Number(asks[0]?.[0])) crossed += 1;
    });
    expect(crossed).toBe(1);
    const { bids, asks } = client.top(1);
    expect(Number(bids[0]?.[0])).toBeLessThan(Number(asks[0]?.[0]));
  });
});
