import { identity, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { RestWeightPacer } from '../exchanges/rest/rest-weight-pacer.js';
import type { VenueOptionValues } from '../exchanges/venue-option.js';
import type { ExchangeId, FeedEvent } from '../model/index.js';
import { repairGaps, type RepairCounters } from '../operators/repair-gaps.js';
import type { ListingSweepCounters } from '../operators/listing-sweep-counters.js';
import { sweepReconnectTrades } from '../operators/sweep-reconnect-trades.js';
import { venueTradeHistory } from './venue-trade-history.js';

/** How far the repair of gaps goes (the `gaps.repair*` options). */
export interface GapRepairLimits {
  /** Repair gaps from the venues' REST history at all. */
  readonly repair: boolean;
  /** Gaps waiting for repair at most; past it a gap is unrepaired (budget) at once. */
  readonly repairMaxQueued: number;
  /** Largest gap repaired, in trades. */
  readonly repairMaxTrades: number;
  /** Time one history request may take, ms. */
  readonly repairTimeoutMs: number;
}

export interface GapRepairSettings {
  /** The `gaps` options; no repair when absent or `repair` is off. */
  readonly gaps: GapRepairLimits | undefined;
  /** The venues' REST pacers, shared with the depth snapshots and catalog reads (the venues count per IP). */
  readonly pacers: Readonly<Partial<Record<ExchangeId, RestWeightPacer>>>;
  readonly restUrls: Readonly<Partial<Record<ExchangeId, string>>> | undefined;
  /** The venues' own options (their API keys for history requests). */
  readonly venueOptions: VenueOptionValues | undefined;
  readonly scheduler: SchedulerLike;
  readonly counters?: RepairCounters;
  /** Where the sweeps of the listings count them (`reconnectSweepStep`). Default: not counted. */
  readonly listingCounters?: ListingSweepCounters;
}

/** The feed's repair step: `repairGaps` reading the venues' REST history within the `gaps` limits, or nothing when repair is off. */
export function gapRepairStep(settings: GapRepairSettings): MonoTypeOperatorFunction<FeedEvent> {
  const { gaps, scheduler, counters } = settings;
  if (gaps?.repair !== true) return identity;
  return repairGaps({
    ...venueTradeHistory({
      pacers: settings.pacers,
      restUrls: settings.restUrls ?? {},
      timeoutMs: gaps.repairTimeoutMs,
      scheduler,
      options: settings.venueOptions ?? {},
    }),
    maxQueued: gaps.repairMaxQueued,
    maxTradesPerGap: gaps.repairMaxTrades,
    scheduler,
    ...(counters === undefined ? {} : { counters }),
  });
}

/**
 * The feed's sweep of the trades a lost connection missed, and of those an option listed during the run made
 * before it was followed (`sweepReconnectTrades`), on the venues that can list them (`VenueTradeHistory.madeBetween`:
 * Deribit's options both, OKX's, Binance's and Bybit's the listings), within the `gaps` limits; nothing when
 * repair is off. Before the trades' integrity: the trades it adds are deduplicated and checked as any.
 */
export function reconnectSweepStep(settings: GapRepairSettings): MonoTypeOperatorFunction<FeedEvent> {
  const { gaps, scheduler, listingCounters } = settings;
  if (gaps?.repair !== true) return identity;
  const { madeBetween, sweeps } = venueTradeHistory({
    pacers: settings.pacers,
    restUrls: settings.restUrls ?? {},
    timeoutMs: gaps.repairTimeoutMs,
    scheduler,
    options: settings.venueOptions ?? {},
  });
  return sweepReconnectTrades({ madeBetween, sweeps, scheduler, ...(listingCounters === undefined ? {} : { listingCounters }) });
}
