import type { Flow, Side } from '../model/index.js';
import { flowOf } from './flow-of.js';

/** The trade facts a window needs. */
export interface WindowTrade {
  readonly price: number;
  readonly quantity: number;
  readonly side: Side;
  /** True when the trade counts as large for its symbol. */
  readonly large: boolean;
}

/** Running totals of one tumbling window. */
export interface WindowAccumulator {
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  readonly volume: number;
  readonly quoteVolume: number;
  readonly tradeCount: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly largeTradeCount: number;
}

/** The figures of a closed window, derived from its accumulator. */
export interface WindowFigures extends WindowAccumulator {
  readonly vwap?: number;
  readonly buyRatio?: number;
  readonly flow: Flow;
}

export const EMPTY_WINDOW: WindowAccumulator = {
  volume: 0,
  quoteVolume: 0,
  tradeCount: 0,
  buyVolume: 0,
  sellVolume: 0,
  largeTradeCount: 0,
};

/** Folds one trade into a window: OHLC in arrival order, volumes, counts. */
export function addTrade(window: WindowAccumulator, trade: WindowTrade): WindowAccumulator {
  return {
    open: window.open ?? trade.price,
    high: window.high === undefined ? trade.price : Math.max(window.high, trade.price),
    low: window.low === undefined ? trade.price : Math.min(window.low, trade.price),
    close: trade.price,
    volume: window.volume + trade.quantity,
    quoteVolume: window.quoteVolume + trade.price * trade.quantity,
    tradeCount: window.tradeCount + 1,
    buyVolume: window.buyVolume + (trade.side === 'BUY' ? trade.quantity : 0),
    sellVolume: window.sellVolume + (trade.side === 'SELL' ? trade.quantity : 0),
    largeTradeCount: window.largeTradeCount + (trade.large ? 1 : 0),
  };
}

/** {@link addTrade}'s totals kept in one object changed in place, for the operators that fold every trade. */
export class WindowTotals {
  open: number | undefined;
  high: number | undefined;
  low: number | undefined;
  close: number | undefined;
  volume = 0;
  quoteVolume = 0;
  tradeCount = 0;
  buyVolume = 0;
  sellVolume = 0;
  largeTradeCount = 0;

  /** Folds one trade in, as `addTrade` does. */
  add(price: number, quantity: number, side: Side, large: boolean): void {
    this.open ??= price;
    this.high = this.high === undefined ? price : Math.max(this.high, price);
    this.low = this.low === undefined ? price : Math.min(this.low, price);
    this.close = price;
    this.volume += quantity;
    this.quoteVolume += price * quantity;
    this.tradeCount += 1;
    if (side === 'BUY') this.buyVolume += quantity;
    else this.sellVolume += quantity;
    if (large) this.largeTradeCount += 1;
  }

  /** Empty again, for the next window. */
  reset(): void {
    this.open = this.high = this.low = this.close = undefined;
    this.volume = this.quoteVolume = this.tradeCount = this.buyVolume = this.sellVolume = this.largeTradeCount = 0;
  }

  /** The totals as a plain accumulator, the OHLC absent before the first trade. */
  snapshot(): WindowAccumulator {
    const { open, high, low, close, volume, quoteVolume, tradeCount, buyVolume, sellVolume, largeTradeCount } = this;
    const totals = { volume, quoteVolume, tradeCount, buyVolume, sellVolume, largeTradeCount };
    return open === undefined || high === undefined || low === undefined || close === undefined ? totals : { open, high, low, close, ...totals };
  }
}

/** VWAP (quote volume / volume), buy ratio and flow class; VWAP and ratio absent without volume. */
export function windowFigures(window: WindowAccumulator): WindowFigures {
  if (window.volume <= 0) return { ...window, flow: flowOf(undefined) };
  const buyRatio = window.buyVolume / window.volume;
  return { ...window, vwap: window.quoteVolume / window.volume, buyRatio, flow: flowOf(buyRatio) };
}
