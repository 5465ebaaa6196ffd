import { trimmedDecimal } from '../../scaled-decimal.js';
import type { SymbolState } from '../../simulated-market.js';
import { okxPrice, type OkxUnits } from './okx-units.js';

/** OKX's instrument types the simulator serves: spot pairs and perpetual swaps. */
export type OkxInstType = 'SPOT' | 'SWAP';

/** Decimals of a quote-currency volume (`volCcy24h` of spot, 8 as recorded: `"525802090.62716611"`). */
const QUOTE_VOLUME_DECIMALS = 8;

/**
 * A symbol's rolling-day figures as OKX names them (okx docs-v5 `#order-book-trading-market-data-ws-tickers-channel`):
 * `vol24h` "with a unit of contract" (base on spot, contracts on swaps), `volCcy24h` "with a unit of
 * currency" (quote on spot, base on swaps; the recorded swap ticker has vol24h = volCcy24h / ctVal,
 * okx-swap-tickers.ndjson line 3); `sodUtc0`/`sodUtc8`, the day's opens, are the rolling day's open here.
 */
function figures(instType: OkxInstType, state: SymbolState, units: OkxUnits) {
  const d = state.priceDecimals;
  const baseVolume = trimmedDecimal(state.volume.toFixed(units.baseDecimals(state.symbol)));
  return {
    last: okxPrice(state.last, d),
    lastSz: units.size(state.symbol, state.lastQty),
    askPx: okxPrice(state.ask, d),
    askSz: units.size(state.symbol, state.askSize),
    bidPx: okxPrice(state.bid, d),
    bidSz: units.size(state.symbol, state.bidSize),
    open24h: okxPrice(state.open, d),
    high24h: okxPrice(state.high, d),
    low24h: okxPrice(state.low, d),
    sod: okxPrice(state.open, d),
    vol24h: units.size(state.symbol, state.volume),
    volCcy24h: instType === 'SPOT' ? trimmedDecimal(state.turnover.toFixed(QUOTE_VOLUME_DECIMALS)) : baseVolume,
  };
}

/**
 * A `tickers` push, keys in the recorded order (`instType, instId, last, lastSz, askPx, askSz, bidPx,
 * bidSz, open24h, high24h, low24h, sodUtc0, sodUtc8, volCcy24h, vol24h, ts`, okx-tickers.ndjson and
 * okx-swap-tickers.ndjson, 2022 and 2026 alike), every value a string.
 */
export function okxTickerFrame(instType: OkxInstType, state: SymbolState, units: OkxUnits, now: number): string {
  const f = figures(instType, state, units);
  const data = {
    instType,
    instId: state.symbol,
    last: f.last,
    lastSz: f.lastSz,
    askPx: f.askPx,
    askSz: f.askSz,
    bidPx: f.bidPx,
    bidSz: f.bidSz,
    open24h: f.open24h,
    high24h: f.high24h,
    low24h: f.low24h,
    sodUtc0: f.sod,
    sodUtc8: f.sod,
    volCcy24h: f.volCcy24h,
    vol24h: f.vol24h,
    ts: String(now),
  };
  return JSON.stringify({ arg: { channel: 'tickers', instId: state.symbol }, data: [data] });
}

/** A `GET /api/v5/market/tickers` entry, keys in the documented example's order (`#order-book-trading-market-data-get-ticker`: `..., low24h, volCcy24h, vol24h, sodUtc0, sodUtc8, ts`). */
export function okxRestTicker(instType: OkxInstType, state: SymbolState, units: OkxUnits, now: number): Record<string, string> {
  const f = figures(instType, state, units);
  return {
    instType,
    instId: state.symbol,
    last: f.last,
    lastSz: f.lastSz,
    askPx: f.askPx,
    askSz: f.askSz,
    bidPx: f.bidPx,
    bidSz: f.bidSz,
    open24h: f.open24h,
    high24h: f.high24h,
    low24h: f.low24h,
    volCcy24h: f.volCcy24h,
    vol24h: f.vol24h,
    sodUtc0: f.sod,
    sodUtc8: f.sod,
    ts: String(now),
  };
}

/** A book level's order count (`[px, sz, "0", numOrders]`): 1 to 9, drawn from the level so that it stays put while the level does. */
export function orderCount(tick: number, lots: number): string {
  return String(1 + ((tick * 31 + lots) % 9));
}

/**
 * A `bbo-tbt` push: the best ask and bid as one-level lists of `[px, sz, "0", numOrders]`, `ts`, and
 * the instrument's `seqId` (a JSON number; the documented example of `#order-book-trading-market-data-ws-order-book-channel`;
 * the 2022 recorded frames, okx-bbo-tbt.ndjson, predate `seqId`). No `instId` inside `data`.
 */
export function okxBboFrame(state: SymbolState, units: OkxUnits, seqId: number, now: number): string {
  const d = state.priceDecimals;
  const level = (price: number, size: number) => {
    const lots = units.lotCount(state.symbol, size);
    return [okxPrice(price, d), units.lots(state.symbol, lots), '0', orderCount(Math.round(price * 10 ** d), lots)];
  };
  const data = { asks: [level(state.ask, state.askSize)], bids: [level(state.bid, state.bidSize)], ts: String(now), seqId };
  return JSON.stringify({ arg: { channel: 'bbo-tbt', instId: state.symbol }, data: [data] });
}
