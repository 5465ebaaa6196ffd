import type { ProduceFailure, ProducerRecord } from './producer-port.js';

/** librdkafka error codes (`RdKafka.CODES.ERRORS`) that concern a record itself: retrying cannot help. */
const RECORD_REFUSED_CODES = new Set([
  2, // ERR_CORRUPT_MESSAGE
  10, // ERR_MSG_SIZE_TOO_LARGE
  18, // ERR_RECORD_LIST_TOO_LARGE
  32, // ERR_INVALID_TIMESTAMP
  87, // ERR_INVALID_RECORD
  -186, // ERR__MSG_SIZE_TOO_LARGE (refused by the client before sending)
]);

/** librdkafka's codes for a broker that cannot be reached: told to `onTrouble` listeners. */
export const TROUBLE_CODES = new Set([-195 /* ERR__TRANSPORT */, -187 /* ERR__ALL_BROKERS_DOWN */, -185 /* ERR__TIMED_OUT */, -192 /* ERR__MSG_TIMED_OUT */]);

/** What librdkafka's messages say of a broker that cannot be reached right now (it keeps reconnecting). */
export const UNREACHABLE_MESSAGES: readonly RegExp[] = [
  /transport failure/i,
  /all broker connections are down/i,
  /connection refused/i,
  /connect to .* failed/i,
  /failed to resolve/i,
  /timed out/i,
];

/**
 * Whether an error says the brokers cannot be reached. The package's `event.error` carries code -1
 * and only the message for these (seen: "broker transport failure", "all broker connections are
 * down"), so the message counts as much as the code.
 */
export function isBrokerTrouble(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && TROUBLE_CODES.has(code)) return true;
  const message = messageOf(error);
  return UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** librdkafka's `ERR__FATAL`: the idempotent producer cannot go on; a new instance is needed. */
export const FATAL_CODE = -150;

/** `flush()` answers `ERR__TIMED_OUT` while records are still queued or in flight: it is called again. */
export const FLUSH_TIMED_OUT_CODE = -185;

/** Whether a librdkafka error concerns the record itself (retrying cannot help) or may pass. */
export function classify(error: unknown): ProduceFailure {
  const code = codeOf(error);
  return code !== undefined && RECORD_REFUSED_CODES.has(code) ? 'record_refused' : 'retriable';
}

/** The error a failed request rejects with: a record refused for good when there is one (the loop then goes one by one). */
export function firstRefused(errors: readonly unknown[]): unknown {
  return errors.find((error) => classify(error) === 'record_refused') ?? errors[0];
}

/**
 * The records of a failed request that the broker acknowledged: those handed over whose topic and
 * value match no failed record's report. When a report cannot be matched (no value), none: sending
 * a record twice is better than losing it.
 */
export function acknowledgedOf(
  handed: readonly ProducerRecord[],
  failures: readonly { readonly report: { readonly topic?: string; readonly value?: Buffer | null } }[],
): readonly ProducerRecord[] {
  const failed = new Set<string>();
  for (const { report } of failures) {
    if (report.topic === undefined || report.value === undefined || report.value === null) return [];
    failed.add(`${report.topic}\u0000${report.value.toString('base64')}`);
  }
  return handed.filter((record) => !failed.has(`${record.topic}\u0000${record.value.toString('base64')}`));
}

export function codeOf(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

/** librdkafka's fatal errors (`ERR__FATAL`, -150, or flagged `isFatal`): the client cannot go on (a static member fenced by another). */
export function isFatal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  return (error as { isFatal?: unknown }).isFatal === true || codeOf(error) === -150;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}

/** The error itself when it is one; otherwise an `Error` with its message and librdkafka code. */
export function withCode(error: unknown): Error {
  if (error instanceof Error) return error;
  const code = codeOf(error);
  return code === undefined ? new Error(messageOf(error)) : Object.assign(new Error(messageOf(error)), { code });
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(messageOf(error));
}
