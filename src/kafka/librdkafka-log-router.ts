import type { Logger } from 'pino';
import { UNREACHABLE_MESSAGES } from './librdkafka-errors.js';

/** The pino levels librdkafka's logs and errors are written at. */
export type LibrdkafkaLogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug';

/**
 * Conditions that pass by themselves while a cluster, a group coordinator or a topic is still being
 * set up (a fresh broker, a topic created a moment ago): librdkafka retries them, so they are not
 * worth more than a debug line.
 */
const STARTING_UP = [
  /coordinator (is )?not available/i,
  /coordinator load in progress/i,
  /not coordinator/i,
  /leader not available/i,
  /not leader/i,
  /unknown topic/i,
  /unknown partition/i,
];

/**
 * A static member fenced out of its group: fatal to librdkafka's consumer, not to the member, which
 * judges the fence and says what follows (`StaticMemberFences`: joins again, or stops as an error).
 */
const FENCED = /fenced by other consumer with same group\.instance\.id/i;

/** An identical error event is written again only after this long, ms (librdkafka repeats them many times a second). */
const REPEAT_AFTER_MS = 30_000;

/** Whether a librdkafka error message is one of the conditions that pass while a cluster or topic is being set up. */
export function startingUp(message: string): boolean {
  return STARTING_UP.some((pattern) => pattern.test(message));
}

/**
 * The pino level of a librdkafka log line of syslog `severity` (0 emergency .. 7 debug) or, with no
 * severity, of an error event: emergency to critical fatal, error, warning, notice and info info,
 * debug debug; except that start-up conditions librdkafka retries are debug, and an unreachable
 * broker or a static member's fence at most a warning.
 */
export function librdkafkaLogLevel(message: string, severity = 3): LibrdkafkaLogLevel {
  const level: LibrdkafkaLogLevel = severity <= 2 ? 'fatal' : severity === 3 ? 'error' : severity === 4 ? 'warn' : severity <= 6 ? 'info' : 'debug';
  if (level !== 'fatal' && level !== 'error' && level !== 'warn') return level;
  if (startingUp(message)) return 'debug';
  // A broker that cannot be reached right now: librdkafka keeps reconnecting; a warning, not an error.
  if (UNREACHABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'warn';
  if (FENCED.test(message)) return 'warn';
  return level;
}

/** The events of a librdkafka client this router listens to. */
export interface LibrdkafkaEvents {
  on(event: 'event.log', listener: (log: unknown) => void): unknown;
  on(event: 'event.error', listener: (error: unknown) => void): unknown;
}

/**
 * Writes a librdkafka client's log lines (`event.log`) and error events (`event.error`) to pino as
 * `component: librdkafka`, at the levels of `librdkafkaLogLevel`. An error event identical to the
 * last one is left out for `REPEAT_AFTER_MS` (with every broker down librdkafka repeats it several
 * times a second).
 */
export function routeLibrdkafkaLogs(client: LibrdkafkaEvents, logger: Logger): void {
  const log = logger.child({ component: 'librdkafka' });
  let lastError: { readonly message: string; readonly at: number } | undefined;
  client.on('event.log', (event) => {
    const { severity, fac, message } = fieldsOf(event);
    log[librdkafkaLogLevel(message, severity)]({ facility: fac }, message);
  });
  client.on('event.error', (error) => {
    const { message } = fieldsOf(error);
    const now = Date.now();
    if (lastError !== undefined && lastError.message === message && now - lastError.at < REPEAT_AFTER_MS) return;
    lastError = { message, at: now };
    log[librdkafkaLogLevel(message)]({ source: 'error event' }, message);
  });
}

function fieldsOf(event: unknown): { readonly severity: number; readonly fac: string; readonly message: string } {
  const fields = typeof event === 'object' && event !== null ? (event as { severity?: unknown; fac?: unknown; message?: unknown }) : {};
  return {
    severity: typeof fields.severity === 'number' ? fields.severity : 3,
    fac: typeof fields.fac === 'string' ? fields.fac : '',
    message: typeof fields.message === 'string' ? fields.message : String(event),
  };
}
