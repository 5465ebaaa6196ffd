import type { SchedulerLike, Subscription } from 'rxjs';
import type { VenueSymbol } from './adapter-config.js';
import type { StreamSpec, VenueProtocol } from './venue-protocol.js';

/** Instruments the venue closes within this time of the first (an expiry's chain, one frame each) are unsubscribed together. */
const CLOSED_TOGETHER_MS = 1000;

/**
 * The topics a venue's sockets ask for: each followed instrument's streams, and its depth channel when the
 * feed follows books and the instrument's book is wanted; none of an instrument whose book the venue closed
 * for good (`ControlFrame` `closed`, an expiry), and those closed within `CLOSED_TOGETHER_MS` of each other
 * leave together, in one paced request.
 */
export class VenueTopics {
  private readonly closed = new Set<string>();
  /** The pending change of the instruments closing together. */
  private closing: Subscription | undefined;

  constructor(
    private readonly protocol: Pick<VenueProtocol, 'topic'>,
    private readonly streams: readonly StreamSpec[],
    private readonly depth: StreamSpec | undefined,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** The topics of `instruments`, each once, none of a closed one. */
  of(instruments: readonly VenueSymbol[]): readonly string[] {
    const { protocol, streams, depth } = this;
    const topics = new Set<string>();
    for (const instrument of instruments) {
      if (this.closed.has(instrument.symbol)) continue;
      for (const stream of streams) topics.add(protocol.topic(instrument.symbol, stream));
      if (depth !== undefined && instrument.book !== false) topics.add(protocol.topic(instrument.symbol, depth));
    }
    return [...topics];
  }

  /** Forgets the closed instruments no longer followed (one followed again later is asked for again). */
  keepOnly(followed: ReadonlySet<string>): void {
    for (const symbol of this.closed) if (!followed.has(symbol)) this.closed.delete(symbol);
  }

  /**
   * `symbol`'s book is closed for good: false when it was already. `apply` (the topics asked for again) runs
   * once, `CLOSED_TOGETHER_MS` after the first of the instruments closing together.
   */
  close(symbol: string, apply: () => void): boolean {
    if (this.closed.has(symbol)) return false;
    this.closed.add(symbol);
    this.closing ??= this.scheduler.schedule(() => {
      this.closing = undefined;
      apply();
    }, CLOSED_TOGETHER_MS);
    return true;
  }

  /** Drops a pending change (the feed ends). */
  dispose(): void {
    this.closing?.unsubscribe();
    this.closing = undefined;
  }
}
