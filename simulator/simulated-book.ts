import { BookSide, type TickLevel } from './book-side.js';
import { scaledDecimal } from './scaled-decimal.js';

/** Where the touch is after the market moved: the simulated best bid/ask and their sizes (decimal numbers). */
export interface BookAnchor {
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

/** One level a step changed, with its size afterwards (0: the level is gone). */
export interface BookChange {
  readonly side: 'bid' | 'ask';
  readonly tick: number;
  readonly lots: number;
}

export interface SimulatedBookConfig {
  readonly symbol: string;
  /** Decimals of a price; one tick is `10^-priceDecimals`. */
  readonly priceDecimals: number;
  /**
   * Whole `10^-priceDecimals` units of one tick of the book (a listing's own tick: Deribit's BTC futures
   * at 0.5 have 5 with 1 decimal); its levels sit on whole multiples of it. Default 1.
   */
  readonly tickUnits?: number;
  /** Decimals of a size; one lot is `10^-sizeDecimals`. Default 6. */
  readonly sizeDecimals?: number;
  /** Levels kept per side. Default 1000 (the deepest Bybit spot topic). */
  readonly depth?: number;
  /** The first update id (Binance `lastUpdateId` before any change). Default 1 000 000. */
  readonly firstUpdateId?: number;
  /** Mean gap between levels, as a share of the mid price. Default 2e-5 (1000 levels span about 2 %). */
  readonly spacing?: number;
  /**
   * Chance that one churn operation is a requote instead: 10 to 40 consecutive levels behind the
   * touch of one side resized at once (a market maker moving its ladder). Default 0.
   */
  readonly requoteChance?: number;
  readonly random: () => number;
}

/** Levels per side of a simulated book unless configured. */
export const DEFAULT_SIM_BOOK_DEPTH = 1000;

/**
 * A simulated L2 order book of one symbol. Each `step` pins the touch to the market's best bid/ask
 * (levels the price moved through are gone, a gap the price opened is filled), changes, removes
 * and inserts a few levels near the touch, and keeps `depth` levels per side by adding or dropping
 * levels at the far end. Level spacing grows with the price (about 1 % of mid over 1000 levels).
 * Never crossed or locked: every bid is at or below the anchor's bid, every ask at or above its ask;
 * an anchor's bid at or below 0 empties the bid side.
 * Deterministic: the same random source, anchors and call order give the same books.
 */
export class SimulatedBook {
  readonly symbol: string;
  readonly priceDecimals: number;
  /** `10^-priceDecimals` units of one tick: a level's `tick` is its price over this tick. */
  readonly tickUnits: number;
  readonly sizeDecimals: number;
  readonly depth: number;
  readonly bids = new BookSide('bid');
  readonly asks = new BookSide('ask');
  /** Binance-style update id: grows by the number of level changes of each step. */
  updateId: number;
  /** Cross sequence (Bybit `seq`): grows by a random amount each step that changed something. */
  seq: number;
  private readonly random: () => number;
  private readonly spacing: number;
  private readonly requoteChance: number;

  constructor(config: SimulatedBookConfig, anchor: BookAnchor) {
    this.symbol = config.symbol;
    this.priceDecimals = config.priceDecimals;
    this.tickUnits = Math.max(1, Math.round(config.tickUnits ?? 1));
    this.sizeDecimals = config.sizeDecimals ?? 6;
    this.depth = Math.max(1, Math.floor(config.depth ?? DEFAULT_SIM_BOOK_DEPTH));
    this.updateId = config.firstUpdateId ?? 1_000_000;
    this.random = config.random;
    this.spacing = config.spacing ?? 2e-5;
    this.requoteChance = config.requoteChance ?? 0;
    this.seq = 1_000_000 + Math.floor(this.random() * 1_000_000);
    this.step(anchor);
  }

  /** Price ticks of a decimal price (the nearest tick). */
  tickOf(price: number): number {
    return this.tickUnits === 1 ? Math.round(price * 10 ** this.priceDecimals) : Math.round((price * 10 ** this.priceDecimals) / this.tickUnits);
  }

  /** The venue string of a price in ticks. */
  price(tick: number): string {
    return scaledDecimal(tick * this.tickUnits, this.priceDecimals);
  }

  /** The venue string of a size in lots. */
  size(lots: number): string {
    return scaledDecimal(lots, this.sizeDecimals);
  }

  /** The best `levels` per side. */
  top(levels: number): { readonly bids: readonly TickLevel[]; readonly asks: readonly TickLevel[] } {
    return { bids: this.bids.top(levels), asks: this.asks.top(levels) };
  }

  /**
   * Moves the book to the anchor and churns it with `churn` operations (default 1 to 4, drawn):
   * resizes, removals and insertions near the touch; returns every level whose size changed.
   */
  step(anchor: BookAnchor, churn?: number): readonly BookChange[] {
    const changes = new Map<string, BookChange>();
    const bid = this.tickOf(anchor.bid);
    const ask = Math.max(bid + 1, this.tickOf(anchor.ask));
    const spacing = Math.max(1, Math.round(((bid + ask) / 2) * this.spacing));
    // A given number of operations is split between the sides (an odd one goes to either).
    const bidOperations = churn === undefined ? undefined : Math.floor(churn / 2) + (churn % 2 === 1 && this.random() < 0.5 ? 1 : 0);
    const sides = [
      { side: this.bids, touch: bid, lots: this.lotsOf(anchor.bidSize) },
      { side: this.asks, touch: ask, lots: this.lotsOf(anchor.askSize) },
    ];
    for (const { side, touch, lots } of sides) {
      const sideOperations = churn === undefined || bidOperations === undefined ? undefined : side === this.bids ? bidOperations : churn - bidOperations;
      const record = (tick: number, value: number): void => {
        if (side.set(tick, value)) changes.set(`${side.side}:${tick}`, { side: side.side, tick, lots: value });
      };
      const removed = (ticks: readonly number[]): void => ticks.forEach((tick) => changes.set(`${side.side}:${tick}`, { side: side.side, tick, lots: 0 }));
      // A bid at or below nothing is no bid (an option too cheap to bid): the side empties.
      if (touch < 1) {
        removed(side.removeBetterThan(0));
        continue;
      }
      removed(side.removeBetterThan(touch));
      const previousBest = side.best()?.tick;
      record(touch, lots);
      // Fill a gap the price opened between the new touch and the old best.
      let tick = side.away(touch, this.gap(spacing));
      for (let filled = 1; previousBest !== undefined && !side.worseOrEqual(tick, previousBest) && filled < this.depth; filled += 1) {
        record(tick, this.randomLots(anchor));
        tick = side.away(tick, this.gap(spacing));
      }
      this.churn(side, sideOperations, spacing, anchor, record);
      for (let worst = side.worst(); worst !== undefined && side.length < this.depth; worst = side.worst()) {
        const tick = side.away(worst.tick, this.gap(spacing));
        if (tick < 1) break;
        record(tick, this.randomLots(anchor));
      }
      removed(side.trimTo(this.depth));
    }
    if (changes.size > 0) {
      this.updateId += changes.size;
      this.seq += 1 + Math.floor(this.random() * 20);
    }
    return [...changes.values()];
  }

  /** `count` (default 1 to 4) random changes among the 30 levels behind the touch: resize, remove, insert in a free tick, or (rarely) requote. */
  private churn(side: BookSide, count: number | undefined, spacing: number, anchor: BookAnchor, record: (tick: number, lots: number) => void): void {
    const operations = count ?? 1 + Math.floor(this.random() * 4);
    for (let n = 0; n < operations; n += 1) {
      const reach = Math.min(side.length - 1, 30);
      if (reach < 1) return;
      if (this.requoteChance > 0 && this.random() < this.requoteChance) {
        const levels = Math.min(side.length - 1, 10 + Math.floor(this.random() * 31));
        for (let at = 1; at <= levels; at += 1) record((side.at(at) as TickLevel).tick, this.randomLots(anchor));
        continue;
      }
      const index = 1 + Math.floor(this.random() * this.random() * reach);
      const level = side.at(index) as TickLevel;
      const dice = this.random();
      if (dice < 0.5) {
        record(level.tick, this.randomLots(anchor));
      } else if (dice < 0.75) {
        record(level.tick, 0);
      } else {
        const tick = side.away(level.tick, this.gap(spacing));
        const next = side.at(index + 1);
        if (tick >= 1 && (next === undefined || !side.worseOrEqual(tick, next.tick))) record(tick, this.randomLots(anchor));
      }
    }
  }

  private gap(spacing: number): number {
    return 1 + Math.floor(this.random() * spacing * 2);
  }

  private lotsOf(size: number): number {
    return Math.max(1, Math.round(size * 10 ** this.sizeDecimals));
  }

  /** A resting size, larger in units for cheaper coins (as trades are). */
  private randomLots(anchor: BookAnchor): number {
    const mid = (anchor.bid + anchor.ask) / 2;
    const r = this.random();
    return this.lotsOf((0.01 + r * r * 10) * (100 / Math.max(mid, 1e-9)) ** 0.5);
  }
}
