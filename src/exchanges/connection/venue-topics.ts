import type { SchedulerLike, Subscription } from 'rxjs';
import type { VenueSymbol } from '../adapter-config.js';
import type { StreamSpec, VenueProtocol } from '../venue-protocol.js';

/** Instruments the venue closes within this time of the first (an expiry's chain, one frame each) are unsubscribed together. */
const CLOSED_TOGETHER_MS = 1000;

/**
 * The instruments a feed follows and the topics its sockets ask for: each followed instrument's streams,
 * and its depth channel when the feed follows books and the instrument's book is wanted; none of an
 * instrument whose book the venue closed for good (`ControlFrame` `closed`, an expiry), and those closed
 * within `CLOSED_TOGETHER_MS` of each other leave together, in one paced request.
 */
export class VenueTopics {
  private readonly closed = new Set<string>();
  /** The pending change of the instruments closing together. */
  private closing: Subscription | undefined;
  private followedNow: readonly VenueSymbol[] = [];
  private symbolsNow: readonly string[] = [];
  private followedSymbols: ReadonlySet<string> = new Set();
  private topicsNow: readonly string[] = [];

  constructor(
    private readonly protocol: Pick<VenueProtocol, 'topic'>,
    private readonly streams: readonly StreamSpec[],
    private readonly depth: StreamSpec | undefined,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** Follows `instruments` from now on (`topics` are theirs). */
  follow(instruments: readonly VenueSymbol[]): void {
    this.followedNow = instruments;
    this.symbolsNow = instruments.map((instrument) => instrument.symbol);
    this.followedSymbols = new Set(this.symbolsNow);
    this.keepOnly(this.followedSymbols);
    this.topicsNow = this.of(instruments);
  }

  /** The instruments followed. */
  get instruments(): readonly VenueSymbol[] {
    return this.followedNow;
  }

  /** The symbols of the instruments followed, in their order. */
  get symbols(): readonly string[] {
    return this.symbolsNow;
  }

  /** The topics of the instruments followed. */
  get topics(): readonly string[] {
    return this.topicsNow;
  }

  /** Whether `symbol` is followed (a channel that pushes every instrument's frames: `MapperContext.follows`). */
  follows(symbol: string): boolean {
    return this.followedSymbols.has(symbol);
  }

  /** The followed symbol whose stream (or depth channel) `topic` is, if any. */
  symbolOf(topic: string): string | undefined {
    const { protocol, streams, depth } = this;
    const all = depth === undefined ? streams : [...streams, depth];
    return this.symbolsNow.find((symbol) => all.some((stream) => protocol.topic(symbol, stream) === topic));
  }

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
