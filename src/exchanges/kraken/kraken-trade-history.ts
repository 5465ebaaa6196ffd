import { firstValueFrom } from 'rxjs';
import { FeedError } from '../../model/feed-error.js';
import type { HistoryTrade } from '../../model/history-trade.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { krakenPairsBySymbol, readKrakenPairs, type KrakenPair } from './kraken-listings.js';
import { KRAKEN_REST_DIALECT } from './kraken-rest-dialect.js';
import {
  DEFAULT_TRADE_LOCATOR_LIMITS,
  nanosBefore,
  tradesFromId,
  TradeNotLocatedError,
  type KnownTrade,
  type TradeLocatorLimits,
} from './kraken-trade-locator.js';
import { krakenTradesUrl, readKrakenTrades } from './kraken-trades.js';
import { coldRead } from '../cold-read.js';

/** A symbol's trade history could not be read: not a Kraken pair, or its trades not found by time. */
export class KrakenTradeHistoryError extends FeedError<{ readonly symbol: string }> {}

/** Symbols whose last trade read is remembered (where the next page of a repair starts). */
const REMEMBERED_SYMBOLS = 1000;

/**
 * Kraken's trade history for repair, each request of weight 1 on the venue's pacer:
 * - `firstIdSince`: the first trade from a moment on (`Trades?since=<ns>&count=1`), exact;
 * - `byId`: Kraken's `Trades` pages by time only, so trades from an id are found by time
 *   (`tradesFromId`): the continuation of the previous read of the symbol starts at its last trade's
 *   time (a request per 1000 trades or so); any other id costs the latest page, and for an id older than
 *   it, single-trade probes by time (each a request) before the pages.
 * The REST pair of a v2 symbol (`BTC/USD` -> `XXBTZUSD`) comes from `AssetPairs`, read once (again
 * after a failure). REST `b`/`s` is the taker's side.
 */
export function krakenTradeHistory(access: VenueRestAccess, limits: TradeLocatorLimits = DEFAULT_TRADE_LOCATOR_LIMITS): VenueTradeHistory {
  const { restUrl, pacer, timeoutMs, scheduler } = access;
  const base = restUrl.replace(/\/+$/, '');
  const send = access.fetch === undefined ? {} : { fetch: access.fetch };
  const get = <T>(url: string, read: (json: unknown) => T): Promise<T> =>
    firstValueFrom(
      pacedVenueRead({
        exchange: 'kraken',
        url,
        pacer,
        weight: 1,
        timeoutMs,
        scheduler,
        task: () => fetchVenueList({ exchange: 'kraken', url, dialect: KRAKEN_REST_DIALECT, read, ...send }),
      }),
    );

  let pairs: Promise<ReadonlyMap<string, KrakenPair>> | undefined;
  const pairOf = async (symbol: string): Promise<KrakenPair> => {
    const asked = (pairs ??= get(`${base}/0/public/AssetPairs`, (json) => krakenPairsBySymbol(readKrakenPairs(json).pairs)));
    const known = await asked.catch((error: unknown) => {
      if (pairs === asked) pairs = undefined;
      throw error;
    });
    const pair = known.get(symbol.toUpperCase());
    if (pair === undefined) throw new KrakenTradeHistoryError(`${symbol}: not a pair of Kraken's AssetPairs`, false, { symbol });
    return pair;
  };

  const lastRead = new Map<string, KnownTrade>();
  const remember = (symbol: string, trade: KnownTrade): void => {
    lastRead.delete(symbol);
    lastRead.set(symbol, { id: trade.id, micros: trade.micros });
    if (lastRead.size > REMEMBERED_SYMBOLS) lastRead.delete(lastRead.keys().next().value ?? symbol);
  };

  return {
    byId: (symbol, fromId, limit) =>
      coldRead(async (open) => {
        const pair = await pairOf(symbol);
        const pages = (count: number, since?: string) => {
          if (!open()) return Promise.reject(new KrakenTradeHistoryError(`${symbol}: read stopped`, true, { symbol }));
          return get(krakenTradesUrl(base, pair.restKey, count, since), readKrakenTrades);
        };
        const trades = await tradesFromId(pages, fromId, limit, lastRead.get(symbol), limits).catch((error: unknown) => {
          throw error instanceof TradeNotLocatedError ? new KrakenTradeHistoryError(`${symbol}: ${error.message}`, true, { symbol }, { cause: error }) : error;
        });
        const last = trades.at(-1);
        if (last !== undefined) remember(symbol, last);
        return trades.map(({ id, price, qty, time, isBuyerMaker }): HistoryTrade => ({ id, price, qty, time, isBuyerMaker }));
      }),
    firstIdSince: (symbol, since, until) =>
      coldRead(async () => {
        const pair = await pairOf(symbol);
        const page = await get(krakenTradesUrl(base, pair.restKey, 1, nanosBefore(since * 1000)), readKrakenTrades);
        const first = page.trades[0];
        return first !== undefined && first.time <= until ? first.id : undefined;
      }),
  };
}
