/**
 * Most symbols an operator keeps state for, by default: the whole spot market of the venues (about
 * 2,600 instruments on Bybit and Binance together) with room for the lists to grow.
 */
export const DEFAULT_MAX_SYMBOLS = 10_000;

/** Names of refused symbols held for the next report at most; later ones are counted only. */
export const UNREPORTED_NAMES_KEPT = 20;

/**
 * Counts kept by an operator whose per-symbol state holds at most `maxSymbols` symbols; pass an
 * object in to read them (e.g. for metrics and a warning).
 */
export interface SymbolCounters {
  /** Symbols given no state because `maxSymbols` were held already: their trades are ignored. Each symbol is counted once. */
  refused: number;
  /** Symbols whose state was forgotten to make room for another (the least recently traded). */
  evicted: number;
  /**
   * Symbols refused since the last report, in order, at most {@link UNREPORTED_NAMES_KEPT}: the
   * reader empties it (a symbol refused when it is full is counted in `refused` only).
   */
  readonly unreported: string[];
}

/** Counters starting at zero. */
export function symbolCounters(): SymbolCounters {
  return { refused: 0, evicted: 0, unreported: [] };
}

/** Refused symbols remembered (so that each is counted once) before the memory starts afresh. */
const REFUSALS_REMEMBERED = DEFAULT_MAX_SYMBOLS;

/**
 * Counts each refused symbol once into `counters`. It remembers {@link REFUSALS_REMEMBERED}
 * refused symbols at most: past that it starts afresh, so a symbol refused long ago may be counted
 * again rather than the memory of refusals growing without bound.
 */
export class SymbolRefusals {
  private readonly seen = new Set<string>();

  constructor(private readonly counters: SymbolCounters) {}

  refuse(symbol: string): void {
    if (this.seen.has(symbol)) return;
    if (this.seen.size >= REFUSALS_REMEMBERED) this.seen.clear();
    this.seen.add(symbol);
    this.counters.refused += 1;
    if (this.counters.unreported.length < UNREPORTED_NAMES_KEPT) this.counters.unreported.push(symbol);
  }
}
