import { instrumentKey, type Instrument, type InstrumentKey } from '../model/instrument.js';
import type { ExchangeId } from '../model/market-record.js';
import type { InstrumentCatalog } from './catalog-event.js';
import { instrumentMatcher } from './instrument-pattern.js';
import { protocolFor } from '../exchanges/protocol-registry.js';
import { venueSymbolOf } from '../exchanges/venue-symbol.js';

/** `coins`: the configured coins at one quote (today's behaviour); `all`: every listed instrument at the given quotes. */
export const UNIVERSE_KINDS = ['coins', 'all'] as const;
export type UniverseKind = (typeof UNIVERSE_KINDS)[number];

/** What `market-feed run` follows unless told otherwise: the configured coins. */
export const DEFAULT_UNIVERSE_KIND: UniverseKind = 'coins';

/** The defaults of an `all` selection: USDT pairs, nothing included or excluded by name. */
export const DEFAULT_ALL_SELECTION = { quotes: ['USDT'], include: [], exclude: [] } as const satisfies Omit<AllSelection, 'kind'>;

export interface CoinsSelection {
  readonly kind: 'coins';
  /** Base assets, e.g. `BTC`. */
  readonly coins: readonly string[];
  readonly quote: string;
}

export interface AllSelection {
  readonly kind: 'all';
  /** Quote assets, e.g. `USDT`, `USDC`. */
  readonly quotes: readonly string[];
  /** When not empty, only instruments one of these patterns matches (`instrumentMatcher`: bases, keys, `*`, `?`). */
  readonly include?: readonly string[];
  /** Instruments any of these patterns matches are left out. */
  readonly exclude?: readonly string[];
}

export type UniverseSelection = CoinsSelection | AllSelection;

/** One instrument to follow and where. */
export interface SelectedInstrument {
  readonly key: InstrumentKey;
  readonly base: string;
  readonly quote: string;
  /** The venues to read it from, in failover order: its primary first. Never empty. */
  readonly venues: readonly ExchangeId[];
  /** Its symbol at each of `venues`. */
  readonly symbols: Readonly<Partial<Record<ExchangeId, string>>>;
  /** The primary's tick size (for volume profile rows); absent when the primary's list was not read. */
  readonly tickSize?: number;
}

/**
 * The instruments a selection follows (pure). `coins`: each coin at `quote`, in the order given,
 * at every venue that lists it trading; a venue whose list was never read (no catalog, or the
 * venue unavailable) is assumed to list it under its usual spelling (`BTCUSDT`, `BTC-USD`), as before lists were read. `all`: every
 * instrument at one of `quotes` that some venue lists trading, filtered by `include` and `exclude`,
 * in key order. Venues that list an instrument only halted are left out of its `venues`; an
 * instrument with no trading venue is not selected.
 */
export function selectInstruments(catalog: InstrumentCatalog, selection: UniverseSelection): readonly SelectedInstrument[] {
  return selection.kind === 'coins' ? selectCoins(catalog, selection) : selectAll(catalog, selection);
}

function selectCoins(catalog: InstrumentCatalog, { coins, quote }: CoinsSelection): readonly SelectedInstrument[] {
  const upperQuote = quote.toUpperCase();
  const read = (venue: ExchangeId) => catalog.health[venue]?.listedAt !== undefined;
  return [...new Set(coins.map((coin) => coin.toUpperCase()))].flatMap((coin) => {
    const key = instrumentKey(coin, upperQuote);
    const instrument = catalog.instruments.get(key);
    const symbols: Partial<Record<ExchangeId, string>> = {};
    const venues = catalog.venues.filter((venue) => {
      const listing = instrument?.listings[venue];
      if (read(venue) && listing?.state !== 'trading') return false;
      symbols[venue] = listing?.symbol ?? venueSymbolOf(protocolFor(venue), coin, upperQuote);
      return true;
    });
    return selected(key, coin, upperQuote, venues, symbols, instrument);
  });
}

function selectAll(catalog: InstrumentCatalog, selection: AllSelection): readonly SelectedInstrument[] {
  const quotes = new Set(selection.quotes.map((quote) => quote.toUpperCase()));
  const included = (selection.include ?? []).length === 0 ? () => true : instrumentMatcher(selection.include ?? []);
  const excluded = instrumentMatcher(selection.exclude ?? []);
  return [...catalog.instruments.values()].flatMap((instrument) => {
    if (!quotes.has(instrument.quote) || !included(instrument) || excluded(instrument)) return [];
    const symbols: Partial<Record<ExchangeId, string>> = {};
    const venues = catalog.venues.filter((venue) => {
      const listing = instrument.listings[venue];
      if (listing?.state !== 'trading') return false;
      symbols[venue] = listing.symbol;
      return true;
    });
    return selected(instrument.key, instrument.base, instrument.quote, venues, symbols, instrument);
  });
}

function selected(
  key: InstrumentKey,
  base: string,
  quote: string,
  venues: readonly ExchangeId[],
  symbols: Partial<Record<ExchangeId, string>>,
  instrument: Instrument | undefined,
): readonly SelectedInstrument[] {
  const primary = venues[0];
  if (primary === undefined) return [];
  const tickSize = instrument?.listings[primary]?.tickSize;
  return [{ key, base, quote, venues, symbols, ...(tickSize === undefined ? {} : { tickSize }) }];
}
