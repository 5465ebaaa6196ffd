import type { PriceGrid } from '../price-grid.js';
import { seededRandom } from '../seeded-random.js';
import type { BookAnchor } from '../simulated-book.js';
import { impliedVolNear } from './black76.js';
import type { ListedOption, OptionValue } from './board-option.js';
import type { OptionBoard } from './option-board.js';
import { optionTouch, optionTradeTerms } from './option-flow.js';

/** An option's contract on a venue quoting in USDT: where its prices sit, its size, its lots. */
export interface OptionContract {
  /** The tick of a contract's price. */
  readonly grid: PriceGrid;
  /** Coins a contract: its price is the Black-76 value of one coin times this (1 where a venue prices one coin). */
  readonly unit: number;
  /** Lots in one contract: every size is whole lots (100 for a step of 0.01). */
  readonly lotsPerContract: number;
  /** Decimals of a size. */
  readonly sizeDecimals: number;
}

/** How a venue quotes the board's options around their marks and sizes its trades (the simulator's choices, per venue). */
export interface OptionQuoting<T extends ListedOption> {
  /** Volatility either side of the mark its best bid and ask are quoted at (0.03: 3 points). */
  readonly spreadVol: number;
  /** A side of a quote shows 10 lots and up to this many more, mostly few (`r²`). */
  readonly sizeLots: number;
  /** One trade takes 1 lot to this many, mostly few (`r⁴`). */
  readonly tradeLots: number;
  contract(terms: T): OptionContract;
}

/** An option's mark and a venue's quote around it, as of one mark step of the board; prices in USDT a contract, sizes in contracts. */
export interface VenueOptionQuote {
  /** The board's value: forward, index, volatility, years, Black-76 value and greeks of one coin, in USD. */
  readonly mark: OptionValue;
  /** The best bid (0: none) and ask, on the contract's tick. */
  readonly bid: number;
  readonly ask: number;
  /** Their sizes (0 with no bid). */
  readonly bidSize: number;
  readonly askSize: number;
  /** The volatilities of the bid and ask (fractions); undefined for no bid, or a price no volatility gives. */
  readonly bidIv: number | undefined;
  readonly askIv: number | undefined;
  /** The board's mark step it was priced at (`OptionBoard.markVersion`). */
  readonly version: number;
}

/** FNV-1a hash of a text, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let n = 0; n < text.length; n += 1) h = Math.imul(h ^ text.charCodeAt(n), 0x01000193);
  return h >>> 0;
}

/**
 * A USDT-settled venue's quotes of the board's options, one per option and mark step (priced on first
 * use after the step), so that every such venue quotes the same mark its own way: the Black-76 price
 * of a contract at the board's volatility less and plus the venue's `spreadVol`, floored and ceiled to
 * its tick (no bid when it floors to nothing, the ask a tick at least), each side's size seeded by
 * option and step, and the volatilities of those prices. The venue's trades are made at this touch.
 */
export class VenueOptionQuotes<T extends ListedOption> {
  private readonly quotes = new Map<string, VenueOptionQuote>();

  constructor(
    private readonly board: OptionBoard,
    private readonly terms: (symbol: string) => T | undefined,
    private readonly quoting: OptionQuoting<T>,
  ) {}

  /** The option's quote as of the board's last mark step (an expired one's last); undefined for an option never listed. */
  of(symbol: string): VenueOptionQuote | undefined {
    const version = this.board.markVersion;
    const cached = this.quotes.get(symbol);
    if (cached?.version === version) return cached;
    const terms = this.terms(symbol);
    const mark = terms === undefined ? undefined : this.board.value(terms.option.id);
    if (terms === undefined || mark === undefined) return undefined;
    const quote = this.price(terms, mark, version);
    this.quotes.set(symbol, quote);
    return quote;
  }

  /** Forgets an expired option's quote. */
  forget(symbol: string): void {
    this.quotes.delete(symbol);
  }

  /** The touch a book of the option is pinned to: the quote's prices and sizes (no bid: price 0). */
  anchor(symbol: string): BookAnchor | undefined {
    const quote = this.of(symbol);
    return quote === undefined ? undefined : { bid: quote.bid, ask: quote.ask, bidSize: quote.bidSize, askSize: quote.askSize };
  }

  /** One trade at the touch (`optionTradeTerms`): the bid hit or the ask lifted, half and half, in whole lots. */
  tradeTerms(symbol: string, random: () => number): { readonly price: number; readonly quantity: number; readonly isBuyerMaker: boolean } | undefined {
    const quote = this.of(symbol);
    const terms = this.terms(symbol);
    if (quote === undefined || terms === undefined) return undefined;
    return optionTradeTerms(quote, random, { lotsPerCoin: this.quoting.contract(terms).lotsPerContract, maxLots: this.quoting.tradeLots });
  }

  /** The volatility whose Black-76 price is `price` a contract for the option now (its quote's forward and years); 0 where none gives it. */
  ivOf(symbol: string, price: number): number {
    const terms = this.terms(symbol);
    const quote = this.of(symbol);
    if (terms === undefined || quote === undefined) return 0;
    const { option } = terms;
    const { mark } = quote;
    return impliedVolNear(
      price / this.quoting.contract(terms).unit,
      { type: option.type, forward: mark.forward, strike: option.strike, years: mark.years },
      mark.vol,
    );
  }

  private price(terms: T, mark: OptionValue, version: number): VenueOptionQuote {
    const { option } = terms;
    const { grid, unit, lotsPerContract } = this.quoting.contract(terms);
    const inputs = { type: option.type, forward: mark.forward, strike: option.strike, years: mark.years };
    // Quoted a coin in USDT, whatever the board's option settles in, then a contract of `unit` coins.
    const perCoin = optionTouch({ ...inputs, settlement: 'usdc', vol: mark.vol }, grid, this.quoting.spreadVol);
    const bid = perCoin.bid > 0 ? Math.max(0, grid.floor(perCoin.bid * unit)) : 0;
    const ask = Math.max(grid.unit, grid.ceil(perCoin.ask * unit));
    const random = seededRandom(hash(terms.symbol) ^ Math.imul(version, 0x9e3779b1));
    const size = (): number => (10 + Math.floor(random() ** 2 * this.quoting.sizeLots)) / lotsPerContract;
    const bidSize = size();
    const askSize = size();
    const ivOf = (price: number): number | undefined => {
      const iv = impliedVolNear(price / unit, inputs, mark.vol);
      return iv > 0 ? iv : undefined;
    };
    return { mark, bid, ask, bidSize: bid > 0 ? bidSize : 0, askSize, bidIv: bid > 0 ? ivOf(bid) : undefined, askIv: ivOf(ask), version };
  }
}
