import { DEFAULT_MAX_SYMBOLS } from '../operators/symbol-counters.js';
import { integer, option, type ConfigOption } from '../settings/config-option.js';

/** How much per-symbol state the pipeline holds. */
export const CAPACITY_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'limits.maxSymbols',
    env: 'MARKET_FEED_MAX_SYMBOLS',
    flag: 'max-symbols',
    default: DEFAULT_MAX_SYMBOLS,
    parse: integer(1, 1_000_000),
    description:
      'symbols the windowed stats, volume profiles, large trades and gap detection each hold state for at most (the default holds the whole market); ' +
      'past it, windows and profiles refuse new symbols (market_feed_symbols_refused_total, a warning naming them) and large trades and gaps forget the least recently traded (market_feed_symbols_evicted_total)',
  }),
];

/** The capacity settings of `run` (see `CAPACITY_OPTIONS`). */
export interface CapacitySettings {
  readonly maxSymbols: number;
}

/** The part of the `run` configuration `CAPACITY_OPTIONS` fills. */
export interface CapacityConfig {
  readonly limits: CapacitySettings;
}
