import type { SimConnection } from './sim-connection.js';

export interface StillConnectionCloserConfig {
  /** What a live connection moves: the pongs it sent (Binance's pong timeout), the frames it was sent (Bybit's idle close). */
  readonly count: (connection: SimConnection) => number;
  /** The close frame's reason (code 1000). */
  readonly reason: string;
}

/**
 * A venue's timeout of a connection that stopped moving: closes each open connection whose `count`
 * stood still for the venue's timeout, as seen on the venue's own clock (each tick, `close`), so that
 * a spec moving the clock by hand sees it close.
 */
export class StillConnectionCloser {
  private readonly heard = new WeakMap<SimConnection, { count: number; at: number }>();

  constructor(private readonly config: StillConnectionCloserConfig) {}

  /** Closes the connections still for `timeoutMs` as of `now` (0: never). */
  close(now: number, connections: Iterable<SimConnection>, timeoutMs: number): void {
    if (timeoutMs <= 0) return;
    for (const connection of connections) {
      const heard = this.heard.get(connection);
      const count = this.config.count(connection);
      if (heard === undefined || heard.count !== count) this.heard.set(connection, { count, at: now });
      else if (now - heard.at >= timeoutMs && connection.socket.readyState === connection.socket.OPEN) connection.socket.close(1000, this.config.reason);
    }
  }
}
