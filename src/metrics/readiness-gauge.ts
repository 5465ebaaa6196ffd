import { Gauge, type Registry } from 'prom-client';

/** Whether the pipeline can serve fresh data, and if not, why. */
export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

/**
 * `market_feed_ready`: 1 when `/readyz` would answer 200, else 0, evaluated by the same function
 * when scraped (prom-client `collect`), so Prometheus sees what a probe of `/readyz` sees without a
 * second scrape target. Reads 0 until a readiness source is watched.
 */
export class ReadinessGauge {
  readonly gauge: Gauge;
  private read: (() => Readiness) | undefined;

  constructor(registry: Registry) {
    const read = (): Readiness | undefined => this.read?.();
    this.gauge = new Gauge({
      name: 'market_feed_ready',
      help: '1 when /readyz answers 200 (the active venue is delivering and not stale, and Kafka keeps up), else 0',
      registers: [registry],
      collect() {
        this.set(read()?.ready === true ? 1 : 0);
      },
    });
  }

  /** Evaluates this readiness at every scrape from now on. */
  watch(read: () => Readiness): void {
    this.read = read;
  }
}
