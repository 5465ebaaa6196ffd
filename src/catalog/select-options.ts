import { expiryDay, type Instrument, type VenueListing } from '../model/instrument.js';
import type { EpochMillis, ExchangeId } from '../model/market-record.js';

/**
 * Which expiries of the followed underlyings are followed: `all` that are listed, those within `days` of
 * now (`7d`: today's and this week's), or the given expiry days (`20261226`, UTC).
 */
export type ExpiryFilter =
  { readonly kind: 'all' } | { readonly kind: 'within'; readonly days: number } | { readonly kind: 'days'; readonly days: readonly string[] };

/** The options followed: every listed option of these underlyings (`all`: of every underlying) whose expiry passes `expiries`. */
export interface OptionSelection {
  readonly underlyings: readonly string[] | 'all';
  readonly expiries: ExpiryFilter;
}

/** What `market-feed run` follows of the option market unless told otherwise: BTC's and ETH's whole chains. */
export const DEFAULT_OPTION_SELECTION: OptionSelection = { underlyings: ['BTC', 'ETH'], expiries: { kind: 'all' } };

const DAY_MS = 86_400_000;

/** Whether an option listing is followed at `now`: its underlying chosen, not expired, and its expiry passing the filter. */
export function optionFollowed(listing: Pick<VenueListing, 'base' | 'expiryTs'>, selection: OptionSelection, now: EpochMillis): boolean {
  const { expiryTs } = listing;
  if (expiryTs === undefined || expiryTs <= now) return false;
  if (selection.underlyings !== 'all' && !selection.underlyings.includes(listing.base)) return false;
  const { expiries } = selection;
  switch (expiries.kind) {
    case 'all':
      return true;
    case 'within':
      return expiryTs - now <= expiries.days * DAY_MS;
    case 'days':
      return expiries.days.includes(expiryDay(expiryTs));
  }
}

/**
 * The option instruments to follow (pure), in key order, each at the venues of `venues` that list it
 * trading, in their order: an option is its venue's own contract, so nothing stands in for it.
 */
export function selectOptions(
  instruments: Iterable<Instrument>,
  venues: readonly ExchangeId[],
  selection: OptionSelection,
  now: EpochMillis,
): readonly { readonly instrument: Instrument; readonly listings: readonly VenueListing[] }[] {
  const chosen: { readonly instrument: Instrument; readonly listings: readonly VenueListing[] }[] = [];
  for (const instrument of instruments) {
    if (instrument.market !== 'option') continue;
    const listings = venues.flatMap((venue) => {
      const listing = instrument.listings[venue];
      return listing?.state === 'trading' && optionFollowed(listing, selection, now) ? [listing] : [];
    });
    if (listings.length > 0) chosen.push({ instrument, listings });
  }
  return chosen;
}

/** Reads `--option-expiries`: `all`, `<N>d` (within N days), or expiry days `YYYYMMDD[,YYYYMMDD...]`. */
export function parseExpiryFilter(raw: string): ExpiryFilter | undefined {
  const text = raw.trim().toLowerCase();
  if (text === 'all') return { kind: 'all' };
  const within = /^(\d{1,4})d$/.exec(text);
  if (within !== null) {
    const days = Number(within[1]);
    return days >= 1 ? { kind: 'within', days } : undefined;
  }
  const days = text.split(',').map((day) => day.trim());
  const valid = days.every((day) => {
    const ts = /^\d{8}$/.test(day) ? Date.parse(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T00:00:00Z`) : Number.NaN;
    return !Number.isNaN(ts) && expiryDay(ts) === day;
  });
  return days.length > 0 && valid ? { kind: 'days', days } : undefined;
}

/** An expiry filter as `--option-expiries` spells it. */
export function expiryFilterText(filter: ExpiryFilter): string {
  return filter.kind === 'all' ? 'all' : filter.kind === 'within' ? `${filter.days}d` : filter.days.join(',');
}
