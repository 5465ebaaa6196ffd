import type { BookUpdate } from '../book-update.js';
import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import { gateNonNegative, gatePositive } from './gate-fields.js';
import type { GateBookUpdateFrame } from './gate-market-frames.js';

/**
 * The book update of one depth push: a delta from update id `U` (`firstUpdateId`) to `u` (`updateId`), or
 * a whole book (`full: true`) at `u`. Levels as Gate wrote them: spot sizes the base coin, futures'
 * contracts. Gate's local-book rule is Binance US's (docs "Order Book Channel", "How to maintain local order
 * book"): pushes with `u` below the snapshot's `id` + 1 are dropped, the first applied one holds `id` + 1
 * (`U <= id + 1 <= u`: a snapshot taken just before a push, `id` = `U` - 1, bridges it), and every later one
 * starts where the last ended (`U` = previous `u` + 1, no overlap).
 */
export function gateBookUpdate(frame: GateBookUpdateFrame, receivedTs: number): BookUpdate {
  const update: BookUpdate = {
    type: 'book_update',
    symbol: frame.symbol,
    action: frame.full ? 'snapshot' : 'delta',
    bids: frame.bids,
    asks: frame.asks,
    updateId: frame.lastUpdateId,
    exchangeTs: frame.ts,
    receivedTs,
  };
  return frame.firstUpdateId === undefined ? update : { ...update, firstUpdateId: frame.firstUpdateId };
}

/** A snapshot side: spot `[price, size]` pairs, futures `{p, s}` objects (sizes numbers of contracts, or decimal strings). */
function snapshotSide(r: FieldReader, key: 'bids' | 'asks'): readonly LevelChange[] {
  return r.array(key).map((level: unknown, n): LevelChange => {
    const at = `$.${key}[${n}]`;
    const pair = Array.isArray(level) ? (level as readonly unknown[]) : undefined;
    const l = pair !== undefined ? FieldReader.of({ p: pair[0], s: pair[1] }, at) : isJsonObject(level) ? FieldReader.of(level, at) : undefined;
    if (l === undefined) throw new FrameParseError(at, 'expected [price, size] or {p, s}');
    return { price: Number(gatePositive(l, 'p', at)), size: Number(gateNonNegative(l, 's', at)) };
  });
}

/**
 * The body of `GET /api/v4/spot/order_book?currency_pair=..&with_id=true` (`{id, current?, update?, asks:
 * [[p, s]], bids}`) or `GET /api/v4/futures/usdt/order_book?contract=..&with_id=true` (`{id, current,
 * update, asks: [{p, s}], bids}`) as the snapshot of `symbol`: `updateId` its `id`, time its `current`
 * (seconds with a fraction) or `receivedTs`. A body without `id` (asked without `with_id`) cannot be
 * bridged to the pushes and is refused.
 */
export function readGateBookSnapshot(json: unknown, symbol: string, receivedTs: number): BookUpdate {
  const r = FieldReader.of(json, '$');
  const id = r.raw('id');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) throw new FrameParseError('$.id', 'expected the book id (with_id=true)');
  const current = r.raw('current');
  const exchangeTs = typeof current === 'number' && Number.isFinite(current) && current > 0 ? Math.round(current * 1000) : receivedTs;
  return {
    type: 'book_update',
    symbol,
    action: 'snapshot',
    bids: snapshotSide(r, 'bids'),
    asks: snapshotSide(r, 'asks'),
    updateId: id,
    exchangeTs,
    receivedTs,
  };
}
