import type { BybitOptionChain } from './bybit-option-chain.js';

/** What an option trade says beside its price and size: the mark, index and volatilities of when it was made. */
export interface OptionTradeFigures {
  /** The option's mark, USDT (`mP`). */
  readonly markPrice: number;
  /** The coin's index (`iP`). */
  readonly indexPrice: number;
  /** The mark's volatility, a fraction (`mIv`). */
  readonly markIv: number;
  /** The volatility of the trade's price (`iv`); 0 where none gives it. */
  readonly iv: number;
}

/** An option's trades since it was listed: its first price, high and low, and volume in the coin. */
export interface OptionTradeStats {
  readonly first: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
}

/** Trade figures kept per option: as many as `recent-trade` answers at most. */
const KEPT = 1000;

/** A trade as the tape reads it. */
type TapeTrade = { readonly symbol: string; readonly tradeId: number; readonly price: number; readonly quantity: number; readonly isBuyerMaker: boolean };

/**
 * What Bybit's options keep of their trades beside the market's tape: each trade's figures as of when
 * it was made (the stream's and `recent-trade`'s `mP`, `iP`, `mIv`, `iv` agree), and per option its
 * trades' first price, high, low and volume, its open interest (a buyer's trade opens its size, a seller's closes it, never below 0; the simulator's
 * model) and turnover (sizes times the index, as Bybit counts an option's turnover: the recorded
 * SOL ticker's `turnover24h` 211.8 for 10 SOL at an index of 20.93).
 */
export class BybitOptionTape {
  private readonly figures = new Map<string, Map<number, OptionTradeFigures>>();
  private readonly taken = new Map<string, number>();
  private readonly made: Set<string>;
  private readonly interest = new Map<string, number>();
  private readonly turnovers = new Map<string, number>();
  private readonly stats = new Map<string, OptionTradeStats>();

  constructor(private readonly chain: BybitOptionChain) {
    this.made = chain.market.watch();
  }

  /** A trade's figures: as recorded when it was made, else as of now (and recorded). */
  of(trade: Pick<TapeTrade, 'symbol' | 'tradeId' | 'price'>): OptionTradeFigures {
    let bySymbol = this.figures.get(trade.symbol);
    const found = bySymbol?.get(trade.tradeId);
    if (found !== undefined) return found;
    const quote = this.chain.quotes.of(trade.symbol);
    const figures: OptionTradeFigures = {
      markPrice: quote?.mark.value.price ?? 0,
      indexPrice: quote?.mark.indexPrice ?? 0,
      markIv: quote?.mark.vol ?? 0,
      iv: this.chain.quotes.ivOf(trade.symbol, trade.price),
    };
    if (bySymbol === undefined) this.figures.set(trade.symbol, (bySymbol = new Map<number, OptionTradeFigures>()));
    bySymbol.set(trade.tradeId, figures);
    if (bySymbol.size > KEPT) bySymbol.delete(bySymbol.keys().next().value ?? trade.tradeId);
    return figures;
  }

  /** Takes the trades made since the last call (each tick, before the marks move): their figures, open interest and turnover. */
  take(): void {
    const { market } = this.chain;
    for (const symbol of this.made) {
      const from = (this.taken.get(symbol) ?? 0) + 1;
      for (const trade of market.tradesFrom(symbol, from, KEPT)) {
        const figures = this.of({ symbol, tradeId: trade.tradeId, price: trade.price });
        const open = this.interest.get(symbol) ?? 0;
        this.interest.set(symbol, Math.max(0, trade.isBuyerMaker ? open - trade.quantity : open + trade.quantity));
        this.turnovers.set(symbol, (this.turnovers.get(symbol) ?? 0) + trade.quantity * figures.indexPrice);
        const was = this.stats.get(symbol);
        const { price, quantity } = trade;
        this.stats.set(
          symbol,
          was === undefined
            ? { first: price, high: price, low: price, volume: quantity }
            : { first: was.first, high: Math.max(was.high, price), low: Math.min(was.low, price), volume: was.volume + quantity },
        );
        this.taken.set(symbol, trade.tradeId);
      }
    }
    this.made.clear();
  }

  /** The option's trades since it was listed; undefined before its first. */
  traded(symbol: string): OptionTradeStats | undefined {
    return this.stats.get(symbol);
  }

  /** The option's open interest, in the coin. */
  openInterest(symbol: string): number {
    return this.interest.get(symbol) ?? 0;
  }

  /** The option's turnover since it was listed, USDT. */
  turnover(symbol: string): number {
    return this.turnovers.get(symbol) ?? 0;
  }
}
