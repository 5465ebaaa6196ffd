/** Quote assets recognised when a symbol must be split without configuration, longest first. */
export const KNOWN_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USDE', 'DAI', 'USD', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB'] as const;

/** The base and quote assets of a venue symbol such as `BTCUSDT`. */
export interface SymbolParts {
  readonly coin: string;
  readonly quote: string;
}

/** Splits a venue symbol by the first matching quote suffix; `undefined` when none matches. */
export function splitSymbol(symbol: string, quotes: readonly string[] = KNOWN_QUOTES): SymbolParts | undefined {
  const upper = symbol.toUpperCase();
  const ordered = [...quotes].sort((a, b) => b.length - a.length);
  for (const quote of ordered) {
    if (upper.length > quote.length && upper.endsWith(quote)) {
      return { coin: upper.slice(0, -quote.length), quote };
    }
  }
  return undefined;
}
