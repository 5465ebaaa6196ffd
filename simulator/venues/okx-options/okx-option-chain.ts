import type { BoardExpiry, BoardOption, OptionValue } from '../../options/board-option.js';
import type { OptionBoard } from '../../options/option-board.js';
import { optionTouch, optionTradeTerms } from '../../options/option-flow.js';
import { SimulatedMarket } from '../../simulated-market.js';
import type { ExpiryAnswer } from '../../venue-own-actions.js';
import { familyOf, OKX_OPTION_COINS, OKX_OPTION_GRID, okxOptionContract, okxOptionName, type OkxOptionContract } from './okx-option-contracts.js';

/** Volatility points either side of the shared mark that OKX's best bid and ask are quoted at (the simulator's choice: wider than Deribit's 2). */
export const OKX_QUOTE_VOL = 0.03;

/** One option as OKX lists it: the board's option under its `instId`, its family and contract. */
export interface OkxOptionTerms {
  readonly instId: string;
  readonly option: BoardOption;
  /** `BTC-USD`. */
  readonly family: string;
  readonly contract: OkxOptionContract;
}

/** OKX's quote of an option at one mark step: the board's value, the mark in the coin, the best bid (0: none) and ask in the coin, their sizes in contracts. */
export interface OkxOptionQuote {
  readonly valued: OptionValue;
  readonly markPx: number;
  readonly bid: number;
  readonly ask: number;
  readonly bidSz: number;
  readonly askSz: number;
}

export interface OkxOptionChainConfig {
  readonly board: OptionBoard;
  /** The coins served (of `OKX_OPTION_COINS`). */
  readonly coins: readonly string[];
  /** The seed of the venue's trades. */
  readonly seed: number;
  /** Trades a minute of each coin's whole chain, arriving at random (Poisson). */
  readonly optionTradesPerMinute: number;
}

/**
 * The simulated OKX's options: the board's coin-settled options of the coins served under OKX's
 * names, its market (each option trading its flow weight's share of its chain's rate, at random
 * arrivals, at OKX's bid or ask, in whole contracts), OKX's quotes around the board's marks (its own
 * spread, `OKX_QUOTE_VOL`, on its tick), and the expiries: an expired option is delisted at once, a
 * new expiry's options listed.
 */
export class OkxOptionChain {
  readonly market: SimulatedMarket;
  readonly board: OptionBoard;
  /** What each expiry did here: the `instId`s it ended and listed. */
  readonly expiries: ExpiryAnswer[] = [];
  private readonly terms = new Map<string, OkxOptionTerms>();
  private readonly names = new Map<string, string>();
  private readonly quotes = new Map<string, OkxOptionQuote>();
  private quotedVersion = -1;

  constructor(private readonly config: OkxOptionChainConfig) {
    this.board = config.board;
    const tradeTerms = (symbol: string, random: () => number) => {
      const quote = this.quote(symbol);
      const terms = this.terms.get(symbol);
      return quote === undefined || terms === undefined ? undefined : optionTradeTerms(quote, random, terms.contract.lots);
    };
    this.market = new SimulatedMarket({ symbols: [], seed: config.seed, idStep: 'consecutive', tradeTerms });
    this.list(this.board.liveOptions());
    this.board.listen({ expired: (event) => this.expired(event) });
  }

  /** The families served (`BTC-USD`, `ETH-USD`), in the board's order. */
  families(): string[] {
    return this.board.chains.filter((chain) => this.serves(chain.coin, chain.settlement)).map((chain) => familyOf(chain.coin));
  }

  /** An option listed here (expired ones too). */
  termsOf(instId: string): OkxOptionTerms | undefined {
    return this.terms.get(instId);
  }

  /** The options listed and not delisted (halted ones too), of `family` or all, in listing order. */
  listed(family?: string): OkxOptionTerms[] {
    return this.market.symbols.flatMap((instId) => {
      const terms = this.terms.get(instId);
      return terms === undefined || (family !== undefined && terms.family !== family) ? [] : [terms];
    });
  }

  /** OKX's quote of a listed option as of the board's last mark step. */
  quote(instId: string): OkxOptionQuote | undefined {
    if (this.quotedVersion !== this.board.markVersion) {
      this.quotes.clear();
      this.quotedVersion = this.board.markVersion;
    }
    let quote = this.quotes.get(instId);
    if (quote !== undefined) return quote;
    const terms = this.terms.get(instId);
    const valued = terms === undefined ? undefined : this.board.value(terms.option.id);
    if (terms === undefined || valued === undefined) return undefined;
    const { option } = terms;
    const { bid, ask } = optionTouch(
      { type: option.type, strike: option.strike, settlement: 'coin', forward: valued.forward, years: valued.years, vol: valued.vol },
      OKX_OPTION_GRID,
      OKX_QUOTE_VOL,
    );
    // Sizes of 10 to 500 contracts, drawn from the option and the step so that they stay put between steps.
    const size = (salt: number) => 10 * (1 + ((Math.round(option.strike) * 7 + salt * 13 + this.board.markVersion) % 50));
    quote = { valued, markPx: valued.value.price / valued.forward, bid, ask, bidSz: bid > 0 ? size(1) : 0, askSz: size(2) };
    this.quotes.set(instId, quote);
    return quote;
  }

  /** Ends the board's nearest expiry now (on every venue listing its options); what it did here, undefined when nothing is left to expire. */
  expireNearest(now: number): ExpiryAnswer | undefined {
    const before = this.expiries.length;
    this.board.expireNearest(now);
    return this.expiries.length > before ? this.expiries.at(-1) : undefined;
  }

  private serves(coin: string, settlement: string): boolean {
    return settlement === 'coin' && OKX_OPTION_COINS.includes(coin) && this.config.coins.includes(coin);
  }

  /** The board's options ended leave the market at once; its new ones list. */
  private expired(event: BoardExpiry): void {
    const expired = event.expired.flatMap((option) => {
      const instId = this.names.get(option.id);
      if (instId === undefined || !this.market.has(instId)) return [];
      this.market.setStatus(instId, 'delisted');
      return [instId];
    });
    const listed = this.list(event.listed);
    this.expiries.push({ expiryTs: event.expiryTs, expired, listed });
  }

  /**
   * Lists the board's options of the coins served under OKX's names, each trading its weight's share
   * of its chain's rate (`optionTradesPerMinute` over the chain's weights as first listed), its first
   * price its value when listed on OKX's tick; returns their `instId`s.
   */
  private list(options: readonly BoardOption[]): string[] {
    return options.flatMap((option) => {
      const { chain, listedValue } = option;
      if (!this.serves(chain.coin, chain.settlement)) return [];
      const instId = okxOptionName(option);
      const contract = okxOptionContract(chain.coin);
      this.terms.set(instId, { instId, option, family: familyOf(chain.coin), contract });
      this.names.set(option.id, instId);
      const chainPerSecond = ((chain.flowShare ?? 1) * this.config.optionTradesPerMinute) / 60;
      this.market.list({
        symbol: instId,
        coin: chain.coin,
        quote: chain.coin,
        price: listedValue.value.price / listedValue.forward,
        priceDecimals: OKX_OPTION_GRID.decimals,
        priceTick: OKX_OPTION_GRID.tick,
        sizeDecimals: -contract.exponent,
        volatility: 0.05,
        tradesPerSecond: (chainPerSecond * option.weight) / this.board.chainWeight(chain),
        arrivals: 'poisson',
      });
      return [instId];
    });
  }
}
