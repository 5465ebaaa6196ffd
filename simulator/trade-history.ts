/** One trade as a venue's REST history serves it. */
export interface HistoricalTrade {
  readonly tradeId: number;
  readonly price: number;
  readonly quantity: number;
  /** True when the seller was the aggressor. */
  readonly isBuyerMaker: boolean;
  readonly ts: number;
}

const FIRST_SLOTS = 64;

/**
 * The last `capacity` trades of one symbol, oldest dropped first, for the venues' trade-history
 * endpoints: columns in a ring that starts small and doubles up to `capacity`, so that a quiet
 * symbol of a large universe holds little, and recording a trade allocates nothing once grown.
 */
export class TradeHistory {
  private ids = new Float64Array(0);
  private prices = new Float64Array(0);
  private quantities = new Float64Array(0);
  private times = new Float64Array(0);
  private makers = new Uint8Array(0);
  /** Where the oldest entry is, and how many are held. */
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.size;
  }

  push(trade: HistoricalTrade): void {
    if (this.capacity <= 0) return;
    if (this.size === this.ids.length && this.ids.length < this.capacity) this.grow(Math.min(this.capacity, Math.max(FIRST_SLOTS, this.ids.length * 2)));
    const slots = this.ids.length;
    const at = (this.start + this.size) % slots;
    this.ids[at] = trade.tradeId;
    this.prices[at] = trade.price;
    this.quantities[at] = trade.quantity;
    this.times[at] = trade.ts;
    this.makers[at] = trade.isBuyerMaker ? 1 : 0;
    if (this.size < slots) this.size += 1;
    else this.start = (this.start + 1) % slots;
  }

  /** Up to `limit` trades from the first whose id is at least `fromId`, oldest first. */
  from(fromId: number, limit: number): HistoricalTrade[] {
    // Ids increase: the first at or above `fromId` by bisection.
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.idAt(middle) < fromId) low = middle + 1;
      else high = middle;
    }
    return this.range(low, Math.min(this.size, low + limit));
  }

  /** Up to `limit` trades from the first made at or after `ts`, oldest first. */
  since(ts: number, limit: number): HistoricalTrade[] {
    // Times do not decrease: the first at or after `ts` by bisection.
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.times[(this.start + middle) % this.times.length] ?? 0) < ts) low = middle + 1;
      else high = middle;
    }
    return this.range(low, Math.min(this.size, low + limit));
  }

  /** The last `limit` trades, oldest first. */
  last(limit: number): HistoricalTrade[] {
    return this.range(Math.max(0, this.size - limit), this.size);
  }

  private idAt(index: number): number {
    return this.ids[(this.start + index) % this.ids.length] ?? 0;
  }

  private range(from: number, to: number): HistoricalTrade[] {
    const out: HistoricalTrade[] = [];
    for (let index = from; index < to; index++) {
      const at = (this.start + index) % this.ids.length;
      out.push({
        tradeId: this.ids[at] ?? 0,
        price: this.prices[at] ?? 0,
        quantity: this.quantities[at] ?? 0,
        isBuyerMaker: this.makers[at] === 1,
        ts: this.times[at] ?? 0,
      });
    }
    return out;
  }

  private grow(slots: number): void {
    const keep = <T extends Float64Array | Uint8Array>(old: T, fresh: T): T => {
      for (let index = 0; index < this.size; index++) fresh[index] = old[(this.start + index) % old.length] ?? 0;
      return fresh;
    };
    this.ids = keep(this.ids, new Float64Array(slots));
    this.prices = keep(this.prices, new Float64Array(slots));
    this.quantities = keep(this.quantities, new Float64Array(slots));
    this.times = keep(this.times, new Float64Array(slots));
    this.makers = keep(this.makers, new Uint8Array(slots));
    this.start = 0;
  }
}
