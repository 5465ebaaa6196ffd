import { listingKey, type VenueListing, type VenueListings } from '../model/instrument.js';
import type { EpochMillis } from '../model/market-record.js';

export interface ListingsJudgeConfig {
  /** Share (0 to 1) of the venue's trading instruments that may leave its list in one read. Default 0.2. */
  readonly maxDropShare: number;
  /** Reads in a row showing a larger drop after which it is believed (a real mass delisting). Default 3. */
  readonly acceptDropAfterReads: number;
}

export const DEFAULT_LISTINGS_JUDGE_CONFIG = { maxDropShare: 0.2, acceptDropAfterReads: 3 } as const satisfies ListingsJudgeConfig;

/** Whether a list read is believed: `drop` marks a refusal for too many instruments gone at once. */
export type ListingsVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly drop: boolean };

/**
 * Decides whether a venue's new list replaces its last good one. Refused: an empty list, and a
 * list from which more than `maxDropShare` of the previously trading instruments are gone at once
 * (a venue in maintenance or a truncated answer looks like that), unless this is the
 * `acceptDropAfterReads`-th such read in a row (`dropsBefore` counts the earlier ones). Instruments whose
 * expiry is past at `now` (a day's options, a quarter's futures) are not counted as gone.
 */
export function judgeListings(
  previous: VenueListings | undefined,
  next: readonly VenueListing[],
  dropsBefore: number,
  config: ListingsJudgeConfig,
  now: EpochMillis = Number.NEGATIVE_INFINITY,
): ListingsVerdict {
  if (next.length === 0) return { ok: false, reason: 'the list is empty', drop: false };
  if (previous === undefined) return { ok: true };
  const present = new Set(next.map((listing) => listingKey(listing)));
  // An instrument past its expiry is gone as it should be: it never counts as vanished.
  const trading = previous.listings.filter((listing) => listing.state === 'trading' && !(listing.expiryTs !== undefined && listing.expiryTs <= now));
  const gone = trading.filter((listing) => !present.has(listingKey(listing))).length;
  if (trading.length === 0 || gone / trading.length <= config.maxDropShare) return { ok: true };
  if (dropsBefore + 1 >= config.acceptDropAfterReads) return { ok: true };
  const share = `${((100 * gone) / trading.length).toFixed(1)} %`;
  return {
    ok: false,
    reason: `${gone} of ${trading.length} trading instruments gone at once (${share}, more than ${Number((100 * config.maxDropShare).toFixed(6))} %)`,
    drop: true,
  };
}
