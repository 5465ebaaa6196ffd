import { instrumentKey, marketQuote, type Instrument, type InstrumentKey, type Market, type VenueListing } from '../model/instrument.js';
import type { EpochMillis, ExchangeId } from '../model/market-record.js';
import type { InstrumentCatalog } from './catalog-event.js';
import { instrumentMatcher } from './instrument-pattern.js';
import { protocolFor } from '../exchanges/protocol-registry.js';
import { venueSymbolOf } from '../exchanges/venue-symbol.js';
import { marketOf } from '../exchanges/venues.js';
import { DEFAULT_OPTION_SELECTION, selectOptions, type OptionSelection } from './select-options.js';

/** `coins`: the configured coins at one quote (today's behaviour); `all`: every listed instrument at the given quotes. */
export const UNIVERSE_KINDS = ['coins', 'all'] as const;
export type UniverseKind = (typeof UNIVERSE_KINDS)[number];

/** What `market-feed run` follows unless told otherwise: the configured coins. */
export const DEFAULT_UNIVERSE_KIND: UniverseKind = 'coins';

/** The defaults of an `all` selection: USDT pairs, nothing included or excluded by name. */
export const DEFAULT_ALL_SELECTION = { quotes: ['USDT'], include: [], exclude: [] } as const satisfies Omit<AllSelection, 'kind'>;

/**
 * Quotes that may stand in for one another, in order of preference (`USDT`, `USD`, `USDC`): a venue
 * that does not list an instrument trading at its own quote, when that quote is one of them, serves
 * it by its listing of the same base at the first of them it lists trading (Coinbase's `BTC-USD`
 * for `BTC-USDT`). Empty or absent: nothing crosses quotes.
 */
export interface QuoteEquivalence {
  readonly equivalentQuotes?: readonly string[];
  /** The options followed where an option venue is (absent: `DEFAULT_OPTION_SELECTION`, BTC's and ETH's whole chains). */
  readonly options?: OptionSelection;
}

export interface CoinsSelection extends QuoteEquivalence {
  readonly kind: 'coins';
  /** Base assets, e.g. `BTC`. */
  readonly coins: readonly string[];
  readonly quote: string;
}

export interface AllSelection extends QuoteEquivalence {
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
  /** What it is followed as: its canonical key, or for an option its venue's and its key (`okx_options:BTC-USD-20261127-56000-C`). */
  readonly key: InstrumentKey;
  /**
   * The canonical key its records carry where `key` is not it: an option is followed at each of its
   * venues apart (`okx_options:BTC-USD-...` and `deribit_options:BTC-USD-...` both publish `BTC-USD-...`).
   */
  readonly recordKey?: InstrumentKey;
  readonly base: string;
  readonly quote: string;
  /** The venues to read it from, in failover order: its primary first. Never empty. */
  readonly venues: readonly ExchangeId[];
  /** Its symbol at each of `venues`. */
  readonly symbols: Readonly<Partial<Record<ExchangeId, string>>>;
  /**
   * The venue's own quote at each of `venues` that serves it by a listing at an equivalent quote
   * (`{ coinbase: 'USD' }` for `BTC-USDT` served by Coinbase's `BTC-USD`); absent when none does.
   */
  readonly venueQuotes?: Readonly<Partial<Record<ExchangeId, string>>>;
  /** The primary's tick size (for volume profile rows); absent when the primary's list was not read. */
  readonly tickSize?: number;
  /**
   * Base asset per contract at each of `venues` that sizes in contracts (OKX swaps' `ctVal`), from its
   * list; absent when none does (or no such list was read).
   */
  readonly contractValues?: Readonly<Partial<Record<ExchangeId, number>>>;
}

/**
 * The instruments a selection follows (pure), per market of the catalog's venues (in the order of
 * each market's first venue), each served only by its market's venues. `coins`: each coin at `quote`, in the order given,
 * at every venue that lists it trading; a venue whose list was never read (no catalog, or the
 * venue unavailable) is assumed to list it under its usual spelling (`BTCUSDT`, `BTC-USD`), as before lists were read. `all`: every
 * instrument at one of `quotes` that some venue lists trading, filtered by `include` and `exclude`,
 * in key order. Venues that list an instrument only halted are left out of its `venues`; an
 * instrument with no trading venue is not selected. With `equivalentQuotes`, a venue that does not
 * list an instrument trading serves it by its listing of the base at an equivalent quote, unless
 * that listing is followed as an instrument of its own (`all` with both quotes): a listing serves
 * one instrument.
 */
export function selectInstruments(
  catalog: InstrumentCatalog,
  selection: UniverseSelection,
  now: EpochMillis = listedAt(catalog),
): readonly SelectedInstrument[] {
  const markets = marketsOf(catalog.venues);
  const optionVenues = markets.find(({ market }) => market === 'option')?.venues ?? [];
  const others = markets.filter(({ market }) => market !== 'option');
  const chosen =
    selection.kind === 'coins' ? others.flatMap(({ market, venues }) => selectCoins(catalog, market, venues, selection)) : selectAll(catalog, selection);
  return optionVenues.length === 0 ? chosen : [...chosen, ...selectedOptions(catalog, optionVenues, selection.options ?? DEFAULT_OPTION_SELECTION, now)];
}

/** The latest time a venue's list was read: the catalog's own now. */
function listedAt(catalog: InstrumentCatalog): EpochMillis {
  return Math.max(0, ...Object.values(catalog.health).map((health) => health?.listedAt ?? 0));
}

/**
 * The options a selection follows (options' own rule, whatever `--instruments` says: see `selectOptions`),
 * each at every venue of `venues` that lists it, apart: one venue's option is its own market (its
 * quotes, its marks, its trades), so the venues of the option market are followed together, never as
 * one another's fallback. Each is selected as its venue's (`okx_options:BTC-USD-...`), its records keyed
 * by the option.
 */
function selectedOptions(catalog: InstrumentCatalog, venues: readonly ExchangeId[], options: OptionSelection, now: EpochMillis): readonly SelectedInstrument[] {
  return selectOptions(catalog.instruments.values(), venues, options, now).flatMap(({ instrument, listings }) =>
    listings.flatMap((listing) => {
      const serving = new Serving();
      serving.add(listing.exchange, listing.symbol, listing);
      return serving.selected(`${listing.exchange}:${instrument.key}`, instrument.base, instrument.quote, instrument.key);
    }),
  );
}

/** The instrument being selected, as each venue serves it. */
class Serving {
  readonly venues: ExchangeId[] = [];
  readonly symbols: Partial<Record<ExchangeId, string>> = {};
  venueQuotes: Partial<Record<ExchangeId, string>> | undefined;
  contractValues: Partial<Record<ExchangeId, number>> | undefined;
  tickSize: number | undefined;

  /** `venue` serves it by `symbol` (at `quote` when that is not the instrument's), with the listing's tick size when read. */
  add(venue: ExchangeId, symbol: string, listing?: VenueListing, venueQuote?: string): void {
    if (this.venues.length === 0) this.tickSize = listing?.tickSize;
    this.venues.push(venue);
    this.symbols[venue] = symbol;
    if (venueQuote !== undefined) (this.venueQuotes ??= {})[venue] = venueQuote;
    if (listing?.contractValue !== undefined) (this.contractValues ??= {})[venue] = listing.contractValue;
  }

  selected(key: InstrumentKey, base: string, quote: string, recordKey?: InstrumentKey): readonly SelectedInstrument[] {
    if (this.venues.length === 0) return [];
    const { venues, symbols, venueQuotes, contractValues, tickSize } = this;
    return [
      {
        key,
        ...(recordKey === undefined ? {} : { recordKey }),
        base,
        quote,
        venues,
        symbols,
        ...(venueQuotes === undefined ? {} : { venueQuotes }),
        ...(tickSize === undefined ? {} : { tickSize }),
        ...(contractValues === undefined ? {} : { contractValues }),
      },
    ];
  }
}

/**
 * The listing by which `venue` serves `base` at `quote` when it does not list it trading: its listing
 * of `base` trading at the first quote of `equivalents` (when `quote` is one of them) that is not
 * followed as an instrument of its own.
 */
function standInListing(
  catalog: InstrumentCatalog,
  venue: ExchangeId,
  base: string,
  quote: string,
  equivalents: readonly string[],
  followed: (key: InstrumentKey) => boolean,
): VenueListing | undefined {
  if (!equivalents.includes(quote)) return undefined;
  for (const standIn of equivalents) {
    if (standIn === quote) continue;
    const key = instrumentKey(base, standIn, marketOf(venue));
    const listing = catalog.instruments.get(key)?.listings[venue];
    if (listing?.state === 'trading' && !followed(key)) return listing;
  }
  return undefined;
}

const upperCased = (quotes: readonly string[] | undefined): readonly string[] => (quotes ?? []).map((quote) => quote.toUpperCase());

function selectCoins(
  catalog: InstrumentCatalog,
  market: Market,
  venues: readonly ExchangeId[],
  { coins, quote, equivalentQuotes }: CoinsSelection,
): readonly SelectedInstrument[] {
  // An inverse contract is quoted in USD whatever the spot quote.
  const upperQuote = marketQuote(market, quote.toUpperCase());
  const equivalents = upperCased(equivalentQuotes);
  const read = (venue: ExchangeId) => catalog.health[venue]?.listedAt !== undefined;
  // One quote is followed: a listing at another is never an instrument of its own here.
  const followed = (): boolean => false;
  return [...new Set(coins.map((coin) => coin.toUpperCase()))].flatMap((coin) => {
    const key = instrumentKey(coin, upperQuote, market);
    const instrument = catalog.instruments.get(key);
    const serving = new Serving();
    for (const venue of venues) {
      const listing = instrument?.listings[venue];
      if (!read(venue) || listing?.state === 'trading') {
        serving.add(venue, listing?.symbol ?? venueSymbolOf(protocolFor(venue), coin, upperQuote), listing);
        continue;
      }
      const standIn = standInListing(catalog, venue, coin, upperQuote, equivalents, followed);
      if (standIn !== undefined) serving.add(venue, standIn.symbol, standIn, standIn.quote);
    }
    return serving.selected(key, coin, upperQuote);
  });
}

/** The markets of `venues`, in the order of their first venue, each with its venues in order. */
function marketsOf(venues: readonly ExchangeId[]): readonly { readonly market: Market; readonly venues: readonly ExchangeId[] }[] {
  const markets = [...new Set(venues.map(marketOf))];
  return markets.map((market) => ({ market, venues: venues.filter((venue) => marketOf(venue) === market) }));
}

function selectAll(catalog: InstrumentCatalog, selection: AllSelection): readonly SelectedInstrument[] {
  const quotes = new Set(selection.quotes.map((quote) => quote.toUpperCase()));
  const equivalents = upperCased(selection.equivalentQuotes);
  const included = (selection.include ?? []).length === 0 ? () => true : instrumentMatcher(selection.include ?? []);
  const excluded = instrumentMatcher(selection.exclude ?? []);
  // Options follow their own selection; an inverse contract is quoted in USD whatever --quotes says.
  const selected = (instrument: Instrument): boolean =>
    instrument.market !== 'option' && (instrument.market === 'inverse' || quotes.has(instrument.quote)) && included(instrument) && !excluded(instrument);
  const followed = (key: InstrumentKey): boolean => {
    const instrument = catalog.instruments.get(key);
    return instrument !== undefined && selected(instrument);
  };
  return [...catalog.instruments.values()].flatMap((instrument) => {
    if (!selected(instrument)) return [];
    const serving = new Serving();
    for (const venue of catalog.venues) {
      if (marketOf(venue) !== instrument.market) continue;
      const listing = instrument.listings[venue];
      if (listing?.state === 'trading') {
        serving.add(venue, listing.symbol, listing);
        continue;
      }
      if (equivalents.length === 0) continue;
      const standIn = standInListing(catalog, venue, instrument.base, instrument.quote, equivalents, followed);
      if (standIn !== undefined) serving.add(venue, standIn.symbol, standIn, standIn.quote);
    }
    return serving.selected(instrument.key, instrument.base, instrument.quote);
  });
}
