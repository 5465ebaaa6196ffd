import type { TradeBar, TradeBarKind, TradeEvent } from '../model/index.js';
import type { Building } from '../model/building.js';

/** A bar's figures, as the record carries them. */
type BarFields = Pick<TradeBar, 'open' | 'high' | 'low' | 'close' | 'volume' | 'buyVolume' | 'sellVolume' | 'trades' | 'vwap' | 'openTs' | 'closeTs'>;

/** A closed bar's figures, with its time and the trades that gave it its provenance and its receive time. */
export interface BarFigures extends BarFields {
  /** The bar's time: its interval's end for a time bar, else its latest trade's. */
  readonly stampTs: number;
  /** The latest trade in venue time (its provenance is the bar's). */
  readonly last: TradeEvent;
  /** The trade whose arrival closed the bar (its receive time is the bar's). */
  readonly trigger: TradeEvent;
}

/** A bar as it grows. */
interface OpenBar extends Building<BarFields> {
  last: TradeEvent;
}

/**
 * One instrument's bars of trades, by the rule of tardis-node's `TradeBarComputable`: a time bar
 * closes when a trade of a later interval comes (stamped with its interval's end; no trade, no bar);
 * a tick or volume bar closes with the trade that reaches its size (never split, the excess stays in
 * it). A trade older than the bar's latest moves its high, low, volumes and vwap but not its close.
 * Mutable; one per instrument and data type, dropped on a disconnect or a venue switch.
 */
export class TradeBarBuilder {
  private bar: OpenBar | undefined;

  constructor(
    private readonly kind: TradeBarKind,
    private readonly interval: number,
  ) {}

  /** Takes one trade in; returns the bars it closes (none, or one, or two when it both ends a time bar and fills a count). */
  step(trade: TradeEvent): readonly BarFigures[] {
    const out: BarFigures[] = [];
    const bar = this.bar;
    if (bar !== undefined && this.kind === 'time') {
      const opened = Math.floor(bar.openTs / this.interval);
      if (Math.floor(trade.exchangeTs / this.interval) > opened) {
        out.push(this.closed(bar, (opened + 1) * this.interval, trade));
      }
    }
    const open = this.added(trade);
    if ((this.kind === 'tick' && open.trades >= this.interval) || (this.kind === 'volume' && open.volume >= this.interval)) {
      out.push(this.closed(open, open.last.exchangeTs, trade));
    }
    return out;
  }

  private added(trade: TradeEvent): OpenBar {
    const { price, quantity } = trade;
    let bar = this.bar;
    if (bar === undefined) {
      bar = {
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 0,
        buyVolume: 0,
        sellVolume: 0,
        trades: 0,
        vwap: 0,
        openTs: trade.exchangeTs,
        closeTs: trade.exchangeTs,
        last: trade,
      };
      this.bar = bar;
    }
    if (price > bar.high) bar.high = price;
    if (price < bar.low) bar.low = price;
    if (trade.exchangeTs >= bar.last.exchangeTs) {
      bar.close = price;
      bar.closeTs = trade.exchangeTs;
      bar.last = trade;
    }
    if (trade.side === 'BUY') bar.buyVolume += quantity;
    else bar.sellVolume += quantity;
    bar.trades += 1;
    // The running vwap before the volume grows, as tardis-node's is, so the two agree to the last bit.
    bar.vwap = (bar.vwap * bar.volume + price * quantity) / (bar.volume + quantity);
    bar.volume += quantity;
    return bar;
  }

  private closed(bar: OpenBar, stampTs: number, trigger: TradeEvent): BarFigures {
    this.bar = undefined;
    return { ...bar, stampTs, trigger };
  }
}
