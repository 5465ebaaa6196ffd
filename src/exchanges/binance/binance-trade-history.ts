import type { Observable } from 'rxjs';
import { FeedError } from '../../model/feed-error.js';
import { FieldReader } from '../field-reader.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import { binanceRestGet, type BinanceRestTransport } from './binance-rest-get.js';

/** Weight of `GET /api/v3/historicalTrades` (rest-api.md "Old trade lookup"). */
export const BINANCE_HISTORY_WEIGHT = 25;
/** Most trades one `historicalTrades` answer holds. */
export const BINANCE_HISTORY_PAGE = 1000;

/** One trade of the venue's history, as its answer wrote it (decimals as the venue's strings). */
export interface BinanceHistoryTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

export interface BinanceHistoryFailure {
  readonly url: string;
  readonly status?: number;
}

/** A page of trade history could not be had: network, timeout, HTTP error or an invalid body. */
export class TradeHistoryError extends FeedError<BinanceHistoryFailure> {}

export interface BinanceHistoryRequest extends BinanceRestTransport {
  /** The venue's REST base URL, e.g. `https://api.binance.com`. */
  readonly restUrl: string;
  readonly symbol: string;
  /** The first trade id asked for. */
  readonly fromId: number;
  /** Trades asked for, 1 to 1000. */
  readonly limit: number;
  /** Sent as `X-MBX-APIKEY` when given (older documentation asks for it on this endpoint). */
  readonly apiKey?: string;
}

/** `<restUrl>/api/v3/historicalTrades?symbol=<SYMBOL>&fromId=<id>&limit=<n>`. */
export function binanceHistoryUrl(restUrl: string, symbol: string, fromId: number, limit: number): string {
  return `${restUrl.replace(/\/+$/, '')}/api/v3/historicalTrades?symbol=${encodeURIComponent(symbol.toUpperCase())}&fromId=${fromId}&limit=${limit}`;
}

/** The trades of one answer: an array of `{id, price, qty, time, isBuyerMaker}`, each field checked. */
export function parseBinanceHistory(text: string): ParseResult<readonly BinanceHistoryTrade[]> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    if (!Array.isArray(json.frame)) throw new Error('$: expected an array of trades');
    return json.frame.map((item: unknown, index) => {
      const r = FieldReader.of(item, `$[${index}]`);
      return { id: r.integer('id'), price: r.positiveDecimal('price'), qty: r.positiveDecimal('qty'), time: r.integer('time'), isBuyerMaker: r.boolean('isBuyerMaker') };
    });
  });
}

/** One page of a symbol's trade history from `fromId`, cold; the API key, when given, never leaves the request headers. */
export function fetchBinanceHistory(request: BinanceHistoryRequest): Observable<readonly BinanceHistoryTrade[]> {
  const url = binanceHistoryUrl(request.restUrl, request.symbol, request.fromId, request.limit);
  return binanceRestGet(request, {
    url,
    ...(request.apiKey === undefined ? {} : { headers: { 'X-MBX-APIKEY': request.apiKey } }),
    parse: parseBinanceHistory,
    failure: (message, retriable, status, cause) => new TradeHistoryError(message, retriable, { url, ...(status === undefined ? {} : { status }) }, cause === undefined ? undefined : { cause }),
  });
}
