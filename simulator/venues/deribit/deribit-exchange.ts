import type { SimMarketSymbol } from '../../sim-listing.js';
import { SimulatedMarket, START_PRICES } from '../../simulated-market.js';
import { black76, impliedVol, YEAR_MS, type Black76Value } from './deribit-black76.js';
import { DeribitLimiter } from './deribit-limiter.js';
import type { DeribitVenueLimits } from './deribit-limits.js';
import { expiriesAt, futureName, nextNewExpiry, optionName, stepOf, strikesAround, type ChainCurrency } from './deribit-instruments.js';
import { CONTRACT_USD, DERIBIT_CHAINS, futureGrid, optionGrid } from './deribit-contracts.js';
import { flowWeight, optionTouch, optionTradeTerms } from './deribit-option-flow.js';
import { volatilityOf } from './deribit-smile.js';

/** The carry of a dated future and a synthetic forward over the index, a year (the simulator's choice). */
const CARRY = 0.05;

/** One option's terms. */
export interface OptionTerms {
  readonly symbol: string;
  readonly chain: ChainCurrency;
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
}

/**
 * The simulated Deribit's state, one for both venues it plays (`deribit` futures and `deribit_options`
 * options, on one IP's limits): the futures' market (perpetuals and dated futures, random walks from
 * each coin's start price, a dated future at the index plus 5 % a year of carry), the options' market
 * (random arrivals at a rate per chain, near-the-money and near expiries the busiest, each at its
 * quoted bid or ask), the option terms and their marks,
 * stepped every `markStepMs` (1 s), and the expiries. The index of BTC and ETH is their perpetual's
 * last price; SOL's walks on its own at each mark step.
 */
export class DeribitExchange {
  readonly futures: SimulatedMarket;
  readonly options: SimulatedMarket;
  readonly limiter: DeribitLimiter;
  readonly optionTerms = new Map<string, OptionTerms>();
  readonly futureTerms = new Map<string, FutureTerms>();
  readonly expiries: ExpiryEvent[] = [];
  private readonly marks = new Map<string, OptionMark>();
  /**
   * True once the `deribit` venue is built: its market trades, the index is the perpetual's last price
   * and a listed future's last price is its options' forward. Otherwise (`deribit_options` served
   * alone) nothing trades the futures: the index walks on its own at each mark step and a future's
   * price is its fair price over that index.
   */
  futuresServed = false;
  /** Grows by one at each mark step: an option's ticker is sent when its mark changed since the version a topic saw. */
  markVersion = 0;
  private readonly walks = new Map<string, number>();
  private walkSeed: number;
  /** Each chain's flow weights summed over its options as first listed: an option's rate is its weight's share of its chain's. */
  private readonly chainWeights = new Map<ChainCurrency, number>();
  private started = false;

  constructor(private readonly config: DeribitExchangeConfig) {
    const now = config.clock();
    this.walkSeed = config.seed;
    this.limiter = new DeribitLimiter(config.limits);
    const { options, futures } = expiriesAt(now);
    const futureSymbols: SimMarketSymbol[] = [];
    for (const coin of Object.keys(CONTRACT_USD)) {
      futureSymbols.push(this.futureListing({ symbol: `${coin}-PERPETUAL`, coin, createdTs: now }, now));
      for (const expiryTs of futures) futureSymbols.push(this.futureListing({ symbol: futureName(coin, expiryTs), coin, expiryTs, createdTs: now }, now));
    }
    this.futures = new SimulatedMarket({ symbols: futureSymbols, seed: config.seed, idStep: 'consecutive' });
    const tradeTerms = (symbol: string, random: () => number) => {
      const mark = this.marks.get(symbol);
      return mark === undefined ? undefined : optionTradeTerms(mark, random);
    };
    this.options = new SimulatedMarket({ symbols: [], seed: config.seed ^ 0x0b7, idStep: 'consecutive', tradeTerms });
    for (const chain of DERIBIT_CHAINS) {
      const planned = options.slice(0, chain.expiries).map((expiryTs) => this.planExpiry(chain, expiryTs, now));
      this.chainWeights.set(
        chain,
        planned.flat().reduce((sum, o) => sum + o.weight, 0),
      );
      for (const expiry of planned) this.listOptions(chain, expiry);
    }
    this.started = true;
    this.stepMarks(now);
  }

  /** The coin's index: its perpetual's last price while the futures trade (`deribit` served), else its own walk. */
  index(coin: string): number {
    const perpetual = this.futuresServed ? this.futures.state(`${coin}-PERPETUAL`) : undefined;
    return perpetual?.last ?? this.walks.get(coin) ?? START_PRICES[coin] ?? 100;
  }

  /** A dated future's fair price now: the index with its carry. */
  fairFuture(coin: string, expiryTs: number, now: number): number {
    return this.index(coin) * Math.exp((CARRY * Math.max(0, expiryTs - now)) / YEAR_MS);
  }

  /** The option's forward: the future of its expiry when listed (its last price), else the synthetic `SYN.` forward; the index for USDC-settled ones (as recorded). */
  underlying(terms: OptionTerms, now: number): { readonly price: number; readonly index: string } {
    const { chain, expiryTs } = terms;
    if (chain.settlement === 'usdc') return { price: this.index(chain.coin), index: 'index_price' };
    const future = futureName(chain.coin, expiryTs);
    if (!this.futures.isTrading(future)) return { price: this.fairFuture(chain.coin, expiryTs, now), index: `SYN.${future}` };
    const last = this.futuresServed ? this.futures.state(future)?.last : undefined;
    return { price: last ?? this.fairFuture(chain.coin, expiryTs, now), index: future };
  }

  /** The option's mark as of the last step. */
  mark(symbol: string): OptionMark | undefined {
    return this.marks.get(symbol);
  }

  /** Prices every listed option again as of `now` (the chain's mark step) and moves the walked indexes. */
  stepMarks(now: number): void {
    for (const chain of DERIBIT_CHAINS) {
      if (this.futuresServed && this.futures.has(`${chain.coin}-PERPETUAL`)) continue;
      const last = this.walks.get(chain.coin) ?? START_PRICES[chain.coin] ?? 100;
      this.walkSeed = (Math.imul(this.walkSeed, 1_103_515_245) + 12_345) >>> 0;
      this.walks.set(chain.coin, last * Math.exp((this.walkSeed / 4_294_967_296 - 0.5) * 0.002));
    }
    for (const terms of this.optionTerms.values()) {
      if (!this.options.has(terms.symbol)) continue;
      this.marks.set(terms.symbol, this.price(terms, now));
    }
    this.markVersion += 1;
  }

  /** The option's Black-76 mark as of `now` (see `volatilityOf` for the smile). */
  price(terms: OptionTerms, now: number): OptionMark {
    const { price: forward, index } = this.underlying(terms, now);
    const years = Math.max(0, terms.expiryTs - now) / YEAR_MS;
    const vol = volatilityOf(terms.chain.coin, Math.log(terms.strike / forward), years);
    const value = black76({ type: terms.type, forward, strike: terms.strike, years, vol });
    const markPrice = terms.chain.settlement === 'coin' ? value.price / forward : value.price;
    const step = terms.chain.settlement === 'coin' ? 0.0001 : 0.01;
    const { bid, ask } = optionTouch(
      { type: terms.type, strike: terms.strike, settlement: terms.chain.settlement, forward, years, vol },
      optionGrid(terms.chain),
    );
    return { underlyingPrice: forward, underlyingIndex: index, indexPrice: this.index(terms.chain.coin), vol, years, value, markPrice, step, bid, ask };
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
   * Expires the nearest expiry now (options and futures of that day): their instruments are delisted
   * at once (gone from `get_instruments`, their channels silent after a last ticker `closed`), and a
   * new expiry is listed further out (a weekly: options of every chain that listed the expired one, and
   * futures when futures expired). Returns what it did, also kept in `expiries`.
   */
  expireNearest(now: number): ExpiryEvent | undefined {
    const live = [...this.optionTerms.values()].filter((t) => this.options.has(t.symbol)).map((t) => t.expiryTs);
    const dated = [...this.futureTerms.values()].filter((t) => t.expiryTs !== undefined && this.futures.has(t.symbol)).map((t) => t.expiryTs ?? 0);
    if (live.length + dated.length === 0) return undefined;
    const expiryTs = Math.min(...live, ...dated);
    const expired: string[] = [];
    const chains = new Set<ChainCurrency>();
    for (const terms of this.optionTerms.values()) {
      if (terms.expiryTs !== expiryTs || !this.options.has(terms.symbol)) continue;
      this.options.setStatus(terms.symbol, 'delisted');
      expired.push(terms.symbol);
      chains.add(terms.chain);
    }
    const coins = new Set<string>();
    for (const terms of this.futureTerms.values()) {
      if (terms.expiryTs !== expiryTs || !this.futures.has(terms.symbol)) continue;
      this.futures.setStatus(terms.symbol, 'delisted');
      expired.push(terms.symbol);
      coins.add(terms.coin);
    }
    const next = nextNewExpiry([...live, ...dated]);
    const listed: string[] = [];
    for (const coin of coins) {
      const entry = this.futureListing({ symbol: futureName(coin, next), coin, expiryTs: next, createdTs: now }, now);
      this.futures.list(entry);
      listed.push(entry.symbol);
    }
    for (const chain of chains) listed.push(...this.listOptions(chain, this.planExpiry(chain, next, now)));
    this.stepMarks(now);
    const event = { ts: now, expiryTs, expired, listed };
    this.expiries.push(event);
    return event;
  }

  /** A future's listing at its fair price (its terms kept). */
  private futureListing(terms: FutureTerms, now: number): SimMarketSymbol {
    this.futureTerms.set(terms.symbol, terms);
    const index = this.started ? this.index(terms.coin) : (START_PRICES[terms.coin] ?? 100);
    const price = terms.expiryTs === undefined ? index : index * Math.exp((CARRY * Math.max(0, terms.expiryTs - now)) / YEAR_MS);
    const grid = futureGrid(terms.coin);
    const contractValue = CONTRACT_USD[terms.coin] ?? 10;
    // The market starts it and moves it on its tick (`priceTick`).
    return { symbol: terms.symbol, coin: terms.coin, quote: 'USD', price, priceDecimals: grid.decimals, priceTick: grid.tick, sizeDecimals: 4, contractValue };
  }

  /** A chain's options of one expiry around its forward, each with its mark and flow weight (`flowWeight`). */
  private planExpiry(
    chain: ChainCurrency,
    expiryTs: number,
    now: number,
  ): { readonly terms: OptionTerms; readonly mark: OptionMark; readonly weight: number }[] {
    const forward = this.underlying({ symbol: '', chain, expiryTs, strike: 1, type: 'call', createdTs: now }, now).price;
    const strikes = strikesAround(forward, stepOf(chain, (expiryTs - now) / 86_400_000), chain.strikesEachSide);
    return strikes.flatMap((strike) =>
      (['call', 'put'] as const).map((type) => {
        const terms: OptionTerms = { symbol: optionName(chain.name, expiryTs, strike, type), chain, expiryTs, strike, type, createdTs: now };
        const mark = this.price(terms, now);
        return { terms, mark, weight: flowWeight(terms, mark.underlyingPrice, mark.vol, now) };
      }),
    );
  }

  /**
   * Lists planned options, each trading its weight's share of its chain's rate (`optionTradesPerMinute`
   * times the chain's `flowShare`, over the chain's weights as first listed) at random arrivals, its
   * first price its mark on its tick; returns their names.
   */
  private listOptions(chain: ChainCurrency, planned: readonly { readonly terms: OptionTerms; readonly mark: OptionMark; readonly weight: number }[]): string[] {
    const chainPerSecond = ((chain.flowShare ?? 1) * this.config.optionTradesPerMinute) / 60;
    const total = this.chainWeights.get(chain) ?? 1;
    const { decimals: priceDecimals, tick: priceTick } = optionGrid(chain);
    for (const { terms, mark, weight } of planned) {
      this.optionTerms.set(terms.symbol, terms);
      const quote = chain.settlement === 'coin' ? chain.coin : 'USDC';
      const tradesPerSecond = (chainPerSecond * weight) / total;
      this.options.list({
        symbol: terms.symbol,
        coin: chain.coin,
        quote,
        price: mark.markPrice,
        priceDecimals,
        priceTick,
        sizeDecimals: 1,
        volatility: 0.05,
        tradesPerSecond,
        arrivals: 'poisson',
      });
    }
    return planned.map((o) => o.terms.symbol);
  }
}
