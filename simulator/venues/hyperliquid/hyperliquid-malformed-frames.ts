import type { FaultTrade } from '../../sim-venue-protocol.js';

const NO_HASH = `0x${'0'.repeat(64)}`;
const USERS = ['0x0000000000000000000000000000000000000001', '0x0000000000000000000000000000000000000002'];

/** One `trades` message of one trade, `fields` laid over the trade (the control API's garbage is made from it). */
export function hyperliquidFaultTradeFrame(coin: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { coin, side: 'B', px: '1.0', sz: '1.0', time: now, hash: NO_HASH, tid: 1, users: USERS, ...fields };
  return JSON.stringify({ channel: 'trades', data: [trade] });
}

/** Hyperliquid's trade in the control API's garbage: a `trades` message and the names of its price, size, time and side. */
export const HYPERLIQUID_FAULT_TRADE: FaultTrade = {
  frame: hyperliquidFaultTradeFrame,
  names: { price: 'px', quantity: 'sz', time: 'time', side: 'side' },
};

/**
 * A frame a Hyperliquid client must refuse, `n` picking the damage: cut mid-frame, a negative price, a
 * size that is not a number, a trade whose side is neither `A` nor `B`, an `l2Book` with one side
 * only and a size that is not a number, an `activeAssetCtx` whose mark is `NaN`.
 */
export function hyperliquidMalformedFrame(n: number, coin: string, now: number): string {
  const damaged = [
    `{"channel":"trades","data":[{"coin":${JSON.stringify(coin)},"side":`,
    hyperliquidFaultTradeFrame(coin, now, { px: '-5.0' }),
    hyperliquidFaultTradeFrame(coin, now, { sz: 'NaN' }),
    hyperliquidFaultTradeFrame(coin, now, { side: 'S' }),
    JSON.stringify({ channel: 'l2Book', data: { coin, time: now, levels: [[{ px: '1.0', sz: 'lots', n: 1 }]] } }),
    JSON.stringify({ channel: 'activeAssetCtx', data: { coin, ctx: { funding: '0.0000125', openInterest: '1.0', markPx: 'NaN', oraclePx: '1.0' } } }),
  ];
  return damaged[n % damaged.length] ?? '';
}
