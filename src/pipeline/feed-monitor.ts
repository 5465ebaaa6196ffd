import type { Logger } from 'pino';
import type { FeedMetrics } from '../metrics/feed-metrics.js';
import type { CounterSlot } from '../metrics/tally-counter.js';
import type { TallySlot } from '../metrics/tally-histogram.js';
import type { ExchangeId, FeedEvent, FeedStatus, InvalidFrame } from '../model/index.js';
import type { FeedHealth } from './readiness.js';

/** States logged at warn: something is wrong with the feed. */
const WARN_STATES = new Set<FeedStatus['state']>(['feed_stale', 'failover', 'gap', 'geo_blocked', 'retries_exhausted', 'all_sources_down', 'disconnected', 'data_mismatch']);

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
 * tracks the active venue and each symbol's last event, and keeps the facts readiness is judged on
 * (`health()`, judged by `readinessOf`).
 */
export class FeedMonitor {
  private readonly clock: () => number;
  private readonly lastEventAt = new Map<string, number>();
  private readonly staleVenues = new Set<ExchangeId>();
  private readonly slots = new Map<ExchangeId, Map<string, EventSlots>>();
  private active: ExchangeId;
  private eventsIn = 0;
  private invalidFrames = 0;

  constructor(private readonly options: FeedMonitorOptions) {
    this.clock = options.clock ?? Date.now;
    this.active = options.primary;
    options.metrics.activeVenue.set({ exchange: options.primary }, 1);
    options.metrics.lastEventAge.reset();
  }

  get activeExchange(): ExchangeId {
    return this.active;
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
    metrics.exchangeToReceive.record(slots.lag, Math.max(0, event.receivedTs - event.exchangeTs) / 1000);
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
    return { marketEvents: this.eventsIn, activeVenue: this.active, activeStale: this.staleVenues.has(this.active) };
  }

  private onStatus(status: FeedStatus): void {
    const { metrics, logger } = this.options;
    const { exchange, state } = status;
    switch (state) {
      case 'retry_scheduled': metrics.reconnects.inc({ exchange }); break;
      case 'feed_stale': if (status.symbol === undefined) this.staleVenues.add(exchange); metrics.stalePeriods.inc({ exchange }); break;
      case 'feed_recovered': if (status.symbol === undefined) this.staleVenues.delete(exchange); break;
      case 'duplicate_dropped': metrics.duplicatesDropped.inc({ exchange }); break;
      case 'gap': metrics.gaps.inc({ exchange }); break;
      case 'geo_blocked': metrics.geoBlocks.inc({ exchange }); break;
      // The reason starts with the kind: `gap: expected u 43, got 45`, `crossed: ...`.
      case 'book_resync': metrics.bookResyncs.inc({ exchange, reason: status.reason.split(':')[0] ?? 'unknown' }); break;
      case 'data_mismatch': metrics.dataMismatches.inc({ exchange }); break;
      case 'failover':
      case 'switch_back': this.switchTo(status); break;
      default: break;
    }
    if (state === 'duplicate_dropped') {
      logger.debug({ status }, state);
      return;
    }
    const level = WARN_STATES.has(state) ? 'warn' : 'info';
    logger[level]({ status }, `${exchange}${status.symbol === undefined ? '' : ` ${status.symbol}`}: ${state}${status.reason === '' ? '' : ` (${status.reason})`}`);
  }

  private switchTo(status: FeedStatus): void {
    const to = status.toExchange;
    if (to === undefined) return;
    const { metrics } = this.options;
    metrics.failovers.inc({ from: status.fromExchange ?? 'none', to, state: status.state });
    metrics.activeVenue.set({ exchange: this.active }, 0);
    metrics.activeVenue.set({ exchange: to }, 1);
    this.active = to;
    this.staleVenues.delete(to);
  }
}
