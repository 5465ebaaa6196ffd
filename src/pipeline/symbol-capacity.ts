import type { Logger } from 'pino';
import type { OperatorCapacity, SymbolCapacitySource } from '../metrics/symbol-capacity-metrics.js';
import { symbolCounters, type SymbolCounters } from '../operators/symbol-counters.js';

/** The operators whose per-symbol state is bounded by `limits.maxSymbols`. */
export type CapacityOperator = 'windowed_stats' | 'volume_profile' | 'large_trades' | 'detect_gaps';

/** Those that refuse new symbols when full; the others forget the least recently traded. */
const REFUSING: ReadonlySet<CapacityOperator> = new Set(['windowed_stats', 'volume_profile']);

interface Entry extends OperatorCapacity {
  /** `evicted` when the last warning was logged. */
  evictedWarned: number;
  /** `refused` when the last warning was logged. */
  refusedWarned: number;
}

/**
 * The counters of every capacity-bound operator of one pipeline, one set per operator instance
 * (`windowed_stats_1s`, `windowed_stats_1m`, `volume_profile_1h`, `large_trades`, `detect_gaps`):
 * the metrics read them when scraped, and {@link warn} logs what was refused or forgotten since
 * its last call.
 */
export class SymbolCapacity implements SymbolCapacitySource {
  private readonly entries = new Map<string, Entry>();

  /** The counters of `operator` (of its `windowMs` windows, for windows and profiles), created on first use. */
  counters(operator: CapacityOperator, windowMs?: number): SymbolCounters {
    const label = windowMs === undefined ? operator : `${operator}_${durationLabel(windowMs)}`;
    let entry = this.entries.get(label);
    if (entry === undefined) {
      entry = { operator: label, refuses: REFUSING.has(operator), counters: symbolCounters(), evictedWarned: 0, refusedWarned: 0 };
      this.entries.set(label, entry);
    }
    return entry.counters;
  }

  operators(): Iterable<OperatorCapacity> {
    return this.entries.values();
  }

  /**
   * One warning per operator that refused symbols (naming the first of them: each symbol is named
   * once) or forgot some since the last call; nothing otherwise. Called on a timer, so a flood of
   * refusals is one line per period, not one per trade.
   */
  warn(logger: Logger): void {
    for (const entry of this.entries.values()) {
      const { operator, counters } = entry;
      const refused = counters.refused - entry.refusedWarned;
      if (refused > 0) {
        const symbols = counters.unreported.splice(0);
        const more = refused - symbols.length;
        logger.warn(
          { operator, symbols, refused, refusedTotal: counters.refused },
          `${operator}: no room for ${refused} more symbol(s), their trades are left out (raise limits.maxSymbols): ${symbols.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
        );
        entry.refusedWarned = counters.refused;
      }
      const evicted = counters.evicted - entry.evictedWarned;
      if (evicted > 0) {
        logger.warn(
          { operator, evicted, evictedTotal: counters.evicted },
          `${operator}: forgot ${evicted} symbol(s) to make room for others (raise limits.maxSymbols)`,
        );
        entry.evictedWarned = counters.evicted;
      }
    }
  }
}

/** `1s`, `1m`, `1h`, `250ms`: a window length as an operator label suffix. */
function durationLabel(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
