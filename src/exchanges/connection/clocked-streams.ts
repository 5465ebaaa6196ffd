import type { HeldBetween } from '../ingest-gate.js';
import type { StreamSpec } from '../venue-protocol.js';

/** Topics subscribed on a socket and not heard from for longer than allowed, with the longest silence. */
export interface Silence {
  readonly topics: readonly string[];
  readonly longestMs: number;
}

/**
 * Symbols whose clocked topics the venue stopped pushing while the socket delivers: each topic was heard
 * before and is silent now, while another clocked topic on the socket was heard within the allowed time (an
 * option's expiry delivered, a listing ended or halted, before the venue's next list says so).
 */
export interface StreamsStopped {
  readonly symbols: readonly string[];
  readonly topics: readonly string[];
  readonly longestMs: number;
}

/** What one check of a socket's clocked streams found; an empty object when nothing changed. */
export interface SilenceCheck {
  /** The socket's silence: it fails. */
  readonly silence?: Silence;
  /** Symbols newly stopped, the socket sound: each named once, until heard again. */
  readonly stopped?: StreamsStopped;
  /** Symbols stopped before and heard again. */
  readonly resumed?: readonly string[];
}

/** One socket's watch over the clocked streams it subscribed (from `ClockedStreams.watch`). */
export interface SocketWatch {
  /**
   * The check at `now`: the socket silent (a topic never heard in this feed silent since its subscription, or every
   * topic silent), or symbols the venue stopped pushing while the socket delivers, and those heard again.
   */
  check(now: number, symbols: readonly string[], subscribed: ReadonlySet<string>): SilenceCheck;
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
    /** When each `topic|symbol` was first seen subscribed here (a topic may carry many symbols: Binance options' marks per underlying). */
    let since = new Map<string, number>();
    let checked = false;
    /** The `record|symbol` keys said stopped, until heard again. */
    const stopped = new Set<string>();
    const check = (now: number, symbols: readonly string[], subscribed: ReadonlySet<string>): SilenceCheck => {
      const topics: string[] = [];
      const quietKeys: { readonly key: string; readonly symbol: string; readonly topic: string; readonly quiet: number }[] = [];
      const resumed = new Set<string>();
      let longestMs = 0;
      let neverHeard = false;
      let delivers = false;
      const seen = new Map<string, number>();
      const watched = new Set<string>();
      for (const symbol of symbols)
        for (const stream of this.streams) {
          const topic = this.topic(symbol, stream);
          if (!subscribed.has(topic)) continue;
          const key = `${stream.record}|${symbol}`;
          watched.add(key);
          // A pair the socket's URL carried counts from its opening; one subscribed later (a listing added live) from the check that first saw it.
          const from = since.get(`${topic}|${symbol}`) ?? (!checked && carriedTopics.has(topic) ? openedAt : now);
          seen.set(`${topic}|${symbol}`, from);
          const heard = this.heard.get(key);
          const last = Math.max(from, heard ?? from);
          const quiet = now - last - this.held(last, now);
          if (quiet <= this.allowedMs) {
            if (heard !== undefined && heard >= from) delivers = true;
            if (stopped.delete(key)) resumed.add(symbol);
            continue;
          }
          if (heard === undefined) neverHeard = true;
          topics.push(topic);
          longestMs = Math.max(longestMs, quiet);
          if (!stopped.has(key)) quietKeys.push({ key, symbol, topic, quiet });
        }
      since = seen;
      checked = true;
      // A symbol no longer followed here (delisted, moved): forgotten.
      for (const key of stopped) if (!watched.has(key)) stopped.delete(key);
      const back = resumed.size === 0 ? {} : { resumed: [...resumed] };
      if (topics.length === 0) return back;
      if (neverHeard || !delivers) return { silence: { topics, longestMs } };
      if (quietKeys.length === 0) return back;
      for (const { key } of quietKeys) stopped.add(key);
      const stoppedNow: StreamsStopped = {
        symbols: [...new Set(quietKeys.map((k) => k.symbol))],
        topics: [...new Set(quietKeys.map((k) => k.topic))],
        longestMs: Math.max(...quietKeys.map((k) => k.quiet)),
      };
      return { ...back, stopped: stoppedNow };
    };
    return { check };
  }
}
