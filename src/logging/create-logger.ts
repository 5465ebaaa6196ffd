import { pino, type DestinationStream, type Logger } from 'pino';

export interface LoggerConfig {
  /** pino level: `trace` .. `fatal`, or `silent`. Default `info`. */
  readonly level?: string;
  /** Human-readable output (pino-pretty) instead of JSON lines. Default false. */
  readonly pretty?: boolean;
}

/** Paths never written to logs. */
export const REDACTED_PATHS = ['*.password', '*.sasl.password', '*.sasl', '*.apiKey', '*.secret', 'config.kafka.sasl', 'config.kafka.ssl.key'];

/** The root logger; components take `logger.child({ component, venue })`. */
export function createLogger(config: LoggerConfig = {}, destination?: DestinationStream): Logger {
  const options = {
    level: config.level ?? 'info',
    base: { app: 'market-feed' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (config.pretty === true && destination === undefined) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2 } } });
  }
  return destination === undefined ? pino(options, pino.destination(2)) : pino(options, destination);
}
