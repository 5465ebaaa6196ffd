import type { TickAudience } from '../../tick-audience.js';
import type { LoggedLiquidation } from '../../perpetual/liquidation-log.js';
import { roundedDecimal } from '../../scaled-decimal.js';
import { bybitSize, LINEAR_CONTRACTS, type BybitContracts } from './bybit-contracts.js';

/** Bybit's push interval of `allLiquidation`, ms (all-liquidation.mdx "Push frequency: 500ms"). */
export const BYBIT_ALL_LIQUIDATION_INTERVAL_MS = 500;

/**
 * Bybit linear `allLiquidation.{SYMBOL}`: every 500 ms, when the symbol had any, one frame
 * `{topic, type: "snapshot", ts, data: [{T, s, S, v, p}]}` with every liquidation since the last
 * push, oldest first (all-liquidation.mdx: "push all liquidations"; Bybit does not sample). `S` is
 * the side of the positions closed (`Buy`: longs), `p` the bankruptcy price at the price scale, `v`
 * at the lot step (inverse: whole USD). Each liquidation is published; the log notes the sockets it was written to.
 */
export class BybitLinearLiquidations {
  private readonly pending = new Map<string, LoggedLiquidation[]>();

  constructor(private readonly contracts: BybitContracts = LINEAR_CONTRACTS) {}

  /** A liquidation just made, for the next push. */
  add(entry: LoggedLiquidation): void {
    const symbol = entry.liquidation.symbol;
    const queue = this.pending.get(symbol);
    if (queue === undefined) this.pending.set(symbol, [entry]);
    else queue.push(entry);
  }

  /** The push due now: one frame per symbol to the holders of its topic. */
  push(now: number, audience: TickAudience): void {
    for (const [symbol, entries] of this.pending) {
      const topic = `allLiquidation.${symbol}`;
      const data = entries.map(({ liquidation: l }) => ({
        T: l.ts,
        s: l.symbol,
        S: l.position === 'long' ? 'Buy' : 'Sell',
        v: bybitSize(this.contracts, l.quantity, l.price, l.sizeDecimals),
        p: roundedDecimal(l.price, l.priceDecimals),
      }));
      const text = JSON.stringify({ topic, type: 'snapshot', ts: now, data });
      for (const entry of entries) entry.decide(true);
      for (const connection of audience.forTopic(topic)) {
        if (connection.sendData(text)) for (const entry of entries) entry.sentTo(connection.id);
      }
    }
    this.pending.clear();
  }
}
