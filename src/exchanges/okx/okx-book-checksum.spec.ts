import { describe, expect, it } from 'vitest';
import type { BookOutput } from '../book-update.js';
import { createFrameNormalizer } from '../frame-normalizer.js';
import { okxLines, okxParsed, SWAP_CONTEXT } from './__fixtures__/okx-frames-at-hand.js';
import { okxBookUpdates } from './okx-book-plan.js';
import { okxBookReducer } from './okx-book-reducer.js';

/**
 * The recorded 2022 BTC-USDT `books` session (okx-books.ndjson, 98 pushes), each with OKX's non-zero
 * checksum: the shared collection's curator recomputed all 98 from the frames' own strings
 * (SOURCES-venues-2026.md), and `okx-book-recorded.spec.ts` does again with a naive book of its own.
 */
const SESSION = okxLines('okx-books.ndjson');

/** Line 5 (1-based) with its first ask's size changed and its checksum kept: the book OKX vouched for is not the one this push makes. */
const LINE = 5;
const [, BEFORE = '', AFTER = ''] = /^(.*?"asks":\[\["[\d.]+",")([\d.]+)/.exec(SESSION[LINE - 1] ?? '') ?? [];
const DAMAGED = (SESSION[LINE - 1] ?? '').replace(`${BEFORE}${AFTER}`, `${BEFORE}${AFTER}1`);
const RECORDED_CHECKSUM = Number(/"checksum":(-?\d+)/.exec(DAMAGED)?.[1]);

function fold(lines: readonly string[], sizing: 'base' | 'contracts' = 'base'): BookOutput[] {
  const reducer = okxBookReducer();
  let state = reducer.initial(sizing === 'base' ? 'BTC-USDT' : 'BTC-USDT-SWAP');
  const out: BookOutput[] = [];
  lines.forEach((line, n) => {
    const frame = okxParsed(line);
    const step = reducer.reduce(state, frame.kind === 'book' ? okxBookUpdates(frame, 5000 + n, sizing, SWAP_CONTEXT) : []);
    state = step.state;
    out.push(...step.events);
  });
  return out;
}

const resyncs = (out: readonly BookOutput[]): unknown[] =>
  out.filter((o) => o.type === 'book_resync').map((o) => (o.type === 'book_resync' ? [o.reason, o.detail] : o));

describe("OKX's book checksum", () => {
  it('checks every recorded push against its non-zero checksum: the whole session agrees, no resync', () => {
    expect(SESSION).toHaveLength(98);
    expect(SESSION.every((line) => /"checksum":-?[1-9]/.test(line))).toBe(true);
    const out = fold(SESSION);
    expect(resyncs(out)).toEqual([]);
    expect(out.filter((o) => o.type === 'book_view')).toHaveLength(98);
  });

  it('resyncs the book (reason checksum, the checksum OKX sent and ours) when a push makes a book other than the one its checksum vouches for', () => {
    expect(DAMAGED).not.toBe(SESSION[LINE - 1]);
    const out = fold([...SESSION.slice(0, LINE - 1), DAMAGED, ...SESSION.slice(LINE)]);
    const [resync] = resyncs(out);
    expect(resync).toEqual(['checksum', expect.stringMatching(new RegExp(`^expected ${RECORDED_CHECKSUM}, computed -?\\d+$`))]);
    expect(resyncs(out)).toHaveLength(1);
    // Nothing published after the bad push: the book waits for a fresh snapshot.
    expect(out.filter((o) => o.type === 'book_view')).toHaveLength(LINE - 1);
  });

  it('does not check a checksum of 0 (OKX no longer computes it): the same push is applied', () => {
    const unchecked = DAMAGED.replace(/"checksum":-?\d+/, '"checksum":0');
    const out = fold([...SESSION.slice(0, LINE - 1), unchecked]);
    expect(resyncs(out)).toEqual([]);
    expect(out.filter((o) => o.type === 'book_view')).toHaveLength(LINE);
  });

  it('checks a swap book on the sizes OKX wrote (contracts), not the base quantities it publishes', () => {
    const asSwap = SESSION.map((line) => line.replaceAll('"BTC-USDT"', '"BTC-USDT-SWAP"'));
    const out = fold(asSwap, 'contracts');
    expect(resyncs(out)).toEqual([]);
    const first = out[0];
    // The recorded snapshot's best ask, 1.44679 read as contracts of 0.01 BTC.
    expect(first?.type === 'book_view' ? first.asks[0] : first).toEqual({ price: 30243.5, size: 0.0144679 });
  });

  it('says so in the feed: normalize prints one book_resync status for the push whose checksum disagrees', () => {
    const normalize = createFrameNormalizer('okx', 'c1');
    const statuses = [...SESSION.slice(0, LINE - 1), DAMAGED, ...SESSION.slice(LINE)].flatMap((line, n) => {
      const result = normalize(line, 5000 + n);
      return result.ok ? result.frame.filter((e) => e.type === 'feed_status') : [];
    });
    expect(statuses).toEqual([
      expect.objectContaining({
        state: 'book_resync',
        symbol: 'BTC-USDT',
        reason: expect.stringMatching(new RegExp(`^checksum: expected ${RECORDED_CHECKSUM}, computed`)) as unknown,
      }),
    ]);
  });
});
