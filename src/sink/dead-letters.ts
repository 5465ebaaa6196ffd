import type { DeadLetter } from '../model/dead-letter.js';
import type { FeedRecord, InvalidFrame } from '../model/index.js';
import type { EncodedMessage } from './record-encoder.js';

/** The dead letter of a frame that failed validation: the frame as received and what was wrong with it. */
export function invalidFrameDeadLetter(frame: InvalidFrame, deadLetteredTs: number): DeadLetter {
  return { ...frame, type: 'dead_letter', stage: 'invalid_frame', deadLetteredTs };
}

/** The dead letter of a record the encoder refused: the record as JSON, where it came from, what was wrong. */
export function encodeDeadLetter(record: FeedRecord, error: unknown, sourceTopic: string | undefined, deadLetteredTs: number): DeadLetter {
  return {
    type: 'dead_letter',
    stage: 'encode',
    error: messageOf(error),
    raw: JSON.stringify(record),
    exchange: record.exchange,
    recordType: record.type,
    ...('connectionId' in record && record.connectionId !== undefined ? { connectionId: record.connectionId } : {}),
    ...('receivedTs' in record ? { receivedTs: record.receivedTs } : {}),
    ...(sourceTopic === undefined ? {} : { sourceTopic }),
    deadLetteredTs,
  };
}

/** The dead letter of an encoded message Kafka refused: its key and value (base64), and its topic. */
export function producedDeadLetter(message: EncodedMessage, error: unknown, deadLetteredTs: number): DeadLetter {
  return {
    type: 'dead_letter',
    stage: 'produce',
    error: messageOf(error),
    raw: JSON.stringify({ key: message.key, valueBase64: message.value.toString('base64') }),
    sourceTopic: message.topic,
    deadLetteredTs,
  };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
