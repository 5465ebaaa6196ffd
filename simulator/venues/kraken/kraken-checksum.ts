import type { TickBook } from '../../book-view-diff.js';
import { scaledDecimal } from '../../scaled-decimal.js';

/** The CRC-32 table of the IEEE 802.3 polynomial (reflected, 0xEDB88320), as zlib uses it. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE / zlib `crc32`) of `text`'s UTF-8 bytes, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Levels the checksum covers per side, whatever the subscribed depth (book-checksum-v2.md). */
export const KRAKEN_CHECKSUM_LEVELS = 10;

/** A price or quantity as the checksum writes it: the decimal string at the pair's precision, `.` removed, leading zeros stripped. */
export function checksumDigits(decimal: string): string {
  return decimal.replace('.', '').replace(/^0+/, '');
}

/**
 * Kraken's v2 book checksum over decimal strings at the pair's precision (book-checksum-v2.md):
 * CRC-32 of the top 10 asks (price low to high), then the top 10 bids (high to low), each level its
 * price then its quantity through {@link checksumDigits}, with no separators.
 */
export function checksumOfLevels(asks: readonly (readonly [string, string])[], bids: readonly (readonly [string, string])[]): number {
  const side = (levels: readonly (readonly [string, string])[]) =>
    levels
      .slice(0, KRAKEN_CHECKSUM_LEVELS)
      .map(([price, qty]) => checksumDigits(price) + checksumDigits(qty))
      .join('');
  return crc32(side(asks) + side(bids));
}

/** The checksum of a simulated book held as ticks and lots (best first per side), written at `priceDecimals` and `qtyDecimals`. */
export function krakenBookChecksum(book: TickBook, priceDecimals: number, qtyDecimals: number): number {
  const pairs = (side: TickBook['bids']) =>
    side.slice(0, KRAKEN_CHECKSUM_LEVELS).map((l) => [scaledDecimal(l.tick, priceDecimals), scaledDecimal(l.lots, qtyDecimals)] as const);
  return checksumOfLevels(pairs(book.asks), pairs(book.bids));
}
