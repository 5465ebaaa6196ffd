import type { BookUpdate } from '../book-update.js';
import type { BinanceDepthFrame, BinanceDepthSnapshot } from './binance-depth-frames.js';

/** A `depthUpdate` as a book delta: `firstUpdateId` = `U`, `updateId` = `u`, venue time `E`. */
export function mapBinanceDepthFrame(frame: BinanceDepthFrame, receivedTs: number): BookUpdate {
  return {
    type: 'book_update',
    symbol: frame.s,
    action: 'delta',
    bids: frame.b,
    asks: frame.a,
    updateId: frame.u,
    firstUpdateId: frame.U,
    exchangeTs: frame.E,
    receivedTs,
  };
}

/**
 * A REST depth body as a book snapshot of `symbol` (the body names none): `updateId` =
 * `lastUpdateId`. The body carries no venue time, so `exchangeTs` is the receive time.
 */
export function mapBinanceDepthSnapshot(symbol: string, snapshot: BinanceDepthSnapshot, receivedTs: number): BookUpdate {
  return {
    type: 'book_update',
    symbol,
    action: 'snapshot',
    bids: snapshot.bids,
    asks: snapshot.asks,
    updateId: snapshot.lastUpdateId,
    exchangeTs: receivedTs,
    receivedTs,
  };
}
