import type { OptionValue } from '../../options/board-option.js';
import { impliedVolNear } from '../../options/black76.js';
import type { OptionBoard } from '../../options/option-board.js';
import { optionTouch } from '../../options/option-flow.js';
import { seededRandom } from '../../seeded-random.js';
import { binanceOptionGrid, type BinanceOptionTerms } from './binance-option-contracts.js';

/** Volatility points either side of the mark that Binance's best bid and ask are quoted at (the simulator's choice). */
export const BINANCE_QUOTE_VOL = 0.03;

/** An option's mark and Binance's quote around it, as of one mark step of the board; prices in USDT per contract, sizes in contracts. */
export interface BinanceOptionQuote {
  /** The board's value: forward, index, volatility, years, Black-76 value and greeks of one coin, in USD. */
  readonly mark: OptionValue;
  /** The best bid (0: none) and ask, on the coin's tick. */
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
 * Binance's quotes of its options, one per option and mark step of the board (priced on first use after
 * the step): the Black-76 price of `unit` coins at the board's volatility less and plus
 * `BINANCE_QUOTE_VOL`, floored and ceiled to the coin's tick (no bid when it floors to nothing), each
 * side 0.1 to 50 contracts (seeded by option and step), and the volatilities of those prices. The
 * options' trades are made at this touch.
 */
export class BinanceOptionQuotes {
  private readonly quotes = new Map<string, BinanceOptionQuote>();

  constructor(
    private readonly board: OptionBoard,
    private readonly terms: (symbol: string) => BinanceOptionTerms | undefined,
  ) {}

  /** The option's quote as of the board's last mark step (an expired one's last); undefined for an option never listed. */
  of(symbol: string): BinanceOptionQuote | undefined {
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

  /** One trade at the touch: a seller hits the bid (never when there is none) or a buyer lifts the ask, half and half; 1 to 2,000 steps, mostly few (`r⁴`). */
  tradeTerms(symbol: string, random: () => number): { readonly price: number; readonly quantity: number; readonly isBuyerMaker: boolean } | undefined {
    const quote = this.of(symbol);
    const figures = this.terms(symbol)?.figures;
    if (quote === undefined || figures === undefined) return undefined;
    const isBuyerMaker = quote.bid > 0 && random() < 0.5;
    const steps = 1 + Math.floor(random() ** 4 * 2000);
    return { price: isBuyerMaker ? quote.bid : quote.ask, quantity: Number((steps / 10 ** figures.quantityScale).toFixed(8)), isBuyerMaker };
  }

  private price(terms: BinanceOptionTerms, mark: OptionValue, version: number): BinanceOptionQuote {
    const { figures, option } = terms;
    const inputs = { type: option.type, forward: mark.forward, strike: option.strike, years: mark.years };
    // Quoted per coin in USDT (every Binance option is USDT-settled), then per contract of `unit` coins.
    const grid = binanceOptionGrid(figures);
    const perCoin = optionTouch({ ...inputs, settlement: 'usdc', vol: mark.vol }, grid, BINANCE_QUOTE_VOL);
    const bid = perCoin.bid > 0 ? Math.max(0, grid.floor(perCoin.bid * figures.unit)) : 0;
    const ask = Math.max(grid.unit, grid.ceil(perCoin.ask * figures.unit));
    const random = seededRandom(hash(terms.symbol) ^ Math.imul(version, 0x9e3779b1));
    const size = (): number => Number(((10 + Math.floor(random() ** 2 * 4990)) / 10 ** figures.quantityScale).toFixed(8));
    const bidSize = size();
    const askSize = size();
    const ivOf = (price: number): number | undefined => {
      const iv = impliedVolNear(price / figures.unit, inputs, mark.vol);
      return iv > 0 ? iv : undefined;
    };
    return { mark, bid, ask, bidSize: bid > 0 ? bidSize : 0, askSize, bidIv: bid > 0 ? ivOf(bid) : undefined, askIv: ivOf(ask), version };
  }
}
