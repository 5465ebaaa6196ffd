import { FeedError } from '../../model/feed-error.js';
import type { HistoryTrade } from '../../model/history-trade.js';
import { FieldReader } from '../field-reader.js';
import type { VenueRestAccess, VenueTradeHistory } from '../venue-definition.js';
import { contractsToBase, type OkxSizing } from './okx-contracts.js';
import { okxMillis, okxSide, okxTradeId } from './okx-fields.js';
import { OKX_SWAP_INSTRUMENTS_PATH, readOkxSwapInstruments } from './okx-listings.js';
import { okxData, okxRestGet } from './okx-rest-dialect.js';
import { coldRead } from '../cold-read.js';
import type { ExchangeId } from '../../model/market-record.js';
import type { ListingsRead } from '../rest/listings-read.js';

/** Trades one `history-trades` answer holds at most ("The maximum and default both are 100", docs "Get trades history"). */
export const OKX_HISTORY_PAGE = 100;

/** A symbol's history could not be read: its contract value unknown, or its first trade by time not found. */
export class OkxTradeHistoryError extends FeedError<{ readonly symbol: string }> {}

/** One trade of a `history-trades` answer, as written. */
export interface OkxHistoryTrade {
  readonly tradeId: number;
  readonly px: string;
  readonly sz: string;
  readonly side: 'buy' | 'sell';
  readonly ts: number;
}

/**
 * `GET /api/v5/market/history-trades?instId=<id>&type=<1|2>&after=<cursor>&limit=<n>` (docs "Get trades
 * history"): `type=1` pages by trade id, `type=2` by time; `after` returns the records older than the
 * cursor (ids below it, times before it), newest first.
 */
export function okxHistoryTradesPath(instId: string, type: 1 | 2, after: number, limit: number): string {
  return `/api/v5/market/history-trades?instId=${encodeURIComponent(instId)}&type=${type}&after=${after}&limit=${limit}`;
}

/** The body of `history-trades`, newest first as OKX writes it. */
export function readOkxHistoryTrades(json: unknown): readonly OkxHistoryTrade[] {
  return okxData(json).map((entry, n) => {
    const path = `$.data[${n}]`;
    const r = FieldReader.of(entry, path);
    return {
      tradeId: Number(okxTradeId(r, 'tradeId', path)),
      px: r.positiveDecimal('px'),
      sz: r.positiveDecimal('sz'),
      side: okxSide(r, 'side', path),
      ts: okxMillis(r, 'ts', path),
    };
  });
}

/** Where an instrument's contract value is read: its one-instrument list (`instruments?...&instId=`), and what it is called in errors. */
export interface OkxContractList {
  readonly what: string;
  path(symbol: string): string;
  read(json: unknown, exchange: ExchangeId): ListingsRead;
}

const SWAP_CONTRACTS: OkxContractList = {
  what: 'linear swap',
  path: (symbol) => `${OKX_SWAP_INSTRUMENTS_PATH}&instId=${encodeURIComponent(symbol)}`,
  read: readOkxSwapInstruments,
};

/**
 * OKX's trade history for repair, every request of weight 1 on the venue's pacer; trade ids are
 * consecutive per instrument, so both reads are exact:
 * - `byId`: the trades from `fromId` on, `min(limit, 100)` of them: `after` is `fromId + n` (the records
 *   below it, newest first, are `fromId + n - 1` down to `fromId`), read oldest first;
 * - `firstIdSince`: the newest trade before `since` (`type=2`, `after=since`, one record), then the one
 *   after it by id: the first trade since `since`, unless it is after `until` or there is none. An
 *   instrument with no trade before `since` (a new listing) is read back from `until`.
 * Swap and option sizes are contracts: each is given in the base currency, times the instrument's contract
 * value read once from its list (`contracts`: `instruments?instType=SWAP&instId=` unless told). `side` is the taker's.
 */
export function okxTradeHistory(access: VenueRestAccess, sizing: OkxSizing, contracts: OkxContractList = SWAP_CONTRACTS): VenueTradeHistory {
  const { exchange } = access;
  const get = okxRestGet(access);
  const trades = (symbol: string, type: 1 | 2, after: number, limit: number) => get(okxHistoryTradesPath(symbol, type, after, limit), readOkxHistoryTrades);

  const contractValues = new Map<string, Promise<number>>();
  const contractValueOf = (symbol: string): Promise<number> => {
    let known = contractValues.get(symbol);
    if (known === undefined) {
      known = get(contracts.path(symbol), (json) => contracts.read(json, exchange)).then(({ listings }) => {
        const value = listings.find((listing) => listing.symbol === symbol)?.contractValue;
        if (value === undefined) throw new OkxTradeHistoryError(`${symbol}: no ${contracts.what} of that id, its contract value unknown`, false, { symbol });
        return value;
      });
      known.catch(() => contractValues.delete(symbol));
      contractValues.set(symbol, known);
    }
    return known;
  };
  const historyTrade = (t: OkxHistoryTrade, contractValue: number): HistoryTrade => ({
    id: t.tradeId,
    price: t.px,
    qty: sizing === 'base' ? t.sz : String(contractsToBase(Number(t.sz), contractValue)),
    time: t.ts,
    isBuyerMaker: t.side === 'sell',
  });

  return {
    byId: (symbol, fromId, limit) =>
      coldRead(async () => {
        const contractValue = sizing === 'base' ? 1 : await contractValueOf(symbol);
        const n = Math.max(1, Math.min(limit, OKX_HISTORY_PAGE));
        const page = await trades(symbol, 1, fromId + n, n);
        return page
          .filter((t) => t.tradeId >= fromId && t.tradeId < fromId + n)
          .sort((a, b) => a.tradeId - b.tradeId)
          .map((t) => historyTrade(t, contractValue));
      }),
    firstIdSince: (symbol, since, until) =>
      coldRead(async () => {
        const [before] = (await trades(symbol, 2, since, 1)).filter((t) => t.ts < since);
        if (before === undefined) return firstSinceNothingBefore(await trades(symbol, 2, until + 1, OKX_HISTORY_PAGE), symbol, since, until);
        const [next] = (await trades(symbol, 1, before.tradeId + 2, 1)).filter((t) => t.tradeId === before.tradeId + 1);
        return next === undefined || next.ts > until ? undefined : next.tradeId;
      }),
  };
}

/** With no trade before `since`: the oldest of the trades up to `until` since `since`, when the answer holds them all. */
function firstSinceNothingBefore(page: readonly OkxHistoryTrade[], symbol: string, since: number, until: number): number | undefined {
  const within = page.filter((t) => t.ts >= since && t.ts <= until);
  if (page.length >= OKX_HISTORY_PAGE && within.length === page.length)
    throw new OkxTradeHistoryError(`${symbol}: no trade before ${since} and over ${OKX_HISTORY_PAGE} after it: its first trade is not found`, false, {
      symbol,
    });
  return within.reduce<number | undefined>((first, t) => (first === undefined || t.tradeId < first ? t.tradeId : first), undefined);
}
