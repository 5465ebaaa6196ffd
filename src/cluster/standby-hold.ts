import type { TradeEvent } from '../model/index.js';

/**
 * The trades a standby holds of a shard it follows, for `holdMs` after each was received: older ones
 * are let go as new ones come (and whenever the hold is read), so its memory is bounded by `holdMs`
 * of the shard's trades.
 */
export class StandbyHold {
  private trades: TradeEvent[] = [];
  private head = 0;

  constructor(readonly holdMs: number) {}

  /** How many trades are held now. */
  get size(): number {
    return this.trades.length - this.head;
  }

  /** Holds `trade`, received at `now` (ms); lets go of those received more than `holdMs` before. */
  add(trade: TradeEvent, now: number): void {
    this.trades.push(trade);
    this.trim(now);
  }

  /** How far back the hold reaches at `now`, ms: since its oldest trade was received (0 with none held). */
  reachMs(now: number): number {
    this.trim(now);
    const oldest = this.trades[this.head];
    return oldest === undefined ? 0 : Math.max(0, now - oldest.receivedTs);
  }

  /** The trades held at `now`, oldest first. */
  held(now: number): TradeEvent[] {
    this.trim(now);
    return this.trades.slice(this.head);
  }

  private trim(now: number): void {
    const from = now - this.holdMs;
    while (this.head < this.trades.length && (this.trades[this.head]?.receivedTs ?? from) < from) this.head++;
    // Compacted once most of the array is let go of, so that an array copy is paid once per hold's worth of trades.
    if (this.head > 1_024 && this.head * 2 > this.trades.length) {
      this.trades = this.trades.slice(this.head);
      this.head = 0;
    }
  }
}
