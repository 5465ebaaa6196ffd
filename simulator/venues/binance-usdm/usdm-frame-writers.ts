import type { Liquidation } from '../../perpetual/liquidation-pressure.js';
import type { PerpetualState } from '../../perpetual/perpetual-market.js';
import type { SimulatedTrade, SymbolState } from '../../simulated-market.js';
import {
  usdmAggTrade,
  usdmBookTicker,
  usdmForceOrder,
  usdmMarkPrice,
  usdmMiniTicker,
  usdmTicker,
  usdmTrade,
  USDM_UNITS,
  type UsdmUnits,
} from './usdm-frames.js';

/** A payload of one stream, as the venue writes it. */
type Payload = Record<string, unknown>;

/**
 * How a Binance futures venue writes its stream payloads: USD-M's (`USDM_FRAME_WRITERS`), or another
 * market of the same protocol whose fields or units differ (COIN-M: contracts, the pair `ps`).
 */
export interface UsdmFrameWriters {
  readonly aggTrade: (trade: SimulatedTrade, sizeDecimals: number, now: number) => Payload;
  readonly trade: (trade: SimulatedTrade, sizeDecimals: number, now: number) => Payload;
  readonly bookTicker: (state: SymbolState, sizeDecimals: number, now: number) => Payload;
  readonly ticker: (state: SymbolState, sizeDecimals: number, now: number) => Payload;
  readonly miniTicker: (state: SymbolState, sizeDecimals: number, now: number) => Payload;
  readonly markPrice: (state: PerpetualState, now: number) => Payload;
  readonly forceOrder: (liquidation: Liquidation, now: number) => Payload;
}

/** USD-M's payloads (`usdm-frames.ts`) with sizes, pairs and volumes written in `units`; the book ticker and mark as USD-M's. */
export function usdmFrameWriters(units: UsdmUnits): UsdmFrameWriters {
  return {
    aggTrade: (trade, sizeDecimals, now) => usdmAggTrade(trade, sizeDecimals, now, units),
    trade: (trade, sizeDecimals, now) => usdmTrade(trade, sizeDecimals, now, units),
    bookTicker: usdmBookTicker,
    ticker: (state, sizeDecimals, now) => usdmTicker(state, sizeDecimals, now, units),
    miniTicker: (state, sizeDecimals, now) => usdmMiniTicker(state, sizeDecimals, now, units),
    markPrice: usdmMarkPrice,
    forceOrder: (liquidation, now) => usdmForceOrder(liquidation, now, units),
  };
}

/** USD-M's payloads (`usdm-frames.ts`). */
export const USDM_FRAME_WRITERS: UsdmFrameWriters = usdmFrameWriters(USDM_UNITS);
