/** Quote assets recognised when a symbol must be split without configuration, longest first. */
export const KNOWN_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USDE', 'DAI', 'USD', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB'] as const;

/** The base and quote assets of a venue symbol such as `BTCUSDT`. */
export interface SymbolParts {
  readonly coin: string;
  readonly quote: string;
}

/** Quote lists sorted longest first, per list: sorting on every call cost more than the match. */
const LONGEST_FIRST = new WeakMap<readonly string[], readonly string[]>();

function longestFirst(quotes: readonly string[]): readonly string[] {
  let ordered = LONGEST_FIRST.get(quotes);
  if (ordered === undefined) {
    ordered = [...quotes].sort((a, b) => b.length - a.length);
    LONGEST_FIRST.set(quotes, ordered);
  }
  return ordered;
}

/** Splits a venue symbol by the first matching quote suffix; `undefined` when none matches. */
export function splitSymbol(symbol: string, quotes: readonly string[] = KNOWN_QUOTES): SymbolParts | undefined {
  const upper = symbol.toUpperCase();
  const ordered = longestFirst(quotes);
  for (const quote of ordered) {
    if (upper.length > quote.length && upper.endsWith(quote)) {
      return { coin: upper.slice(0, -quote.length), quote };
    }
  }
  return undefined;
}
