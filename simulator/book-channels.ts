/** One order-book message of a channel, before the venue's framing (Binance wraps it for combined streams). */
export interface BookMessage {
  /** The topic or stream it belongs to: `orderbook.50.BTCUSDT`, `btcusdt@depth@100ms`. */
  readonly topic: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A book as the control API shows it: the top levels as the venue writes them, and the update id they stand at. */
export interface BookViewAnswer {
  readonly symbol: string;
  readonly channel: string;
  /** Bybit: the topic's `u`; Binance: the last `u` sent on the stream, or the REST `lastUpdateId` for `rest`. */
  readonly updateId: number;
  readonly bids: readonly (readonly [price: string, size: string])[];
  readonly asks: readonly (readonly [price: string, size: string])[];
}

/**
 * Faults a venue's book channels can inject into the next update of a symbol: `drop` (not sent),
 * `cross` (a bid above the best ask), `restart` (a fresh snapshot), `checksum` (a wrong checksum, on
 * venues that send one: Kraken, OKX). A venue refuses the faults it has not.
 */
export type BookFault = 'drop' | 'cross' | 'restart' | 'checksum';

/**
 * A venue's order-book channels over its simulated books: which topics they serve, what a new
 * subscriber gets first, the updates due at each generation step, faults, and the books for tests.
 */
export interface BookChannels {
  /** The channels served (`orderbook.50`, `depth@100ms`, ...); the first is the default of `view`. */
  readonly channels: readonly string[];
  /** True for a topic or stream this venue serves as a depth book of a known symbol. */
  accepts(topic: string): boolean;
  /**
   * What a new subscriber of `topic` gets before any update (Bybit: the snapshot; Binance: nothing);
   * creates the symbol's book on first use. `othersHold`: other connections hold the topic already
   * (their view must not be reset under them).
   */
  onSubscribe(topic: string, now: number, othersHold?: boolean): readonly BookMessage[];
  /** Steps the books by one generation step and returns the messages due; `subscribed` says who listens. */
  tick(elapsedMs: number, now: number, subscribed: (topic: string) => boolean): readonly BookMessage[];
  /** Arms a fault on the symbol's next update; false for an unknown symbol or a fault this venue does not have. */
  arm(fault: BookFault, symbol: string): boolean;
  /** Disarms every fault not yet applied. */
  clearFaults(): void;
  /** The book a client of `channel` should hold now, top `levels` per side; undefined for an unknown symbol or channel. */
  view(symbol: string, channel: string, levels: number): BookViewAnswer | undefined;
}
