import type { ListingStatus, SimListing } from '../../sim-listing.js';
import type { SimulatedMarket } from '../../simulated-market.js';

/** How Binance names a listing's status (enums.md "Symbol status"): a delisted pair stays listed as BREAK. */
export function binanceStatus(status: ListingStatus): 'TRADING' | 'HALT' | 'BREAK' {
  return status === 'trading' ? 'TRADING' : status === 'halted' ? 'HALT' : 'BREAK';
}

/** Statuses `symbolStatus` may ask for (rest-api.md). */
const QUERYABLE = ['TRADING', 'HALT', 'BREAK'];

/** A Binance `{code, msg}` error with its HTTP status. */
export interface BinanceQueryError {
  readonly status: number;
  readonly body: { readonly code: number; readonly msg: string };
}

/**
 * The listings a `symbol` / `symbols` / `symbolStatus` query selects, as Binance reads them:
 * `symbol` or `symbols` (a JSON array, `["BTCUSDT","BNBBTC"]`) name symbols, each of which must
 * exist (-1121), and do not combine (-1128); an unknown status is -1122. `symbolStatus` combines
 * with them only where `statusCombines` (ticker/24hr: a single symbol of another status is -1220,
 * lists leave such symbols out; exchangeInfo: -1128). `single` is true when one `symbol` was asked for.
 */
export function binanceSymbolQuery(
  market: SimulatedMarket,
  query: URLSearchParams,
  statusCombines = false,
): { readonly listings: SimListing[]; readonly single: boolean } | BinanceQueryError {
  const bad = (code: number, msg: string): BinanceQueryError => ({ status: 400, body: { code, msg } });
  const symbol = query.get('symbol');
  const symbols = query.get('symbols');
  const status = query.get('symbolStatus');
  if (symbol !== null && symbols !== null) return bad(-1128, 'Combination of optional parameters invalid.');
  if (status !== null && !statusCombines && (symbol !== null || symbols !== null)) return bad(-1128, 'Combination of optional parameters invalid.');
  if (status !== null && !QUERYABLE.includes(status)) return bad(-1122, 'Invalid symbolStatus.');
  let names: string[] | undefined;
  if (symbol !== null) names = [symbol];
  if (symbols !== null) {
    try {
      const parsed: unknown = JSON.parse(symbols);
      if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((s) => typeof s === 'string')) throw new Error('not a list of names');
      names = parsed;
    } catch {
      return bad(-1100, 'Illegal characters found in parameter \'symbols\'; legal range is \'^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$\'.');
    }
  }
  if (names === undefined) {
    const all = market.listings();
    return { listings: status === null ? all : all.filter((l) => binanceStatus(l.status) === status), single: false };
  }
  const listings: SimListing[] = [];
  for (const name of names) {
    const listing = market.listing(name);
    if (listing === undefined) return bad(-1121, 'Invalid symbol.');
    if (status !== null && binanceStatus(listing.status) !== status) {
      if (symbol !== null) return bad(-1220, "The symbol's status does not match the requested symbolStatus.");
      continue;
    }
    listings.push(listing);
  }
  return { listings, single: symbol !== null };
}
