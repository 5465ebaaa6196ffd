import { firstValueFrom, Observable } from 'rxjs';
import type { HistoryTrade } from '../../model/history-trade.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { readTrades, type DeribitTrade } from './deribit-market-frames.js';
import { baseAmount, type DeribitSizing } from './deribit-mappers.js';
import { DERIBIT_REST_DIALECT, deribitResult } from './deribit-rest.js';

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
 * `trade_seq` is consecutive per instrument, so both reads are exact:
 * - `byId`: the trades of `trade_seq` from `fromId` to `fromId + n - 1`, n = `min(limit, 1000)`;
 * - `firstIdSince`: the `trade_seq` of the first trade from `since` to `until`, none when none was made.
 */
export function deribitTradeHistory(access: VenueRestAccess, sizing: DeribitSizing): VenueTradeHistory {
  const { exchange, restUrl, pacer, timeoutMs, scheduler } = access;
  const base = restUrl.replace(/\/+$/, '');
  const send = access.fetch === undefined ? {} : { fetch: access.fetch };
  const trades = (path: string): Promise<readonly DeribitTrade[]> => {
    const url = `${base}${path}`;
    const task = () => fetchVenueList({ exchange, url, dialect: DERIBIT_REST_DIALECT, read: readDeribitHistoryTrades, ...send });
    return firstValueFrom(pacedVenueRead({ exchange, url, pacer, weight: 1, timeoutMs, scheduler, task }));
  };
  return {
    byId: (symbol, fromId, limit) =>
      cold(async () => {
        const n = Math.max(1, Math.min(limit, DERIBIT_HISTORY_PAGE));
        const page = await trades(deribitTradesBySeqPath(symbol, fromId, fromId + n - 1, n));
        return page
          .filter((t) => t.tradeSeq >= fromId && t.tradeSeq < fromId + n)
          .sort((a, b) => a.tradeSeq - b.tradeSeq)
          .map((t) => deribitHistoryTrade(t, sizing));
      }),
    firstIdSince: (symbol, since, until) =>
      cold(async () => {
        const [first] = (await trades(deribitFirstTradePath(symbol, since, until))).filter((t) => t.timestamp >= since && t.timestamp <= until);
        return first?.tradeSeq;
      }),
  };
}

/** A cold read: each subscription runs `read` once; after unsubscribing nothing more is emitted. */
function cold<T>(read: () => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let open = true;
    read().then(
      (value) => {
        if (!open) return;
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        if (open) subscriber.error(error);
      },
    );
    return () => {
      open = false;
    };
  });
}
