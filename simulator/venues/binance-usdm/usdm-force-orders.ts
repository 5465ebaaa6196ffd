import type { TickAudience } from '../../tick-audience.js';
import type { LoggedLiquidation } from '../../perpetual/liquidation-log.js';
import type { SimConnection } from '../../sim-connection.js';
import { usdmForceOrder } from './usdm-frames.js';
import type { UsdmFrameWriters } from './usdm-frame-writers.js';

/** Binance USD-M's `forceOrder` window, ms (Liquidation-Order-Streams: "Update Speed 1000ms"). */
export const USDM_FORCE_ORDER_INTERVAL_MS = 1000;

/**
 * Binance USD-M `<symbol>@forceOrder`: "for each symbol, only the latest one liquidation order
 * within 1000ms will be pushed as the snapshot. If no liquidation happens in the interval of
 * 1000ms, no stream will be pushed." At each window's end the latest liquidation of each symbol is
 * published (and written to the stream's holders); the others of the window are logged unpublished.
 */
export class UsdmForceOrders {
  private readonly window = new Map<string, LoggedLiquidation[]>();

  /** `write`: the venue's `forceOrder` payload (USD-M's by default). */
  constructor(private readonly write: UsdmFrameWriters['forceOrder'] = usdmForceOrder) {}

  /** A liquidation just made, in the current window. */
  add(entry: LoggedLiquidation): void {
    const symbol = entry.liquidation.symbol;
    const made = this.window.get(symbol);
    if (made === undefined) this.window.set(symbol, [entry]);
    else made.push(entry);
  }

  /** The window ended: each symbol's latest liquidation to its holders, written by `write` in each socket's framing. */
  push(now: number, audience: TickAudience, write: (connection: SimConnection, stream: string, payload: Record<string, unknown>) => string): void {
    for (const [symbol, made] of this.window) {
      const latest = made[made.length - 1];
      if (latest === undefined) continue;
      for (const entry of made) entry.decide(entry === latest);
      const stream = `${symbol.toLowerCase()}@forceOrder`;
      const payload = this.write(latest.liquidation, now);
      for (const connection of audience.forTopic(stream)) if (connection.sendData(write(connection, stream, payload))) latest.sentTo(connection.id);
    }
    this.window.clear();
  }
}
