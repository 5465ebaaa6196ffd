import type { Liquidation } from './liquidation-pressure.js';

/**
 * One liquidation a venue made, and what became of it: `published` once the venue's stream rule
 * has decided (Bybit `allLiquidation` publishes every one; Binance `forceOrder` only the latest of
 * its symbol in each second), `sentTo` the sockets it was written to (none when nobody held the
 * stream, the socket was stalled, or the rule left it out).
 */
export interface MadeLiquidation extends Liquidation {
  /** Unique per venue, in the order made (1 first). */
  readonly id: number;
  /** Undefined until the stream's window closed; then whether the stream carried it. */
  readonly published: boolean | undefined;
  readonly sentTo: readonly string[];
}

/** A logged liquidation as the venue changes it while publishing. */
interface Entry extends Liquidation {
  readonly id: number;
  published: boolean | undefined;
  sentTo: string[];
}

/**
 * Every liquidation a venue made, the last `capacity` (oldest dropped first), with whether its
 * stream published it and to which sockets: what a test reconciles the records that reached Kafka
 * against. Read through `SimulatorControl.liquidations` (`GET /control/<venue>/liquidations`).
 */
export class LiquidationLog {
  private readonly entries: Entry[] = [];
  private nextId = 1;

  constructor(readonly capacity: number) {}

  /** Logs a liquidation just made; returns its entry for the publisher to mark. */
  add(liquidation: Liquidation): LoggedLiquidation {
    const entry: Entry = { ...liquidation, id: this.nextId, published: undefined, sentTo: [] };
    this.nextId += 1;
    this.entries.push(entry);
    // Dropping in batches keeps the cost of a full log at one copy per quarter of its capacity.
    if (this.entries.length > this.capacity * 1.25) this.entries.splice(0, this.entries.length - this.capacity);
    return new LoggedLiquidation(entry);
  }

  /** The liquidations kept (of `symbol`, or all), oldest first. */
  toArray(symbol?: string): MadeLiquidation[] {
    const kept = this.entries.slice(-this.capacity);
    return kept.filter((e) => symbol === undefined || e.symbol === symbol).map((e) => ({ ...e, sentTo: [...e.sentTo] }));
  }
}

/** A logged liquidation, for its venue's publisher: what it says, and marks of what was done with it. */
export class LoggedLiquidation {
  constructor(private readonly entry: Entry) {}

  get liquidation(): Liquidation {
    return this.entry;
  }

  /** Whether the stream's rule published it. */
  decide(published: boolean): void {
    this.entry.published = published;
  }

  /** It was written to the socket `connectionId`. */
  sentTo(connectionId: string): void {
    this.entry.sentTo.push(connectionId);
  }
}
