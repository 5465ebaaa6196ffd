import type { Observable, SchedulerLike } from 'rxjs';
import type { ExchangeId } from '../../model/market-record.js';
import { BYBIT_REST_DIALECT } from './bybit-rest-dialect.js';
import { bybitResultList } from './bybit-result-list.js';
import { fetchVenueList } from '../rest/fetch-venue-list.js';
import { pacedVenueRead } from '../rest/paced-venue-read.js';
import type { RestWeightPacer } from '../rest/rest-weight-pacer.js';
import { FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { RecentTrade } from '../../model/history-trade.js';

/** The v5 categories whose recent trades are read: `spot`, `linear` perpetuals and `inverse` contracts. */
export type BybitTradeCategory = 'spot' | 'linear' | 'inverse' | 'option';

/** Most trades Bybit's `recent-trade` returns for spot (market/recent-trade.mdx: spot 1-60). */
export const BYBIT_RECENT_TRADES_MAX = 60;

/** Most trades it returns for linear (market/recent-trade.mdx: "others: [1,1000]"). */
export const BYBIT_LINEAR_RECENT_TRADES_MAX = 1000;

const MAX: Readonly<Record<BybitTradeCategory, number>> = {
  spot: BYBIT_RECENT_TRADES_MAX,
  linear: BYBIT_LINEAR_RECENT_TRADES_MAX,
  inverse: BYBIT_LINEAR_RECENT_TRADES_MAX,
  option: BYBIT_LINEAR_RECENT_TRADES_MAX,
};

/** `<restUrl>/v5/market/recent-trade?category=<category>&symbol=<SYMBOL>&limit=<60 spot, 1000 the others>`. */
export function bybitRecentTradesUrl(restUrl: string, symbol: string, category: BybitTradeCategory = 'spot'): string {
  return `${restUrl.replace(/\/+$/, '')}/v5/market/recent-trade?category=${category}&symbol=${encodeURIComponent(symbol.toUpperCase())}&limit=${MAX[category]}`;
}

const DIGITS = /^\d{1,30}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_OR_DIGITS = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,30})$/i;

/**
 * The execution ids of each category: decimal on spot, UUIDs on linear (the `i` of its `publicTrade`
 * frames) and options (bybit-option-publicTrade.ndjson); on inverse, of which Bybit documents no example, either.
 */
const IDS: Readonly<Record<BybitTradeCategory, { readonly pattern: RegExp; readonly problem: string }>> = {
  spot: { pattern: DIGITS, problem: 'expected a decimal id' },
  linear: { pattern: UUID, problem: 'expected a UUID' },
  inverse: { pattern: UUID_OR_DIGITS, problem: 'expected a UUID or a decimal id' },
  option: { pattern: UUID, problem: 'expected a UUID' },
};

/** A trade's `size` in the base asset: as written, but on inverse, where it is USD (recent-trade.mdx "Trade size"; one contract 1 USD), over its price. */
function baseSize(category: BybitTradeCategory, size: string, price: string): string {
  return category === 'inverse' ? String(Number(size) / Number(price)) : size;
}

/**
 * The trades of a `recent-trade` answer (`result.list` of `{execId, price, size, side, time}`, newest
 * first), each field checked: ids decimal digits on spot and UUIDs on linear, times decimal digits,
 * price and size positive decimals, side `Buy` or `Sell` (the taker's; a `Sell` taker means the buyer
 * was the maker). An inverse trade's size (USD) is given in the base asset, `size / price`.
 */
export function readBybitRecentTrades(json: unknown, category: BybitTradeCategory = 'spot'): readonly RecentTrade[] {
  const ids = IDS[category];
  return bybitResultList(json).map((item, index) => {
    const r = FieldReader.of(item, `$.result.list[${index}]`);
    const id = r.string('execId');
    if (!ids.pattern.test(id)) throw new FrameParseError(`$.result.list[${index}].execId`, ids.problem);
    const time = r.string('time');
    if (!DIGITS.test(time) || !Number.isSafeInteger(Number(time)))
      throw new FrameParseError(`$.result.list[${index}].time`, 'expected epoch milliseconds as a decimal string');
    const side = r.string('side');
    if (side !== 'Buy' && side !== 'Sell') throw new FrameParseError(`$.result.list[${index}].side`, 'expected Buy or Sell');
    const price = r.positiveDecimal('price');
    return { id, price, qty: baseSize(category, r.positiveDecimal('size'), price), time: Number(time), isBuyerMaker: side === 'Sell' };
  });
}

export interface BybitRecentTradesRequest {
  readonly symbol: string;
  readonly restUrl: string;
  /** Bybit's pacer, shared with everything else that calls its REST API (a request weighs 1). */
  readonly pacer: RestWeightPacer;
  /** Time from asking to the answer read, pacer waits included, ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly fetch?: typeof fetch;
  /** The category read; default `spot`. */
  readonly category?: BybitTradeCategory;
}

const EXCHANGE: Readonly<Record<BybitTradeCategory, ExchangeId>> = { spot: 'bybit', linear: 'bybit_linear', inverse: 'bybit_inverse', option: 'bybit_options' };

/**
 * One paced read of a symbol's latest trades (60 on spot, 1,000 on the other categories); 429, `retCode` 10006 and 403
 * are waited out by the pacer.
 */
export function fetchBybitRecentTrades(request: BybitRecentTradesRequest): Observable<readonly RecentTrade[]> {
  const category = request.category ?? 'spot';
  const exchange = EXCHANGE[category];
  const url = bybitRecentTradesUrl(request.restUrl, request.symbol, category);
  const task = () =>
    fetchVenueList({
      exchange,
      url,
      dialect: BYBIT_REST_DIALECT,
      read: (json) => readBybitRecentTrades(json, category),
      ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
    });
  return pacedVenueRead({ exchange, url, pacer: request.pacer, weight: 1, task, timeoutMs: request.timeoutMs, scheduler: request.scheduler });
}
