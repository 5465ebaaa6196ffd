import { firstValueFrom, type Observable } from 'rxjs';
import { coldRead } from '../cold-read.js';
import { FieldReader } from '../field-reader.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { SweptTrade, SweptTrades, VenueRestAccess } from '../venue-definition.js';
import { bybitOptionOf } from './bybit-option-names.js';
import { BYBIT_LINEAR_RECENT_TRADES_MAX, readBybitRecentTrades } from './bybit-recent-trades.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { bybitResultList } from './bybit-result-list.js';

/**
 * Trades one coin's answer holds at most (docs "Get Public Recent Trading History", `limit`: "spot: [1,60],
 * default: 60; others: [1,1000], default: 500"; options are among the others).
 */
export const BYBIT_OPTION_COIN_TRADES_MAX = BYBIT_LINEAR_RECENT_TRADES_MAX;

/**
 * `<restUrl>/v5/market/recent-trade?category=option&baseCoin=<COIN>&limit=<n>`: the latest trades of every
 * option of a coin, newest first (`baseCoin` "Apply to option only").
 */
export function bybitOptionCoinTradesUrl(restUrl: string, coin: string, limit: number = BYBIT_OPTION_COIN_TRADES_MAX): string {
  return `${restUrl.replace(/\/+$/, '')}/v5/market/recent-trade?category=option&baseCoin=${encodeURIComponent(coin.toUpperCase())}&limit=${limit}`;
}

/** The trades of a coin's `recent-trade` answer, each with its option (`symbol`), as `readBybitRecentTrades` reads them. */
export function readBybitOptionCoinTrades(json: unknown): readonly SweptTrade[] {
  const trades = readBybitRecentTrades(json, 'option');
  const list = bybitResultList(json);
  return trades.map((trade, n) => ({ ...trade, symbol: FieldReader.of(list[n], `$.result.list[${n}]`).string('symbol') }));
}

/**
 * Bybit's option trades made from `since` to `until` (ms, inclusive) of the options listed during the run
 * (`symbols`), for their listing sweep: one paced read (weight 1) of each of their coins' latest 1,000 trades,
 * all options of the coin together. Ids are UUIDs: the sweep tells a trade missing by its id and time. When
 * the answer is full and its oldest trade is after `since`, the time before it is out of reach (`heldFrom`,
 * from the millisecond after that trade, whose millisecond may be cut). Undefined without `symbols`: a
 * reconnect's hole is found by each option's next trade.
 */
export function bybitOptionTradeSweep(
  access: VenueRestAccess,
): (since: number, until: number, symbols?: ReadonlySet<string>) => Observable<SweptTrades> | undefined {
  const { exchange, restUrl, pacer, timeoutMs, scheduler } = access;
  const send = access.fetch === undefined ? {} : { fetch: access.fetch };
  const coinTrades = (coin: string): Promise<readonly SweptTrade[]> => {
    const url = bybitOptionCoinTradesUrl(restUrl, coin);
    const task = () => fetchVenueList({ exchange, url, dialect: BYBIT_REST_DIALECT, read: readBybitOptionCoinTrades, ...send });
    return firstValueFrom(pacedVenueRead({ exchange, url, pacer, weight: 1, timeoutMs, scheduler, task }));
  };
  return (since, until, symbols) => {
    if (symbols === undefined) return undefined;
    const byCoin = new Map<string, string[]>();
    for (const symbol of symbols) {
      const coin = bybitOptionOf(symbol)?.base;
      if (coin !== undefined) byCoin.set(coin, [...(byCoin.get(coin) ?? []), symbol]);
    }
    return coldRead(async () => {
      const trades: SweptTrade[] = [];
      const heldFrom = new Map<string, number>();
      for (const [coin, listed] of byCoin) {
        const answer = await coinTrades(coin);
        const oldest = Math.min(...answer.map((t) => t.time));
        if (answer.length >= BYBIT_OPTION_COIN_TRADES_MAX && oldest > since) for (const symbol of listed) heldFrom.set(symbol, oldest + 1);
        const wanted = new Set(listed);
        trades.push(...answer.filter((t) => wanted.has(t.symbol) && t.time >= since && t.time <= until));
      }
      return { trades, heldFrom };
    });
  };
}
