import { Counter, type Registry } from 'prom-client';
import type { ListingSweepCount } from '../operators/listing-sweep-counters.js';

/** Where the metrics find the listing sweeps' counts when scraped. */
export interface ListingSweepSource {
  entries(): Iterable<ListingSweepCount>;
}

/**
 * `market_feed_listing_sweeps_total{exchange,outcome}`: the symbols listed during the run whose trades before
 * their first record were swept from the venue, by how the sweep ended (read, unread, stopped), read from the
 * sweeps' counters when scraped.
 */
export class ListingSweepMetrics {
  private source: ListingSweepSource | undefined;

  constructor(registry: Registry) {
    const entries = (): Iterable<ListingSweepCount> => this.source?.entries() ?? [];
    new Counter({
      name: 'market_feed_listing_sweeps_total',
      help: "Symbols listed during the run whose trades before their first record were looked for in the venue's history, by outcome: read (whatever they held), unread (the venue's error), stopped (the pipeline stopped first)",
      labelNames: ['exchange', 'outcome'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const { exchange, outcome, listings } of entries()) this.inc({ exchange, outcome }, listings);
      },
    });
  }

  /** Reads these counts at every scrape from now on. */
  watch(source: ListingSweepSource): void {
    this.source = source;
  }
}
