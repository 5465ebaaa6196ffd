import type { LoggedLiquidation } from '../../perpetual/liquidation-log.js';
import type { Liquidation } from '../../perpetual/liquidation-pressure.js';
import type { TickAudience } from '../../tick-audience.js';
import { gatePush, gateTopic } from './gate-frames.js';
import type { GateUnits } from './gate-units.js';

/** The futures' liquidations channel, without its market's prefix (docs "public liquidates order API"). */
export const GATE_LIQUIDATES_CHANNEL = 'public_liquidates';

/** The payload that subscribes every contract's liquidations (docs: "use `!all` in the subscription request list"). */
export const GATE_ALL_CONTRACTS = '!all';

/** A contract's rows are pushed at the end of each second... */
export const GATE_LIQUIDATES_WINDOW_MS = 1_000;
/** ...or as soon as it has this many (the venue's notes of 2026-08-20: one contract's rows a push, on 1 s or 20 rows). */
export const GATE_LIQUIDATES_MOST_ROWS = 20;

/**
 * One row, keys as documented (docs "public liquidate order notification": `price` a number, the order's;
 * `size` the liquidation order's contracts, negative for the sell that closes a long; `time_ms`; `contract`).
 */
export function gateLiquidationRow(liquidation: Liquidation, units: GateUnits) {
  const contracts = units.contracts(liquidation.symbol, liquidation.quantity);
  return {
    price: Number(units.price(liquidation.price, liquidation.priceDecimals)),
    size: liquidation.position === 'long' ? -contracts : contracts,
    time_ms: liquidation.ts,
    contract: liquidation.symbol,
  };
}

/**
 * `futures.public_liquidates`: every liquidation the contracts make, one contract's rows a push (`result` an
 * array), pushed when the contract has `GATE_LIQUIDATES_MOST_ROWS` or at the end of each second, to the holders
 * of `!all` and of the contract's own subscription. None is left out: each is logged published.
 */
export class GateLiquidates {
  private readonly pending = new Map<string, LoggedLiquidation[]>();

  constructor(private readonly units: GateUnits) {}

  /** A liquidation just made: pushed at once when it fills its contract's push. */
  add(entry: LoggedLiquidation, audience: TickAudience, now: number): void {
    const symbol = entry.liquidation.symbol;
    const rows = this.pending.get(symbol) ?? [];
    rows.push(entry);
    this.pending.set(symbol, rows);
    if (rows.length >= GATE_LIQUIDATES_MOST_ROWS) this.push(symbol, audience, now);
  }

  /** The second ended: every contract's rows since its last push. */
  windowEnded(audience: TickAudience, now: number): void {
    for (const symbol of [...this.pending.keys()]) this.push(symbol, audience, now);
  }

  private push(symbol: string, audience: TickAudience, now: number): void {
    const entries = this.pending.get(symbol) ?? [];
    this.pending.delete(symbol);
    if (entries.length === 0) return;
    const rows = entries.map((entry) => gateLiquidationRow(entry.liquidation, this.units));
    const text = gatePush(`futures.${GATE_LIQUIDATES_CHANNEL}`, JSON.stringify(rows), now);
    for (const entry of entries) entry.decide(true);
    const holders = new Set([
      ...audience.forTopic(gateTopic(GATE_LIQUIDATES_CHANNEL, GATE_ALL_CONTRACTS)),
      ...audience.forTopic(gateTopic(GATE_LIQUIDATES_CHANNEL, symbol)),
    ]);
    for (const connection of holders) if (connection.sendData(text)) for (const entry of entries) entry.sentTo(connection.id);
  }
}
