import type { BoardExpiry, BoardOption } from '../../options/board-option.js';
import type { OptionBoard } from '../../options/option-board.js';
import { VenueOptionQuotes } from '../../options/venue-option-quotes.js';
import { SimulatedMarket } from '../../simulated-market.js';
import { BINANCE_OPTION_COINS, binanceOptionGrid, binanceOptionSymbol, type BinanceOptionTerms } from './binance-option-contracts.js';
import { BINANCE_OPTION_QUOTING } from './binance-option-quoting.js';

/** What one expiry did here: the options it took off (at 08:00 UTC, or the control API's `expire`) and the ones it listed. */
export interface BinanceExpiryEvent {
  readonly ts: number;
  readonly expiryTs: number;
  readonly expired: readonly string[];
  readonly listed: readonly string[];
}

export interface BinanceOptionChainConfig {
  /** The simulator's option board (`sharedOptionBoard`): the options, their values and expiries. */
  readonly board: OptionBoard;
  /** The simulator's coins; those Binance lists options of are served (`BINANCE_OPTION_COINS`). */
  readonly coins: readonly string[];
  readonly seed: number;
  /** Trades a minute over each coin's whole chain (SOL's its chain's `flowShare` of it), arriving at random. */
  readonly tradesPerMinute: number;
}

/** The first trade id the market gives a symbol listed `index`-th, less one: a venue's id is the market's less it (`SimulatedMarket.list`). */
const idBase = (index: number): number => 1_000_000 * (index + 1);

/**
 * Binance's options: the board's options of the served coins (BTC, ETH, SOL), each USDT-settled under
 * Binance's symbol, marked off the board's values (the same forward, smile and mark volatility as every
 * options venue's at the same moment). Each trades at its flow weight's share of its chain's rate, at
 * random arrivals, at Binance's quote (`quotes`); its trade ids count 1, 2, 3, ... from its listing
 * (`tradeIdOf`). When the board ends an expiry its options expire here: delisted (no trades, silent
 * streams, out of exchangeInfo and the mark arrays), and the options listed further out are listed.
 */
export class BinanceOptionChain {
  readonly market: SimulatedMarket;
  readonly board: OptionBoard;
  readonly terms = new Map<string, BinanceOptionTerms>();
  readonly quotes: VenueOptionQuotes<BinanceOptionTerms>;
  /** The coins whose options it lists, in the board's order. */
  readonly coins: readonly string[];
  private readonly names = new Map<string, string>();
  private readonly listeners: ((event: BinanceExpiryEvent) => void)[] = [];
  private lastExpiry: BinanceExpiryEvent | undefined;

  constructor(private readonly config: BinanceOptionChainConfig) {
    this.board = config.board;
    this.coins = this.board.chains.filter((chain) => this.serves(chain.coin)).map((chain) => chain.coin);
    this.quotes = new VenueOptionQuotes(this.board, (symbol) => this.terms.get(symbol), BINANCE_OPTION_QUOTING);
    const tradeTerms = (symbol: string, random: () => number) => this.quotes.tradeTerms(symbol, random);
    this.market = new SimulatedMarket({ symbols: [], seed: config.seed ^ 0x0b1a, idStep: 'consecutive', tradeTerms });
    this.list(this.board.liveOptions());
    this.board.listen({ expired: (event) => this.expired(event) });
  }

  /** The options trading now, in listing order (of one coin when asked). */
  live(coin?: string): readonly BinanceOptionTerms[] {
    return this.market.symbols.flatMap((symbol) => {
      const terms = this.terms.get(symbol);
      const wanted = terms !== undefined && (coin === undefined || terms.option.chain.coin === coin);
      return wanted && this.market.isTrading(symbol) ? [terms] : [];
    });
  }

  /** The option's trade id as Binance numbers it (1 for its first trade), from the market's. */
  tradeIdOf(symbol: string, marketId: number): number {
    return marketId - idBase(this.market.listing(symbol)?.index ?? 0);
  }

  /** The market's id of the option's trade `tradeId`. */
  marketIdOf(symbol: string, tradeId: number): number {
    return tradeId + idBase(this.market.listing(symbol)?.index ?? 0);
  }

  /** Tells `listener` each expiry, as it happens. */
  onExpiry(listener: (event: BinanceExpiryEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Ends the board's nearest expiry now (on every venue listing its options); what it did here, undefined when nothing is left. */
  expireNearest(now: number): BinanceExpiryEvent | undefined {
    const before = this.lastExpiry;
    this.board.expireNearest(now);
    return this.lastExpiry === before ? undefined : this.lastExpiry;
  }

  private serves(coin: string): boolean {
    return BINANCE_OPTION_COINS[coin] !== undefined && this.config.coins.includes(coin);
  }

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

  /** Lists the board's options of the served coins under Binance's symbols, each trading its weight's share of its chain's rate; returns their symbols. */
  private list(options: readonly BoardOption[]): string[] {
    return options.flatMap((option) => {
      const { chain, expiryTs, strike, type, listedValue } = option;
      const figures = BINANCE_OPTION_COINS[chain.coin];
      if (figures === undefined || !this.serves(chain.coin)) return [];
      const grid = binanceOptionGrid(figures);
      const symbol = binanceOptionSymbol(chain.coin, expiryTs, strike, type);
      this.terms.set(symbol, { symbol, figures, option });
      this.names.set(option.id, symbol);
      const chainPerSecond = ((chain.flowShare ?? 1) * this.config.tradesPerMinute) / 60;
      this.market.list({
        symbol,
        coin: chain.coin,
        quote: 'USDT',
        price: Math.max(grid.unit, listedValue.value.price * figures.unit),
        priceDecimals: figures.priceScale,
        priceTick: grid.tick,
        sizeDecimals: figures.quantityScale,
        volatility: 0.05,
        tradesPerSecond: (chainPerSecond * option.weight) / this.board.chainWeight(chain),
        arrivals: 'poisson',
      });
      return [symbol];
    });
  }
}
