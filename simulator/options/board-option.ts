import type { Black76Value } from './black76.js';
import type { OptionChain } from './option-chains.js';

/** One option of the board, as every venue that lists it quotes it: its coin's chain, expiry, strike and type. */
export interface BoardOption {
  /** `BTC coin 1795075200000 56000 call`: the same option on every venue, whatever its name there. */
  readonly id: string;
  readonly chain: OptionChain;
  readonly expiryTs: number;
  readonly strike: number;
  readonly type: 'call' | 'put';
  /** When it was listed. */
  readonly createdTs: number;
  /** Its flow weight as listed (`flowWeight`): its trades' share of its chain's is this over `OptionBoard.chainWeight`. */
  readonly weight: number;
  /** Its value when listed: a venue's first price of it. */
  readonly listedValue: OptionValue;
}

/** One of the board's options as a venue lists it: under the venue's name for it. */
export interface ListedOption {
  /** The venue's name of it (`BTC-261127-56000-C`, `BTC-27NOV26-56000-C-USDT`). */
  readonly symbol: string;
  readonly option: BoardOption;
}

/** An option's value at one mark step, in the forward's currency (USD; USDC for USDC-settled options). */
export interface OptionValue {
  /** Its expiry's forward. */
  readonly forward: number;
  /** Its coin's index. */
  readonly indexPrice: number;
  /** The smile's volatility at its strike (a fraction). */
  readonly vol: number;
  readonly years: number;
  readonly value: Black76Value;
}

/** What one expiry did: the options it ended and the ones it listed at `next`. */
export interface BoardExpiry {
  readonly ts: number;
  readonly expiryTs: number;
  readonly next: number;
  readonly expired: readonly BoardOption[];
  readonly listed: readonly BoardOption[];
}

/**
 * Where the board reads a coin's index and an expiry's forward when a venue trades them (Deribit's
 * perpetual and dated futures); undefined: the board's own (its walked index, and the index with
 * `FORWARD_CARRY`, `option-board.ts`).
 */
export interface UnderlyingSource {
  index(coin: string): number | undefined;
  forward(coin: string, expiryTs: number): number | undefined;
}

/** A venue listing the board's options, told what the board does as it does it. */
export interface OptionBoardListener {
  /** `expiryTs` ends now and `next` lists next, before its options are planned (a venue's dated futures of the day end and the new one lists, so that it is their forward). */
  readonly ending?: (expiryTs: number, next: number, now: number) => void;
  /** The options that ended and those listed further out, for the venue to take off and list. */
  readonly expired: (event: BoardExpiry) => void;
  /** Every live option was valued again (`OptionBoard.value`). */
  readonly priced?: (now: number) => void;
}
