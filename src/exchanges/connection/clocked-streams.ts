import type { HeldBetween } from '../ingest-gate.js';
import type { StreamSpec } from '../venue-protocol.js';

/** Topics subscribed on a socket and not heard from for longer than allowed, with the longest silence. */
export interface Silence {
  readonly topics: readonly string[];
  readonly longestMs: number;
}

/** One socket's watch over the clocked streams it subscribed (from `ClockedStreams.watch`). */
export interface SocketWatch {
  /** The subscribed clocked topics of `symbols` silent at `now`, or undefined when none is. */
  silent(now: number, symbols: readonly string[], subscribed: ReadonlySet<string>): Silence | undefined;
}

/**
 * The streams a venue pushes on a clock (`StreamSpec.cadenceMs`, Binance USD-M's `markPrice@1s`)
 * and when each of their symbols was last heard, across a feed's sockets. A socket's watch
 * (`watch`) names a topic subscribed on it and silent, from its subscription (or the socket's
 * opening, for a topic its URL carries) or its last frame, for more than three quarters of the
 * silent time: checked every eighth of it (`checkEveryMs`), a topic that never delivers is named
 * within the silent time of its subscription. The time reading was held by us (`held`, the ingest gate's
 * pauses) is not the venue's silence and is left out of it.
 */
export class ClockedStreams {
  /** How often a socket's watch is asked, ms. */
  readonly checkEveryMs: number;
  private readonly allowedMs: number;
  private readonly records: ReadonlySet<string>;
  /** When each `record|symbol` was last heard. */
  private readonly heard = new Map<string, number>();

  /** The watch of `streams`' clocked ones, or undefined when none is clocked or no silent time is set. */
  static of(
    streams: readonly StreamSpec[],
    silentMs: number | undefined,
    topic: (symbol: string, stream: StreamSpec) => string,
    held: HeldBetween = () => 0,
  ): ClockedStreams | undefined {
    const clocked = streams.filter((stream) => stream.cadenceMs !== undefined);
    return silentMs === undefined || clocked.length === 0 ? undefined : new ClockedStreams(clocked, silentMs, topic, held);
  }

  private constructor(
    private readonly streams: readonly StreamSpec[],
    silentMs: number,
    private readonly topic: (symbol: string, stream: StreamSpec) => string,
    private readonly held: HeldBetween,
  ) {
    this.checkEveryMs = Math.max(100, Math.floor(silentMs / 8));
    this.allowedMs = silentMs - 2 * this.checkEveryMs;
    this.records = new Set(streams.map((stream) => stream.record));
  }

  /** Notes the events of a frame received at `at`. */
  heardFrom(events: readonly { readonly type: string; readonly symbol: string }[], at: number): void {
    for (const event of events) if (this.records.has(event.type)) this.heard.set(`${event.type}|${event.symbol}`, at);
  }

  /**
   * Notes a frame received at `at` that was refused (a field out of range, a figure missing): a delivery
   * on each clocked topic of `symbols` whose quoted name is in its text (`"channel":"ticker.X.raw"`,
   * `"stream":"btcusdt@markPrice@1s"`), so a topic whose every frame is refused is never taken for silent.
   */
  heardIn(text: string, at: number, symbols: readonly string[]): void {
    for (const symbol of symbols)
      for (const stream of this.streams) if (text.includes(JSON.stringify(this.topic(symbol, stream)))) this.heard.set(`${stream.record}|${symbol}`, at);
  }

  /** A watch for a socket opened at `openedAt` whose URL carries `carried` topics. */
  watch(openedAt: number, carried: readonly string[]): SocketWatch {
    const carriedTopics = new Set(carried);
    const since = new Map<string, number>();
    return {
      silent: (now, symbols, subscribed) => {
        const topics: string[] = [];
        let longestMs = 0;
        for (const symbol of symbols)
          for (const stream of this.streams) {
            const topic = this.topic(symbol, stream);
            if (!subscribed.has(topic)) continue;
            const from = since.get(topic) ?? (carriedTopics.has(topic) ? openedAt : now);
            since.set(topic, from);
            const last = Math.max(from, this.heard.get(`${stream.record}|${symbol}`) ?? from);
            const quiet = now - last - this.held(last, now);
            if (quiet <= this.allowedMs) continue;
            topics.push(topic);
            longestMs = Math.max(longestMs, quiet);
          }
        return topics.length === 0 ? undefined : { topics, longestMs };
      },
    };
  }
}
