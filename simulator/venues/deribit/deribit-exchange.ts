import { impliedVol, YEAR_MS, type Black76Value } from '../../options/black76.js';
import { expiriesAt } from '../../options/expiry-schedule.js';
import type { BoardExpiry, BoardOption, OptionValue } from '../../options/board-option.js';
import { FORWARD_CARRY, type OptionBoard } from '../../options/option-board.js';
import type { OptionChain } from '../../options/option-chains.js';
import { optionTouch, optionTradeTerms } from '../../options/option-flow.js';
import type { SimMarketSymbol } from '../../sim-listing.js';
import { SimulatedMarket, START_PRICES } from '../../simulated-market.js';
import { DeribitLimiter } from './deribit-limiter.js';
import type { DeribitVenueLimits } from './deribit-limits.js';
import { currencyOf, futureName, optionName } from './deribit-instruments.js';
import { CONTRACT_USD, futureGrid, optionGrid } from './deribit-contracts.js';

/** Volatility points either side of the shared mark that Deribit's best bid and ask are quoted at (the simulator's choice). */
const QUOTE_VOL = 0.02;
/** Deribit's option trades: 0.1 to 25 coins in tenths (the `min_trade_amount` this simulator lists; the recorded `deribit-options-trades.ndjson` trade is 0.1 BTC). */
const OPTION_LOTS = { lotsPerCoin: 10, maxLots: 250 };

/** One option's terms as Deribit lists it: the board's option under Deribit's name. */
export interface OptionTerms {
  readonly symbol: string;
  readonly option: BoardOption;
  readonly chain: OptionChain;
  readonly expiryTs: number;
  readonly strike: number;
  readonly type: 'call' | 'put';
  readonly createdTs: number;
}

/** One future's terms: a perpetual has no expiry. */
export interface FutureTerms {
  readonly symbol: string;
  readonly coin: string;
  readonly expiryTs?: number;
  readonly createdTs: number;
}

/** An option's mark as of the last mark step: its forward, its volatility and Black-76 value in USD (or USDC), and its mark in the quote of its price. */
export interface OptionMark {
  readonly underlyingPrice: number;
  readonly underlyingIndex: string;
  readonly indexPrice: number;
  readonly vol: number;
  readonly years: number;
  readonly value: Black76Value;
  /** The mark price as quoted: in the coin for coin-settled options (USD value / underlying), in USDC for USDC-settled ones. */
  readonly markPrice: number;
  readonly step: number;
  /** The best bid (0: none) and ask as quoted, on the option's tick (`optionTouch`): its ticker's and its trades' prices until the next step. */
  readonly bid: number;
  readonly ask: number;
}

/** What one expiry did: the instruments it took off and the ones it listed. */
export interface ExpiryEvent {
  readonly ts: number;
  readonly expiryTs: number;
  readonly expired: readonly string[];
  readonly listed: readonly string[];
}

export interface DeribitExchangeConfig {
  readonly seed: number;
  readonly clock: () => number;
  readonly limits: DeribitVenueLimits;
  /** Trades a minute of each currency's whole option chain (times its `flowShare`), arriving at random (Poisson). */
  readonly optionTradesPerMinute: number;
  /** The simulator's options, shared with every options venue: the chain, the index and forwards, the marks, the expiries. */
  readonly board: OptionBoard;
}

/**
 * The simulated Deribit's state, one for both venues it plays (`deribit` futures and `deribit_options`
 * options, on one IP's limits): the futures' market (perpetuals and dated futures, random walks from
 * each coin's start price, a dated future at the index plus 5 % a year of carry), the options' market
 * (the board's options under Deribit's names; random arrivals at a rate per chain, near-the-money and
 * near expiries the busiest, each at Deribit's quoted bid or ask), and their marks: the board's values
 * with Deribit's quotes, stepped every `markStepMs` (1 s). While the futures trade (`deribit` served),
 * they are the board's underlyings: the index of BTC and ETH is their perpetual's last price, an
 * expiry's forward its listed future's; SOL's index walks on the board.
 */
export class DeribitExchange {
  readonly futures: SimulatedMarket;
  readonly options: SimulatedMarket;
  readonly limiter: DeribitLimiter;
  readonly board: OptionBoard;
  readonly optionTerms = new Map<string, OptionTerms>();
  readonly futureTerms = new Map<string, FutureTerms>();
  readonly expiries: ExpiryEvent[] = [];
  private readonly marks = new Map<string, OptionMark>();
  /** Deribit's name of each board option it lists. */
  private readonly names = new Map<string, string>();
  /**
   * True once the `deribit` venue is built: its market trades, the index is the perpetual's last price
   * and a listed future's last price is its options' forward. Otherwise (`deribit_options` served
   * alone) nothing trades the futures: the index walks on the board at each mark step and a future's
   * price is its fair price over that index.
   */
  futuresServed = false;
  private started = false;
  /** The futures an expiry ended and listed (`ending`), until its options are (`expired`). */
  private futuresExpiry: { expired: string[]; listed: string[] } = { expired: [], listed: [] };

  constructor(private readonly config: DeribitExchangeConfig) {
    const now = config.clock();
    this.board = config.board;
    this.limiter = new DeribitLimiter(config.limits);
    const { futures } = expiriesAt(now);
    const futureSymbols: SimMarketSymbol[] = [];
    for (const coin of Object.keys(CONTRACT_USD)) {
      futureSymbols.push(this.futureListing({ symbol: `${coin}-PERPETUAL`, coin, createdTs: now }, now));
      for (const expiryTs of futures) futureSymbols.push(this.futureListing({ symbol: futureName(coin, expiryTs), coin, expiryTs, createdTs: now }, now));
    }
    this.futures = new SimulatedMarket({ symbols: futureSymbols, seed: config.seed, idStep: 'consecutive' });
    const tradeTerms = (symbol: string, random: () => number) => {
      const mark = this.marks.get(symbol);
      return mark === undefined ? undefined : optionTradeTerms(mark, random, OPTION_LOTS);
    };
    this.options = new SimulatedMarket({ symbols: [], seed: config.seed ^ 0x0b7, idStep: 'consecutive', tradeTerms });
    this.listOptions(this.board.liveOptions());
    this.started = true;
    this.board.useUnderlyings({
      index: (coin) => (this.futuresServed && this.futures.has(`${coin}-PERPETUAL`) ? this.futures.state(`${coin}-PERPETUAL`)?.last : undefined),
      forward: (coin, expiryTs) => {
        const future = futureName(coin, expiryTs);
        return this.futuresServed && this.futures.isTrading(future) ? this.futures.state(future)?.last : undefined;
      },
    });
    this.board.listen({
      ending: (expiryTs, next, at) => this.endFutures(expiryTs, next, at),
      expired: (event) => this.expired(event),
      priced: () => this.priceMarks(),
    });
    this.priceMarks();
  }

  /** Grows by one at each mark step of the board: an option's ticker is sent when its mark changed since the version a topic saw. */
  get markVersion(): number {
    return this.board.markVersion;
  }

  /** The coin's index: its perpetual's last price while the futures trade (`deribit` served), else the board's walk. */
  index(coin: string): number {
    return this.board.index(coin);
  }

  /** A dated future's fair price now: the index with its carry. */
  fairFuture(coin: string, expiryTs: number, now: number): number {
    return this.board.fairForward(coin, expiryTs, now);
  }

  /** The index an option's forward is (as Deribit names it): the future of its expiry when listed, else the synthetic `SYN.` forward; the index for USDC-settled ones (as recorded). */
  underlyingIndex(terms: OptionTerms): string {
    if (terms.chain.settlement === 'usdc') return 'index_price';
    const future = futureName(terms.chain.coin, terms.expiryTs);
    return this.futures.isTrading(future) ? future : `SYN.${future}`;
  }

  /** The option's mark as of the last step. */
  mark(symbol: string): OptionMark | undefined {
    return this.marks.get(symbol);
  }

  /** Prices every listed option again as of `now` (the chain's mark step) and moves the walked indexes. */
  stepMarks(now: number): void {
    this.board.stepMarks(now);
  }

  /** The implied volatility of a quoted option price (in the coin or USDC as the option quotes), percent; 0 where none gives it. */
  ivOf(symbol: string, quoted: number): number {
    const terms = this.optionTerms.get(symbol);
    const mark = this.marks.get(symbol);
    if (terms === undefined || mark === undefined) return 0;
    const usd = terms.chain.settlement === 'coin' ? quoted * mark.underlyingPrice : quoted;
    return impliedVol(usd, { type: terms.type, forward: mark.underlyingPrice, strike: terms.strike, years: mark.years }) * 100;
  }

  /**
   * Expires the nearest expiry now (options and futures of that day), on the board, so on every
   * venue listing its options: their instruments are delisted at once (gone from `get_instruments`,
   * their channels silent after a last ticker `closed`), and a new expiry is listed further out (a
   * weekly: options of every chain that listed the expired one, and futures when futures expired).
   * Returns what it did here, also kept in `expiries`.
   */
  expireNearest(now: number): ExpiryEvent | undefined {
    const before = this.expiries.length;
    this.board.expireNearest(now);
    return this.expiries.length > before ? this.expiries.at(-1) : undefined;
  }

  /** Deribit's mark of each listed option: the board's value, Deribit's quotes around it. */
  private priceMarks(): void {
    for (const terms of this.optionTerms.values()) {
      if (!this.options.has(terms.symbol)) continue;
      const value = this.board.value(terms.option.id);
      if (value !== undefined) this.marks.set(terms.symbol, this.markOf(terms, value));
    }
  }

  private markOf(terms: OptionTerms, valued: OptionValue): OptionMark {
    const { forward, years, vol, value, indexPrice } = valued;
    const markPrice = terms.chain.settlement === 'coin' ? value.price / forward : value.price;
    const step = terms.chain.settlement === 'coin' ? 0.0001 : 0.01;
    const { bid, ask } = optionTouch(
      { type: terms.type, strike: terms.strike, settlement: terms.chain.settlement, forward, years, vol },
      optionGrid(terms.chain),
      QUOTE_VOL,
    );
    return { underlyingPrice: forward, underlyingIndex: this.underlyingIndex(terms), indexPrice, vol, years, value, markPrice, step, bid, ask };
  }

  /** The board ends `expiryTs`: the futures of that day are delisted, and one per coin listed at `next` before its options are planned over it. */
  private endFutures(expiryTs: number, next: number, now: number): void {
    const expired: string[] = [];
    const coins = new Set<string>();
    for (const terms of this.futureTerms.values()) {
      if (terms.expiryTs !== expiryTs || !this.futures.has(terms.symbol)) continue;
      this.futures.setStatus(terms.symbol, 'delisted');
      expired.push(terms.symbol);
      coins.add(terms.coin);
    }
    const listed: string[] = [];
    for (const coin of coins) {
      const entry = this.futureListing({ symbol: futureName(coin, next), coin, expiryTs: next, createdTs: now }, now);
      this.futures.list(entry);
      listed.push(entry.symbol);
    }
    this.futuresExpiry = { expired, listed };
  }

  /** The board's options of an expiry ended leave the options' market, its new ones list; the event, futures with it, kept. */
  private expired(event: BoardExpiry): void {
    const expired: string[] = [];
    for (const option of event.expired) {
      const symbol = this.names.get(option.id);
      if (symbol === undefined || !this.options.has(symbol)) continue;
      this.options.setStatus(symbol, 'delisted');
      expired.push(symbol);
    }
    const listed = this.listOptions(event.listed);
    const futures = this.futuresExpiry;
    this.futuresExpiry = { expired: [], listed: [] };
    this.expiries.push({ ts: event.ts, expiryTs: event.expiryTs, expired: [...expired, ...futures.expired], listed: [...futures.listed, ...listed] });
  }

  /** A future's listing at its fair price (its terms kept). */
  private futureListing(terms: FutureTerms, now: number): SimMarketSymbol {
    this.futureTerms.set(terms.symbol, terms);
    const index = this.started ? this.index(terms.coin) : (START_PRICES[terms.coin] ?? 100);
    const price = terms.expiryTs === undefined ? index : index * Math.exp((FORWARD_CARRY * Math.max(0, terms.expiryTs - now)) / YEAR_MS);
    const grid = futureGrid(terms.coin);
    const contractValue = CONTRACT_USD[terms.coin] ?? 10;
    // The market starts it and moves it on its tick (`priceTick`).
    return { symbol: terms.symbol, coin: terms.coin, quote: 'USD', price, priceDecimals: grid.decimals, priceTick: grid.tick, sizeDecimals: 4, contractValue };
  }

  /**
   * Lists board options under Deribit's names, each trading its weight's share of its chain's rate
   * (`optionTradesPerMinute` times the chain's `flowShare`, over the chain's weights as first listed)
   * at random arrivals, its first price its value when listed on its tick; returns their names.
   */
  private listOptions(planned: readonly BoardOption[]): string[] {
    return planned.map((option) => {
      const { chain, listedValue } = option;
      const symbol = optionName(currencyOf(chain), option.expiryTs, option.strike, option.type);
      const terms: OptionTerms = { symbol, option, chain, expiryTs: option.expiryTs, strike: option.strike, type: option.type, createdTs: option.createdTs };
      this.optionTerms.set(symbol, terms);
      this.names.set(option.id, symbol);
      const chainPerSecond = ((chain.flowShare ?? 1) * this.config.optionTradesPerMinute) / 60;
      const { decimals: priceDecimals, tick: priceTick } = optionGrid(chain);
      const quote = chain.settlement === 'coin' ? chain.coin : 'USDC';
      this.options.list({
        symbol,
        coin: chain.coin,
        quote,
        price: chain.settlement === 'coin' ? listedValue.value.price / listedValue.forward : listedValue.value.price,
        priceDecimals,
        priceTick,
        sizeDecimals: 1,
        volatility: 0.05,
        tradesPerSecond: (chainPerSecond * option.weight) / this.board.chainWeight(chain),
        arrivals: 'poisson',
      });
      return symbol;
    });
  }
}
