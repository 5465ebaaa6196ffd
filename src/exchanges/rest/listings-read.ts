import type { VenueListing } from '../../model/instrument.js';

/** An entry of a venue's list that could not be used (no tick size, a bad number): skipped and counted, never fatal to the list. */
export interface SkippedEntry {
  /** Where in the body, e.g. `$.symbols[3].filters`. */
  readonly path: string;
  readonly problem: string;
}

/** One read of a venue's instrument list: the usable listings and the entries skipped. */
export interface ListingsRead {
  readonly listings: readonly VenueListing[];
  readonly skipped: readonly SkippedEntry[];
}
