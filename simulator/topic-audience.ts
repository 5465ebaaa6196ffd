import type { SimConnection } from './sim-connection.js';

const NOBODY: readonly SimConnection[] = [];

/**
 * Who holds what on one venue: the connections per topic and per symbol, kept up to date as
 * connections subscribe and unsubscribe. A tick asks it for the few connections a symbol's trades
 * or a book's update go to, instead of asking every connection about every symbol (thousands of
 * symbols, dozens of connections).
 */
export class TopicAudience {
  private readonly byTopic = new Map<string, Set<SimConnection>>();
  /** Per symbol, each connection holding one of its topics and how many. */
  private readonly bySymbol = new Map<string, Map<SimConnection, number>>();
  /** Per symbol, how many kline topics of it are held. */
  private readonly klines = new Map<string, number>();

  /**
   * `symbolOf` names the market symbol a topic is about (`publicTrade.BTCUSDT` -> `BTCUSDT`), if any;
   * `isKline` tells candle topics, so that candles are built into frames only for symbols someone follows so;
   * `groupOf` names the group a symbol belongs to (see `VenueProtocol.symbolGroupOf`), whose topics' holders are its holders too.
   */
  constructor(
    private readonly symbolOf: (topic: string) => string | undefined,
    private readonly isKline: (topic: string) => boolean = () => false,
    private readonly groupOf?: (symbol: string) => string | undefined,
  ) {}

  added(connection: SimConnection, topic: string): void {
    let holders = this.byTopic.get(topic);
    if (holders === undefined) {
      holders = new Set();
      this.byTopic.set(topic, holders);
    }
    holders.add(connection);
    const symbol = this.symbolOf(topic);
    if (symbol === undefined) return;
    let counts = this.bySymbol.get(symbol);
    if (counts === undefined) {
      counts = new Map();
      this.bySymbol.set(symbol, counts);
    }
    counts.set(connection, (counts.get(connection) ?? 0) + 1);
    if (this.isKline(topic)) this.klines.set(symbol, (this.klines.get(symbol) ?? 0) + 1);
  }

  removed(connection: SimConnection, topic: string): void {
    const holders = this.byTopic.get(topic);
    holders?.delete(connection);
    if (holders?.size === 0) this.byTopic.delete(topic);
    const symbol = this.symbolOf(topic);
    const counts = symbol === undefined ? undefined : this.bySymbol.get(symbol);
    if (symbol === undefined || counts === undefined) return;
    if (this.isKline(topic)) {
      const klines = (this.klines.get(symbol) ?? 1) - 1;
      if (klines > 0) this.klines.set(symbol, klines);
      else this.klines.delete(symbol);
    }
    const left = (counts.get(connection) ?? 1) - 1;
    if (left > 0) counts.set(connection, left);
    else counts.delete(connection);
    if (counts.size === 0) this.bySymbol.delete(symbol);
  }

  /** True when some connection holds `topic`. */
  subscribed(topic: string): boolean {
    return this.byTopic.has(topic);
  }

  /** How many connections hold `topic`. */
  holders(topic: string): number {
    return this.byTopic.get(topic)?.size ?? 0;
  }

  /** The connections holding `topic`. */
  forTopic(topic: string): Iterable<SimConnection> {
    return this.byTopic.get(topic) ?? NOBODY;
  }

  /** The connections holding any topic of `symbol`, or of its group (each once). */
  forSymbol(symbol: string): Iterable<SimConnection> {
    const own = this.bySymbol.get(symbol);
    const group = this.groupOf === undefined ? undefined : this.bySymbol.get(this.groupOf(symbol) ?? '');
    if (group === undefined) return own?.keys() ?? NOBODY;
    return own === undefined ? group.keys() : new Set([...own.keys(), ...group.keys()]);
  }

  /** Every symbol some connection holds a topic of. */
  symbols(): Iterable<string> {
    return this.bySymbol.keys();
  }

  /** Every symbol some connection holds a kline topic of. */
  klineSymbols(): Iterable<string> {
    return this.klines.keys();
  }
}
