import { FieldReader, isJsonObject, parseDecimal } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import { rfc3339Millis } from './coinbase-time.js';

/**
 * One product's book event of an `l2_data` frame (the `level2` channel). A `snapshot` is the WHOLE book
 * (23,334 levels for ETH-USD, 46,000 for BTC-USD in the recorded session), sent on subscribe; an
 * `update` gives new absolute sizes, `"0"` removing the level.
 */
export interface CoinbaseBookEvent {
  readonly type: 'snapshot' | 'update';
  readonly productId: string;
  /** Side `bid`, read as numbers. */
  readonly bids: readonly LevelChange[];
  /** Side `offer`, read as numbers. */
  readonly asks: readonly LevelChange[];
  /** The latest `event_time` of its levels (matching-engine time), ms; absent when it has no level. */
  readonly eventTime?: number;
}

/** An `l2_data` frame: no per-product sequence, only the socket's `sequence_num`. */
export interface CoinbaseBookFrame {
  readonly kind: 'l2_data';
  readonly sequenceNum: number;
  /** When Coinbase sent the frame, ms. */
  readonly timestamp: number;
  readonly events: readonly CoinbaseBookEvent[];
}

/**
 * The events of an `l2_data` frame: `type`, `product_id`, and `updates[]` of `{side, event_time,
 * price_level, new_quantity}`, every price > 0, every quantity >= 0 (> 0 in a snapshot), every time
 * RFC 3339. One pass without a reader per level: a snapshot holds tens of thousands of them, all with
 * the same `event_time`, which is read once.
 */
export function readCoinbaseBookEvents(events: readonly unknown[]): readonly CoinbaseBookEvent[] {
  return events.map((raw, n) => {
    const path = `$.events[${n}]`;
    const e = FieldReader.of(raw, path);
    const type = e.raw('type');
    if (type !== 'snapshot' && type !== 'update') throw new FrameParseError(`${path}.type`, 'expected "snapshot" or "update"');
    const productId = e.string('product_id');
    const updates = e.array('updates');
    const bids: LevelChange[] = [];
    const asks: LevelChange[] = [];
    let timeText = '';
    let eventTime = -1;
    for (let k = 0; k < updates.length; k++) {
      const level: unknown = updates[k];
      const at = `${path}.updates[${k}]`;
      if (!isJsonObject(level)) throw new FrameParseError(at, 'expected an object');
      const side = level['side'];
      if (side !== 'bid' && side !== 'offer') throw new FrameParseError(`${at}.side`, 'expected "bid" or "offer"');
      const price = parseDecimal(level['price_level']);
      if (price === undefined || price <= 0) throw new FrameParseError(`${at}.price_level`, 'expected a positive decimal string');
      const size = parseDecimal(level['new_quantity']);
      if (size === undefined || size < 0 || (type === 'snapshot' && size === 0)) {
        throw new FrameParseError(`${at}.new_quantity`, type === 'snapshot' ? 'expected a positive decimal string' : 'expected a non-negative decimal string');
      }
      const time = level['event_time'];
      if (time !== timeText) {
        const ms = typeof time === 'string' ? rfc3339Millis(time) : undefined;
        if (ms === undefined) throw new FrameParseError(`${at}.event_time`, 'expected an RFC 3339 time');
        timeText = time as string;
        if (ms > eventTime) eventTime = ms;
      }
      (side === 'bid' ? bids : asks).push({ price, size });
    }
    return eventTime < 0 ? { type, productId, bids, asks } : { type, productId, bids, asks, eventTime };
  });
}
