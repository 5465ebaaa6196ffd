/** Quote assets recognised when a symbol must be split without configuration, longest first. */
export const KNOWN_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'USDE', 'DAI', 'USD', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB'] as const;

/** The base and quote assets of a venue symbol such as `BTCUSDT`, and the instrument its records are published under when that is not `coin-quote`. */
export interface SymbolParts {
  readonly coin: string;
  readonly quote: string;
  /** `BTC-USDT` for Coinbase's `BTC-USD` followed as BTC-USDT (equivalent quotes); absent: `coin-quote`. */
  readonly instrument?: string;
  /**
   * What one contract is worth where the venue sizes in contracts, from its list (`VenueListing.contractValue`):
   * the base asset on a linear venue (OKX swaps' `ctVal`), the quote on an inverse one (Binance COIN-M's
   * `contractSize` in USD); absent: the venue's sizes are in the base asset already.
   */
  readonly contractValue?: number;
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

/** The characters venues put between base and quote: Coinbase `BTC-USD`, Kraken `BTC/USD`. */
const SEPARATOR = /^([A-Z0-9.]+)[-/]([A-Z0-9.]+)$/;

/**
 * Splits a venue symbol: at its separator when it has one (`BTC-USD`, `BTC/USD`: any quote), else by the
 * first matching quote suffix (`BTCUSDT`); `undefined` when neither splits it.
 */
export function splitSymbol(symbol: string, quotes: readonly string[] = KNOWN_QUOTES): SymbolParts | undefined {
  const upper = symbol.toUpperCase();
  const separated = SEPARATOR.exec(upper);
  if (separated !== null) return { coin: separated[1] ?? '', quote: separated[2] ?? '' };
  if (upper.includes('-') || upper.includes('/')) return undefined;
  const ordered = longestFirst(quotes);
  for (const quote of ordered) {
    if (upper.length > quote.length && upper.endsWith(quote)) {
      return { coin: upper.slice(0, -quote.length), quote };
    }
  }
  return undefined;
}
