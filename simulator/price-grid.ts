/** A coarser tick above a price: a price above `abovePrice` is a whole multiple of `size` (Deribit's `tick_size_steps` entry `{above_price, tick_size}`). */
export interface PriceTickStep {
  readonly abovePrice: number;
  readonly size: number;
}

/**
 * A listing's own tick when it is not `10^-priceDecimals`: every price is a whole multiple of `size`
 * (Deribit's BTC futures: 0.5), or of a step's `size` above its `abovePrice` (Deribit's BTC and ETH
 * options: 0.0001 up to 0.005, 0.0005 above). Every size is a whole number of `10^-priceDecimals`.
 */
export interface PriceTick {
  readonly size: number;
  readonly steps?: readonly PriceTickStep[];
}

/** A tick in whole `10^-decimals` units, from where it applies. */
interface UnitStep {
  readonly above: number;
  readonly units: number;
}

/**
 * Where a symbol's prices may sit: whole multiples of `10^-decimals`, or of the listing's own
 * {@link PriceTick}. A price it rounds is a whole number of units over `10^decimals` (one division by
 * a power of ten: the double nearest that decimal, written by `String` or `JSON.stringify` as exactly
 * that decimal text). Without a tick of its own it rounds as `Math.round(x * 10^d) / 10^d`, bit for bit.
 */
export class PriceGrid {
  /** `10^decimals`. */
  readonly factor: number;
  /** The smallest tick, as a number. */
  readonly unit: number;
  /** The grid's tick: the listing's own, else `10^-decimals`. */
  readonly tick: PriceTick;
  /** The coarsest tick in whole `10^-decimals` units (1 without a tick of its own): a price on it is on the grid at any price. */
  readonly coarsestUnits: number;
  /** The tick's units, coarsest step first (the base tick last, above -Infinity). */
  private readonly steps: readonly UnitStep[];

  constructor(
    readonly decimals: number,
    private readonly own?: PriceTick,
  ) {
    this.factor = 10 ** decimals;
    this.tick = own ?? { size: 10 ** -decimals };
    const unitsOf = (size: number): number => {
      const units = Math.round(size * this.factor);
      // A tick must be a whole number (at least one) of 10^-decimals.
      return units >= 1 && Math.abs(units - size * this.factor) < 1e-6 ? units : 1;
    };
    const base = own === undefined ? 1 : unitsOf(own.size);
    const steps = (own?.steps ?? []).map((s) => ({ above: s.abovePrice, units: unitsOf(s.size) })).sort((a, b) => b.above - a.above);
    this.steps = [...steps, { above: -Infinity, units: base }];
    this.coarsestUnits = Math.max(...this.steps.map((s) => s.units));
    // Without a tick of its own, exactly the `10 ** -decimals` the market always used.
    this.unit = own === undefined ? 10 ** -decimals : base / this.factor;
  }

  /**
   * A listing's first price and touch from the price it was given, with a spread of 0.01 %: as given
   * without a tick of its own; else the price rounded onto the grid, the bid and ask floored and
   * ceiled onto it (a tick apart at least).
   */
  opening(given: number): { readonly start: number; readonly bid: number; readonly ask: number } {
    const spread = given * 0.0001;
    if (this.own === undefined) return { start: given, bid: given - spread / 2, ask: given + spread / 2 };
    const start = Math.max(this.unit, this.round(given));
    return { start, bid: this.floor(start - Math.max(spread / 2, this.unit / 2)), ask: this.ceil(start + Math.max(spread / 2, this.unit / 2)) };
  }

  /** The nearest price on the grid to `x` (its tick chosen by `x`). */
  round(x: number): number {
    const units = this.unitsAt(x);
    if (units === 1) return Math.round(x * this.factor) / this.factor;
    return (Math.round((x * this.factor) / units) * units) / this.factor;
  }

  /** The highest price on the grid at or below `x` (a hair of float error forgiven). */
  floor(x: number): number {
    const units = this.unitsAt(x);
    return (Math.floor((x * this.factor) / units + 1e-9) * units) / this.factor;
  }

  /** The lowest price on the grid at or above `x` (a hair of float error forgiven). */
  ceil(x: number): number {
    const units = this.unitsAt(x);
    return (Math.ceil((x * this.factor) / units - 1e-9) * units) / this.factor;
  }

  /** True when `x` sits on the grid: a whole number of its tick at that price. */
  holds(x: number): boolean {
    const scaled = Math.round(x * this.factor);
    return Math.abs(scaled - x * this.factor) < 1e-6 && scaled % this.unitsAt(x) === 0;
  }

  /** The tick at `x` in whole `10^-decimals` units. */
  private unitsAt(x: number): number {
    for (const step of this.steps) if (x > step.above) return step.units;
    return 1;
  }
}
