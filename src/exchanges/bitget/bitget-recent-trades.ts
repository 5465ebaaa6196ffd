import { firstValueFrom } from 'rxjs';
import type { RecentTrade } from '../../model/history-trade.js';
import { coldRead } from '../cold-read.js';
import { FieldReader } from '../field-reader.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { bitgetMillis, bitgetSide, bitgetTradeId } from './bitget-fields.js';
import { BITGET_REST_DIALECT, bitgetData } from './bitget-rest.js';
import type { BitgetInstType } from './bitget-subscriptions.js';

/** Trades one `fills-history` answer holds at most (docs "Get Market Trades": "Default: 500, maximum: 1000"). */
export const BITGET_HISTORY_PAGE = 1000;

/**
 * `GET /api/v2/spot/market/fills-history?symbol&limit=1000` and `/api/v2/mix/market/fills-history?symbol&productType=USDT-FUTURES&limit=1000`
 * (docs "Get Market Trades", "Get History Transactions"; 10 requests a second per IP): a symbol's latest
 * 1,000 trades, newest first.
 */
export function bitgetFillsPath(instType: BitgetInstType, symbol: string): string {
  const encoded = encodeURIComponent(symbol.toUpperCase());
  return instType === 'SPOT'
    ? `/api/v2/spot/market/fills-history?symbol=${encoded}&limit=${BITGET_HISTORY_PAGE}`
    : `/api/v2/mix/market/fills-history?symbol=${encoded}&productType=USDT-FUTURES&limit=${BITGET_HISTORY_PAGE}`;
}

/**
 * The trades of a `fills-history` answer (`data` of `{tradeId, price, size, side, ts}`, newest first),
 * each field checked: the id decimal digits, price and size positive decimals (size in the base coin on
 * both markets), side `buy`/`sell` in either case (the taker's: the docs' 2025 example writes `Buy`), the
 * time epoch milliseconds (whole seconds in that example: the order of the answer, not the time, says
 * which trade came later).
 */
export function readBitgetFills(json: unknown): readonly RecentTrade[] {
  return bitgetData(json).map((entry, n) => {
    const path = `$.data[${n}]`;
    const r = FieldReader.of(entry, path);
    const side = bitgetSide(r, 'side', path);
    return {
      id: bitgetTradeId(r, 'tradeId', path),
      price: r.positiveDecimal('price'),
      qty: r.positiveDecimal('size'),
      time: bitgetMillis(r, 'ts', path),
      isBuyerMaker: side === 'sell',
    };
  });
}

/**
 * Bitget's trade history for repair: trade ids are not consecutive (`"1235671058980749319"`: ids rise with
 * time but skip), so holes are named by time across an interruption and filled from the symbol's latest
 * 1,000 trades (`recent`) as far back as they reach; each request weighs 1 on the venue's pacer.
 */
export function bitgetTradeHistory(access: VenueRestAccess, instType: BitgetInstType): VenueTradeHistory {
  const { exchange, restUrl, pacer, timeoutMs, scheduler } = access;
  const base = restUrl.replace(/\/+$/, '');
  const send = access.fetch === undefined ? {} : { fetch: access.fetch };
  return {
    recent: (symbol) =>
      coldRead(() => {
        const url = `${base}${bitgetFillsPath(instType, symbol)}`;
        const task = () => fetchVenueList({ exchange, url, dialect: BITGET_REST_DIALECT, read: readBitgetFills, ...send });
        return firstValueFrom(pacedVenueRead({ exchange, url, pacer, weight: 1, timeoutMs, scheduler, task }));
      }),
  };
}
