import type { BinanceOptionChain } from './binance-option-chain.js';

/** A rolling day of trades, ms. */
export const DAY_MS = 86_400_000;

/** Trades of one option the rolling day holds at most (the market keeps its last 10,000 per symbol). */
const DAY_TRADES = 10_000;

/** An option's trades of the last 24 hours: Binance's 24 h statistics (`optionTicker`, `GET /eapi/v1/ticker`). */
export interface OptionDayStats {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly last: number;
  readonly lastQty: number;
  /** Contracts. */
  readonly volume: number;
  /** USDT: prices times contracts. */
  readonly amount: number;
  /** Times of the window's first and last trades, ms. */
  readonly openTime: number;
  readonly closeTime: number;
  /** Binance's ids of the window's first and last trades (`F`, `L`). */
  readonly firstId: number;
  readonly lastId: number;
  readonly count: number;
}

/**
 * What Binance's options keep of their trades beside the market's tape (every trade the market made,
 * which the control API's `made` lists under Binance's ids): each option's open interest in contracts
 * (a buyer's trade opens its size, a seller's closes it, never below 0: the simulator's model), taken
 * each tick before the marks move, and its rolling day of trades.
 */
export class BinanceOptionTape {
  private readonly made: Set<string>;
  private readonly taken = new Map<string, number>();
  private readonly interest = new Map<string, number>();

  constructor(private readonly chain: BinanceOptionChain) {
    this.made = chain.market.watch();
  }

  /** Takes the trades made since the last call into each option's open interest. */
  take(): void {
    const { market } = this.chain;
    for (const symbol of this.made) {
      const from = (this.taken.get(symbol) ?? 0) + 1;
      for (const trade of market.tradesFrom(symbol, from, DAY_TRADES)) {
        const open = this.interest.get(symbol) ?? 0;
        this.interest.set(symbol, Math.max(0, trade.isBuyerMaker ? open - trade.quantity : open + trade.quantity));
        this.taken.set(symbol, trade.tradeId);
      }
    }
    this.made.clear();
  }

  /** The option's open interest, contracts. */
  openInterest(symbol: string): number {
    return this.interest.get(symbol) ?? 0;
  }

  /** The option's trades of the 24 hours to `now`; undefined when it made none in them. */
  day(symbol: string, now: number): OptionDayStats | undefined {
    const trades = this.chain.market.tradesSince(symbol, now - DAY_MS, DAY_TRADES);
    const first = trades[0];
    const last = trades[trades.length - 1];
    if (first === undefined || last === undefined) return undefined;
    let high = first.price;
    let low = first.price;
    let volume = 0;
    let amount = 0;
    for (const trade of trades) {
      high = Math.max(high, trade.price);
      low = Math.min(low, trade.price);
      volume += trade.quantity;
      amount += trade.price * trade.quantity;
    }
    return {
      open: first.price,
      high,
      low,
      last: last.price,
      lastQty: last.quantity,
      volume,
      amount,
      openTime: first.ts,
      closeTime: last.ts,
      firstId: this.chain.tradeIdOf(symbol, first.tradeId),
      lastId: this.chain.tradeIdOf(symbol, last.tradeId),
      count: trades.length,
    };
  }
}
