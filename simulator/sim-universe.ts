import { baseAssetNames } from './base-asset-names.js';
import { seededRandom } from './seeded-random.js';
import type { SimMarketSymbol } from './sim-listing.js';
import { START_PRICES } from './simulated-market.js';
import type { SimVenueId } from './sim-venue-id.js';

/**
 * Shares of a generated universe's instruments by where they are listed, between the venues that split
 * it (`GeneratedVenues.split`); weights, they need not sum to 1.
 */
export interface VenueShares {
  /** Listed on every venue that splits the universe. */
  readonly all: number;
  /** Listed on one venue alone, per venue; a venue not named lists nothing alone. */
  readonly only: Readonly<Partial<Record<SimVenueId, number>>>;
}

/** Where a generated universe is listed: the venues that split it, in order, and those that list what all of them list. */
export interface GeneratedVenues {
  readonly split: readonly SimVenueId[];
  readonly alongside: readonly SimVenueId[];
}

export interface SimUniverseConfig {
  /** Instruments (base-quote pairs) across the venues. */
  readonly instruments: number;
  /** Quote assets, most traded first. Default `USDT`, `USDC`. */
  readonly quotes: readonly string[];
  readonly seed: number;
  /**
   * Default 60 % on every venue that splits the universe, and each one's own share alone (its
   * definition's `listing.universe.only`); the 20 well-known coins' first pairs are on all of them.
   */
  readonly shares: VenueShares;
  /** Trades per second over every instrument of every venue together. Default 2000. */
  readonly tradesPerSecond: number;
  /** Exponent of the activity by rank (`1 / rank^s`): 1 gives the top symbol about 12 % of 2600 instruments' trades. Default 1. */
  readonly zipfExponent: number;
}

export const DEFAULT_SIM_UNIVERSE_CONFIG: Omit<SimUniverseConfig, 'instruments' | 'shares'> = {
  quotes: ['USDT', 'USDC'],
  seed: 1,
  tradesPerSecond: 2000,
  zipfExponent: 1,
};

/** The share of a generated universe listed on every venue that splits it, unless `shares` says otherwise. */
export const DEFAULT_SHARE_ON_ALL = 0.6;

/** One instrument of the universe: the figures each venue lists it with, and which venues do. */
export interface SimInstrument extends SimMarketSymbol {
  readonly quote: string;
  readonly venues: readonly SimVenueId[];
}

/** A share of activity per quote asset, most traded first (USDC pairs trade about a third of USDT's). */
const QUOTE_ACTIVITY = [1, 0.3, 0.15, 0.08];

/**
 * The instruments the simulated venues list: a fixed coin list at one quote (the `coins` mode: each
 * on every venue served, with the classic figures) or a generated universe of thousands (the
 * well-known coins first, then generated names, each with a price, a tick size and lot step that fit
 * it, a long-tailed trade rate by rank, and the venues that list it). Instruments listed later at run
 * time are defined here too, from their name, so every venue lists a new symbol with the same figures.
 */
export class SimUniverse {
  private readonly bySymbol = new Map<string, SimInstrument>();

  constructor(
    instruments: readonly SimInstrument[],
    /** Quote assets, the first being the default of a listing. */
    readonly quotes: readonly string[],
    private readonly generated: boolean,
  ) {
    for (const instrument of instruments) this.bySymbol.set(instrument.symbol, instrument);
  }

  get instruments(): readonly SimInstrument[] {
    return [...this.bySymbol.values()];
  }

  instrument(symbol: string): SimInstrument | undefined {
    return this.bySymbol.get(symbol);
  }

  /** The instruments `venue` lists at the start, most active first, each under the venue's own symbol (`symbolOf`: `BTC-USD` on Coinbase). */
  forVenue(venue: SimVenueId, symbolOf: (base: string, quote: string) => string): SimInstrument[] {
    return this.instruments.filter((i) => i.venues.includes(venue)).map((i) => ({ ...i, symbol: symbolOf(i.coin, i.quote) }));
  }

  /**
   * The instrument `base``quote`: the universe's own, or one defined now (its price seeded by its
   * name unless given; in a generated universe its trade rate is the quietest instrument's unless
   * given) and kept, so that the other venue lists it alike.
   */
  define(base: string, quote: string, options: { readonly price?: number; readonly tradesPerSecond?: number } = {}): SimInstrument {
    const symbol = `${base}${quote}`;
    const known = this.bySymbol.get(symbol);
    if (known !== undefined && options.price === undefined && options.tradesPerSecond === undefined) return known;
    const random = seededRandom([...symbol].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 0x01000193), 0x811c9dc5));
    const quietest = Math.min(...this.instruments.map((i) => i.tradesPerSecond ?? Infinity));
    const rate = options.tradesPerSecond ?? (this.generated && Number.isFinite(quietest) ? quietest : undefined);
    const instrument =
      this.generated || options.price !== undefined
        ? generatedInstrument(base, quote, options.price ?? known?.price ?? randomPrice(random), rate ?? 0.01, known?.venues ?? [], random)
        : { symbol, coin: base, quote, venues: known?.venues ?? [], ...(rate === undefined ? {} : { tradesPerSecond: rate }) };
    this.bySymbol.set(symbol, instrument);
    return instrument;
  }
}

/**
 * The coins mode: `coins` at `quote`, each on every venue of `venues`, with the classic figures (prices
 * of the well-known coins, 6 size decimals, the venue's rate); a venue of `venueQuotes` lists them at
 * its own quote instead (Coinbase at USD while the others list USDT).
 */
export function coinsUniverse(
  coins: readonly string[],
  quote: string,
  venues: readonly SimVenueId[],
  venueQuotes: Readonly<Partial<Record<SimVenueId, string>>> = {},
): SimUniverse {
  const quotes = [...new Set(venues.map((venue) => venueQuotes[venue] ?? quote))];
  return new SimUniverse(
    quotes.flatMap((at) => {
      const listing = venues.filter((venue) => (venueQuotes[venue] ?? quote) === at);
      return coins.map((coin) => ({ symbol: `${coin}${at}`, coin, quote: at, venues: listing }));
    }),
    [quote, ...quotes.filter((at) => at !== quote)],
    false,
  );
}

/**
 * A generated universe of `config.instruments` instruments (see {@link SimUniverseConfig}) over
 * `venues`: each instrument is listed on every venue that splits the universe (and those alongside
 * them), or on one of them alone, by `shares`.
 */
export function generatedUniverse(
  options: Partial<SimUniverseConfig> & { readonly instruments: number; readonly shares: VenueShares },
  venues: GeneratedVenues,
): SimUniverse {
  const config: SimUniverseConfig = { ...DEFAULT_SIM_UNIVERSE_CONFIG, ...options };
  const random = seededRandom(config.seed ^ 0x0a11);
  const names = baseAssetNames(Math.max(1, config.instruments), config.seed, config.quotes);
  const { all, only } = config.shares;
  const onAll = [...venues.split, ...venues.alongside];
  const shareSum = venues.split.reduce((sum, venue) => sum + (only[venue] ?? 0), all);
  /** The venue whose share alone `roll` (past `all`) falls in; the last one takes what is left. */
  const alone = (roll: number): SimVenueId[] => {
    let edge = all;
    for (const [i, venue] of venues.split.entries()) {
      edge += only[venue] ?? 0;
      if (roll < edge || i === venues.split.length - 1) return [venue];
    }
    return [];
  };
  const drafts: { base: string; quote: string; rank: number; weight: number; venues: readonly SimVenueId[] }[] = [];
  for (let rank = 0; drafts.length < config.instruments && rank < names.length; rank += 1) {
    const base = names[rank] as string;
    config.quotes.forEach((quote, q) => {
      // Every base trades against the first quote; the others list fewer bases the further down they go.
      const listed = q === 0 || rank < 20 || random() < 0.6 * Math.exp(-rank / 600) + 0.05;
      if (!listed || drafts.length >= config.instruments) return;
      const roll = random() * shareSum;
      const listing = (rank < 20 && q === 0) || roll < all ? onAll : alone(roll);
      const weight = (QUOTE_ACTIVITY[q] ?? 0.05) / (rank + 1) ** config.zipfExponent;
      drafts.push({ base, quote, rank, weight, venues: listing });
    });
  }
  const totalWeight = drafts.reduce((sum, d) => sum + d.weight * d.venues.length, 0);
  const heaviest = Math.max(...drafts.map((d) => d.weight));
  const prices = new Map<string, number>();
  const instruments = drafts.map((d) => {
    const price = prices.get(d.base) ?? START_PRICES[d.base] ?? randomPrice(random);
    prices.set(d.base, price);
    const rate = (config.tradesPerSecond * d.weight) / totalWeight;
    const notional = 50 + 1500 * Math.sqrt(d.weight / heaviest);
    return generatedInstrument(d.base, d.quote, price, rate, d.venues, random, notional);
  });
  return new SimUniverse(instruments, config.quotes, true);
}

/** Prices of generated coins: from 0.000001 to 1000, most of them below 1. */
function randomPrice(random: () => number): number {
  const price = 10 ** (-6 + 9 * random() ** 1.4);
  return Number(price.toPrecision(4));
}

/**
 * An instrument with figures that fit its price: the well-known coins keep their venue-like ticks
 * (BTC at 65,000: 0.01); others a tick of 1e-4 to 1e-5 of the price; a lot step worth roughly
 * 0.1 to 1 of the quote (BTC: 0.00001, DOGE: 1); a price step per trade of a few ticks; a rolling
 * day of trades at its rate, so that 24 h volume ranks it at once.
 */
function generatedInstrument(
  base: string,
  quote: string,
  price: number,
  rate: number,
  venues: readonly SimVenueId[],
  random: () => number,
  notional = 50,
): SimInstrument {
  const magnitude = Math.floor(Math.log10(price));
  const priceDecimals = START_PRICES[base] === undefined ? Math.min(10, Math.max(1, 4 - magnitude)) : Math.min(10, Math.max(2, 5 - magnitude));
  const sizeDecimals = Math.min(8, Math.max(0, Math.ceil(Math.log10(price))));
  const tick = 10 ** -priceDecimals;
  const dayTrades = Math.round(rate * 86_400 * (0.8 + 0.4 * random()));
  return {
    symbol: `${base}${quote}`,
    coin: base,
    quote,
    venues,
    price,
    priceDecimals,
    sizeDecimals,
    volatility: Math.max(0.0005, (4 * tick) / price),
    tradesPerSecond: rate,
    tradeNotional: notional,
    dayTrades,
    dayVolume: Math.round(((dayTrades * 1.52 * notional) / price) * 10 ** sizeDecimals) / 10 ** sizeDecimals,
  };
}
