import type { LoggedLiquidation } from '../../perpetual/liquidation-log.js';
import type { Liquidation } from '../../perpetual/liquidation-pressure.js';
import type { TickAudience } from '../../tick-audience.js';
import { okxTopic } from '../okx/okx-channels.js';
import { okxPrice, type OkxUnits } from '../okx/okx-units.js';

/**
 * `liquidation-orders` (okx docs-v5 `#public-data-websocket-liquidation-orders-channel`), subscribed per
 * `instType`: "For futures and swaps, each contract will only show a maximum of one order per
 * one-second period" (an earlier version of the page, as copied into public client repositories; the
 * page as stored on 2026-07-19 says only that the data "doesn't represent the total number of liquidations").
 */
export const OKX_LIQUIDATION_WINDOW_MS = 1_000;

/** The topic of the swaps' liquidations. */
export const SWAP_LIQUIDATIONS_TOPIC = okxTopic('liquidation-orders', 'SWAP');

/**
 * One push of a contract's liquidation, keys as recorded (okx-swap-liquidation-orders.ndjson: `data[{details[{bkLoss,
 * bkPx, ccy, posSide, side, sz, ts}], instFamily, instId, instType, uly}]`): `side` the liquidation
 * order's (`sell` closes a long), `posSide` the position's, `bkPx` the bankruptcy price, `sz` contracts.
 */
export function liquidationFrame(liquidation: Liquidation, units: OkxUnits): string {
  const family = liquidation.symbol.replace(/-SWAP$/, '');
  const detail = {
    bkLoss: '0',
    bkPx: okxPrice(liquidation.price, liquidation.priceDecimals),
    ccy: '',
    posSide: liquidation.position,
    side: liquidation.position === 'long' ? 'sell' : 'buy',
    sz: units.size(liquidation.symbol, liquidation.quantity),
    ts: String(liquidation.ts),
  };
  const data = { details: [detail], instFamily: family, instId: liquidation.symbol, instType: 'SWAP', uly: family };
  return JSON.stringify({ arg: { channel: 'liquidation-orders', instType: 'SWAP' }, data: [data] });
}

/**
 * The liquidations of the current one-second window per contract: at the window's end the latest of
 * each contract is published (one frame each, to the holders of `liquidation-orders` for `SWAP`) and
 * the others are logged unpublished.
 */
export class OkxLiquidationOrders {
  private readonly window = new Map<string, LoggedLiquidation[]>();

  constructor(private readonly units: OkxUnits) {}

  /** A liquidation just made, in the current window. */
  add(entry: LoggedLiquidation): void {
    const symbol = entry.liquidation.symbol;
    const made = this.window.get(symbol);
    if (made === undefined) this.window.set(symbol, [entry]);
    else made.push(entry);
  }

  /** The window ended: each contract's latest liquidation to the topic's holders. */
  push(audience: TickAudience): void {
    for (const made of this.window.values()) {
      const latest = made[made.length - 1];
      if (latest === undefined) continue;
      for (const entry of made) entry.decide(entry === latest);
      const text = liquidationFrame(latest.liquidation, this.units);
      for (const connection of audience.forTopic(SWAP_LIQUIDATIONS_TOPIC)) if (connection.sendData(text)) latest.sentTo(connection.id);
    }
    this.window.clear();
  }
}
