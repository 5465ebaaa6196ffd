import { map, type Observable } from 'rxjs';
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
      return {
        id: r.integer('id'),
        price: r.positiveDecimal('price'),
        qty: r.positiveDecimal('qty'),
        time: r.integer('time'),
        isBuyerMaker: r.boolean('isBuyerMaker'),
      };
    });
  });
}

/** How a history request to `url` fails: a `TradeHistoryError` naming it, and the HTTP status when an answer came. */
export const binanceHistoryFailure =
  (url: string) =>
  (message: string, retriable: boolean, status?: number, cause?: unknown): TradeHistoryError =>
    new TradeHistoryError(message, retriable, { url, ...(status === undefined ? {} : { status }) }, cause === undefined ? undefined : { cause });

/** One page of a symbol's trade history from `fromId`, cold; the API key, when given, never leaves the request headers. */
export function fetchBinanceHistory(request: BinanceHistoryRequest): Observable<readonly BinanceHistoryTrade[]> {
  const url = binanceHistoryUrl(request.restUrl, request.symbol, request.fromId, request.limit);
  return binanceRestGet(request, {
    url,
    ...(request.apiKey === undefined ? {} : { headers: { 'X-MBX-APIKEY': request.apiKey } }),
    parse: parseBinanceHistory,
    failure: binanceHistoryFailure(url),
  });
}

/** Weight of `GET /api/v3/aggTrades` (rest-api.md "Compressed/Aggregate trades list"). */
export const BINANCE_AGG_TRADES_WEIGHT = 4;
/** `startTime` and `endTime` of one `aggTrades` request must be less than this apart, ms. */
export const BINANCE_AGG_TRADES_WINDOW_MS = 60 * 60 * 1000;

/** One aggregate trade: its first and last trade ids and its time (the fields the lookup by time reads). */
export interface BinanceAggTrade {
  readonly firstId: number;
  readonly lastId: number;
  readonly time: number;
}

export interface BinanceFirstIdRequest extends BinanceRestTransport {
  readonly restUrl: string;
  readonly symbol: string;
  /** From this moment on (inclusive), ms. */
  readonly startTime: number;
  /** Up to this moment (inclusive), less than an hour after `startTime`, ms. */
  readonly endTime: number;
}

/** `<restUrl>/api/v3/aggTrades?symbol=<SYMBOL>&startTime=<ms>&endTime=<ms>&limit=1`. */
export function binanceFirstAggTradeUrl(restUrl: string, symbol: string, startTime: number, endTime: number): string {
  return `${restUrl.replace(/\/+$/, '')}/api/v3/aggTrades?symbol=${encodeURIComponent(symbol.toUpperCase())}&startTime=${startTime}&endTime=${endTime}&limit=1`;
}

/** The aggregate trades of one answer: an array of `{a, p, q, f, l, T, m, M}`, the ids and time checked. */
export function parseBinanceAggTrades(text: string): ParseResult<readonly BinanceAggTrade[]> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    if (!Array.isArray(json.frame)) throw new Error('$: expected an array of aggregate trades');
    return json.frame.map((item: unknown, index) => {
      const r = FieldReader.of(item, `$[${index}]`);
      const firstId = r.integer('f');
      const lastId = r.integer('l');
      if (lastId < firstId) throw new Error(`$[${index}].l: ${lastId} is before f ${firstId}`);
      return { firstId, lastId, time: r.integer('T') };
    });
  });
}

/**
 * The id of a symbol's first trade made from `startTime` to `endTime` (both inclusive), from the
 * first aggregate trade of that window (its `f`); undefined when the venue made none. Cold.
 */
export function fetchBinanceFirstTradeId(request: BinanceFirstIdRequest): Observable<number | undefined> {
  const url = binanceFirstAggTradeUrl(request.restUrl, request.symbol, request.startTime, request.endTime);
  return binanceRestGet(request, {
    url,
    parse: parseBinanceAggTrades,
    failure: binanceHistoryFailure(url),
  }).pipe(map((trades) => trades[0]?.firstId));
}
