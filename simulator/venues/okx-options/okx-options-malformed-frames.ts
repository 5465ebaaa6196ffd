import type { FaultTrade } from '../../sim-venue-protocol.js';

/** One `trades` push of one option trade, `fields` laid over the trade (the control API's garbage is made from it). */
export function okxOptionsFaultTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const trade = { instId: symbol, tradeId: '1', px: '0.0005', sz: '1', side: 'buy', ts: String(now), ...fields };
  return JSON.stringify({ arg: { channel: 'trades', instId: symbol }, data: [trade] });
}

/** OKX options' trade in the control API's garbage: a `trades` push and the names of its price, size, time and side. */
export const OKX_OPTIONS_FAULT_TRADE: FaultTrade = { frame: okxOptionsFaultTradeFrame, names: { price: 'px', quantity: 'sz', time: 'ts', side: 'side' } };

/**
 * A frame an OKX options client must refuse, `n` picking the damage: cut mid-frame, a negative price,
 * a size that is not a number, an `opt-summary` entry whose `markVol` is not a number, a `tickers`
 * push without its figures, a trade of an unknown side.
 */
export function okxOptionsMalformedFrame(n: number, symbol: string, now: number): string {
  const family = symbol.split('-').slice(0, 2).join('-');
  const damaged = [
    `{"arg":{"channel":"trades","instId":${JSON.stringify(symbol)}},"data":[{"instId":`,
    okxOptionsFaultTradeFrame(symbol, now, { px: '-5' }),
    okxOptionsFaultTradeFrame(symbol, now, { sz: 'NaN' }),
    JSON.stringify({
      arg: { channel: 'opt-summary', instFamily: family },
      data: [{ instType: 'OPTION', instId: symbol, uly: family, markVol: 'high', ts: String(now) }],
    }),
    JSON.stringify({ arg: { channel: 'tickers', instId: symbol }, data: [{ instType: 'OPTION', instId: symbol, ts: String(now) }] }),
    okxOptionsFaultTradeFrame(symbol, now, { side: 'up' }),
  ];
  return damaged[n % damaged.length] ?? '';
}
