import { SimulatedMarket } from '../simulated-market.js';
import type { BoardExpiry, BoardOption, ListedOption } from './board-option.js';
import type { OptionBoard } from './option-board.js';
import { VenueOptionQuotes, type OptionQuoting } from './venue-option-quotes.js';

/** What one expiry of the board did on a venue, by the venue's names: the options it took off (their expiry reached, or the control API's `expire`) and the ones it listed. */
export interface VenueOptionExpiry {
  readonly ts: number;
  readonly expiryTs: number;
  readonly expired: readonly string[];
  readonly listed: readonly string[];
}

/** How a USDT-settled venue lists the board's options: the coins it has, its name and figures of an option, its quotes. */
export interface OptionListing<T extends ListedOption> {
  /** True for a coin the venue lists options of. */
  lists(coin: string): boolean;
  /** The option as the venue lists it; undefined for one of a coin it has no figures of. */
  terms(option: BoardOption): T | undefined;
  readonly quoting: OptionQuoting<T>;
}

export interface VenueOptionChainConfig<T extends ListedOption> {
  /** The simulator's option board (`sharedOptionBoard`): the options, their values and expiries. */
  readonly board: OptionBoard;
  /** The simulator's coins; those the venue lists options of are served. */
  readonly coins: readonly string[];
  /** The seed of the venue's trades. */
  readonly seed: number;
  /** Trades a minute over each coin's whole chain (SOL's its chain's `flowShare` of it), arriving at random. */
  readonly tradesPerMinute: number;
  readonly listing: OptionListing<T>;
}

/**
 * A USDT-settled venue's options: the board's options of the served coins under the venue's names,
 * marked off the board's values (the same forward, smile and mark volatility as every options venue's
 * at the same moment). Each trades at its flow weight's share of its chain's rate (the board's weights,
 * near the money and near expiry the busiest), at random arrivals, at the venue's quote (`quotes`).
 * When the board ends an expiry (08:00 UTC of its day, or a venue's `expire`) its options expire here:
 * delisted (no trades, silent streams, out of the lists), the options the board lists further out
 * listed, and the `onExpiry` listeners told.
 */
export class VenueOptionChain<T extends ListedOption> {
  readonly market: SimulatedMarket;
  readonly board: OptionBoard;
  readonly terms = new Map<string, T>();
  readonly quotes: VenueOptionQuotes<T>;
  /** The coins whose options it lists, in the board's order. */
  readonly coins: readonly string[];
  private readonly names = new Map<string, string>();
  private readonly listeners: ((event: VenueOptionExpiry) => void)[] = [];
  private lastExpiry: VenueOptionExpiry | undefined;

  constructor(private readonly config: VenueOptionChainConfig<T>) {
    this.board = config.board;
    this.coins = this.board.chains.filter((chain) => this.serves(chain.coin)).map((chain) => chain.coin);
    this.quotes = new VenueOptionQuotes(this.board, (symbol) => this.terms.get(symbol), config.listing.quoting);
    const tradeTerms = (symbol: string, random: () => number) => this.quotes.tradeTerms(symbol, random);
    this.market = new SimulatedMarket({ symbols: [], seed: config.seed, idStep: 'consecutive', tradeTerms });
    this.list(this.board.liveOptions());
    this.board.listen({ expired: (event) => this.expired(event) });
  }

  /** The options trading now, in listing order (of one coin when asked). */
  live(coin?: string): readonly T[] {
    return this.market.symbols.flatMap((symbol) => {
      const terms = this.terms.get(symbol);
      const wanted = terms !== undefined && (coin === undefined || terms.option.chain.coin === coin);
      return wanted && this.market.isTrading(symbol) ? [terms] : [];
    });
  }

  /** Tells `listener` each expiry, as it happens. */
  onExpiry(listener: (event: VenueOptionExpiry) => void): void {
    this.listeners.push(listener);
  }

  /** Ends the board's nearest expiry now (on every venue listing its options); what it did here, undefined when nothing is left. */
  expireNearest(now: number): VenueOptionExpiry | undefined {
    const before = this.lastExpiry;
    this.board.expireNearest(now);
    return this.lastExpiry === before ? undefined : this.lastExpiry;
  }

  private serves(coin: string): boolean {
    return this.config.listing.lists(coin) && this.config.coins.includes(coin);
  }

  /** The board's options ended expire here at once; its new ones list. */
  private expired(event: BoardExpiry): void {
    const expired = event.expired.flatMap((option) => {
      const symbol = this.names.get(option.id);
      if (symbol === undefined || !this.market.has(symbol)) return [];
      this.market.setStatus(symbol, 'delisted');
      this.quotes.forget(symbol);
      return [symbol];
    });
    const listed = this.list(event.listed);
    const happened = { ts: event.ts, expiryTs: event.expiryTs, expired, listed };
    this.lastExpiry = happened;
    for (const listener of this.listeners) listener(happened);
  }

  /** Lists the board's options of the served coins under the venue's names, at their value when listed, each trading its weight's share of its chain's rate; returns their names. */
  private list(options: readonly BoardOption[]): string[] {
    const { listing, tradesPerMinute } = this.config;
    return options.flatMap((option) => {
      const { chain, listedValue } = option;
      const terms = this.serves(chain.coin) ? listing.terms(option) : undefined;
      if (terms === undefined) return [];
      const { symbol } = terms;
      const { grid, unit, sizeDecimals } = listing.quoting.contract(terms);
      this.terms.set(symbol, terms);
      this.names.set(option.id, symbol);
      const chainPerSecond = ((chain.flowShare ?? 1) * tradesPerMinute) / 60;
      this.market.list({
        symbol,
        coin: chain.coin,
        quote: 'USDT',
        price: Math.max(grid.unit, listedValue.value.price * unit),
        priceDecimals: grid.decimals,
        priceTick: grid.tick,
        sizeDecimals,
        volatility: 0.05,
        tradesPerSecond: (chainPerSecond * option.weight) / this.board.chainWeight(chain),
        arrivals: 'poisson',
      });
      return [symbol];
    });
  }
}
