import { EPSILON, type PriceVolume } from './profile-bins.js';

/** Distinct exact prices kept before volume moves onto a grid of cells. */
const EXACT_PRICES = 1024;

/** How {@link PriceCells} holds volume at first: per exact price, or per cell of a width (a profile's tick row). */
export type CellStart = { readonly kind: 'exact' } | { readonly kind: 'grid'; readonly width: number };

/**
 * Buy and sell volume by price in bounded memory. Starting `exact`, volume is kept per exact
 * price until {@link EXACT_PRICES} distinct prices have traded; then it moves onto a grid of
 * cells `[k * width, (k + 1) * width)` with a power-of-two width that puts the range in a
 * quarter of `maxCells`. Starting `grid` (a tick row), cells are exactly the profile's rows.
 * When the traded range outgrows `maxCells` cells, the width doubles and neighbouring cells
 * merge, so memory never exceeds `maxCells` cells however far the price walks. The lowest and
 * highest traded prices stay exact.
 */
export class PriceCells {
  private exact: Map<number, number> | undefined;
  private exactVolume: number[] = [];
  private width = 0;
  private first = 0;
  private buy = new Float64Array(0);
  private sell = new Float64Array(0);
  /** Lowest traded price. */
  low = Number.POSITIVE_INFINITY;
  /** Highest traded price. */
  high = Number.NEGATIVE_INFINITY;

  constructor(
    start: CellStart,
    private readonly maxCells: number,
  ) {
    if (start.kind === 'exact') this.exact = new Map();
    else this.width = start.width;
  }

  /** Adds a trade's quantity on its side at its price. */
  add(price: number, quantity: number, isBuy: boolean): void {
    if (price < this.low) this.low = price;
    if (price > this.high) this.high = price;
    const exact = this.exact;
    if (exact !== undefined) {
      let slot = exact.get(price);
      if (slot === undefined) {
        if (exact.size >= EXACT_PRICES) {
          this.toGrid();
          this.addToCell(price, quantity, isBuy);
          return;
        }
        slot = this.exactVolume.length;
        exact.set(price, slot);
        this.exactVolume.push(0, 0);
      }
      const at = slot + (isBuy ? 0 : 1);
      this.exactVolume[at] = (this.exactVolume[at] ?? 0) + quantity;
      return;
    }
    this.addToCell(price, quantity, isBuy);
  }

  /** Volume per exact price, or per cell at the cell's middle kept within the traded range. */
  levels(): PriceVolume[] {
    const levels: PriceVolume[] = [];
    if (this.exact !== undefined) {
      for (const [price, slot] of this.exact) levels.push({ price, buyVolume: this.exactVolume[slot] ?? 0, sellVolume: this.exactVolume[slot + 1] ?? 0 });
      return levels;
    }
    for (let n = 0; n < this.buy.length; n += 1) {
      const buyVolume = this.buy[n] ?? 0;
      const sellVolume = this.sell[n] ?? 0;
      if (buyVolume === 0 && sellVolume === 0) continue;
      const middle = (this.first + n + 0.5) * this.width;
      levels.push({ price: Math.min(this.high, Math.max(this.low, middle)), buyVolume, sellVolume });
    }
    return levels;
  }

  /** Cells in use (distinct prices while exact). */
  get size(): number {
    return this.exact?.size ?? this.buy.length;
  }

  private toGrid(): void {
    const exact = this.exact;
    if (exact === undefined) return;
    const span = Math.max(this.high - this.low, Number.MIN_VALUE);
    this.width = 2 ** Math.ceil(Math.log2(span / (this.maxCells / 4)));
    this.exact = undefined;
    for (const [price, slot] of exact) {
      this.addToCell(price, this.exactVolume[slot] ?? 0, true);
      this.addToCell(price, this.exactVolume[slot + 1] ?? 0, false);
    }
    this.exactVolume = [];
  }

  private addToCell(price: number, quantity: number, isBuy: boolean): void {
    const k = Math.floor(price / this.width + EPSILON);
    let n = k - this.first;
    if (n < 0 || n >= this.buy.length) {
      this.cover(k);
      n = Math.floor(price / this.width + EPSILON) - this.first;
    }
    const cells = isBuy ? this.buy : this.sell;
    cells[n] = (cells[n] ?? 0) + quantity;
  }

  /** Grows (and if need be coarsens) the grid until cell `k` lies on it, leaving room on the side it grew. */
  private cover(k: number): void {
    const empty = this.buy.length === 0;
    const downward = !empty && k < this.first;
    let from = empty ? k : Math.min(k, this.first);
    let to = empty ? k : Math.max(k, this.first + this.buy.length - 1);
    while (to - from + 1 > this.maxCells) {
      this.coarsen();
      from = Math.floor(from / 2);
      to = Math.floor(to / 2);
    }
    const length = Math.min(this.maxCells, Math.max(64, 2 * (to - from + 1)));
    const first = empty ? from - (length >> 1) : downward ? to + 1 - length : from;
    const buy = new Float64Array(length);
    const sell = new Float64Array(length);
    if (!empty) {
      buy.set(this.buy, this.first - first);
      sell.set(this.sell, this.first - first);
    }
    this.buy = buy;
    this.sell = sell;
    this.first = first;
  }

  /** Doubles the width: cell `k` merges into `floor(k / 2)`. */
  private coarsen(): void {
    const first = Math.floor(this.first / 2);
    const length = Math.floor((this.first + this.buy.length - 1) / 2) - first + 1;
    const buy = new Float64Array(length);
    const sell = new Float64Array(length);
    for (let n = 0; n < this.buy.length; n += 1) {
      const to = Math.floor((this.first + n) / 2) - first;
      buy[to] = (buy[to] ?? 0) + (this.buy[n] ?? 0);
      sell[to] = (sell[to] ?? 0) + (this.sell[n] ?? 0);
    }
    this.buy = buy;
    this.sell = sell;
    this.first = first;
    this.width *= 2;
  }
}
