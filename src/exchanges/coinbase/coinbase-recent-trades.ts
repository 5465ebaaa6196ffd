import type { Observable, SchedulerLike } from 'rxjs';
import type { RecentTrade } from '../../model/history-trade.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { RestWeightPacer } from '../rest/rest-weight-pacer.js';
import { timeAt } from './coinbase-frames.js';
import { COINBASE_REST_DIALECT } from './coinbase-rest-dialect.js';

/**
 * Trades asked for per read: "Get Public Market Trades" requires `limit` and documents no maximum;
 * 1000 is reported to work (more has answered HTTP 500).
 */
export const COINBASE_RECENT_TRADES_LIMIT = 1000;

/** `<restUrl>/api/v3/brokerage/market/products/<PRODUCT>/ticker?limit=1000`: the product's latest trades, newest first. */
export function coinbaseRecentTradesUrl(restUrl: string, productId: string): string {
  const base = restUrl.replace(/\/+$/, '');
  return `${base}/api/v3/brokerage/market/products/${encodeURIComponent(productId.toUpperCase())}/ticker?limit=${COINBASE_RECENT_TRADES_LIMIT}`;
}

const DIGITS = /^\d{1,30}$/;

/**
 * The trades of a "Get Public Market Trades" answer (`{trades: [{trade_id, product_id, price, size,
 * time, side, exchange}], best_bid, best_ask}`), in the answer's order, each field checked: price and
 * size positive decimals, time RFC 3339, side `BUY` or `SELL` (the maker's, as on the WebSocket: a `BUY`
 * means the buyer was the maker). Ids must be decimal, as the WebSocket's are: the repair matches them
 * against the trades sent live, so an answer with ids of another form (the documentation's example
 * shows a UUID) is refused.
 */
export function readCoinbaseRecentTrades(json: unknown): readonly RecentTrade[] {
  return FieldReader.of(json, '$')
    .array('trades')
    .map((item, index) => {
      const path = `$.trades[${index}]`;
      const r = FieldReader.of(item, path);
      const id = r.string('trade_id');
      if (!DIGITS.test(id))
        throw new FrameParseError(`${path}.trade_id`, `expected a decimal trade id as the WebSocket sends, got ${JSON.stringify(id.slice(0, 40))}`);
      const side = r.raw('side');
      if (side !== 'BUY' && side !== 'SELL') throw new FrameParseError(`${path}.side`, 'expected "BUY" or "SELL"');
      return { id, price: r.positiveDecimal('price'), qty: r.positiveDecimal('size'), time: timeAt(r, 'time', path), isBuyerMaker: side === 'BUY' };
    });
}

export interface CoinbaseRecentTradesRequest {
  readonly productId: string;
  readonly restUrl: string;
  /** Coinbase's pacer, shared with everything else that calls its REST API (a request weighs 1). */
  readonly pacer: RestWeightPacer;
  /** Time from asking to the answer read, pacer waits included, ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly fetch?: typeof fetch;
}

/** One paced read of a product's latest 1000 trades; a 429 (or a 401, Coinbase's other throttling answer) is waited out by the pacer. */
export function fetchCoinbaseRecentTrades(request: CoinbaseRecentTradesRequest): Observable<readonly RecentTrade[]> {
  const url = coinbaseRecentTradesUrl(request.restUrl, request.productId);
  const task = () =>
    fetchVenueList({
      exchange: 'coinbase',
      url,
      dialect: COINBASE_REST_DIALECT,
      read: readCoinbaseRecentTrades,
      ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
    });
  return pacedVenueRead({ exchange: 'coinbase', url, pacer: request.pacer, weight: 1, task, timeoutMs: request.timeoutMs, scheduler: request.scheduler });
}
