import { KLINE_INTERVAL_MS, KLINE_INTERVALS, type KlineInterval } from '../src/model/kline.js';
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

/** An open candle, changed in place by each trade (copies leave the class). */
type OpenCandle = { -readonly [K in keyof SimCandle]: SimCandle[K] };

/**
 * The candles of every interval of every symbol, from the trades a venue sends (so that they agree
 * with its trade stream), closed by the trade time of the next trade or by the clock. A skew
 * distorts one closing candle per interval of a symbol, to prove the client's cross-check.
 * Folding a trade allocates nothing unless it opens a candle: the simulator folds every trade.
 */
export class SimCandles {
  /** Per symbol, the open candle of each of `KLINE_INTERVALS` (same index), if any. */
  private readonly open = new Map<string, (OpenCandle | undefined)[]>();
  private readonly skews = new Map<string, CandleSkew>();
  private closing: SimCandle[] = [];
  /** No open candle ends before this (ms), so `roll` has nothing to look at until then. */
  private nextEnd = Number.POSITIVE_INFINITY;

  /** Folds a trade into its candles; a trade of a later period closes the open candle first. */
  add(trade: SimulatedTrade): void {
    let slots = this.open.get(trade.symbol);
    if (slots === undefined) {
      slots = KLINE_INTERVALS.map(() => undefined);
      this.open.set(trade.symbol, slots);
    }
    for (let n = 0; n < KLINE_INTERVALS.length; n += 1) {
      const current = slots[n];
      if (current !== undefined && trade.ts < current.openTime + current.intervalMs) {
        fold(current, trade);
        continue;
      }
      if (current !== undefined) this.close(current);
      const interval = KLINE_INTERVALS[n] as KlineInterval;
      const intervalMs = KLINE_INTERVAL_MS[interval];
      const opened = first(trade, interval, Math.floor(trade.ts / intervalMs) * intervalMs);
      slots[n] = opened;
      this.nextEnd = Math.min(this.nextEnd, opened.openTime + intervalMs);
    }
  }

  /** Closes the candles whose period ended by `now`; returns every candle closed since the last call. */
  roll(now: number): readonly SimCandle[] {
    if (now >= this.nextEnd) {
      this.nextEnd = Number.POSITIVE_INFINITY;
      for (const slots of this.open.values()) {
        slots.forEach((candle, n) => {
          if (candle === undefined) return;
          const end = candle.openTime + candle.intervalMs;
          if (end > now) {
            this.nextEnd = Math.min(this.nextEnd, end);
            return;
          }
          this.close(candle);
          slots[n] = undefined;
        });
      }
    }
    const closed = this.closing;
    this.closing = [];
    return closed;
  }

  /** Copies of the open candles, of one symbol or of all. */
  *current(symbol?: string): IterableIterator<SimCandle> {
    const all = symbol === undefined ? this.open.values() : [this.open.get(symbol) ?? []];
    for (const slots of all) for (const candle of slots) if (candle !== undefined) yield { ...candle };
  }

  /** Distorts the next closing candle of every interval of `symbol`. */
  skew(symbol: string, skew: CandleSkew): void {
    for (const interval of KLINE_INTERVALS) this.skews.set(`${symbol}|${interval}`, skew);
  }

  private close(candle: OpenCandle): void {
    const key = `${candle.symbol}|${candle.interval}`;
    const skew = this.skews.get(key);
    this.skews.delete(key);
    this.closing.push(skew === undefined ? { ...candle, closed: true } : skewed({ ...candle, closed: true }, skew));
  }
}

function first(trade: SimulatedTrade, interval: KlineInterval, openTime: number): OpenCandle {
  const buy = trade.isBuyerMaker ? 0 : trade.quantity;
  return {
    symbol: trade.symbol,
    interval,
    intervalMs: KLINE_INTERVAL_MS[interval],
    openTime,
    open: trade.price,
    high: trade.price,
    low: trade.price,
    close: trade.price,
    volume: trade.quantity,
    quoteVolume: trade.price * trade.quantity,
    buyVolume: buy,
    buyQuoteVolume: buy * trade.price,
    tradeCount: 1,
    firstTradeId: trade.tradeId,
    lastTradeId: trade.tradeId,
    lastTradeTs: trade.ts,
    priceDecimals: trade.priceDecimals,
    closed: false,
  };
}

function fold(c: OpenCandle, trade: SimulatedTrade): void {
  const buy = trade.isBuyerMaker ? 0 : trade.quantity;
  if (trade.price > c.high) c.high = trade.price;
  if (trade.price < c.low) c.low = trade.price;
  c.close = trade.price;
  c.volume += trade.quantity;
  c.quoteVolume += trade.price * trade.quantity;
  c.buyVolume += buy;
  c.buyQuoteVolume += buy * trade.price;
  c.tradeCount += 1;
  c.lastTradeId = trade.tradeId;
  c.lastTradeTs = trade.ts;
}

function skewed(c: SimCandle, skew: CandleSkew): SimCandle {
  const close = c.close * (1 + skew.pricePct / 100);
  const factor = 1 + skew.volumePct / 100;
  return { ...c, close, high: Math.max(c.high, close), low: Math.min(c.low, close), volume: c.volume * factor, quoteVolume: c.quoteVolume * factor };
}
