import { throwError, type SchedulerLike } from 'rxjs';
import { CATALOG_ENDPOINTS } from '../catalog/catalog-endpoints.js';
import { BINANCE_AGG_TRADES_WEIGHT, BINANCE_AGG_TRADES_WINDOW_MS, BINANCE_HISTORY_WEIGHT, fetchBinanceFirstTradeId, fetchBinanceHistory, TradeHistoryError } from '../exchanges/binance/binance-trade-history.js';
import type { RestWeightPacer } from '../exchanges/rest/rest-weight-pacer.js';
import { speaksBinance } from '../exchanges/protocol-registry.js';
import type { ExchangeId } from '../model/market-record.js';
import type { RepairGapsConfig } from '../operators/repair-gaps.js';
import { fetchBybitRecentTrades } from '../exchanges/bybit/bybit-recent-trades.js';

/** Time one history request may take, ms. */
export const DEFAULT_REPAIR_TIMEOUT_MS = 10_000;


export interface VenueTradeHistoryOptions {
  /** The venues' REST pacers, shared with the catalog and the depth snapshots (the venues count per IP). */
  readonly pacers: Readonly<Partial<Record<ExchangeId, RestWeightPacer>>>;
  /** REST base URLs; a venue not named uses its production URL. */
  readonly restUrls?: Readonly<Partial<Record<ExchangeId, string>>>;
  /** Sent as Binance's `X-MBX-APIKEY` on history requests when set; never logged. */
  readonly binanceApiKey?: string;
  /** Time one request may take once started (Binance), or from asking to the answer (Bybit), ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly fetch?: typeof fetch;
}

/**
 * Where `repairGaps` reads the venues' trades: the Binance family's history by id (weight 25 a
 * page, on the venue's pacer: a 429 or 418 is waited out and the page asked again) and the first
 * id made since a moment (its aggregate trades by time, weight 4), Bybit's last 60
 * spot trades (weight 1); and whether a venue's pacer is idle (nothing waits for it: book
 * snapshots and catalog reads go first).
 */
export function venueTradeHistory(options: VenueTradeHistoryOptions): Pick<RepairGapsConfig, 'history' | 'recent' | 'firstIdSince' | 'idle'> {
  const { pacers, scheduler, timeoutMs } = options;
  const restUrlOf = (exchange: ExchangeId): string => options.restUrls?.[exchange] ?? CATALOG_ENDPOINTS[exchange].restUrl;
  const send = options.fetch === undefined ? {} : { fetch: options.fetch };
  return {
    history: (exchange, symbol, fromId, limit) => {
      const pacer = pacers[exchange];
      if (!speaksBinance(exchange) || pacer === undefined) return undefined;
      const apiKey = options.binanceApiKey === undefined || options.binanceApiKey === '' ? {} : { apiKey: options.binanceApiKey };
      return pacer.request(BINANCE_HISTORY_WEIGHT, () =>
        fetchBinanceHistory({ restUrl: restUrlOf(exchange), symbol, fromId, limit, timeoutMs, scheduler, onUsedWeight: (used) => pacer.noteUsedWeight(used), ...apiKey, ...send }),
      );
    },
    firstIdSince: (exchange, symbol, since, until) => {
      const pacer = pacers[exchange];
      if (!speaksBinance(exchange) || pacer === undefined) return undefined;
      const restUrl = restUrlOf(exchange);
      if (until - since >= BINANCE_AGG_TRADES_WINDOW_MS) return throwError(() => new TradeHistoryError(`a hole from ${new Date(since).toISOString()} to ${new Date(until).toISOString()} spans an hour or more, more than one lookup by time covers`, false, { url: restUrl }));
      return pacer.request(BINANCE_AGG_TRADES_WEIGHT, () =>
        fetchBinanceFirstTradeId({ restUrl, symbol, startTime: since, endTime: until, timeoutMs, scheduler, onUsedWeight: (used) => pacer.noteUsedWeight(used), ...send }),
      );
    },
    recent: (exchange, symbol) => {
      const pacer = pacers[exchange];
      if (exchange !== 'bybit' || pacer === undefined) return undefined;
      return fetchBybitRecentTrades({ symbol, restUrl: restUrlOf(exchange), pacer, timeoutMs, scheduler, ...send });
    },
    idle: (exchange) => (pacers[exchange]?.waiting().requests ?? 0) === 0,
  };
}
