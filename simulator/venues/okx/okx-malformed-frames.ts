import type { FaultTrade } from '../../sim-venue-protocol.js';

/** One `trades-all` frame of one fill, `fields` laid over the fill (the control API's garbage is made from it). */
export function okxFaultTradeFrame(symbol: string, now: number, fields: Readonly<Record<string, unknown>> = {}): string {
  const fill = { instId: symbol, tradeId: '1', px: '1.5', sz: '1', side: 'buy', source: '0', ts: String(now), ...fields };
  return JSON.stringify({ arg: { channel: 'trades-all', instId: symbol }, data: [fill] });
}

/** OKX's trade in the control API's garbage: a `trades-all` fill and the names of its price, size, time and side. */
export const OKX_FAULT_TRADE: FaultTrade = { frame: okxFaultTradeFrame, names: { price: 'px', quantity: 'sz', time: 'ts', side: 'side' } };

/**
 * A frame an OKX client must refuse, `n` picking the damage: cut mid-frame, a negative price, a size
 * that is not a number, a `books` update whose `prevSeqId` is a string, a `tickers` push without its
 * figures, a fill with an unknown side.
 */
export function okxMalformedFrame(n: number, symbol: string, now: number): string {
  const damaged = [
    `{"arg":{"channel":"trades-all","instId":${JSON.stringify(symbol)}},"data":[{"instId":`,
    okxFaultTradeFrame(symbol, now, { px: '-5' }),
    okxFaultTradeFrame(symbol, now, { sz: 'NaN' }),
    JSON.stringify({
      arg: { channel: 'books', instId: symbol },
      action: 'update',
      data: [{ asks: [['1.5', '1', '0', '1']], bids: [], ts: String(now), checksum: 0, prevSeqId: 'seven', seqId: 8 }],
    }),
    JSON.stringify({ arg: { channel: 'tickers', instId: symbol }, data: [{ instType: 'SPOT', instId: symbol, ts: String(now) }] }),
    okxFaultTradeFrame(symbol, now, { side: 'up' }),
  ];
  return damaged[n % damaged.length] ?? '';
}
