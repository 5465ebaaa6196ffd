import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { shape } from '../../__fixtures__/json-shape.js';
import { documented, okxTestVenue, recorded } from './__fixtures__/okx-test-venue.js';

type Level = [string, string, string, string];
interface BookData {
  readonly asks: Level[];
  readonly bids: Level[];
  readonly ts: string;
  readonly checksum: number;
  readonly prevSeqId: number;
  readonly seqId: number;
}
type BookFrame = { readonly arg: { channel: string; instId: string }; readonly action: 'snapshot' | 'update'; readonly data: BookData[] };

const PUBLIC = '/okx/ws/v5/public';

/** A client's book, kept as OKX's guide says: a snapshot replaces it, an update sets each level's size, "0" deletes. */
class ClientBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  seqId: number | undefined;

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
    this.seqId = data.seqId;
  }

  top(levels: number): { bids: [string, string][]; asks: [string, string][] } {
    const sorted = (side: Map<string, string>, direction: number) => [...side].sort(([x], [y]) => (Number(x) - Number(y)) * direction).slice(0, levels);
    return { bids: sorted(this.bids, -1), asks: sorted(this.asks, 1) };
  }
}

function subscribed(symbols = ['BTC-USDT']) {
  // The client never pings: the venue's 30 s idle close is off here.
  const venue = okxTestVenue('okx', { venueOptions: { okx: { idleCloseMs: 0 } } });
  const client = venue.connect(PUBLIC);
  client.send({ op: 'subscribe', args: symbols.map((instId) => ({ channel: 'books', instId })) });
  const books = () => client.json().filter((f): f is BookFrame & Record<string, unknown> => f['action'] !== undefined) as unknown as BookFrame[];
  return { ...venue, client, books };
}

describe('OKX books', () => {
  it('sends a 400-level snapshot (prevSeqId -1, checksum 0), then 100 ms updates whose prevSeqId is the last seqId; the client book is the venue\u2019s', () => {
    const { run, books, control, clock } = subscribed();
    const start = clock.now;
    run(3_000);
    const frames = books();
    const [snapshot, ...updates] = frames;
    expect(snapshot?.action).toBe('snapshot');
    expect(snapshot?.data[0]).toMatchObject({ prevSeqId: -1, checksum: 0 });
    expect(snapshot?.data[0]?.bids).toHaveLength(400);
    expect(snapshot?.data[0]?.asks).toHaveLength(400);
    expect(updates.length).toBeGreaterThan(20);
    const times = updates.map((f) => Number(f.data[0]?.ts) - start);
    expect(times.every((t) => t % 100 === 0)).toBe(true);
    const client = new ClientBook();
    for (const frame of frames) {
      const data = frame.data[0] as BookData;
      if (frame.action === 'update') {
        expect(data.prevSeqId).toBe(client.seqId);
        expect(data.seqId).toBeGreaterThan(data.prevSeqId);
        expect(data.checksum).toBe(0);
      }
      client.apply(frame);
      expect(client.bids.size).toBe(400);
      expect(client.asks.size).toBe(400);
    }
    const view = control.book('okx', 'BTC-USDT', 400);
    expect(view.updateId).toBe(client.seqId);
    expect(client.top(400)).toEqual({ bids: view.bids, asks: view.asks });
  });

  it('writes levels as [px, sz, "0", numOrders], a deleted one ["px", "0", "0", "0"], in the recorded and documented shapes', () => {
    const { run, books } = subscribed();
    run(2_000);
    const frames = books();
    const recordedSnapshot = recorded('okx-books.ndjson')[0] as { data: Record<string, unknown>[] };
    const snapshotKeys = Object.keys(frames[0]?.data[0] as object);
    expect(snapshotKeys.slice(0, 4)).toEqual(Object.keys(recordedSnapshot.data[0] as object));
    expect(shape(frames[0])).toEqual(shape(documented('books-snapshot')));
    const deletes = frames.flatMap((f) => [...(f.data[0]?.bids ?? []), ...(f.data[0]?.asks ?? [])]).filter((l) => l[1] === '0');
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((l) => l[2] === '0' && l[3] === '0')).toBe(true);
    for (const frame of frames.slice(1).filter((f) => (f.data[0]?.bids.length ?? 0) > 0 && (f.data[0]?.asks.length ?? 0) > 0))
      expect(shape(frame)).toEqual(shape(documented('books-update')));
  });

  it('drop-delta on one book skips one seqId of that book only; the other book\u2019s chain holds; a resubscribe starts a new snapshot', () => {
    const { run, books, control, client } = subscribed(['BTC-USDT', 'ETH-USDT']);
    run(1_000);
    control.bookFault('okx', 'drop', 'BTC-USDT');
    run(1_000);
    const chain = (symbol: string) => books().filter((f) => f.arg.instId === symbol);
    const breaks = (frames: BookFrame[]) =>
      frames.filter((f, n) => n > 0 && f.action === 'update' && f.data[0]?.prevSeqId !== frames[n - 1]?.data[0]?.seqId).length;
    expect(breaks(chain('BTC-USDT'))).toBe(1);
    expect(breaks(chain('ETH-USDT'))).toBe(0);
    client.send({ op: 'unsubscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    client.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    run(1_000);
    const after = chain('BTC-USDT');
    const resubscribed = after.findLastIndex((f) => f.action === 'snapshot');
    expect(after[resubscribed]?.data[0]?.prevSeqId).toBe(-1);
    expect(breaks(after.slice(resubscribed))).toBe(0);
  });

  it('restart-book sends a snapshot mid-stream; cross-book a bid above the best ask, deleted by the next update', () => {
    const { run, books, control } = subscribed();
    run(500);
    control.bookFault('okx', 'cross', 'BTC-USDT');
    run(300);
    const client = new ClientBook();
    const crossedAt = books().findIndex((frame) => {
      client.apply(frame);
      const { bids, asks } = client.top(1);
      return Number(bids[0]?.[0]) >= Number(asks[0]?.[0]);
    });
    expect(crossedAt).toBeGreaterThan(0);
    for (const frame of books().slice(crossedAt + 1)) client.apply(frame);
    const { bids, asks } = client.top(1);
    expect(Number(bids[0]?.[0])).toBeLessThan(Number(asks[0]?.[0]));
    control.bookFault('okx', 'restart', 'BTC-USDT');
    run(300);
    expect(books().filter((f) => f.action === 'snapshot')).toHaveLength(2);
  });

  it('checksum-book sends a snapshot carrying its book\u2019s checksum (CRC32 of the best 25 a side interleaved, px:sz), then one update whose checksum is not its book\u2019s, then 0 again', () => {
    const { run, books, control } = subscribed();
    run(500);
    const before = books().length;
    control.bookFault('okx', 'checksum', 'BTC-USDT');
    run(1_000);
    const client = new ClientBook();
    // OKX's guide: "bid1[price:amount]:ask1[price:amount]:..." over 25 levels, a side that runs out adding nothing, as a signed 32-bit int.
    const checksumOf = (book: ClientBook): number => {
      const { bids, asks } = book.top(25);
      const parts: string[] = [];
      for (let n = 0; n < 25; n++) parts.push(...(bids[n] ?? []), ...(asks[n] ?? []));
      return crc32(parts.join(':')) | 0;
    };
    const frames = books();
    for (const frame of frames.slice(0, before)) client.apply(frame);
    const [snapshot, damaged, ...later] = frames.slice(before);
    expect(snapshot?.action).toBe('snapshot');
    client.apply(snapshot as BookFrame);
    expect(snapshot?.data[0]?.checksum).not.toBe(0);
    expect(snapshot?.data[0]?.checksum).toBe(checksumOf(client));
    expect(damaged?.action).toBe('update');
    client.apply(damaged as BookFrame);
    expect(damaged?.data[0]?.checksum).not.toBe(0);
    expect(damaged?.data[0]?.checksum).not.toBe(checksumOf(client));
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((f) => f.data[0]?.checksum === 0)).toBe(true);
  });

  it('tells subscribers of a quiet book the stream is alive after 60 s: empty sides, prevSeqId equal to seqId', () => {
    const { run, books, control, clock } = subscribed();
    run(1_000);
    control.halt('okx', 'BTC-USDT');
    run(1_000);
    const before = books().length;
    const last = Number(books().at(-1)?.data[0]?.ts);
    run(last + 59_900 - clock.now);
    expect(books().length).toBe(before);
    run(300);
    const quiet = books().slice(before);
    expect(quiet).toHaveLength(1);
    expect(Number(quiet[0]?.data[0]?.ts) - last).toBe(60_000);
    expect(quiet[0]?.data[0]).toMatchObject({ asks: [], bids: [], prevSeqId: books()[before - 1]?.data[0]?.seqId, seqId: books()[before - 1]?.data[0]?.seqId });
  });
});
