import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../model/index.js';
import type { BookLevel } from '../../model/order-book.js';
import { createFrameNormalizer } from '../frame-normalizer.js';
import { frameLines } from './__fixtures__/recorded-frames.js';
import { krakenBookChecksum, type KrakenPrecision } from './kraken-book-checksum.js';
import { parseKrakenFrame } from './kraken-frames.js';

/** Kraken's documented `book` example (see `__fixtures__/README.md`): the snapshot as first documented, without `timestamp`, then an update. */
const documented = readFileSync(new URL('./__fixtures__/kraken-book-documented.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '');

/** The recorded BTC/USD session (ccxt, 2026-10-06: snapshot, 4 updates, a repeated snapshot, 3 updates) with its snapshots' `timestamp` taken out. */
const recordedWithout = frameLines('kraken-book.ndjson')
  .slice(2, 11)
  .map((line) => (line.includes('"type":"snapshot"') ? line.replace(/,"timestamp":"[^"]*"/, '') : line));

/** The checksum each message carries, read straight from its JSON. */
const checksumOf = (line: string): number => (JSON.parse(line) as { data: { checksum: number }[] }).data[0]?.checksum ?? -1;

/** Kraken's checksum of a published book, its numbers written at the pair's precision. */
function checksumOfView(view: { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] }, precision: KrakenPrecision): number {
  const texts = (levels: readonly BookLevel[]) => levels.map((l) => ({ price: l.price.toFixed(precision.price), qty: l.size.toFixed(precision.qty) }));
  return krakenBookChecksum(texts(view.asks), texts(view.bids), precision);
}

/** Each line through `normalize`'s path (decoder, book sync), at receive times 1000, 2000, ... */
function normalized(lines: readonly string[]): FeedEvent[][] {
  const normalize = createFrameNormalizer('kraken', 'file');
  return lines.map((line, n) => {
    const result = normalize(line, (n + 1) * 1000);
    if (!result.ok) throw new Error(`line ${n + 1} refused: ${result.error}`);
    return [...result.frame];
  });
}

describe('a Kraken book snapshot without `timestamp`', () => {
  it("is read, stamped with the receive time (Kraken's documented snapshot carries none)", () => {
    expect(documented[0]).not.toContain('timestamp');
    const parsed = parseKrakenFrame(documented[0] ?? '');
    expect(parsed.ok && parsed.frame.kind === 'book' ? parsed.frame.data[0]?.micros : 'refused').toBeUndefined();
    const [first] = normalized(documented);
    expect(first).toEqual([expect.objectContaining({ type: 'order_book', symbol: 'MATIC/USD', exchangeTs: 1000, receivedTs: 1000, updateId: 1_000_000 })]);
  });

  it('gives, after the snapshot and after every update, a book whose checksum is the one Kraken sent with it (documented example, MATIC/USD)', () => {
    const out = normalized(documented);
    out.forEach((events, n) => {
      expect(events).toHaveLength(1);
      const view = events[0];
      if (view?.type !== 'order_book') throw new Error(`message ${n + 1}: no book, ${JSON.stringify(events)}`);
      expect(checksumOfView(view, { price: 4, qty: 8 })).toBe(checksumOf(documented[n] ?? ''));
    });
    const updated = out[1]?.[0];
    if (updated?.type !== 'order_book') throw new Error('no book after the update');
    expect(updated.exchangeTs).toBe(Date.parse('2023-10-06T17:35:55.440Z'));
    expect(updated.bids.at(-1)).toEqual({ price: 0.5657, size: 1098.3947558 });
  });

  it('does so for a recorded BTC/USD session whose snapshots have had their `timestamp` taken out: every message verifies, none resyncs', () => {
    expect(recordedWithout.filter((line) => line.includes('"type":"snapshot"'))).toHaveLength(2);
    const out = normalized(recordedWithout);
    out.forEach((events, n) => {
      const view = events[0];
      if (events.length !== 1 || view?.type !== 'order_book') throw new Error(`message ${n + 1}: ${JSON.stringify(events)}`);
      expect(checksumOfView(view, { price: 1, qty: 8 })).toBe(checksumOf(recordedWithout[n] ?? ''));
    });
  });

  it('is still refused when its `timestamp` is not a time, and then its book says it is down instead of dropping the updates after it', () => {
    const normalize = createFrameNormalizer('kraken', 'file');
    const bad = (documented[0] ?? '').replace('"checksum":2439117997}', '"checksum":2439117997,"timestamp":"yesterday"}');
    const refused = normalize(bad, 1000);
    if (refused.ok) throw new Error('the bad snapshot was read');
    expect(refused.error).toContain('$.data[0].timestamp');
    expect(refused.events.map((e) => (e.type === 'feed_status' ? `${e.state} ${e.symbol ?? ''} ${e.reason}` : e.type))).toEqual([
      'book_resync MATIC/USD refused: $.data[0].timestamp: expected an RFC 3339 time',
    ]);
    // The update after it changes nothing published: the book already said it is down, and waits for a snapshot.
    expect(normalize(documented[1] ?? '', 2000)).toEqual({ ok: true, frame: [] });
    expect(normalize(documented[0] ?? '', 3000)).toMatchObject({ ok: true, frame: [expect.objectContaining({ type: 'order_book', symbol: 'MATIC/USD' })] });
  });
});
