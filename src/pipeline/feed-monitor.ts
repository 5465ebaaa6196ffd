import type { Logger } from 'pino';
import type { FeedMetrics } from '../metrics/feed-metrics.js';
import type { CounterSlot } from '../metrics/tally-counter.js';
import type { TallySlot } from '../metrics/tally-histogram.js';
import type { ExchangeId, FeedEvent, FeedStatus, InvalidFrame } from '../model/index.js';
import { UNREPAIRED_REASONS } from '../operators/repair-gaps.js';
import type { FeedHealth } from './readiness.js';
import { ShardStates } from './shard-states.js';

/** States logged at warn: something is wrong with the feed. */
const WARN_STATES = new Set<FeedStatus['state']>([
  'feed_stale',
  'failover',
  'gap',
  'gap_unrepaired',
  'geo_blocked',
  'retries_exhausted',
  'all_sources_down',
  'disconnected',
  'data_mismatch',
]);

/** Where one venue's events of one type are counted. */
interface EventSlots {
  readonly events: CounterSlot;
  readonly lag: TallySlot;
}

export interface FeedMonitorOptions {
  readonly metrics: FeedMetrics;
  readonly logger: Logger;
  /** The venue read first. */
  readonly primary: ExchangeId;
  /** Local clock, epoch ms. */
  readonly clock?: () => number;
}

/**
 * Watches the pipeline's events: counts them into metrics, logs one line per decision (statuses),
 * tracks the active venue, each shard's state and each symbol's last event, and keeps the facts
 * readiness is judged on (`health()`, judged by `readinessOf`).
 */
export class FeedMonitor {
  private readonly clock: () => number;
  private readonly lastEventAt = new Map<string, number>();
  /** The venue each shard reads from now ('' for statuses that name no shard: the one feed of a single-shard run). */
  private readonly activeByShard = new Map<string, ExchangeId>();
  /** Shards (and their venue) in a `feed_stale` period, by `shardKey`. */
  private readonly staleShards = new Map<string, { readonly shard: string; readonly exchange: ExchangeId }>();
  private readonly slots = new Map<ExchangeId, Map<string, EventSlots>>();
  /** Each shard's state, instruments, venue and socket, for the shard metrics. */
  private readonly shards = new ShardStates();
  private eventsIn = 0;
  private invalidFrames = 0;

  constructor(private readonly options: FeedMonitorOptions) {
    this.clock = options.clock ?? Date.now;
    options.metrics.activeVenue.set({ exchange: options.primary }, 1);
    options.metrics.lastEventAge.reset();
    options.metrics.shards.watch(this.shards);
  }

  /** The venue most shards read from now (the primary until a shard switches). */
  get activeExchange(): ExchangeId {
    const counts = this.activeCounts();
    let best: ExchangeId = this.options.primary;
    for (const [exchange, count] of counts) if (count > (counts.get(best) ?? 0)) best = exchange;
    return best;
  }

  /** How many shards read from each venue now (a run of one shard: 1 for its venue). */
  activeCounts(): ReadonlyMap<ExchangeId, number> {
    const counts = new Map<ExchangeId, number>();
    if (this.activeByShard.size === 0) counts.set(this.options.primary, 1);
    for (const exchange of this.activeByShard.values()) counts.set(exchange, (counts.get(exchange) ?? 0) + 1);
    return counts;
  }

  get eventCount(): number {
    return this.eventsIn;
  }

  get invalidFrameCount(): number {
    return this.invalidFrames;
  }

  observe(event: FeedEvent): void {
    const { metrics } = this.options;
    if (event.type === 'feed_status') {
      this.onStatus(event);
      return;
    }
    this.eventsIn++;
    const slots = this.slotsOf(event.exchange, event.type);
    metrics.eventsIn.add(slots.events);
    // A repaired trade arrives long after its time: counted as such, not as the venue's latency.
    if (event.type === 'trade' && event.source === 'repair') metrics.repairedTrades.inc({ exchange: event.exchange });
    else metrics.exchangeToReceive.record(slots.lag, Math.max(0, event.receivedTs - event.exchangeTs) / 1000);
    this.lastEventAt.set(event.symbol, this.clock());
  }

  /** The metric slots of a venue's events of one type, looked up once per combination. */
  private slotsOf(exchange: ExchangeId, type: string): EventSlots {
    let byType = this.slots.get(exchange);
    if (byType === undefined) this.slots.set(exchange, (byType = new Map<string, EventSlots>()));
    let slots = byType.get(type);
    if (slots === undefined) {
      const { metrics } = this.options;
      slots = { events: metrics.eventsIn.slot({ exchange, type }), lag: metrics.exchangeToReceive.slot({ exchange }) };
      byType.set(type, slots);
    }
    return slots;
  }

  invalidFrame(frame: InvalidFrame): void {
    this.invalidFrames++;
    this.options.metrics.invalidFrames.inc({ exchange: frame.exchange });
  }

  /** Seconds since each symbol's last event; also published as the last-event-age gauge. */
  lastEventAges(): ReadonlyMap<string, number> {
    const now = this.clock();
    const ages = new Map<string, number>();
    for (const [symbol, at] of this.lastEventAt) {
      const age = (now - at) / 1000;
      ages.set(symbol, age);
      this.options.metrics.lastEventAge.set({ symbol }, age);
    }
    return ages;
  }

  /** The feed's side of readiness: market data seen, the active venue, and whether it is stale. */
  health(): FeedHealth {
    const stale = [...this.staleShards.values()].filter(({ shard, exchange }) => (this.activeByShard.get(shard) ?? this.options.primary) === exchange);
    return { marketEvents: this.eventsIn, staleActive: stale.map(({ shard, exchange }) => (shard === '' ? { exchange } : { exchange, shard })) };
  }

  private onStatus(status: FeedStatus): void {
    const { metrics, logger } = this.options;
    const { exchange, state } = status;
    // A shard's first status comes from the venue it starts on (a fallback's events are not forwarded before it takes over);
    // a shard's status about no instruments at all says it was retired.
    if (status.shard !== undefined && status.instruments?.length === 0) this.retireShard(status.shard);
    else if (status.shard !== undefined && !this.activeByShard.has(status.shard)) this.registerShard(status.shard, exchange);
    this.shards.observe(status);
    switch (state) {
      case 'retry_scheduled':
        metrics.reconnects.inc({ exchange });
        break;
      case 'feed_stale':
        if (status.symbol === undefined) this.staleShards.set(shardKey(exchange, status.shard), { shard: status.shard ?? '', exchange });
        metrics.stalePeriods.inc({ exchange });
        break;
      case 'feed_recovered':
        if (status.symbol === undefined) this.staleShards.delete(shardKey(exchange, status.shard));
        break;
      case 'duplicate_dropped':
        metrics.duplicatesDropped.inc({ exchange });
        break;
      case 'gap':
        metrics.gaps.inc({ exchange });
        break;
      case 'gap_repaired':
        metrics.gapRepairs.inc({ exchange, outcome: 'repaired' });
        break;
      // The reason starts with why: `history: the venue's history ended at ...`.
      case 'gap_unrepaired':
        metrics.gapRepairs.inc({ exchange, outcome: unrepairedOutcome(status.reason) });
        break;
      case 'geo_blocked':
        metrics.geoBlocks.inc({ exchange });
        break;
      // The reason starts with the kind: `gap: expected u 43, got 45`, `crossed: ...`.
      case 'book_resync':
        metrics.bookResyncs.inc({ exchange, reason: status.reason.split(':')[0] ?? 'unknown' });
        break;
      case 'data_mismatch':
        metrics.dataMismatches.inc({ exchange });
        break;
      case 'failover':
      case 'switch_back':
        this.switchTo(status);
        break;
      default:
        break;
    }
    if (state === 'duplicate_dropped') {
      logger.debug({ status }, state);
      return;
    }
    const level = WARN_STATES.has(state) ? 'warn' : 'info';
    const about = status.symbol ?? status.shard;
    logger[level]({ status }, `${exchange}${about === undefined ? '' : ` ${about}`}: ${state}${status.reason === '' ? '' : ` (${status.reason})`}`);
  }

  private retireShard(shard: string): void {
    const before = this.activeCounts();
    this.activeByShard.delete(shard);
    for (const key of [...this.staleShards.keys()]) if (this.staleShards.get(key)?.shard === shard) this.staleShards.delete(key);
    const after = this.activeCounts();
    for (const exchange of before.keys()) this.options.metrics.activeVenue.set({ exchange }, after.get(exchange) ?? 0);
  }

  private registerShard(shard: string, exchange: ExchangeId): void {
    this.activeByShard.set(shard, exchange);
    for (const [venue, count] of this.activeCounts()) this.options.metrics.activeVenue.set({ exchange: venue }, count);
    if (exchange !== this.options.primary && !this.activeCounts().has(this.options.primary))
      this.options.metrics.activeVenue.set({ exchange: this.options.primary }, 0);
  }

  private switchTo(status: FeedStatus): void {
    const to = status.toExchange;
    if (to === undefined) return;
    const { metrics } = this.options;
    const shard = status.shard ?? '';
    metrics.failovers.inc({ from: status.fromExchange ?? 'none', to, state: status.state });
    const before = this.activeCounts();
    this.activeByShard.set(shard, to);
    this.staleShards.delete(shardKey(to, status.shard));
    const after = this.activeCounts();
    for (const exchange of new Set([...before.keys(), ...after.keys()])) metrics.activeVenue.set({ exchange }, after.get(exchange) ?? 0);
  }
}

const shardKey = (exchange: ExchangeId, shard: string | undefined): string => `${exchange}\u0000${shard ?? ''}`;

/** The outcome label of a `gap_unrepaired` status: its reason's first word when it is one of `UNREPAIRED_REASONS`. */
function unrepairedOutcome(reason: string): string {
  const why = reason.split(':')[0] ?? '';
  return (UNREPAIRED_REASONS as readonly string[]).includes(why) ? why : 'unknown';
}
