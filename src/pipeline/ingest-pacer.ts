import type { IngestGate } from '../exchanges/ingest-gate.js';

/** When the venues' sockets are paused, in records held in the sink's memory. */
export interface IngestPacerConfig {
  /** Pause at this many records in memory or more (0: never pause). */
  readonly pauseAt: number;
  /** Resume at this many or fewer. */
  readonly resumeAt: number;
  /**
   * Pausing only helps while Kafka acknowledges: with no acknowledgement for this long, reading
   * resumes (and does not pause again until one arrives), so records spool. Default 2,000 ms.
   */
  readonly stalledAfterMs?: number;
}

/**
 * Pause at `pauseAt` (default 10 batches waiting, bounded by half the memory buffer), resume at one
 * batch or half of `pauseAt`, whichever is less.
 */
export function defaultIngestPacing(batchMaxRecords: number, bufferMaxRecords: number, pauseAt?: number): IngestPacerConfig {
  const at = pauseAt ?? Math.max(1, Math.min(10 * batchMaxRecords, Math.floor(bufferMaxRecords / 2)));
  return { pauseAt: at, resumeAt: Math.min(batchMaxRecords, Math.floor(at / 2)) };
}

/**
 * Paces reading from the venues by what the sink still has to send. Overloaded, the event loop
 * would spend itself on reading and decoding frames while the producer starves, so delivery would
 * fall below what the process can send (congestion collapse). Instead, while the sink's memory
 * holds `pauseAt` records or more and Kafka is reachable and acknowledging, the sockets are not read
 * (frames wait in TCP buffers, nothing is lost) until the sink is down to `resumeAt`. While Kafka is
 * unreachable, or has acknowledged nothing for `stalledAfterMs` (a broker that vanished without an
 * error yet), it never pauses: records then go to the spool, as designed for outages.
 */
export class IngestPacer {
  private pausedSince: number | undefined;
  private lastAckAt: number;
  /** Pause periods so far, and their total length in ms (ended ones). */
  pauses = 0;
  pausedMs = 0;

  constructor(
    private readonly gate: IngestGate,
    private readonly config: IngestPacerConfig,
    private readonly clock: () => number = Date.now,
  ) {
    this.lastAckAt = clock();
  }

  /** Kafka acknowledged records just now. */
  acked(): void {
    this.lastAckAt = this.clock();
  }

  /** Re-decides from the records in the sink's memory and whether Kafka is reachable. */
  update(buffered: number, reachable: boolean): void {
    if (this.config.pauseAt <= 0) return;
    const draining = reachable && this.clock() - this.lastAckAt < (this.config.stalledAfterMs ?? 2_000);
    if (this.gate.isPaused) {
      if (draining && buffered > this.config.resumeAt) return;
      this.gate.set(false);
      this.pausedMs += this.clock() - (this.pausedSince ?? this.clock());
      this.pausedSince = undefined;
    } else if (draining && buffered >= this.config.pauseAt) {
      this.gate.set(true);
      this.pauses += 1;
      this.pausedSince = this.clock();
    }
  }
}
