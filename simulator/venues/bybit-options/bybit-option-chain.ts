import type { BoardExpiry, BoardOption } from '../../options/board-option.js';
import type { OptionBoard } from '../../options/option-board.js';
import { VenueOptionQuotes } from '../../options/venue-option-quotes.js';
import { SimulatedMarket } from '../../simulated-market.js';
import { BYBIT_OPTION_COINS, bybitOptionGrid, bybitOptionSymbol, type BybitOptionCoin, type BybitOptionTerms } from './bybit-option-contracts.js';
import { BYBIT_OPTION_QUOTING } from './bybit-option-quoting.js';

/** What one delivery did here: the options it took off (their expiry reached, or the control API's `expire`) and the ones it listed. */
export interface DeliveryEvent {
  readonly ts: number;
  readonly expiryTs: number;
  readonly delivered: readonly string[];
  readonly listed: readonly string[];
}

export interface BybitOptionChainConfig {
  /** The simulator's option board (`sharedOptionBoard`): the options, their values and expiries. */
  readonly board: OptionBoard;
  /** The simulator's coins; those Bybit lists options of are served (`BYBIT_OPTION_COINS`). */
  readonly coins: readonly string[];
  readonly seed: number;
  /** Trades a minute over each coin's whole chain (SOL's its chain's `flowShare` of it), arriving at random. */
  readonly tradesPerMinute: number;
}

/**
 * Bybit's options: the board's options of the served coins (BTC, ETH, SOL), every one USDT-settled under
 * Bybit's symbol, marked off the board's values (the same forward, smile and mark volatility as every
 * options venue's at the same moment). The options' market trades each at its flow weight's share of its
 * chain's rate (the board's weights, near the money and near expiry the busiest), at random arrivals, at
 * Bybit's quote (`quotes`). When the board ends an expiry (08:00 UTC of its day, or a venue's `expire`)
 * its options deliver here: they are delisted (no trades, silent topics, out of the lists), and the
 * options the board lists further out are listed; the `delivered` listeners are told.
 */
export class BybitOptionChain {
  readonly market: SimulatedMarket;
  readonly board: OptionBoard;
  readonly terms = new Map<string, BybitOptionTerms>();
  readonly quotes: VenueOptionQuotes<BybitOptionTerms>;
  /** The coins whose options it lists, in the board's order. */
  readonly coins: readonly string[];
  private readonly names = new Map<string, string>();
  private readonly listeners: ((event: DeliveryEvent) => void)[] = [];
  private lastDelivery: DeliveryEvent | undefined;

  constructor(private readonly config: BybitOptionChainConfig) {
    this.board = config.board;
    this.coins = this.board.chains.filter((chain) => this.serves(chain.coin)).map((chain) => chain.coin);
    this.quotes = new VenueOptionQuotes(this.board, (symbol) => this.terms.get(symbol), BYBIT_OPTION_QUOTING);
    const tradeTerms = (symbol: string, random: () => number) => this.quotes.tradeTerms(symbol, random);
    this.market = new SimulatedMarket({ symbols: [], seed: config.seed ^ 0x0b7b, idStep: 'consecutive', tradeTerms });
    this.list(this.board.liveOptions());
    this.board.listen({ expired: (event) => this.delivered(event) });
  }

  /** The options trading now, in listing order. */
  live(): readonly BybitOptionTerms[] {
    return this.market.symbols.flatMap((symbol) => {
      const terms = this.terms.get(symbol);
      return terms !== undefined && this.market.isTrading(symbol) ? [terms] : [];
    });
  }

  /** Tells `listener` each delivery, as it is made. */
  onDelivery(listener: (event: DeliveryEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Ends the board's nearest expiry now (on every venue listing its options); what it delivered here, undefined when nothing is left. */
  deliverNearest(now: number): DeliveryEvent | undefined {
    const before = this.lastDelivery;
    this.board.expireNearest(now);
    return this.lastDelivery === before ? undefined : this.lastDelivery;
  }

  private serves(coin: string): boolean {
    return BYBIT_OPTION_COINS[coin] !== undefined && this.config.coins.includes(coin);
  }

  /** The board's options ended deliver here at once; its new ones list. */
  private delivered(event: BoardExpiry): void {
    const delivered = event.expired.flatMap((option) => {
      const symbol = this.names.get(option.id);
      if (symbol === undefined || !this.market.has(symbol)) return [];
      this.market.setStatus(symbol, 'delisted');
      this.quotes.forget(symbol);
      return [symbol];
    });
    const listed = this.list(event.listed);
    const delivery = { ts: event.ts, expiryTs: event.expiryTs, delivered, listed };
    this.lastDelivery = delivery;
    for (const listener of this.listeners) listener(delivery);
  }

  /** Lists the board's options of the served coins under Bybit's symbols, at their value when listed, each trading its weight's share of its chain's rate; returns their symbols. */
  private list(options: readonly BoardOption[]): string[] {
    return options.flatMap((option) => {
      const { chain, expiryTs, strike, type, listedValue } = option;
      if (!this.serves(chain.coin)) return [];
      const figures = BYBIT_OPTION_COINS[chain.coin] as BybitOptionCoin;
      const grid = bybitOptionGrid(figures);
      const symbol = bybitOptionSymbol(chain.coin, expiryTs, strike, type);
      this.terms.set(symbol, { symbol, coin: chain.coin, figures, expiryTs, strike, type, launchTs: option.createdTs, option });
      this.names.set(option.id, symbol);
      const chainPerSecond = ((chain.flowShare ?? 1) * this.config.tradesPerMinute) / 60;
      this.market.list({
        symbol,
        coin: chain.coin,
        quote: 'USDT',
        price: Math.max(grid.unit, listedValue.value.price),
        priceDecimals: figures.priceDecimals,
        priceTick: grid.tick,
        sizeDecimals: figures.sizeDecimals,
        volatility: 0.05,
        tradesPerSecond: (chainPerSecond * option.weight) / this.board.chainWeight(chain),
        arrivals: 'poisson',
      });
      return [symbol];
    });
  }
}
