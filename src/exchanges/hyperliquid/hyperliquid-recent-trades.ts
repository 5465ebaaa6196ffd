import type { Observable, SchedulerLike } from 'rxjs';
import type { RecentTrade } from '../../model/history-trade.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { RestWeightPacer } from '../rest/rest-weight-pacer.js';
import { hyperliquidMillis, hyperliquidSide, hyperliquidTradeId } from './hyperliquid-fields.js';
import { HYPERLIQUID_INFO_WEIGHT } from './hyperliquid-limits.js';
import { HYPERLIQUID_INFO_PATH } from './hyperliquid-listings.js';
import { HYPERLIQUID_REST_DIALECT } from './hyperliquid-rest-dialect.js';

/**
 * Trades `recentTrades` answers at most: a fixed number, with no count, time range or paging to ask
 * for more (the docs list the request only among the weights of "Rate limits and user limits"; a Rust
 * client seen through the code index holds `MAX_TRADE_COUNT: u32 = 10`, "Fixed number of recent trades
 * exposed by `recentTrades`"). A hole is repaired as far back as these reach, and said unrepaired beyond.
 */
export const HYPERLIQUID_RECENT_TRADES_MAX = 10;

/** `{"type":"recentTrades","coin":"BTC"}`: a coin's latest trades (the same `WsTrade` objects the socket sends). */
export function hyperliquidRecentTradesBody(coin: string): string {
  return JSON.stringify({ type: 'recentTrades', coin });
}

/**
 * The trades of a `recentTrades` answer (`[WsTrade, ..]`), each checked as on the socket (tid digits or
 * a safe integer, price and size positive decimals, side `B` or `A`, time epoch ms) and of the coin
 * asked for, newest first: the order docs.chainstack.com (`hyperliquid-info-recent-trades`) says the
 * venue writes them in, kept for trades of one millisecond (an answer written oldest first is turned
 * round first). `A` (the seller took) means the buyer was the maker.
 */
export function readHyperliquidRecentTrades(json: unknown, coin: string): readonly RecentTrade[] {
  if (!Array.isArray(json)) throw new FrameParseError('$', 'expected an array of trades');
  const trades = json.map((item: unknown, n): RecentTrade => {
    const path = `$[${n}]`;
    const r = FieldReader.of(item, path);
    if (r.raw('coin') !== coin) throw new FrameParseError(`${path}.coin`, `expected ${JSON.stringify(coin)}, the coin asked for`);
    const side = hyperliquidSide(r, 'side', path);
    return {
      id: hyperliquidTradeId(r, 'tid', path),
      price: r.positiveDecimal('px'),
      qty: r.positiveDecimal('sz'),
      time: hyperliquidMillis(r, 'time', path),
      isBuyerMaker: side === 'A',
    };
  });
  const first = trades[0];
  const last = trades.at(-1);
  const newestFirst = first !== undefined && last !== undefined && first.time < last.time ? trades.reverse() : trades;
  return newestFirst.sort((a, b) => b.time - a.time);
}

export interface HyperliquidRecentTradesRequest {
  /** The coin, as the socket names it (`BTC`, `kPEPE`). */
  readonly symbol: string;
  readonly restUrl: string;
  /** Hyperliquid's pacer, shared with the catalog (a request weighs 20). */
  readonly pacer: RestWeightPacer;
  /** Time from asking to the answer read, pacer waits included, ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly fetch?: typeof fetch;
}

/**
 * One paced read of a coin's latest trades, `POST /info {"type":"recentTrades","coin":..}`, weight 20
 * (plus one per 20 trades answered: none for at most 10); an HTTP 429 is waited out by the pacer.
 */
export function fetchHyperliquidRecentTrades(request: HyperliquidRecentTradesRequest): Observable<readonly RecentTrade[]> {
  const url = `${request.restUrl.replace(/\/+$/, '')}${HYPERLIQUID_INFO_PATH}`;
  const task = () =>
    fetchVenueList({
      exchange: 'hyperliquid',
      url,
      body: hyperliquidRecentTradesBody(request.symbol),
      dialect: HYPERLIQUID_REST_DIALECT,
      read: (json) => readHyperliquidRecentTrades(json, request.symbol),
      ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
    });
  return pacedVenueRead({
    exchange: 'hyperliquid',
    url,
    pacer: request.pacer,
    weight: HYPERLIQUID_INFO_WEIGHT,
    task,
    timeoutMs: request.timeoutMs,
    scheduler: request.scheduler,
  });
}
