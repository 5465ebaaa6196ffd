import type { TickBook } from '../../book-view-diff.js';
import { scaledDecimal } from '../../scaled-decimal.js';
import { NumberText, rfc3339Micros } from './kraken-json.js';

/** What one `book` frame says. */
export interface KrakenBookPayloadInput {
  readonly symbol: string;
  readonly type: 'snapshot' | 'update';
  /** The whole view (snapshot) or the changed levels, quantity 0 deleting (update); best first per side. */
  readonly levels: TickBook;
  readonly priceDecimals: number;
  readonly qtyDecimals: number;
  readonly checksum: number;
  /** When the book changed, ms. */
  readonly ts: number;
}

/**
 * A Kraken v2 `book` frame, keys in the recorded order (`channel, type, data[{symbol, bids, asks,
 * checksum, timestamp}]`): each level `{price, qty}`, JSON numbers at the pair's precision with
 * trailing zeros kept ({@link NumberText}; written by `krakenJson`).
 */
export function krakenBookPayload(input: KrakenBookPayloadInput): Record<string, unknown> {
  const levels = (side: TickBook['bids']) =>
    side.map((l) => ({ price: new NumberText(scaledDecimal(l.tick, input.priceDecimals)), qty: new NumberText(scaledDecimal(l.lots, input.qtyDecimals)) }));
  const data = {
    symbol: input.symbol,
    bids: levels(input.levels.bids),
    asks: levels(input.levels.asks),
    checksum: input.checksum,
    timestamp: rfc3339Micros(input.ts * 1000),
  };
  return { channel: 'book', type: input.type, data: [data] };
}
