import type { Logger } from 'pino';
import type { InvalidFrame } from '../model/invalid-frame.js';
import type { ExchangeId } from '../model/market-record.js';

/** Where invalid frames of one venue are reported. */
export interface InvalidFrameReporterConfig {
  readonly exchange: ExchangeId;
  /** Warned on the first invalid frame and every 1000th; default silent. */
  readonly logger?: Logger;
  /** Told about every invalid frame; default nothing. */
  readonly onInvalidFrame?: (frame: InvalidFrame) => void;
}

/** Reports one refused frame: the socket, the raw text, the refusal and the receive time. */
export type InvalidFrameReport = (connectionId: string, raw: string, error: string, receivedTs: number) => void;

/** Largest part of an invalid frame kept for reporting. */
const MAX_REPORTED_FRAME = 4096;

/** Counts invalid frames, reports each to `onInvalidFrame`, and logs the first and then every 1000th. */
export function invalidFrameReporter(config: InvalidFrameReporterConfig): InvalidFrameReport {
  let count = 0;
  return (connectionId, raw, error, receivedTs) => {
    count += 1;
    const frame: InvalidFrame = { exchange: config.exchange, connectionId, raw: raw.slice(0, MAX_REPORTED_FRAME), error, receivedTs };
    if (count === 1 || count % 1000 === 0) config.logger?.warn({ exchange: config.exchange, connectionId, error, invalidFrames: count }, 'invalid frame');
    config.onInvalidFrame?.(frame);
  };
}
