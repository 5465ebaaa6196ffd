import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checksumDigits, checksumOfLevels, crc32, krakenBookChecksum } from './kraken-checksum.js';
import { heldAfter } from './kraken-book-view.js';

interface RecordedLevel {
  readonly price: number;
  readonly qty: number;
}
interface RecordedBook {
  readonly type: string;
  readonly data: readonly { readonly bids: readonly RecordedLevel[]; readonly asks: readonly RecordedLevel[]; readonly checksum: number }[];
}

const recorded = readFileSync(new URL('./__fixtures__/kraken-v2-book.ndjson', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as RecordedBook);

/** The documented worked example (book-checksum-v2), as transcribed in research-notes/kraken.md §4. */
const DOC_ASKS: [string, string][] = [
  ['45285.2', '0.00100000'],
  ['45286.4', '1.54571953'],
  ['45286.6', '1.54571109'],
  ['45289.6', '1.54560911'],
  ['45290.2', '0.15890660'],
  ['45291.8', '1.54553491'],
  ['45294.7', '0.04454749'],
  ['45296.1', '0.35380000'],
  ['45297.5', '0.09945542'],
  ['45299.5', '0.18772827'],
];
const DOC_BIDS: [string, string][] = [
  ['45283.5', '0.10000000'],
  ['45283.4', '1.54582015'],
  ['45282.1', '0.10000000'],
  ['45281.0', '0.10000000'],
  ['45280.3', '1.54592586'],
  ['45279.0', '0.07990000'],
  ['45277.6', '0.03310103'],
  ['45277.5', '0.30000000'],
  ['45277.3', '1.54602737'],
  ['45276.6', '0.15445238'],
];

describe('crc32', () => {
  it('is the IEEE / zlib CRC-32 (check value of "123456789" is 0xCBF43926; empty is 0)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });
});

describe('Kraken v2 book checksum', () => {
  it("writes a level's price and quantity without the point and without leading zeros, trailing zeros kept", () => {
    expect(checksumDigits('45285.2')).toBe('452852');
    expect(checksumDigits('0.00100000')).toBe('100000');
    expect(checksumDigits('45281.0')).toBe('452810');
  });

  it('gives 3310070434 for the documented worked example (asks low to high, then bids high to low)', () => {
    expect(checksumOfLevels(DOC_ASKS, DOC_BIDS)).toBe(3310070434);
    // The order matters: bids first is another number.
    expect(checksumOfLevels(DOC_BIDS, DOC_ASKS)).not.toBe(3310070434);
  });

  it('reproduces both recorded checksums with prices and quantities at the pair precision (BTC/USD: 1 and 8 decimals)', () => {
    const [snapshot, update] = recorded.map((frame) => frame.data[0]);
    const ticks = (levels: readonly RecordedLevel[]) => levels.map((l) => ({ tick: Math.round(l.price * 10), lots: Math.round(l.qty * 1e8) }));
    const book = { bids: ticks(snapshot?.bids ?? []), asks: ticks(snapshot?.asks ?? []) };
    expect(krakenBookChecksum(book, 1, 8)).toBe(1490766955);
    expect(snapshot?.checksum).toBe(1490766955);
    const after = heldAfter(book, { bids: ticks(update?.bids ?? []), asks: ticks(update?.asks ?? []) }, 10);
    expect(krakenBookChecksum(after, 1, 8)).toBe(1153589921);
    expect(update?.checksum).toBe(1153589921);
  });

  it('fails on the recorded snapshot when numbers are written as JavaScript prints them (5.1e-05, 63298): the precision is part of the algorithm', () => {
    const naive = (levels: readonly RecordedLevel[]) => levels.map((l) => [String(l.price), String(l.qty)] as const);
    const snapshot = recorded[0]?.data[0];
    expect(checksumOfLevels(naive(snapshot?.asks ?? []), naive(snapshot?.bids ?? []))).toBe(3618347997);
  });

  it('covers only the top 10 levels a side, whatever the depth', () => {
    const deep = { bids: DOC_BIDS.concat([['1.0', '1.00000000']]), asks: DOC_ASKS.concat([['99999.9', '1.00000000']]) };
    expect(checksumOfLevels(deep.asks, deep.bids)).toBe(3310070434);
  });
});
