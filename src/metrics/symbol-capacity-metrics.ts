import { Counter, type Registry } from 'prom-client';
import type { SymbolCounters } from '../operators/symbol-counters.js';

/** One operator's per-symbol capacity counters, as the metrics read them. */
export interface OperatorCapacity {
  /** The `operator` label, e.g. `windowed_stats_1s`, `large_trades`. */
  readonly operator: string;
  /** Whether the operator refuses symbols past its capacity (windows, profiles) rather than forgetting the least recent (large trades, gaps). */
  readonly refuses: boolean;
  readonly counters: SymbolCounters;
}

/** Where the metrics find the operators' counters when scraped. */
export interface SymbolCapacitySource {
  operators(): Iterable<OperatorCapacity>;
}

/**
 * `market_feed_symbols_refused_total{operator}` and `market_feed_symbols_evicted_total{operator}`:
 * symbols an operator gave no state because it was full, and symbols whose state it dropped to make
 * room, read from the operators' counters when scraped (no cost per trade). An operator that refuses
 * has a refused series only, one that evicts an evicted series only.
 */
export class SymbolCapacityMetrics {
  private source: SymbolCapacitySource | undefined;

  constructor(registry: Registry) {
    const operators = (): Iterable<OperatorCapacity> => this.source?.operators() ?? [];
    new Counter({
      name: 'market_feed_symbols_refused_total',
      help: 'Symbols an operator gave no state because it held limits.maxSymbols already (windowed stats, volume profiles): their trades are left out of its records',
      labelNames: ['operator'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const { operator, refuses, counters } of operators()) if (refuses) this.inc({ operator }, counters.refused);
      },
    });
    new Counter({
      name: 'market_feed_symbols_evicted_total',
      help: 'Symbols whose state an operator forgot to make room, the least recently traded first (large trades: its rolling mean; gap detection: its last trade id)',
      labelNames: ['operator'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const { operator, refuses, counters } of operators()) if (!refuses) this.inc({ operator }, counters.evicted);
      },
    });
  }

  /** Reads these operators' counters at every scrape from now on. */
  watch(source: SymbolCapacitySource): void {
    this.source = source;
  }
}
