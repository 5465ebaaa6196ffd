import {
  catchError,
  combineLatest,
  forkJoin,
  map,
  mergeMap,
  of,
  scan,
  shareReplay,
  startWith,
  switchMap,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import { CATALOG_ENDPOINTS, readVenueList } from '../catalog/index.js';
import type { RestWeightPacer } from '../exchanges/rest/rest-weight-pacer.js';
import type { ExchangeId, FeedStatus } from '../model/index.js';
import { booksOf, volumeKey, type BookSelection, type QuoteVolumeBook } from '../shards/book-selection.js';
import { EMPTY_PLAN, planShards, type CappedVenue, type ShardCandidate, type ShardPlan, type ShardPlanLimits } from '../shards/plan-shards.js';
import { withBooks } from './shard-feed.js';

/** The shards to serve as the instruments (and the books followed) change, and what to say about it. */
export interface ShardPlans {
  readonly plans$: Observable<ShardPlan>;
  /** `unserved` for each instrument newly refused by the planner (no connection of a venue listing it can hold its topics). */
  readonly statuses$: Observable<FeedStatus>;
}

/**
 * Plans the candidates into connection shards, each time they or the 24 h volumes change (stable
 * against the previous plan), with the books of `books` followed: `top:N` ranks by `volumes$`, and
 * plans without books until the first volumes arrive (books are then subscribed on the live sockets).
 * Subscribe `plans$` and `statuses$` together: the inputs are shared (the latest plan is replayed to the later one).
 */
export function shardPlans(options: {
  readonly candidates$: Observable<readonly ShardCandidate[]>;
  readonly books: BookSelection;
  readonly volumes$?: Observable<QuoteVolumeBook>;
  readonly limits: ShardPlanLimits;
  readonly scheduler: SchedulerLike;
}): ShardPlans {
  const volumes$ = (options.volumes$ ?? of(new Map<string, number>())).pipe(startWith(new Map<string, number>()));
  const planned$ = combineLatest([options.candidates$, volumes$]).pipe(
    scan(
      (
        state: { readonly plan: ShardPlan; readonly newlyRefused: readonly ShardCandidate[]; readonly newlyCapped: readonly CappedVenue[] },
        [candidates, volumes],
      ) => {
        const plan = planShards(withBooks(candidates, booksOf(options.books, candidates, volumes)), options.limits, state.plan);
        const before = new Set(state.plan.refused);
        const cappedBefore = new Set(state.plan.capped.map(cappedKey));
        const byKey = new Map(candidates.map((candidate) => [candidate.key, candidate]));
        return {
          plan,
          newlyRefused: plan.refused.filter((key) => !before.has(key)).flatMap((key) => byKey.get(key) ?? []),
          newlyCapped: plan.capped.filter((capped) => !cappedBefore.has(cappedKey(capped))),
        };
      },
      { plan: EMPTY_PLAN, newlyRefused: [], newlyCapped: [] },
    ),
    // The latest plan replayed: `plans$` may be subscribed after `statuses$` has taken an emission made while subscribing.
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  return {
    plans$: planned$.pipe(map(({ plan }) => plan)),
    statuses$: planned$.pipe(
      mergeMap(({ newlyRefused, newlyCapped }) => [
        ...newlyRefused.flatMap((candidate) => unservedStatus(candidate, options.scheduler.now())),
        ...newlyCapped.map((capped) => cappedStatus(capped, options.limits, options.scheduler.now())),
      ]),
    ),
  };
}

const cappedKey = ({ key, exchange }: CappedVenue): string => `${exchange}\u0000${key}`;

/** An instrument a venue leaves to the rest of its chain, its per-IP caps being full. */
function cappedStatus({ key, exchange, symbol }: CappedVenue, limits: ShardPlanLimits, ts: number): FeedStatus {
  const caps = limits.perIp?.[exchange];
  const held = caps === undefined ? 'its per-IP caps' : `${caps.maxTopics} subscriptions and ${caps.maxConnections} connections per IP`;
  return {
    type: 'feed_status',
    exchange,
    symbol,
    state: 'unserved',
    ts,
    reason: `${key}: not followed on ${exchange}, which allows ${held}, all taken by instruments ranked before it`,
  };
}

function unservedStatus({ key, venues }: ShardCandidate, ts: number): FeedStatus[] {
  const primary = venues[0];
  if (primary === undefined) return [];
  return [
    {
      type: 'feed_status',
      exchange: primary.exchange,
      symbol: primary.symbol,
      state: 'unserved',
      ts,
      reason: `${key}: its topics alone are more than one connection of a venue that lists it may hold`,
    },
  ];
}

/**
 * Every venue's 24 h quote volumes, read at once and then every `refreshMs` on the scheduler through
 * the venues' REST pacers; a venue whose read fails keeps no volumes for that round.
 */
export function quoteVolumes$(options: {
  readonly venues: readonly ExchangeId[];
  readonly pacers: Readonly<Partial<Record<ExchangeId, RestWeightPacer>>>;
  readonly restUrls?: Readonly<Partial<Record<ExchangeId, string>>>;
  readonly refreshMs: number;
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
}): Observable<QuoteVolumeBook> {
  const { scheduler } = options;
  const reads = options.venues.flatMap((exchange) => {
    const pacer = options.pacers[exchange];
    if (pacer === undefined) return [];
    const restUrl = options.restUrls?.[exchange];
    const request = { exchange, pacer, timeoutMs: options.timeoutMs, scheduler, ...(restUrl === undefined ? {} : { restUrl }) };
    const keys$ = CATALOG_ENDPOINTS[exchange].volumeKeys === undefined ? of(undefined) : readVenueList('volumeKeys', request);
    return [
      forkJoin([readVenueList('volumes', request), keys$]).pipe(
        map(([read, keys]) =>
          [...read.volumes].flatMap(([key, volume]) => {
            const symbol = keys === undefined ? key : keys.get(key);
            return symbol === undefined ? [] : [[volumeKey(exchange, symbol), volume] as const];
          }),
        ),
        catchError(() => of([] as const)),
      ),
    ];
  });
  return timer(0, options.refreshMs, scheduler).pipe(
    switchMap(() => (reads.length === 0 ? of([]) : forkJoin(reads))),
    map((lists) => new Map(lists.flat())),
  );
}
