import { checksumDigits } from './kraken-decimal-text.js';

/** Levels per side the checksum covers, whatever the subscribed depth. */
export const KRAKEN_CHECKSUM_LEVELS = 10;

/** One level's decimal texts. */
export interface LevelText {
  readonly price: string;
  readonly qty: string;
}

/** Decimals the pair's prices and quantities are written with (BTC/USD: 1 and 8). */
export interface KrakenPrecision {
  readonly price: number;
  readonly qty: number;
}

/** The CRC-32 table of the IEEE polynomial (reflected, 0xEDB88320), as zlib uses it. */
const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib's `crc32`) of an ASCII string, unsigned. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Kraken's book checksum (docs.kraken.com, "Spot WebSocket book checksum (v2)"): for each of the top 10
 * asks, lowest first, then each of the top 10 bids, highest first, the price and then the quantity,
 * each written at the pair's precision without its point and leading zeros, all run together; the
 * CRC-32 of that string. `asks` and `bids` are best first.
 */
export function krakenBookChecksum(asks: readonly LevelText[], bids: readonly LevelText[], precision: KrakenPrecision): number {
  let text = '';
  for (const side of [asks, bids]) {
    const top = Math.min(side.length, KRAKEN_CHECKSUM_LEVELS);
    for (let i = 0; i < top; i++) {
      const level = side[i] as LevelText;
      text += checksumDigits(level.price, precision.price) + checksumDigits(level.qty, precision.qty);
    }
  }
  return crc32(text);
}
