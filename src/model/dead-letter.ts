import type { EpochMillis } from './market-record.js';

/** Where an input failed on its way to Kafka. */
export type DeadLetterStage = 'invalid_frame' | 'encode' | 'produce';

/** Input that could not become a published record; published to `market.dlq.v1` (schemas/dead-letter.avsc). */
export interface DeadLetter {
  readonly type: 'dead_letter';
  readonly stage: DeadLetterStage;
  /** What was wrong. */
  readonly error: string;
  /** The frame text as received, or the failed record as JSON. */
  readonly raw: string;
  readonly exchange?: string;
  readonly connectionId?: string;
  /** The failed record's type; absent for raw frames. */
  readonly recordType?: string;
  /** The topic the failed record was meant for; absent for raw frames. */
  readonly sourceTopic?: string;
  readonly receivedTs?: EpochMillis;
  readonly deadLetteredTs: EpochMillis;
}
