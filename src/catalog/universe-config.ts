import type { Market } from '../model/instrument.js';
import type { UniverseKind } from './select-instruments.js';

/**
 * Which instruments `market-feed run` follows and how the venues' lists are read (units and
 * defaults in `universe-options.ts`).
 */
export interface UniverseConfig {
  /** The markets followed (`spot`, `linear`, `inverse`, `option`); `venues` holds only venues of these, each market at least one. */
  readonly markets: readonly Market[];
  /** `coins`: the configured coins at `quote`, no list read; `all`: every instrument the venues list at `quotes`. */
  readonly instruments: UniverseKind;
  /** Quote assets followed with `instruments: all`, upper case. */
  readonly quotes: readonly string[];
  /**
   * Quotes that may stand in for one another, upper case, preferred first (`USDT`, `USD`, `USDC`): a
   * venue that does not list an instrument trading serves it by its listing of the base at the first
   * of them it lists. Empty: nothing crosses quotes (and `coins` reads no list).
   */
  readonly equivalentQuotes: readonly string[];
  /** With `all`: only instruments these patterns match (empty: every one); bases, `BASE-QUOTE` keys, `*` and `?`. */
  readonly include: readonly string[];
  /** With `all`: instruments these patterns match are left out. */
  readonly exclude: readonly string[];
  /** With the `option` market: the underlyings whose chains are followed (upper case), or `all`. */
  readonly optionUnderlyings: readonly string[] | 'all';
  /** With the `option` market: which of their expiries, as `parseExpiryFilter` reads it (`all`, `7d`, `20261226,20270326`). */
  readonly optionExpiries: string;
  /** The venues' lists: time between reads and per read (ms), the share of trading instruments that may vanish in one read, and the reads in a row after which a larger drop is believed. */
  readonly catalog: { readonly refreshMs: number; readonly timeoutMs: number; readonly maxDropShare: number; readonly acceptDropAfterReads: number };
}
