import { decimalValue, FieldReader } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import type { LevelChange } from '../l2-book.js';
import { decimalTextAt, microsAt, optionalMicrosAt } from './kraken-fields.js';

/** One price level as Kraken sent it: the numbers the book keeps, and the decimal texts its checksum is computed over. */
export interface KrakenLevel extends LevelChange {
  /** The price as sent, exponent written out (`63299.4`, `0.09563`). */
  readonly priceText: string;
  /** The quantity as sent (`0.00100000`, `0.000051`); `0` deletes the level. */
  readonly qtyText: string;
}

/** One symbol's part of a `book` message. */
export interface KrakenBookData {
  readonly symbol: string;
  /** Bids as sent: a snapshot's best first; an update's changes in the order to apply them. */
  readonly bids: readonly KrakenLevel[];
  readonly asks: readonly KrakenLevel[];
  /** CRC32 of the top 10 levels per side after this message (`kraken-book-checksum.ts`). */
  readonly checksum: number;
  /**
   * Kraken's time of the message, epoch microseconds; absent in a snapshot that carries no `timestamp`
   * (the snapshot example of Kraken's `book` page gave none before it was revised): the book update
   * then takes the receive time (`krakenBookUpdates`). The order-book records have no flag to mark
   * that time as estimated, unlike `BookTicker.exchangeTsEstimated`.
   */
  readonly micros?: number;
}

/**
 * A `book` (L2) message: a snapshot (sent on subscribe, with the subscribed number of levels per side)
 * replaces the book; an update changes it, `qty` 0 deleting a level. Both carry the checksum; an update
 * carries its `timestamp`, a snapshot may not (its time is then the receive time, not marked estimated:
 * the order-book records have no such flag).
 */
export interface KrakenBookFrame {
  readonly kind: 'book';
  readonly type: 'snapshot' | 'update';
  readonly data: readonly KrakenBookData[];
}

/**
 * Validates a `book` message: prices > 0 and quantities >= 0 (> 0 in a snapshot) as decimals,
 * the checksum an unsigned 32-bit integer, the timestamp RFC 3339 (required in an update; a snapshot
 * may have none). Throws `FrameParseError` naming the first offending path.
 */
export function readKrakenBookFrame(r: FieldReader): KrakenBookFrame {
  const type = r.raw('type');
  if (type !== 'snapshot' && type !== 'update') throw new FrameParseError('$.type', 'expected "snapshot" or "update"');
  const snapshot = type === 'snapshot';
  const data = r.array('data').map((item, n): KrakenBookData => {
    const path = `$.data[${n}]`;
    const d = FieldReader.of(item, path);
    const checksum = d.integer('checksum');
    if (checksum > 0xffffffff) throw new FrameParseError(`${path}.checksum`, 'expected an unsigned 32-bit integer');
    const symbol = d.string('symbol');
    const bids = levels(d, path, 'bids', snapshot);
    const asks = levels(d, path, 'asks', snapshot);
    const micros = snapshot ? optionalMicrosAt(d, path, 'timestamp') : microsAt(d, path, 'timestamp');
    return micros === undefined ? { symbol, bids, asks, checksum } : { symbol, bids, asks, checksum, micros };
  });
  return { kind: 'book', type, data };
}

function levels(d: FieldReader, path: string, key: 'bids' | 'asks', snapshot: boolean): readonly KrakenLevel[] {
  return d.array(key).map((item, n) => {
    const at = `${path}.${key}[${n}]`;
    const level = FieldReader.of(item, at);
    const priceText = decimalTextAt(level, at, 'price', 'positive');
    const qtyText = decimalTextAt(level, at, 'qty', snapshot ? 'positive' : 'non-negative');
    return { price: decimalValue(priceText), size: decimalValue(qtyText), priceText, qtyText };
  });
}
