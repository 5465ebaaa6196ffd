import type { FeedSymbols, VenueSymbol } from './adapter-config.js';
import type { SymbolParts } from './split-symbol.js';
import { symbolPartsLookup } from './symbol-parts-lookup.js';

/**
 * Venue symbol -> base and quote for one venue feed: the instruments it was told (a connection
 * shard's, from the venue's own list, which says how the venue splits its symbols) first, then the
 * configured coins, then a split by known quote assets.
 */
export class SymbolDirectory {
  private readonly told = new Map<string, SymbolParts>();
  private readonly fallback: (symbol: string) => SymbolParts | undefined;

  constructor(symbols?: FeedSymbols) {
    this.fallback = symbolPartsLookup(symbols);
  }

  /** Remembers how the venue names these instruments (kept after they leave: late frames still map). */
  learn(instruments: readonly VenueSymbol[]): void {
    for (const { symbol, coin, quote } of instruments) this.told.set(symbol.toUpperCase(), { coin, quote });
  }

  readonly partsOf = (symbol: string): SymbolParts | undefined => this.told.get(symbol.toUpperCase()) ?? this.fallback(symbol);
}
