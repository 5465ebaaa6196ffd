import { Gauge, type Registry } from 'prom-client';
import type { ExchangeId } from '../model/index.js';

/**
 * What a connection shard is doing: `connecting` (its socket opening, or reconnecting after it
 * dropped), `subscribed` (on the first venue of its failover order, delivering), `stale` (its active
 * venue went silent), `failed_over` (delivering from a venue further down its order), `down` (every
 * venue of its order failed; retried with back-off).
 */
export const SHARD_STATES = ['connecting', 'subscribed', 'stale', 'failed_over', 'down'] as const;
export type ShardState = (typeof SHARD_STATES)[number];

/** One shard as its statuses show it. */
export interface ShardView {
  readonly shard: string;
  readonly state: ShardState;
  /** The venue it reads from now. */
  readonly exchange: ExchangeId;
  /** Instruments it serves, as its latest status named them. */
  readonly instruments: number;
  /** Whether its socket to the active venue is open. */
  readonly socketOpen: boolean;
}

/** Where the metrics find the shards when scraped. */
export interface ShardSource {
  views(): Iterable<ShardView>;
}

/**
 * Per shard and per venue, read from the shards' states when scraped: `market_feed_shard_state{shard,
 * state}` (1 for the shard's state, 0 for the others), `market_feed_shard_instruments{shard}`,
 * `market_feed_shard_active_venue{shard, exchange}` (1 for the venue it reads from) and
 * `market_feed_venue_sockets{exchange}` (the shards' open sockets to each venue). Labels are shards
 * (a few dozen at most), venues and states, never instruments.
 */
export class ShardMetrics {
  private source: ShardSource | undefined;
  /** Venues that had a shard on them: their socket count stays on /metrics (as 0) once they have none. */
  private readonly venues = new Set<ExchangeId>();

  constructor(registry: Registry) {
    const views = (): readonly ShardView[] => [...(this.source?.views() ?? [])];
    const venues = this.venues;
    new Gauge({
      name: 'market_feed_shard_state',
      help: `1 for the state each connection shard is in, 0 for the others: ${SHARD_STATES.join(', ')}`,
      labelNames: ['shard', 'state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) for (const state of SHARD_STATES) this.set({ shard: view.shard, state }, state === view.state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'market_feed_shard_instruments',
      help: 'Instruments each connection shard serves',
      labelNames: ['shard'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) this.set({ shard: view.shard }, view.instruments);
      },
    });
    new Gauge({
      name: 'market_feed_shard_active_venue',
      help: 'The venue each connection shard reads from now (1)',
      labelNames: ['shard', 'exchange'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const view of views()) this.set({ shard: view.shard, exchange: view.exchange }, 1);
      },
    });
    new Gauge({
      name: 'market_feed_venue_sockets',
      help: "Open sockets to each venue: one per shard reading from it (a failover's candidates and switch-back probes are not counted)",
      labelNames: ['exchange'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const open = new Map<ExchangeId, number>();
        for (const view of views()) {
          venues.add(view.exchange);
          if (view.socketOpen) open.set(view.exchange, (open.get(view.exchange) ?? 0) + 1);
        }
        for (const exchange of venues) this.set({ exchange }, open.get(exchange) ?? 0);
      },
    });
  }

  /** Reads these shards at every scrape from now on. */
  watch(source: ShardSource): void {
    this.source = source;
  }
}
