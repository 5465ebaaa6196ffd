import { KLINE_INTERVAL_MS, KLINE_INTERVALS, type KlineInterval } from '../model/kline.js';
import type { SimulatedTrade } from './simulated-market.js';

/** How often the simulator pushes each open candle (Binance pushes every 2 s, Bybit every 1-60 s), ms. */
export const SIM_KLINE_PUSH_MS = 1000;

/** One simulated candle, built from the trades the venue sent. */
export interface SimCandle {
  readonly symbol: string;
  readonly interval: KlineInterval;
  readonly intervalMs: number;
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Base volume and quote volume, all trades and taker buys. */
  readonly volume: number;
  readonly quoteVolume: number;
  readonly buyVolume: number;
  readonly buyQuoteVolume: number;
  readonly tradeCount: number;
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** Time of the last trade, ms. */
  readonly lastTradeTs: number;
  readonly priceDecimals: number;
  readonly closed: boolean;
}

/** A skew of a symbol's next closing candles: close (and high, if passed) and volume moved by percentages. */
export interface CandleSkew {
  readonly pricePct: number;
  readonly volumePct: number;
}

/**
 * The candles of every interval of every symbol, from the trades a venue sends (so that they agree
 * with its trade stream), closed by the trade time of the next trade or by the clock. A skew
 * distorts one closing candle per interval of a symbol, to prove the client's cross-check.
 */
export class SimCandles {
  private readonly open = new Map<string, SimCandle>();
  private readonly skews = new Map<string, CandleSkew>();
  private closing: SimCandle[] = [];

  /** Folds a trade into its candles; a trade of a later period closes the open candle first. */
  add(trade: SimulatedTrade): void {
    for (const interval of KLINE_INTERVALS) {
      const key = `${trade.symbol}|${interval}`;
      const intervalMs = KLINE_INTERVAL_MS[interval];
      const openTime = Math.floor(trade.ts / intervalMs) * intervalMs;
      const current = this.open.get(key);
      if (current !== undefined && current.openTime < openTime) this.close(key, current);
      this.open.set(key, current === undefined || current.openTime < openTime ? first(trade, interval, openTime) : next(current, trade));
    }
  }

  /** Closes the candles whose period ended by `now`; returns every candle closed since the last call. */
  roll(now: number): readonly SimCandle[] {
    for (const [key, candle] of this.open) if (candle.openTime + candle.intervalMs <= now) this.close(key, candle);
    const closed = this.closing;
    this.closing = [];
    return closed;
  }

  /** The open candles. */
  current(): IterableIterator<SimCandle> {
    return this.open.values();
  }

  /** Distorts the next closing candle of every interval of `symbol`. */
  skew(symbol: string, skew: CandleSkew): void {
    for (const interval of KLINE_INTERVALS) this.skews.set(`${symbol}|${interval}`, skew);
  }

  private close(key: string, candle: SimCandle): void {
    this.open.delete(key);
    const skew = this.skews.get(key);
    this.skews.delete(key);
    this.closing.push(skew === undefined ? { ...candle, closed: true } : skewed({ ...candle, closed: true }, skew));
  }
}

function first(trade: SimulatedTrade, interval: KlineInterval, openTime: number): SimCandle {
  const buy = trade.isBuyerMaker ? 0 : trade.quantity;
  return {
    symbol: trade.symbol, interval, intervalMs: KLINE_INTERVAL_MS[interval], openTime,
    open: trade.price, high: trade.price, low: trade.price, close: trade.price,
    volume: trade.quantity, quoteVolume: trade.price * trade.quantity, buyVolume: buy, buyQuoteVolume: buy * trade.price,
    tradeCount: 1, firstTradeId: trade.tradeId, lastTradeId: trade.tradeId, lastTradeTs: trade.ts, priceDecimals: trade.priceDecimals, closed: false,
  };
}

function next(c: SimCandle, trade: SimulatedTrade): SimCandle {
  const buy = trade.isBuyerMaker ? 0 : trade.quantity;
  return {
    ...c,
    high: Math.max(c.high, trade.price), low: Math.min(c.low, trade.price), close: trade.price,
    volume: c.volume + trade.quantity, quoteVolume: c.quoteVolume + trade.price * trade.quantity,
    buyVolume: c.buyVolume + buy, buyQuoteVolume: c.buyQuoteVolume + buy * trade.price,
    tradeCount: c.tradeCount + 1, lastTradeId: trade.tradeId, lastTradeTs: trade.ts,
  };
}

function skewed(c: SimCandle, skew: CandleSkew): SimCandle {
  const close = c.close * (1 + skew.pricePct / 100);
  const factor = 1 + skew.volumePct / 100;
  return { ...c, close, high: Math.max(c.high, close), low: Math.min(c.low, close), volume: c.volume * factor, quoteVolume: c.quoteVolume * factor };
}
