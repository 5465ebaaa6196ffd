import { channelParts } from './deribit-channels.js';
import type { DeribitExchange } from './deribit-exchange.js';
import type { DeribitFrames } from './deribit-frames.js';

/** What an option's ticker was made of: the chain's mark step and the option's trades since listing. */
interface TickerVersion {
  mark: number;
  trades: number;
}

type TickerData = Readonly<Record<string, unknown>>;

/**
 * When an option's ticker changes, without pricing it to find out: its data depends only on the
 * chain's marks (`DeribitExchange.markVersion`, one step every `markStepMs`) and the option's own
 * trades (its stats and last price), so its version is that pair. Each option's data is made once a
 * version (Black-76 and two implied volatilities), shared by its `.raw` and `.100ms` channels; a
 * channel is sent a ticker when the version moved past the one it was last sent, or when it was
 * just subscribed. Between mark steps, only the options that traded or were just subscribed are
 * visited.
 */
export class DeribitOptionTickers {
  private readonly traded: Set<string>;
  private readonly tradeCounts = new Map<string, number>();
  private readonly sent = new Map<string, TickerVersion>();
  private readonly made = new Map<string, TickerVersion & { data: TickerData }>();
  private readonly subscribed = new Set<string>();
  private visitedMark = -1;

  constructor(
    private readonly exchange: DeribitExchange,
    private readonly frames: DeribitFrames,
  ) {
    this.traded = exchange.options.watch();
  }

  /**
   * Takes this tick's trades into the versions; returns the options to visit: every followed one
   * (`undefined`) when the marks moved since the last visit or `all` is asked (a `.100ms` boundary),
   * else only those that traded or were subscribed since.
   */
  visit(all: boolean): readonly string[] | undefined {
    for (const symbol of this.traded) this.tradeCounts.set(symbol, (this.tradeCounts.get(symbol) ?? 0) + 1);
    const changed = [...this.traded, ...this.subscribed];
    this.traded.clear();
    this.subscribed.clear();
    const moved = this.visitedMark !== this.exchange.markVersion;
    this.visitedMark = this.exchange.markVersion;
    return all || moved ? undefined : changed;
  }

  /** A ticker channel was just subscribed: its next visit sends it a ticker whatever it was last sent. */
  subscribe(channel: string): void {
    const parts = channelParts(channel);
    if (parts === undefined) return;
    this.sent.delete(channel);
    this.subscribed.add(parts.instrument);
  }

  /** The ticker data to send on `channel` now (its timestamp `now`), or undefined when the channel has this version already. */
  next(channel: string, symbol: string, now: number): TickerData | undefined {
    const mark = this.exchange.markVersion;
    const trades = this.tradeCounts.get(symbol) ?? 0;
    const sent = this.sent.get(channel);
    if (sent !== undefined && sent.mark === mark && sent.trades === trades) return undefined;
    let made = this.made.get(symbol);
    if (made === undefined || made.mark !== mark || made.trades !== trades) {
      const data = this.frames.optionTicker(symbol, now);
      if (data === undefined) return undefined;
      this.made.set(symbol, (made = { mark, trades, data }));
    }
    if (sent === undefined) this.sent.set(channel, { mark, trades });
    else Object.assign(sent, { mark, trades });
    // The timestamp keeps its place among the fields (a spread keeps an existing key's position).
    return { ...made.data, timestamp: now };
  }

  /** Forgets an option that ended (its channels get one last `closed` ticker, made fresh, and fall silent). */
  forget(symbol: string): void {
    this.made.delete(symbol);
    this.tradeCounts.delete(symbol);
  }
}
