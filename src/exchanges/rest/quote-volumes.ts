import type { SkippedEntry } from './listings-read.js';

/** 24 h traded value in the quote asset per venue symbol (`BTCUSDT` -> 243765620.66), for ranking instruments. */
export interface QuoteVolumes {
  readonly volumes: ReadonlyMap<string, number>;
  readonly skipped: readonly SkippedEntry[];
}
