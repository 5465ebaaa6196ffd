import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, krakenBookChecksum, type LevelText } from './kraken-book-checksum.js';

const levels = (text: string): LevelText[] =>
  text.split(', ').map((pair) => {
    const [price = '', qty = ''] = pair.split('/');
    return { price, qty };
  });

/**
 * The worked example of docs.kraken.com "Spot WebSocket book checksum (v2)": a BTC/USD snapshot decoded
 * as strings (1 dp prices, 8 dp quantities), best first, and its checksum 3310070434.
 */
const DOC_ASKS = levels(
  '45285.2/0.00100000, 45286.4/1.54571953, 45286.6/1.54571109, 45289.6/1.54560911, 45290.2/0.15890660, 45291.8/1.54553491, 45294.7/0.04454749, 45296.1/0.35380000, 45297.5/0.09945542, 45299.5/0.18772827',
);
const DOC_BIDS = levels(
  '45283.5/0.10000000, 45283.4/1.54582015, 45282.1/0.10000000, 45281.0/0.10000000, 45280.3/1.54592586, 45279.0/0.07990000, 45277.6/0.03310103, 45277.5/0.30000000, 45277.3/1.54602737, 45276.6/0.15445238',
);

describe('crc32', () => {
  it('gives the standard check value of "123456789" (0xCBF43926)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it("agrees with zlib's CRC-32 on any ASCII text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcXYZ.'), maxLength: 400 }), (text) => {
        expect(crc32(text)).toBe(zlibCrc32(text));
      }),
    );
  });
});

describe('krakenBookChecksum', () => {
  it('gives the documented 3310070434 for the documented levels', () => {
    expect(krakenBookChecksum(DOC_ASKS, DOC_BIDS, { price: 1, qty: 8 })).toBe(3310070434);
  });

  it('writes each number at the precision: the same levels without their trailing zeros give the same checksum', () => {
    const strip = (side: LevelText[]) => side.map(({ price, qty }) => ({ price: price.replace(/\.?0+$/, ''), qty: qty.replace(/\.?0+$/, '') }));
    expect(krakenBookChecksum(strip(DOC_ASKS), strip(DOC_BIDS), { price: 1, qty: 8 })).toBe(3310070434);
  });

  it('covers the top 10 levels per side only', () => {
    const deeper = (side: LevelText[]) => [...side, { price: '1.0', qty: '1.00000000' }];
    expect(krakenBookChecksum(deeper(DOC_ASKS), deeper(DOC_BIDS), { price: 1, qty: 8 })).toBe(3310070434);
  });

  it('changes with any level, its order, or the precision', () => {
    const [first, second, ...rest] = DOC_ASKS;
    expect(krakenBookChecksum([second as LevelText, first as LevelText, ...rest], DOC_BIDS, { price: 1, qty: 8 })).not.toBe(3310070434);
    expect(krakenBookChecksum(DOC_ASKS, DOC_BIDS, { price: 2, qty: 8 })).not.toBe(3310070434);
  });

  it('gives the recorded BTC/USD snapshot checksum 1490766955 at 1 dp and 8 dp, its levels as re-serialised (63298, 0.000051)', () => {
    const bids = levels(
      '63299.4/0.00209987, 63298.7/0.000051, 63298.1/0.05742569, 63298/0.01534518, 63297.8/0.504238, 63297.7/0.78991808, 63296.7/1.27336513, 63295.8/0.56593064, 63295.7/0.78994295, 63295.5/0.000051',
    );
    const asks = levels(
      '63299.5/0.4388201, 63303.3/0.05742569, 63303.4/0.78984756, 63305/0.000051, 63305.4/0.03159716, 63305.5/0.789821, 63306/0.0789929, 63307/0.31581476, 63307.8/0.06, 63308/0.00650419',
    );
    expect(krakenBookChecksum(asks, bids, { price: 1, qty: 8 })).toBe(1490766955);
  });
});
