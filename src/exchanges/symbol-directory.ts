import type { FeedSymbols, VenueSymbol } from './adapter-config.js';
import type { SymbolParts } from './split-symbol.js';
import { symbolPartsLookup } from './symbol-parts-lookup.js';

/** Most distinct symbols whose answer is remembered as asked (the told ones are kept apart, whatever their number). */
const MAX_REMEMBERED = 20_000;

/**
 * Venue symbol -> base and quote for one venue feed: the instruments it was told (a connection
 * shard's, from the venue's own list, which says how the venue splits its symbols, and which
 * instrument a listing at an equivalent quote serves) first, then the configured coins, then a split
 * by known quote assets. Asked once per record: an answer is remembered by the symbol as asked, so a
 * repeated symbol costs one map lookup (and returns the same object each time).
 */
export class SymbolDirectory {
  private readonly told = new Map<string, SymbolParts>();
  private readonly answers = new Map<string, SymbolParts | undefined>();
  private readonly fallback: (symbol: string) => SymbolParts | undefined;

  /** `fallback`: how a symbol it was not told is split (default: the configured coins, then known quotes). */
  constructor(symbols?: FeedSymbols, fallback?: (symbol: string) => SymbolParts | undefined) {
    this.fallback = fallback ?? symbolPartsLookup(symbols);
  }

  /**
   * Remembers how the venue names these instruments, the instrument each serves and its contract value where
   * the venue sizes in contracts (kept after they leave: late frames still map).
   */
  learn(instruments: readonly VenueSymbol[]): void {
    let changed = false;
    for (const { symbol, coin, quote, instrument, contractValue } of instruments) {
      const key = symbol.toUpperCase();
      const known = this.told.get(key);
      if (known?.coin === coin && known.quote === quote && known.instrument === instrument && known.contractValue === contractValue) continue;
      this.told.set(key, {
        coin,
        quote,
        ...(instrument === undefined ? {} : { instrument }),
        ...(contractValue === undefined ? {} : { contractValue }),
      });
      changed = true;
    }
    if (changed) this.answers.clear();
  }

  readonly partsOf = (symbol: string): SymbolParts | undefined => {
    const answer = this.answers.get(symbol);
    if (answer !== undefined || this.answers.has(symbol)) return answer;
    const parts = this.told.get(symbol.toUpperCase()) ?? this.fallback(symbol);
    if (this.answers.size < MAX_REMEMBERED) this.answers.set(symbol, parts);
    return parts;
  };
}
