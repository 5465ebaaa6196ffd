import { filter, map, mergeMap, share, type Observable } from 'rxjs';
import {
  catalogFeedStatuses,
  selectInstruments,
  type CatalogEvent,
  type CatalogUpdate,
  type SelectedInstrument,
  type UniverseSelection,
} from '../catalog/index.js';
import type { FeedStatus, InstrumentKey } from '../model/index.js';
import type { ShardCandidate } from '../shards/plan-shards.js';

/** What the catalog means to the feed: the instruments to serve, what to say about the lists, and each instrument's tick size. */
export interface Universe {
  /** The selected instruments of each catalog update, as shard candidates. */
  readonly candidates$: Observable<readonly ShardCandidate[]>;
  /** The catalog's statuses: lists read, stale, recovered; instruments listed, delisted, halted, resumed. */
  readonly statuses$: Observable<FeedStatus>;
  /** The primary venue's tick size of each instrument selected, as of the latest update. */
  readonly tickSizes: ReadonlyMap<InstrumentKey, number>;
}

/** A selected instrument as a shard candidate: its venues in failover order, each with its symbol there (its own quote where it differs, its contract value where it sizes in contracts). */
export function candidateOf(instrument: SelectedInstrument): ShardCandidate {
  return {
    key: instrument.key,
    ...(instrument.recordKey === undefined ? {} : { recordKey: instrument.recordKey }),
    coin: instrument.base,
    quote: instrument.quote,
    venues: instrument.venues.flatMap((exchange) => {
      const symbol = instrument.symbols[exchange];
      const quote = instrument.venueQuotes?.[exchange];
      const contractValue = instrument.contractValues?.[exchange];
      if (symbol === undefined) return [];
      return [{ exchange, symbol, ...(quote === undefined ? {} : { quote }), ...(contractValue === undefined ? {} : { contractValue }) }];
    }),
  };
}

const isUpdate = (event: CatalogEvent): event is CatalogUpdate => event.type === 'catalog';

/** Follows the catalog: each update's selected instruments, and its events as feed statuses. `catalog$` is subscribed once. */
export function universeOf(options: { readonly catalog$: Observable<CatalogEvent>; readonly selection: UniverseSelection }): Universe {
  const tickSizes = new Map<InstrumentKey, number>();
  const catalog$ = options.catalog$.pipe(share());
  return {
    candidates$: catalog$.pipe(
      filter(isUpdate),
      map((update) => {
        const selected = selectInstruments(update.catalog, options.selection, update.ts);
        tickSizes.clear();
        for (const instrument of selected) if (instrument.tickSize !== undefined) tickSizes.set(instrument.recordKey ?? instrument.key, instrument.tickSize);
        return selected.map(candidateOf);
      }),
    ),
    statuses$: catalog$.pipe(mergeMap((event) => catalogFeedStatuses(event))),
    tickSizes,
  };
}
