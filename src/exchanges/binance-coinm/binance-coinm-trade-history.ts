import { firstValueFrom, map, throwError } from 'rxjs';
import type { HistoryTrade } from '../../model/history-trade.js';
import type { ExchangeId } from '../../model/market-record.js';
import { binanceRestGet } from '../binance/binance-rest-get.js';
import { BINANCE_AGG_TRADES_WINDOW_MS, binanceHistoryFailure, TradeHistoryError } from '../binance/binance-trade-history.js';
import { parseBinanceUsdmAggTrades } from '../binance-usdm/binance-usdm-trade-history.js';
import { coldRead } from '../cold-read.js';
import { parseJson, parseWith, type ParseResult } from '../parse-result.js';
import type { VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { coinmBase } from './binance-coinm-contracts.js';
import { BINANCE_COINM_WEIGHTS } from './binance-coinm-limits.js';
import { readBinanceCoinmExchangeInfo } from './binance-coinm-listings.js';

/** COIN-M's list, read by repair for the contract sizes (weight 1). */
export const BINANCE_COINM_EXCHANGE_INFO_PATH = '/dapi/v1/exchangeInfo';

function aggTradesUrl(restUrl: string, symbol: string): string {
  return `${restUrl.replace(/\/+$/, '')}/dapi/v1/aggTrades?symbol=${encodeURIComponent(symbol.toUpperCase())}`;
}

/** The aggregate trades from `fromId` on (`a`, inclusive): `<restUrl>/dapi/v1/aggTrades?symbol=<SYMBOL>&fromId=<id>&limit=<n>`. */
export function binanceCoinmHistoryUrl(restUrl: string, symbol: string, fromId: number, limit: number): string {
  return `${aggTradesUrl(restUrl, symbol)}&fromId=${fromId}&limit=${limit}`;
}

/** The first aggregate trade of a window (both ends inclusive, less than an hour apart): `...&startTime=<ms>&endTime=<ms>&limit=1`. */
export function binanceCoinmFirstTradeUrl(restUrl: string, symbol: string, startTime: number, endTime: number): string {
  return `${aggTradesUrl(restUrl, symbol)}&startTime=${startTime}&endTime=${endTime}&limit=1`;
}

/** `exchangeInfo` as each symbol's contract size (USD per contract). */
function parseContractSizes(text: string, exchange: ExchangeId): ParseResult<ReadonlyMap<string, number>> {
  const json = parseJson(text);
  if (!json.ok) return json;
  return parseWith(() => {
    const { listings } = readBinanceCoinmExchangeInfo(json.frame, exchange);
    return new Map(listings.flatMap((listing) => (listing.contractValue === undefined ? [] : [[listing.symbol, listing.contractValue] as const])));
  });
}

/** An aggregate trade of `contracts` told in the coin: `q` contracts of `contractSize` USD over its price. */
export function coinmHistoryTrade(trade: HistoryTrade, contractSize: number): HistoryTrade {
  return { ...trade, qty: String(coinmBase(Number(trade.qty), contractSize, Number(trade.price))) };
}

/**
 * COIN-M's history for repair, both reads on `GET /dapi/v1/aggTrades` (weight 20) on the venue's pacer,
 * answered as USD-M's (`[{a, p, q, f, l, T, m}]`, `q` in contracts): by aggregate id, and the first id since
 * a moment (a window under an hour; a longer hole is named, not looked up). Quantities are told in the
 * coin with the symbol's contract size, read once from `GET /dapi/v1/exchangeInfo` (weight 1; read again
 * after a failure). A 429 or 418 is waited out by the pacer; a 451 fails for good.
 */
export function binanceCoinmTradeHistory(access: VenueRestAccess): VenueTradeHistory {
  const { restUrl, pacer, timeoutMs, scheduler, fetch } = access;
  const transport = { timeoutMs, scheduler, onUsedWeight: (used: number) => pacer.noteUsedWeight(used), ...(fetch === undefined ? {} : { fetch }) };
  const base = restUrl.replace(/\/+$/, '');
  let sizes: Promise<ReadonlyMap<string, number>> | undefined;
  const sizeOf = async (symbol: string): Promise<number> => {
    if (sizes === undefined) {
      const url = `${base}${BINANCE_COINM_EXCHANGE_INFO_PATH}`;
      const read = firstValueFrom(
        pacer.request(BINANCE_COINM_WEIGHTS.exchangeInfo, () =>
          binanceRestGet(transport, { url, parse: (text) => parseContractSizes(text, access.exchange), failure: binanceHistoryFailure(url) }),
        ),
      );
      read.catch(() => (sizes = undefined));
      sizes = read;
    }
    const size = (await sizes).get(symbol.toUpperCase());
    if (size === undefined) throw new TradeHistoryError(`${symbol}: not in COIN-M's list, its contract size unknown`, false, { url: restUrl });
    return size;
  };
  return {
    byId: (symbol, fromId, limit) =>
      coldRead(async () => {
        const size = await sizeOf(symbol);
        const url = binanceCoinmHistoryUrl(restUrl, symbol, fromId, limit);
        const page = await firstValueFrom(
          pacer.request(BINANCE_COINM_WEIGHTS.aggTrades, () =>
            binanceRestGet(transport, { url, parse: parseBinanceUsdmAggTrades, failure: binanceHistoryFailure(url) }),
          ),
        );
        return page.map((trade) => coinmHistoryTrade(trade, size));
      }),
    firstIdSince: (symbol, since, until) => {
      if (until - since >= BINANCE_AGG_TRADES_WINDOW_MS) {
        const span = `${new Date(since).toISOString()} to ${new Date(until).toISOString()}`;
        return throwError(
          () => new TradeHistoryError(`a hole from ${span} spans an hour or more, more than one lookup by time covers`, false, { url: restUrl }),
        );
      }
      const url = binanceCoinmFirstTradeUrl(restUrl, symbol, since, until);
      return pacer
        .request(BINANCE_COINM_WEIGHTS.aggTrades, () =>
          binanceRestGet(transport, { url, parse: parseBinanceUsdmAggTrades, failure: binanceHistoryFailure(url) }),
        )
        .pipe(map((trades) => trades[0]?.id));
    },
  };
}
