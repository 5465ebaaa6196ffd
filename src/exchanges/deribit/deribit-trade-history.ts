import { firstValueFrom } from 'rxjs';
import type { HistoryTrade } from '../../model/history-trade.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { SweptTrade, VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { readTrades, type DeribitTrade } from './deribit-market-frames.js';
import { baseAmount, type DeribitSizing } from './deribit-mappers.js';
import { DERIBIT_REST_DIALECT, deribitResult } from './deribit-rest.js';
import { coldRead } from '../cold-read.js';

/** Trades one answer holds at most (docs "public/get_last_trades_by_instrument": `count`, "Maximum value is 1000"). */
export const DERIBIT_HISTORY_PAGE = 1000;

/**
 * `GET /api/v2/public/get_last_trades_by_instrument?instrument_name&start_seq&end_seq&count&sorting=asc`: the
 * trades of `trade_seq` from `start` to `end`, oldest first.
 */
export function deribitTradesBySeqPath(instrument: string, start: number, end: number, count: number): string {
  return `/api/v2/public/get_last_trades_by_instrument?instrument_name=${encodeURIComponent(instrument)}&start_seq=${start}&end_seq=${end}&count=${count}&sorting=asc`;
}

/**
 * `GET /api/v2/public/get_last_trades_by_instrument_and_time?instrument_name&start_timestamp&end_timestamp&count=1&sorting=asc`:
 * the first trade from `since` to `until` (ms, inclusive).
 */
export function deribitFirstTradePath(instrument: string, since: number, until: number): string {
  return `/api/v2/public/get_last_trades_by_instrument_and_time?instrument_name=${encodeURIComponent(instrument)}&start_timestamp=${since}&end_timestamp=${until}&count=1&sorting=asc`;
}

/**
 * The currencies Deribit settles options in, each swept apart (docs "public/get_last_trades_by_currency_and_time":
 * `currency` BTC, ETH, USDC, ...): the coin-settled BTC and ETH options, and the USDC-settled ones.
 */
export const DERIBIT_OPTION_CURRENCIES = ['BTC', 'ETH', 'USDC'] as const;

/** Pages of 1,000 trades one currency's sweep reads at most. */
const SWEEP_PAGES = 10;

/**
 * `GET /api/v2/public/get_last_trades_by_currency_and_time?currency&kind=option&start_timestamp&end_timestamp&count=1000&sorting=asc`:
 * every option trade of a currency from `since` to `until` (ms, inclusive; the venue answers for the last 24 h only), oldest first.
 */
export function deribitOptionTradesPath(currency: string, since: number, until: number): string {
  return `/api/v2/public/get_last_trades_by_currency_and_time?currency=${currency}&kind=option&start_timestamp=${since}&end_timestamp=${until}&count=${DERIBIT_HISTORY_PAGE}&sorting=asc`;
}

/** Whether a `get_last_trades_by_*` answer says more trades follow those it holds (`result.has_more`). */
export function deribitHasMore(json: unknown): boolean {
  return FieldReader.of(deribitResult(json), '$.result').raw('has_more') === true;
}

/** The trades of a `get_last_trades_by_instrument*` answer (`result.trades`, each as a trade notification's), in the order written. */
export function readDeribitHistoryTrades(json: unknown): readonly DeribitTrade[] {
  const result = FieldReader.of(deribitResult(json), '$.result');
  const trades = result.raw('trades');
  if (!Array.isArray(trades)) throw new FrameParseError('$.result.trades', 'expected an array');
  return readTrades(trades as readonly unknown[], '$.result.trades').trades;
}

/** A history trade as repair reads it: id `trade_seq`, quantity in the base asset (`amount / price` on `deribit`), the taker's side. */
export function deribitHistoryTrade(t: DeribitTrade, sizing: DeribitSizing): HistoryTrade {
  return {
    id: t.tradeSeq,
    price: String(t.price),
    qty: String(baseAmount(t.amount, t.price, sizing)),
    time: t.timestamp,
    isBuyerMaker: t.direction === 'sell',
  };
}

/**
 * Deribit's trade history for repair, every request of weight 1 on the venue's pacer (500 credits each).
 * `trade_seq` is consecutive per instrument, so the reads by instrument are exact:
 * - `byId`: the trades of `trade_seq` from `fromId` to `fromId + n - 1`, n = `min(limit, 1000)`;
 * - `firstIdSince`: the `trade_seq` of the first trade from `since` to `until`, none when none was made;
 * - `madeBetween` (options): every option trade from `since` to `until`, each currency's (`DERIBIT_OPTION_CURRENCIES`)
 *   read a page of 1,000 at a time, 10 pages at most: the trades a lost connection may have missed, of
 *   options whose next trade may come hours later.
 */
export function deribitTradeHistory(access: VenueRestAccess, sizing: DeribitSizing): VenueTradeHistory {
  const { exchange, restUrl, pacer, timeoutMs, scheduler } = access;
  const base = restUrl.replace(/\/+$/, '');
  const send = access.fetch === undefined ? {} : { fetch: access.fetch };
  const page = (path: string): Promise<{ readonly trades: readonly DeribitTrade[]; readonly more: boolean }> => {
    const url = `${base}${path}`;
    const read = (json: unknown) => ({ trades: readDeribitHistoryTrades(json), more: deribitHasMore(json) });
    const task = () => fetchVenueList({ exchange, url, dialect: DERIBIT_REST_DIALECT, read, ...send });
    return firstValueFrom(pacedVenueRead({ exchange, url, pacer, weight: 1, timeoutMs, scheduler, task }));
  };
  const trades = async (path: string): Promise<readonly DeribitTrade[]> => (await page(path)).trades;
  /** Every option trade of the currencies from `since` to `until`, a page at a time from the last trade's time on (one of a millisecond read twice is kept once). */
  const optionTrades = async (since: number, until: number): Promise<readonly SweptTrade[]> => {
    const found = new Map<string, SweptTrade>();
    for (const currency of DERIBIT_OPTION_CURRENCIES) {
      let from = since;
      for (let n = 0; n < SWEEP_PAGES; n += 1) {
        const answer = await page(deribitOptionTradesPath(currency, from, until));
        for (const t of answer.trades) found.set(`${t.instrument} ${t.tradeSeq}`, { ...deribitHistoryTrade(t, sizing), symbol: t.instrument });
        const last = answer.trades.at(-1)?.timestamp;
        if (!answer.more || last === undefined || last <= from) break;
        from = last;
      }
    }
    return [...found.values()];
  };
  return {
    // Options only: a future trades every second, so its next trade names a hole at once.
    ...(sizing === 'coin' ? { madeBetween: (since: number, until: number) => coldRead(async () => ({ trades: await optionTrades(since, until) })) } : {}),
    byId: (symbol, fromId, limit) =>
      coldRead(async () => {
        const n = Math.max(1, Math.min(limit, DERIBIT_HISTORY_PAGE));
        const page = await trades(deribitTradesBySeqPath(symbol, fromId, fromId + n - 1, n));
        return page
          .filter((t) => t.tradeSeq >= fromId && t.tradeSeq < fromId + n)
          .sort((a, b) => a.tradeSeq - b.tradeSeq)
          .map((t) => deribitHistoryTrade(t, sizing));
      }),
    firstIdSince: (symbol, since, until) =>
      coldRead(async () => {
        const [first] = (await trades(deribitFirstTradePath(symbol, since, until))).filter((t) => t.timestamp >= since && t.timestamp <= until);
        return first?.tradeSeq;
      }),
  };
}
