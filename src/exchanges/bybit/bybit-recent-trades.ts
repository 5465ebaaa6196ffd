import type { Observable, SchedulerLike } from 'rxjs';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { bybitResultList } from './bybit-result-list.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { RestWeightPacer } from '../rest/rest-weight-pacer.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { RecentTrade } from '../../model/history-trade.js';

/** Most trades Bybit's `recent-trade` returns for spot (market/recent-trade.mdx: spot 1-60). */
export const BYBIT_RECENT_TRADES_MAX = 60;

/** `<restUrl>/v5/market/recent-trade?category=spot&symbol=<SYMBOL>&limit=60`. */
export function bybitRecentTradesUrl(restUrl: string, symbol: string): string {
  return `${restUrl.replace(/\/+$/, '')}/v5/market/recent-trade?category=spot&symbol=${encodeURIComponent(symbol.toUpperCase())}&limit=${BYBIT_RECENT_TRADES_MAX}`;
}

const DIGITS = /^\d{1,30}$/;

/**
 * The trades of a `recent-trade` answer (`result.list` of `{execId, price, size, side, time}`, newest
 * first), each field checked: ids and times decimal digits, price and size positive decimals, side
 * `Buy` or `Sell` (the taker's; a `Sell` taker means the buyer was the maker).
 */
export function readBybitRecentTrades(json: unknown): readonly RecentTrade[] {
  return bybitResultList(json).map((item, index) => {
    const r = FieldReader.of(item, `$.result.list[${index}]`);
    const id = r.string('execId');
    if (!DIGITS.test(id)) throw new FrameParseError(`$.result.list[${index}].execId`, 'expected a decimal id');
    const time = r.string('time');
    if (!DIGITS.test(time) || !Number.isSafeInteger(Number(time)))
      throw new FrameParseError(`$.result.list[${index}].time`, 'expected epoch milliseconds as a decimal string');
    const side = r.string('side');
    if (side !== 'Buy' && side !== 'Sell') throw new FrameParseError(`$.result.list[${index}].side`, 'expected Buy or Sell');
    return { id, price: r.positiveDecimal('price'), qty: r.positiveDecimal('size'), time: Number(time), isBuyerMaker: side === 'Sell' };
  });
}

export interface BybitRecentTradesRequest {
  readonly symbol: string;
  readonly restUrl: string;
  /** Bybit's pacer, shared with everything else that calls its REST API (a request weighs 1). */
  readonly pacer: RestWeightPacer;
  /** Time from asking to the answer read, pacer waits included, ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly fetch?: typeof fetch;
}

/** One paced read of a spot symbol's last 60 trades; 429, `retCode` 10006 and 403 are waited out by the pacer. */
export function fetchBybitRecentTrades(request: BybitRecentTradesRequest): Observable<readonly RecentTrade[]> {
  const url = bybitRecentTradesUrl(request.restUrl, request.symbol);
  const task = () =>
    fetchVenueList({
      exchange: 'bybit',
      url,
      dialect: BYBIT_REST_DIALECT,
      read: readBybitRecentTrades,
      ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
    });
  return pacedVenueRead({ exchange: 'bybit', url, pacer: request.pacer, weight: 1, task, timeoutMs: request.timeoutMs, scheduler: request.scheduler });
}
