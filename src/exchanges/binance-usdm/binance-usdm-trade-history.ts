import { map, throwError, type Observable } from 'rxjs';
import type { HistoryTrade } from '../../model/history-trade.js';
import { binanceRestGet, type BinanceRestTransport } from '../binance/binance-rest-get.js';
import { BINANCE_AGG_TRADES_WINDOW_MS, binanceHistoryFailure, TradeHistoryError, type BinanceFirstIdRequest } from '../binance/binance-trade-history.js';
import { FieldReader } from '../field-reader.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import type { VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';

/** Weight of `GET /fapi/v1/aggTrades` (USD-M "Compressed/Aggregate Trades List"), by id or by time. */
export const BINANCE_USDM_AGG_TRADES_WEIGHT = 20;

/** The aggregate trades from `fromId` on (`a`, inclusive): `<restUrl>/fapi/v1/aggTrades?symbol=<SYMBOL>&fromId=<id>&limit=<n>`. */
export function binanceUsdmHistoryUrl(restUrl: string, symbol: string, fromId: number, limit: number): string {
  return `${aggTradesUrl(restUrl, symbol)}&fromId=${fromId}&limit=${limit}`;
}

/** The first aggregate trade of a window (both ends inclusive, less than an hour apart): `...&startTime=<ms>&endTime=<ms>&limit=1`. */
export function binanceUsdmFirstTradeUrl(restUrl: string, symbol: string, startTime: number, endTime: number): string {
  return `${aggTradesUrl(restUrl, symbol)}&startTime=${startTime}&endTime=${endTime}&limit=1`;
}

function aggTradesUrl(restUrl: string, symbol: string): string {
  return `${restUrl.replace(/\/+$/, '')}/fapi/v1/aggTrades?symbol=${encodeURIComponent(symbol.toUpperCase())}`;
}

/**
 * An answer of `aggTrades`, `[{a, p, q, f, l, T, m}]`, as the venue's trades: id `a` (the aggregate id
 * USD-M's trade records carry), price and quantity as the venue wrote them, time `T`, `m` buyer is
 * maker. Ids, time and `f <= l` are checked.
 */
export function parseBinanceUsdmAggTrades(text: string): ParseResult<readonly HistoryTrade[]> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    if (!Array.isArray(json.frame)) throw new Error('$: expected an array of aggregate trades');
    return json.frame.map((item: unknown, index) => {
      const r = FieldReader.of(item, `$[${index}]`);
      if (r.integer('l') < r.integer('f')) throw new Error(`$[${index}].l: before f`);
      return { id: r.integer('a'), price: r.positiveDecimal('p'), qty: r.positiveDecimal('q'), time: r.integer('T'), isBuyerMaker: r.boolean('m') };
    });
  });
}

export interface BinanceUsdmHistoryRequest extends BinanceRestTransport {
  readonly restUrl: string;
  readonly symbol: string;
  /** The first aggregate id asked for. */
  readonly fromId: number;
  /** Trades asked for, 1 to 1000. */
  readonly limit: number;
}

/** One page of a symbol's aggregate trades from `fromId`, cold (no API key: the endpoint is public). */
export function fetchBinanceUsdmHistory(request: BinanceUsdmHistoryRequest): Observable<readonly HistoryTrade[]> {
  const url = binanceUsdmHistoryUrl(request.restUrl, request.symbol, request.fromId, request.limit);
  return binanceRestGet(request, { url, parse: parseBinanceUsdmAggTrades, failure: binanceHistoryFailure(url) });
}

/** The aggregate id of a symbol's first trade from `startTime` to `endTime` (inclusive), undefined when there was none; cold. */
export function fetchBinanceUsdmFirstTradeId(request: BinanceFirstIdRequest): Observable<number | undefined> {
  const url = binanceUsdmFirstTradeUrl(request.restUrl, request.symbol, request.startTime, request.endTime);
  return binanceRestGet(request, { url, parse: parseBinanceUsdmAggTrades, failure: binanceHistoryFailure(url) }).pipe(map((trades) => trades[0]?.id));
}

/**
 * USD-M's history for repair, both reads on `GET /fapi/v1/aggTrades` (weight 20) on the venue's pacer:
 * by aggregate id, and the first id since a moment (a window under an hour; a longer hole is named, not
 * looked up). A 429 or 418 is waited out by the pacer; a 451 (a restricted location) fails for good.
 */
export function binanceUsdmTradeHistory(access: VenueRestAccess): VenueTradeHistory {
  const { restUrl, pacer, timeoutMs, scheduler, fetch } = access;
  const transport = { timeoutMs, scheduler, onUsedWeight: (used: number) => pacer.noteUsedWeight(used), ...(fetch === undefined ? {} : { fetch }) };
  return {
    byId: (symbol, fromId, limit) =>
      pacer.request(BINANCE_USDM_AGG_TRADES_WEIGHT, () => fetchBinanceUsdmHistory({ ...transport, restUrl, symbol, fromId, limit })),
    firstIdSince: (symbol, since, until) => {
      if (until - since >= BINANCE_AGG_TRADES_WINDOW_MS) {
        const span = `${new Date(since).toISOString()} to ${new Date(until).toISOString()}`;
        return throwError(
          () => new TradeHistoryError(`a hole from ${span} spans an hour or more, more than one lookup by time covers`, false, { url: restUrl }),
        );
      }
      return pacer.request(BINANCE_USDM_AGG_TRADES_WEIGHT, () =>
        fetchBinanceUsdmFirstTradeId({ ...transport, restUrl, symbol, startTime: since, endTime: until }),
      );
    },
  };
}
