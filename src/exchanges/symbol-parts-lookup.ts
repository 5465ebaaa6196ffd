import type { FeedSymbols } from './adapter-config.js';
import { splitSymbol, type SymbolParts } from './split-symbol.js';

/** Most distinct unconfigured symbols whose split is remembered by one lookup. */
const MAX_REMEMBERED_SYMBOLS = 10_000;

/**
 * `BTCUSDT` -> `{ coin: 'BTC', quote: 'USDT' }`: the configured symbols first, any other symbol
 * split by `split` (default: by known quote assets) once and remembered (up to 10 000 symbols).
 */
export function symbolPartsLookup(
  symbols?: FeedSymbols,
  split: (symbol: string) => SymbolParts | undefined = splitSymbol,
): (symbol: string) => SymbolParts | undefined {
  const quote = symbols?.quote.toUpperCase() ?? '';
  const known = new Map((symbols?.coins ?? []).map((coin) => [`${coin.toUpperCase()}${quote}`, { coin: coin.toUpperCase(), quote }]));
  const splits = new Map<string, SymbolParts | undefined>();
  return (symbol) => {
    if (splits.has(symbol)) return splits.get(symbol);
    const parts = known.get(symbol.toUpperCase()) ?? split(symbol);
    if (splits.size < MAX_REMEMBERED_SYMBOLS) splits.set(symbol, parts);
    return parts;
  };
}
