import { FieldReader, isJsonObject } from '../field-reader.js';
import { FrameParseError } from '../frame-parse-error.js';
import { gateMillis, gatePositive, gateResultItems, gateSignedSize } from './gate-fields.js';

/**
 * One row of `futures.public_liquidates` (docs "Futures WebSocket v4", "public liquidate order notification",
 * https://www.gate.com/docs/developers/futures/ws/en/#public-liquidate-order-notification): `contract`, `price`
 * ("order price"), `size` ("liquidate order quantity", contracts) and `time_ms`.
 */
export interface GateLiquidation {
  readonly symbol: string;
  /** The liquidation order's price, as written. */
  readonly price: string;
  /** Contracts, without the sign. */
  readonly size: string;
  /** The liquidation order's side, by the sign of `size` as on every Gate futures size: a `sell` closes a long. */
  readonly side: 'buy' | 'sell';
  readonly ts: number;
}

/** A push of liquidations: the rows read, and each row that could not be read, refused alone with its path and reason. */
export interface GateLiquidationsFrame {
  readonly kind: 'liquidations';
  readonly liquidations: readonly GateLiquidation[];
  readonly refused: readonly string[];
}

/** Epoch seconds of ten digits (2001 to 2286): a row `time` of these is seconds (as Gate's other rows write `time`), any other milliseconds. */
const SECONDS = { from: 1e9, below: 1e10 } as const;

/**
 * A row's time: `time_ms` (the documented field), else `time`, which the live feed writes in milliseconds
 * (gateio/WebSocket-API#132, frames of 2026-08-10: `"time":1786327033531` and no `time_ms`); a `time` of
 * ten digits is read as seconds.
 */
function rowMillis(row: FieldReader, path: string): number {
  if (row.has('time_ms')) return gateMillis(row, 'time_ms', path);
  const time = gateMillis(row, 'time', path);
  return time >= SECONDS.from && time < SECONDS.below ? time * 1000 : time;
}

function readRow(item: unknown, path: string): GateLiquidation {
  if (!isJsonObject(item)) throw new FrameParseError(path, 'expected an object');
  const row = FieldReader.of(item, path);
  const symbol = row.string('contract');
  if (symbol === '') throw new FrameParseError(`${path}.contract`, 'expected a contract');
  return { symbol, price: gatePositive(row, 'price', path), ...gateSignedSize(row, 'size', path), ts: rowMillis(row, path) };
}

/**
 * `futures.public_liquidates` in every shape written of it: `result` an array of rows (the documentation's
 * example; one contract's rows a push, per the venue's notes of 2026-08-20), or a bare row (every frame of
 * gateio/WebSocket-API#132, 2026-08-10); `price` a number or a decimal string. A row that cannot be read is
 * refused alone (`refused`, its path and reason), the push's others kept; a `result` that is neither is the
 * frame's refusal.
 */
export function readLiquidations(r: FieldReader): GateLiquidationsFrame {
  const result = r.raw('result');
  if (!Array.isArray(result) && !isJsonObject(result)) throw new FrameParseError('$.result', 'expected a row or an array of rows');
  const liquidations: GateLiquidation[] = [];
  const refused: string[] = [];
  for (const { item, path } of gateResultItems(r)) {
    try {
      liquidations.push(readRow(item, path));
    } catch (error) {
      if (!(error instanceof FrameParseError)) throw error;
      refused.push(error.message);
    }
  }
  return { kind: 'liquidations', liquidations, refused };
}
