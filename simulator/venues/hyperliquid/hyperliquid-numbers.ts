import { roundedDecimal, trimmedDecimal } from '../../scaled-decimal.js';

/**
 * A price or size as Hyperliquid writes it: no trailing zeros, but a whole number keeps one decimal
 * (`"64097.0"`, `"0.00033"`, `"12.29409"`: hyperliquid-trades.ndjson, hyperliquid-l2Book.ndjson).
 */
export function hlDecimal(value: number, decimals: number): string {
  const text = trimmedDecimal(roundedDecimal(value, decimals));
  return text.includes('.') ? text : `${text}.0`;
}

/**
 * A perpetual's size decimals (`szDecimals`) as the simulator gives them: the digits of its price's
 * magnitude, 0 to 5 (BTC at 65,000: 5, ETH at 1,900: 4, kPEPE at 0.009: 0, as Hyperliquid's list has
 * them; nautilus_trader `crates/adapters/hyperliquid/test_data/http_meta_perp_sample.json`).
 */
export function hlSizeDecimals(price: number): number {
  return Math.max(0, Math.min(5, Math.ceil(Math.log10(price))));
}

/**
 * A perpetual's price decimals: "Prices can have up to 5 significant figures, but no more than
 * MAX_DECIMALS - szDecimals decimal places where MAX_DECIMALS is 6 for perps" (hyperliquid.gitbook.io
 * `for-developers/api/tick-and-lot-size`), taken at the start price (BTC at 65,000: whole dollars).
 */
export function hlPriceDecimals(price: number, sizeDecimals: number): number {
  return Math.max(0, Math.min(6 - sizeDecimals, 4 - Math.floor(Math.log10(price))));
}

/** A bijection of 32-bit numbers that scatters neighbours. */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

const HALF = 2 ** 25;
const FEISTEL_KEYS = [0x2c1b3c6d, 0x297a2d39, 0x6a09e667, 0x3c6ef372];
/** Coins a tid tells apart: a coin's listing index is taken modulo this. */
const COIN_SLOTS = 2048;

/**
 * A trade's `tid`: unique across all coins and saying nothing of order or count, as Hyperliquid's
 * are ("tid is unique across all assets", tardis-node `src/mappers/hyperliquid.ts`; recorded tids
 * 604438142537043, 153378402400855, 663834423078060 in time order: hyperliquid-trades.ndjson line 2).
 * The coin's listing index and the market's trade id, packed into 50 bits, go through a Feistel
 * permutation of two 25-bit halves: distinct trades never share a tid, every tid is below 2^50
 * (recorded tids are at most 16 digits, below 2^53: exact as JSON numbers and on the tape).
 */
export function hlTid(coinIndex: number, tradeId: number): number {
  const packed = tradeId * COIN_SLOTS + (coinIndex % COIN_SLOTS);
  let left = Math.floor(packed / HALF) % HALF;
  let right = packed % HALF;
  for (const key of FEISTEL_KEYS) {
    const next = (left ^ (mix32(right ^ key) % HALF)) % HALF;
    left = right;
    right = next;
  }
  return left * HALF + right;
}

/** `words` 32-bit words drawn from `seed`, as lower-case hex. */
function hexWords(seed: number, words: number): string {
  let text = '';
  let x = seed >>> 0;
  for (let n = 0; n < words; n += 1) {
    x = mix32(x + 0x9e3779b9);
    text += x.toString(16).padStart(8, '0');
  }
  return text;
}

/**
 * The transaction hash of a coin's trades made at one instant (one block): shared by them, as one
 * hash can cover several trades, and all zeros for about one block in sixteen, as recorded
 * (hyperliquid-trades.ndjson line 2, its second trade): neither names a trade alone.
 */
export function hlHash(coinIndex: number, ts: number): string {
  const seed = mix32(coinIndex * 0x01000193 + (ts % 0x100000000)) ^ Math.floor(ts / 0x100000000);
  return (seed & 0xf) === 0 ? `0x${'0'.repeat(64)}` : `0x${hexWords(seed, 8)}`;
}

/** The two users of a trade, `[buyer, seller]`, from a pool of 256 addresses (0x and 40 hex digits). */
export function hlUsers(tid: number): readonly [string, string] {
  const buyer = mix32(tid % 0x100000000) & 0xff;
  const seller = (buyer + 1 + (mix32(Math.floor(tid / 0x100000000) + 7) % 255)) & 0xff;
  return [`0x${hexWords(buyer + 0x51ed, 5)}`, `0x${hexWords(seller + 0x51ed, 5)}`];
}

/** Orders resting at a level (`n`), 1 to 24, drawn from the level's price and size so that it stays put while they do. */
export function hlOrderCount(tick: number, lots: number): number {
  return 1 + (mix32((tick % 0x100000000) ^ mix32(lots % 0x100000000)) % 24);
}

/** A venue decimal string (`"65000"`, `"0.19500"`) as Hyperliquid writes it (`"65000.0"`, `"0.195"`). */
export function hlText(decimal: string): string {
  const text = trimmedDecimal(decimal);
  return text.includes('.') ? text : `${text}.0`;
}
