import { defer, EMPTY, from, merge, type Observable, type SchedulerLike, type Subject } from 'rxjs';
import type { Logger } from 'pino';
import type { VenueSymbol } from '../../exchanges/adapter-config.js';
import type { SocketBarriers } from '../../exchanges/connection/socket-barriers.js';
import type { IngestGate } from '../../exchanges/ingest-gate.js';
import { protocolFor } from '../../exchanges/protocol-registry.js';
import type { ExchangeId, FeedEvent, FeedStatus, InvalidFrame } from '../../model/index.js';
import { detectStale, retryWithBackoff, type FailoverSource } from '../../operators/index.js';
import { NO_BOOKS } from '../../shards/book-selection.js';
import type { ShardCandidate, ShardPlan } from '../../shards/plan-shards.js';
import { streamSelectionOf } from '../candle-streams.js';
import { connectionLimitsOf, VENUES } from '../../exchanges/venues.js';
import { divertInvalidFrames } from '../divert-events.js';
import type { MarketFeedSettings } from '../market-feed-settings.js';
import { DEFAULT_MAX_INSTRUMENTS_PER_SHARD } from '../../exchanges/connection-limits.js';
import { connectionBudgets, shardPlanLimits, shardRunner, type ShardSourceOptions } from '../shard-feed.js';
import { quoteVolumes$, shardPlans } from '../shard-plans.js';
import { shardedEvents } from '../sharded-events.js';
import { openVenueFeed, type VenueBookOptions, type VenueFeedFactory, type VenueFeedOptions } from '../venue-settings.js';
import type { InstrumentSource } from './instrument-source.js';
import type { VenueAccess } from './venue-access.js';

export interface ConnectionShardsOptions {
  readonly config: MarketFeedSettings;
  readonly venues: VenueAccess;
  readonly instruments: InstrumentSource;
  /** The instruments this instance serves, from the instruments' lists (the cluster's part, or all). */
  readonly served$: Observable<readonly ShardCandidate[]>;
  /** The connection shards to serve, when given from outside; default: planned from `served$`. */
  readonly plans$?: Observable<ShardPlan>;
  /** A cluster instance's part of the venues' per-IP connection budgets. */
  readonly budgetPart?: () => number;
  readonly openVenue?: VenueFeedFactory;
  readonly ingestGate?: IngestGate;
  /** Where each socket says how to ask it for a barrier (a cluster instance's). */
  readonly barriers?: SocketBarriers;
  /** Where every socket's unreadable frames go. */
  readonly invalidFrames: Subject<InvalidFrame>;
  readonly logger: Logger;
  readonly scheduler: SchedulerLike;
}

/**
 * Stage 4, the connections: the served instruments planned into connection shards (each within
 * its venues' per-connection limits, with the books followed), each shard run as failover over one
 * source per venue of its chain, every source with its retries and staleness. Its events are the
 * venues' events and statuses, and the planner's `unserved` statuses.
 */
export function connectionShards(options: ConnectionShardsOptions): Observable<FeedEvent> {
  const { config, venues, scheduler } = options;
  const openVenue = options.openVenue ?? openVenueFeed;
  const streams = streamSelectionOf(config);
  const connections = connectionLimitsOf(config.venueOptions);
  const books = venues.books;
  const planned = shardPlans({
    candidates$: options.served$,
    books: books?.follow ?? NO_BOOKS,
    ...(books?.follow.kind === 'top'
      ? {
          volumes$: quoteVolumes$({
            venues: config.venues,
            pacers: venues.restPacers,
            ...(config.restUrls === undefined ? {} : { restUrls: config.restUrls }),
            refreshMs: options.instruments.catalog.refreshMs,
            timeoutMs: options.instruments.catalog.timeoutMs,
            scheduler,
          }),
        }
      : {}),
    limits: shardPlanLimits({
      maxInstruments: config.connections?.maxInstruments ?? DEFAULT_MAX_INSTRUMENTS_PER_SHARD,
      connections,
      streams,
      books: (exchange) => venues.bookOptions(exchange),
    }),
    scheduler,
  });
  /** One venue of a shard's chain: its connection, refused frames taken off, retries and staleness. */
  const openSource = ({ exchange, instruments$, initial, books: shardBooks, openPacer, logger: venueLogger }: ShardSourceOptions): FailoverSource => ({
    exchange,
    // A venue whose books the shard follows is usable (failover, switch-back) from its first good snapshot.
    ...(shardBooks && protocolFor(exchange, venues.bookOptions(exchange)).book !== undefined ? { readyOn: 'book' as const } : {}),
    events$: openVenue({
      exchange,
      url: config.urls[exchange],
      ...fixedSymbolsOf(initial),
      instruments$,
      ...(openPacer === undefined ? {} : { openPacer }),
      logger: venueLogger,
      allowUnverifiedTls: config.tls?.allowSelfSigned === true,
      streams,
      ...(options.ingestGate === undefined ? {} : { ingestGate: options.ingestGate }),
      ...(options.barriers === undefined ? {} : { barriers: options.barriers }),
      ...withBooks(venues.bookOptions(exchange)),
      silentStreamMs: config.feed.staleAfterMs,
      ...pollsOf(exchange),
      ...(VENUES[exchange].protocolWith?.alsoWithoutBooks === true ? { settings: { options: config.venueOptions ?? {} } } : {}),
    }).pipe(
      divertInvalidFrames(options.invalidFrames),
      retryWithBackoff({
        exchange,
        scheduler,
        jitter: config.retry.jitter,
        initialDelayMs: config.retry.initialDelayMs,
        maxDelayMs: config.retry.maxDelayMs,
        maxAttempts: config.retry.maxAttempts,
        resetAfterMs: config.retry.resetAfterMs,
      }),
      detectStale({
        exchange,
        staleAfterMs: config.feed.staleAfterMs,
        scheduler,
        ...(options.ingestGate === undefined ? {} : { held: options.ingestGate.heldBetween }),
      }),
    ),
  });
  /** A venue whose protocol polls (Binance USD-M open interest): its REST API, pacer and options for the polls. */
  const pollsOf = (exchange: ExchangeId): Partial<Pick<VenueFeedOptions, 'polls'>> => {
    const pacer = venues.restPacers[exchange];
    const restUrl = config.restUrls?.[exchange] ?? VENUES[exchange].catalog.restUrl;
    if (VENUES[exchange].protocol.polls === undefined || pacer === undefined) return {};
    const access = { restUrl, pacer, dialect: VENUES[exchange].catalog.dialect, timeoutMs: options.instruments.catalog.timeoutMs };
    return { polls: { access, settings: { options: config.venueOptions ?? {}, restPacer: pacer } } };
  };
  const runShard = shardRunner({
    budgets: connectionBudgets(config.venues, scheduler, connections, options.budgetPart),
    logger: options.logger,
    policy: {
      failoverAfterMs: config.feed.failoverAfterMs,
      switchBackAfterMs: config.feed.switchBackAfterMs,
      probeIntervalMs: config.feed.probeIntervalMs,
      scheduler,
    },
    source: openSource,
  });
  return merge(
    unofferedStatuses(config.venues, scheduler),
    options.plans$ === undefined ? planned.statuses$ : EMPTY,
    shardedEvents(options.plans$ ?? planned.plans$, runShard, scheduler),
  );
}

/** Per venue followed that does not publish some records of its market (`VenueDefinition.unoffered`): one `unserved` status saying which. */
export function unofferedStatuses(followed: readonly ExchangeId[], scheduler: SchedulerLike): Observable<FeedEvent> {
  return defer(() =>
    from(
      followed.flatMap((exchange): FeedStatus[] => {
        const unoffered = VENUES[exchange].unoffered;
        return unoffered === undefined
          ? []
          : [{ type: 'feed_status', exchange, state: 'unserved', ts: scheduler.now(), reason: `${exchange} offers ${unoffered}` }];
      }),
    ),
  );
}

/** The coins and quote a venue opened from a fixed list expects (the replay's venue reads them), from a shard's instruments. */
function fixedSymbolsOf(initial: readonly VenueSymbol[]): { readonly coins: readonly string[]; readonly quote: string } {
  const quote = initial[0]?.quote ?? '';
  return { coins: initial.filter((instrument) => instrument.quote === quote).map((instrument) => instrument.coin), quote };
}

function withBooks(books: VenueBookOptions | undefined): { readonly books?: VenueBookOptions } {
  return books === undefined ? {} : { books };
}
