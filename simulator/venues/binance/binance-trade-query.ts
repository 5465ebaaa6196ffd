import type { SimulatedMarket } from '../../simulated-market.js';

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 1000;

/** A Binance `{code, msg}` error answer. */
export const binanceBadRequest = (code: number, msg: string) => ({ status: 400, body: { code, msg } });

/**
 * The query of Binance's trade lists (`historicalTrades`, `aggTrades`), as the venue reads it: a
 * `symbol` that must be sent (-1102) and listed (-1121), a `limit` from 1 to 1000 (default 500),
 * and the named non-negative integers (`fromId`, `startTime`, ...) where sent (-1100 otherwise).
 */
export function binanceTradeQuery(
  market: SimulatedMarket,
  query: URLSearchParams,
  integers: readonly string[],
):
  | { readonly symbol: string; readonly priceDecimals: number; readonly limit: number; readonly numbers: ReadonlyMap<string, number> }
  | ReturnType<typeof binanceBadRequest> {
  const symbol = query.get('symbol');
  if (symbol === null || symbol === '') return binanceBadRequest(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
  const state = market.state(symbol);
  if (state === undefined) return binanceBadRequest(-1121, 'Invalid symbol.');
  const limitText = query.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return binanceBadRequest(-1100, "Illegal characters found in parameter 'limit'; legal range is '1-1000'.");
  const numbers = new Map<string, number>();
  for (const name of integers) {
    const text = query.get(name);
    if (text === null) continue;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
      return binanceBadRequest(-1100, `Illegal characters found in parameter '${name}'; legal range is '0-9223372036854775807'.`);
    numbers.set(name, Number(text));
  }
  return { symbol, priceDecimals: state.priceDecimals, limit, numbers };
}
