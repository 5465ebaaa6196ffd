import { roundedDecimal } from '../../scaled-decimal.js';
import type { SimListing } from '../../sim-listing.js';
import type { SimulatedMarket } from '../../simulated-market.js';
import type { HistoricalTrade } from '../../trade-history.js';
import { krakenPairNames } from './kraken-pair-names.js';
import { restPriceDecimals } from './kraken-rest-lists.js';
import { krakenOrdType, krakenTradeMicros } from './kraken-trade-frames.js';

/** `count` of `GET /0/public/Trades`: 1 to 1000, default 1000 ("Returns the last 1000 trades by default"). */
export const KRAKEN_TRADES_MAX_COUNT = 1000;

/** A `since` below this is seconds (`1616663618`, fraction allowed); from it on, nanoseconds (`last`, `1688671969993150842`). */
const NANOSECOND_SINCE = 1_000_000_000_000n;

/** `since` in nanoseconds, or undefined when it is not a non-negative decimal. */
function sinceNanos(text: string): bigint | undefined {
  const match = /^(\d{1,25})(?:\.(\d{1,9}))?$/.exec(text);
  if (match === null) return undefined;
  const whole = BigInt(match[1] ?? '0');
  if (whole >= NANOSECOND_SINCE) return match[2] === undefined ? whole : undefined;
  return whole * 1_000_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/**
 * `GET /0/public/Trades?pair=&since=&count=` of one listed pair: without `since` its last `count`
 * trades, with it the first `count` made after it (exclusive; nanoseconds, or seconds below 10^12),
 * oldest first, each `[price, volume, time, "b"|"s" (the taker's side), "m"|"l", "", trade_id]`
 * with `time` in seconds (microseconds, as the stream's `timestamp`); `last` the nanosecond time of
 * the last trade given (of `since` when none, of now without either), to pass as the next `since`.
 * Undefined for a bad `count` or `since`. Served from the trades the market kept.
 */
export function krakenRestTrades(market: SimulatedMarket, listing: SimListing, query: URLSearchParams, now: number): Record<string, unknown> | undefined {
  const countText = query.get('count');
  const count = countText === null ? KRAKEN_TRADES_MAX_COUNT : Number(countText);
  if (!/^\d+$/.test(countText ?? '0') || count < 1 || count > KRAKEN_TRADES_MAX_COUNT) return undefined;
  const sinceText = query.get('since');
  const since = sinceText === null ? undefined : sinceNanos(sinceText);
  if (sinceText !== null && since === undefined) return undefined;
  const { symbol } = listing;
  const nanosOf = (trade: HistoricalTrade) => BigInt(krakenTradeMicros(market, symbol, trade)) * 1000n;
  const trades =
    since === undefined
      ? market.recentTrades(symbol, count)
      : market
          .tradesSince(symbol, Number(since / 1_000_000n), count + 1000)
          .filter((t) => nanosOf(t) > since)
          .slice(0, count);
  const decimals = restPriceDecimals(listing);
  const rows = trades.map((t) => [
    roundedDecimal(t.price, decimals),
    roundedDecimal(t.quantity, listing.sizeDecimals),
    krakenTradeMicros(market, symbol, t) / 1e6,
    t.isBuyerMaker ? 's' : 'b',
    krakenOrdType(t.tradeId) === 'market' ? 'm' : 'l',
    '',
    t.tradeId,
  ]);
  const lastTrade = trades.at(-1);
  const last = lastTrade !== undefined ? nanosOf(lastTrade) : (since ?? BigInt(now) * 1_000_000n);
  return { [krakenPairNames(listing).key]: rows, last: last.toString() };
}
