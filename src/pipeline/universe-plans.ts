import { filter, map, merge, mergeMap, scan, share, type Observable } from 'rxjs';
import { catalogFeedStatuses, selectInstruments, type CatalogEvent, type CatalogUpdate, type SelectedInstrument, type UniverseSelection } from '../catalog/index.js';
import type { FeedStatus, InstrumentKey } from '../model/index.js';
import { EMPTY_PLAN, planShards, type ShardCandidate, type ShardPlan, type ShardPlanLimits } from '../shards/plan-shards.js';

/** What the catalog means to the feed: the shards to serve, what to say about it, and each instrument's tick size. */
export interface UniversePlans {
  /** A plan per catalog update (the shards keep their ids and members across updates). */
  readonly plans$: Observable<ShardPlan>;
  /** The catalog's statuses (lists read, stale, recovered; instruments listed, delisted, halted, resumed) and `unserved` for instruments no connection can hold. */
  readonly statuses$: Observable<FeedStatus>;
  /** The primary venue's tick size of each instrument served, as of the latest update. */
  readonly tickSizes: ReadonlyMap<InstrumentKey, number>;
}

/** A selected instrument as a shard candidate: its venues in failover order, each with its symbol there. */
export function candidateOf(instrument: SelectedInstrument): ShardCandidate {
  return {
    key: instrument.key,
    coin: instrument.base,
    quote: instrument.quote,
    venues: instrument.venues.flatMap((exchange) => {
      const symbol = instrument.symbols[exchange];
      return symbol === undefined ? [] : [{ exchange, symbol }];
    }),
  };
}

const isUpdate = (event: CatalogEvent): event is CatalogUpdate => event.type === 'catalog';

/**
 * Follows the catalog: each update's selected instruments are planned into connection shards
 * (stable against the previous plan), the catalog's events become feed statuses, and instruments
 * newly refused by the planner are named once in an `unserved` status. `catalog$` is subscribed once.
 */
export function universePlans(options: { readonly catalog$: Observable<CatalogEvent>; readonly selection: UniverseSelection; readonly limits: ShardPlanLimits }): UniversePlans {
  const tickSizes = new Map<InstrumentKey, number>();
  const catalog$ = options.catalog$.pipe(share());
  const planned$ = catalog$.pipe(
    filter(isUpdate),
    scan(
      (state: { readonly plan: ShardPlan; readonly newlyRefused: readonly ShardCandidate[]; readonly ts: number }, update) => {
        const selected = selectInstruments(update.catalog, options.selection);
        tickSizes.clear();
        for (const instrument of selected) if (instrument.tickSize !== undefined) tickSizes.set(instrument.key, instrument.tickSize);
        const candidates = new Map(selected.map((instrument) => [instrument.key, candidateOf(instrument)]));
        const plan = planShards([...candidates.values()], options.limits, state.plan);
        const before = new Set(state.plan.refused);
        const newlyRefused = plan.refused.filter((key) => !before.has(key)).flatMap((key) => candidates.get(key) ?? []);
        return { plan, newlyRefused, ts: update.ts };
      },
      { plan: EMPTY_PLAN, newlyRefused: [], ts: 0 },
    ),
    share(),
  );
  const unserved$ = planned$.pipe(
    mergeMap(({ newlyRefused, ts }) =>
      newlyRefused.flatMap(({ key, venues }): FeedStatus[] => {
        const primary = venues[0];
        return primary === undefined
          ? []
          : [{
              type: 'feed_status', exchange: primary.exchange, symbol: primary.symbol, state: 'unserved', ts,
              reason: `${key}: its topics alone are more than one connection of a venue that lists it may hold`,
            }];
      }),
    ),
  );
  return {
    plans$: planned$.pipe(map(({ plan }) => plan)),
    statuses$: merge(catalog$.pipe(mergeMap((event) => catalogFeedStatuses(event))), unserved$),
    tickSizes,
  };
}
