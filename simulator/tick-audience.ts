import type { SimConnection } from './sim-connection.js';

/** The connections a tick writes to, by topic and by symbol. */
export interface TickAudience extends Iterable<SimConnection> {
  subscribed(topic: string): boolean;
  forTopic(topic: string): Iterable<SimConnection>;
  forSymbol(symbol: string): Iterable<SimConnection>;
  /** Every symbol some connection holds a topic of. */
  symbols(): Iterable<string>;
  /** Every symbol some connection holds a kline topic of. */
  klineSymbols(): Iterable<string>;
}
