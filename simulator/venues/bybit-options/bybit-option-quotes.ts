import type { OptionValue } from '../../options/board-option.js';
import { impliedVolNear } from '../../options/black76.js';
import type { OptionBoard } from '../../options/option-board.js';
import { optionTouch } from '../../options/option-flow.js';
import { seededRandom } from '../../seeded-random.js';
import type { BookAnchor } from '../../simulated-book.js';
import type { BybitOptionTerms } from './bybit-option-contracts.js';
import { bybitOptionGrid } from './bybit-option-contracts.js';

/** Volatility points either side of the mark that Bybit's best bid and ask are quoted at (the simulator's choice, wider than Deribit's 2). */
export const BYBIT_QUOTE_VOL = 0.025;

/** An option's mark and Bybit's quote around it, as of one mark step of the board. */
export interface OptionQuote {
  /** The board's value: forward, index, volatility, years, Black-76 value and greeks in USD. */
  readonly mark: OptionValue;
  /** The best bid (0: none) and ask, USDT, on the coin's tick. */
  readonly bid: number;
  readonly ask: number;
  /** Their sizes in the coin (0 with no bid). */
  readonly bidSize: number;
  readonly askSize: number;
  /** The volatilities (fractions) of the bid and ask prices; 0 for no bid, or a price no volatility gives. */
  readonly bidIv: number;
  readonly askIv: number;
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
 * Bybit's quotes of its options, one per option and mark step of the board (priced on first use after
 * the step): the Black-76 price at the board's volatility less and plus `BYBIT_QUOTE_VOL`, floored and
 * ceiled to the coin's tick (`optionTouch`: no bid when it floors to nothing, the ask a tick at least), each side
 * 10 to 1,500 steps of the coin (seeded by option and step), and the volatilities of those prices.
 * The options' trades are made at this touch and their books are pinned to it.
 */
export class BybitOptionQuotes {
  private readonly quotes = new Map<string, OptionQuote>();

  constructor(
    private readonly board: OptionBoard,
    private readonly terms: (symbol: string) => BybitOptionTerms | undefined,
  ) {}

  /** The option's quote as of the board's last mark step (a delivered one's last); undefined for an option never listed. */
  of(symbol: string): OptionQuote | undefined {
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

  /** Forgets a delivered option's quote. */
  forget(symbol: string): void {
    this.quotes.delete(symbol);
  }

  /** The touch its book is pinned to: the quote's prices and sizes (no bid: price 0, left out of every frame). */
  anchor(symbol: string): BookAnchor | undefined {
    const quote = this.of(symbol);
    return quote === undefined ? undefined : { bid: quote.bid, ask: quote.ask, bidSize: quote.bidSize, askSize: quote.askSize };
  }

  /**
   * One trade at the touch: a seller hits the bid (never when there is none) or a buyer lifts the ask,
   * half and half; 1 to 2,500 steps of the coin, mostly few (`r⁴`).
   */
  tradeTerms(symbol: string, random: () => number): { readonly price: number; readonly quantity: number; readonly isBuyerMaker: boolean } | undefined {
    const quote = this.of(symbol);
    const step = this.terms(symbol)?.figures.qtyStep;
    if (quote === undefined || step === undefined) return undefined;
    const isBuyerMaker = quote.bid > 0 && random() < 0.5;
    const steps = 1 + Math.floor(random() ** 4 * 2500);
    return { price: isBuyerMaker ? quote.bid : quote.ask, quantity: Number((steps * step).toFixed(8)), isBuyerMaker };
  }

  /** The volatility whose Black-76 price is `price` for the option now (its quote's forward and years); 0 where none gives it. */
  ivOf(symbol: string, price: number): number {
    const terms = this.terms(symbol);
    const quote = this.of(symbol);
    if (terms === undefined || quote === undefined) return 0;
    return impliedVolNear(price, { type: terms.type, forward: quote.mark.forward, strike: terms.strike, years: quote.mark.years }, quote.mark.vol);
  }

  private price(terms: BybitOptionTerms, mark: OptionValue, version: number): OptionQuote {
    const inputs = { type: terms.type, forward: mark.forward, strike: terms.strike, years: mark.years };
    // In USDT, whatever the board's option settles in: Bybit's are all USDT-settled.
    const { bid, ask } = optionTouch({ ...inputs, settlement: 'usdc', vol: mark.vol }, bybitOptionGrid(terms.figures), BYBIT_QUOTE_VOL);
    const random = seededRandom(hash(terms.symbol) ^ Math.imul(version, 0x9e3779b1));
    const size = (): number => Number(((10 + Math.floor(random() ** 2 * 1490)) * terms.figures.qtyStep).toFixed(8));
    const bidSize = size();
    const askSize = size();
    return {
      mark,
      bid,
      ask,
      bidSize: bid > 0 ? bidSize : 0,
      askSize,
      bidIv: bid > 0 ? impliedVolNear(bid, inputs, mark.vol) : 0,
      askIv: impliedVolNear(ask, inputs, mark.vol),
      version,
    };
  }
}
