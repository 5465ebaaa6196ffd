import type { EpochMillis, ExchangeId } from './market-record.js';

/** A frame that could not be parsed, validated or mapped: counted, logged and dead-lettered, never fatal. */
export interface InvalidFrame {
  readonly type: 'invalid_frame';
  readonly exchange: ExchangeId;
  readonly connectionId: string;
  /** The frame as received (truncated by the reader if huge). */
  readonly raw: string;
  /** What was wrong, e.g. `data.p: expected a positive decimal string`. */
  readonly error: string;
  readonly receivedTs: EpochMillis;
}
