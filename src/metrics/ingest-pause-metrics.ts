import { Counter, type Registry } from 'prom-client';

/** What the ingest pacer reports: pause periods so far and their total length. */
export interface IngestPauseSource {
  readonly pauses: number;
  readonly pausedMs: number;
}

/**
 * `market_feed_ingest_pauses_total` and `market_feed_ingest_paused_seconds_total`: how often and
 * how long reading from the venues was paused because the sink was behind, read from the pacer
 * when scraped.
 */
export class IngestPauseMetrics {
  private source: IngestPauseSource | undefined;

  constructor(registry: Registry) {
    const read = (): IngestPauseSource | undefined => this.source;
    const mirror = (counter: Counter, value: number): void => {
      counter.reset();
      counter.inc(value);
    };
    new Counter({
      name: 'market_feed_ingest_pauses_total',
      help: 'Times reading from the venues paused because records waited for Kafka (Kafka reachable)',
      registers: [registry],
      collect() {
        mirror(this, read()?.pauses ?? 0);
      },
    });
    new Counter({
      name: 'market_feed_ingest_paused_seconds_total',
      help: 'Seconds reading from the venues was paused (ended pauses)',
      registers: [registry],
      collect() {
        mirror(this, (read()?.pausedMs ?? 0) / 1000);
      },
    });
  }

  /** Reads this pacer at every scrape from now on. */
  watch(source: IngestPauseSource): void {
    this.source = source;
  }
}
