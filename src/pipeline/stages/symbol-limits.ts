import { DEFAULT_MAX_SYMBOLS, type SymbolCounters } from '../../operators/symbol-counters.js';
import type { MarketFeedSettings } from '../market-feed-settings.js';
import type { CapacityOperator, SymbolCapacity } from '../symbol-capacity.js';

/** Per-symbol state: `limits.maxSymbols` symbols per operator, what is refused or forgotten counted when asked. */
export interface SymbolLimits {
  readonly maxSymbols: number;
  /** An operator's bound, with its counters when the feed counts them. */
  of(operator: CapacityOperator, windowMs?: number): { readonly maxSymbols: number; readonly symbolCounters?: SymbolCounters };
}

export function symbolLimits(config: Pick<MarketFeedSettings, 'limits'>, capacity: SymbolCapacity | undefined): SymbolLimits {
  const maxSymbols = config.limits?.maxSymbols ?? DEFAULT_MAX_SYMBOLS;
  return {
    maxSymbols,
    of: (operator, windowMs) => (capacity === undefined ? { maxSymbols } : { maxSymbols, symbolCounters: capacity.counters(operator, windowMs) }),
  };
}
