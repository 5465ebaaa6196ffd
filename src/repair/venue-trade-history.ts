import type { SchedulerLike } from 'rxjs';
import type { RestWeightPacer } from '../exchanges/rest/rest-weight-pacer.js';
import type { VenueTradeHistory } from '../exchanges/venue-definition.js';
import type { VenueOptionValues } from '../exchanges/venue-option.js';
import { VENUES } from '../exchanges/venues.js';
import type { ExchangeId } from '../model/market-record.js';
import type { RepairGapsConfig } from '../operators/repair-gaps.js';
import type { SweepReconnectTradesConfig } from '../operators/sweep-reconnect-trades.js';

/** Time one history request may take, ms. */
export const DEFAULT_REPAIR_TIMEOUT_MS = 10_000;

export interface VenueTradeHistoryOptions {
  /** The venues' REST pacers, shared with the catalog and the depth snapshots (the venues count per IP). */
  readonly pacers: Readonly<Partial<Record<ExchangeId, RestWeightPacer>>>;
  /** REST base URLs; a venue not named uses its production URL. */
  readonly restUrls?: Readonly<Partial<Record<ExchangeId, string>>>;
  /** The venues' own options (an API key for history requests, when a venue takes one; never logged). */
  readonly options?: VenueOptionValues;
  /** Time one request may take once started (Binance), or from asking to the answer (Bybit), ms. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
  readonly fetch?: typeof fetch;
}

/**
 * Where `repairGaps` reads the venues' trades: each venue's own reads (its definition's
 * `tradeHistory`, on its pacer), and whether a venue's pacer is idle (nothing waits for it: book
 * snapshots and catalog reads go first). A venue without a pacer here is not repaired.
 */
export function venueTradeHistory(
  options: VenueTradeHistoryOptions,
): Pick<RepairGapsConfig, 'history' | 'recent' | 'firstIdSince' | 'idle'> & Pick<SweepReconnectTradesConfig, 'madeBetween' | 'sweeps'> {
  const { pacers, scheduler, timeoutMs } = options;
  const readers = new Map<ExchangeId, VenueTradeHistory>();
  const readerOf = (exchange: ExchangeId): VenueTradeHistory | undefined => {
    const pacer = pacers[exchange];
    const tradeHistory = VENUES[exchange].tradeHistory;
    if (pacer === undefined || tradeHistory === undefined) return undefined;
    let reader = readers.get(exchange);
    if (reader === undefined) {
      reader = tradeHistory({
        exchange,
        pacer,
        timeoutMs,
        scheduler,
        restUrl: options.restUrls?.[exchange] ?? VENUES[exchange].catalog.restUrl,
        options: options.options ?? {},
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      });
      readers.set(exchange, reader);
    }
    return reader;
  };
  return {
    history: (exchange, symbol, fromId, limit) => readerOf(exchange)?.byId?.(symbol, fromId, limit),
    firstIdSince: (exchange, symbol, since, until) => readerOf(exchange)?.firstIdSince?.(symbol, since, until),
    recent: (exchange, symbol) => readerOf(exchange)?.recent?.(symbol),
    madeBetween: (exchange, since, until, symbols) => readerOf(exchange)?.madeBetween?.(since, until, symbols),
    sweeps: (exchange) => readerOf(exchange)?.madeBetween !== undefined,
    idle: (exchange) => (pacers[exchange]?.waiting().requests ?? 0) === 0,
  };
}
