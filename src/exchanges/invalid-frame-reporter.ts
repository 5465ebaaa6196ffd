import type { Logger } from 'pino';
import type { InvalidFrame } from '../model/invalid-frame.js';
import type { ExchangeId } from '../model/market-record.js';

/** Where invalid frames of one venue are logged. */
export interface InvalidFrameReporterConfig {
  readonly exchange: ExchangeId;
  /** Warned on the first invalid frame and every 1000th; default silent. */
  readonly logger?: Logger;
}

/** Turns one refused frame (the socket, the raw text, the refusal, the receive time) into the `InvalidFrame` the feed emits. */
export type InvalidFrameReport = (connectionId: string, raw: string, error: string, receivedTs: number) => InvalidFrame;

/** Largest part of an invalid frame kept for reporting. */
const MAX_REPORTED_FRAME = 4096;

/** Counts a venue's invalid frames, logs the first and then every 1000th, and builds each one's `InvalidFrame` (raw text cut at 4 KiB). */
export function invalidFrameReporter(config: InvalidFrameReporterConfig): InvalidFrameReport {
  let count = 0;
  return (connectionId, raw, error, receivedTs) => {
    count += 1;
    if (count === 1 || count % 1000 === 0) config.logger?.warn({ exchange: config.exchange, connectionId, error, invalidFrames: count }, 'invalid frame');
    return { type: 'invalid_frame', exchange: config.exchange, connectionId, raw: raw.slice(0, MAX_REPORTED_FRAME), error, receivedTs };
  };
}
