import { createRequire } from 'node:module';
import { FeedError } from '../model/feed-error.js';
import { messageOf } from './librdkafka-errors.js';

/** The optional package that binds librdkafka; `CKJS_LINKING=dynamic npm ci` builds it here. */
export const NATIVE_KAFKA_PACKAGE = '@confluentinc/kafka-javascript';

/** How to get the optional package, for the messages that say it is missing. */
export const NATIVE_KAFKA_INSTALL = '`CKJS_LINKING=dynamic npm ci` (builds librdkafka against the system OpenSSL and zlib)';

/** The optional package could not be loaded here (not installed, or its native librdkafka did not build). */
export class LibrdkafkaUnavailableError extends FeedError {
  constructor(cause: unknown) {
    super(`the optional package ${NATIVE_KAFKA_PACKAGE} cannot be loaded: ${messageOf(cause)}`, false, {}, { cause });
  }
}

/**
 * The optional package's exports, loaded once (later calls find it in the module cache). Each user
 * names the classes it needs in `required`, and gets them typed as its own view of the binding.
 * Throws `LibrdkafkaUnavailableError` when the package, its native library or one of `required` is missing.
 */
export function loadNativeKafka<Binding>(required: readonly string[]): Binding {
  try {
    const binding = createRequire(import.meta.url)(NATIVE_KAFKA_PACKAGE) as Record<string, unknown>;
    const missing = required.filter((name) => binding[name] === undefined);
    if (missing.length > 0) throw new Error(`the package has no ${missing.join(', ')}`);
    return binding as Binding;
  } catch (cause) {
    throw new LibrdkafkaUnavailableError(cause);
  }
}

/** Whether the optional package and its native librdkafka can be loaded here. */
export function nativeKafkaLoads(): boolean {
  try {
    loadNativeKafka(['Producer', 'KafkaConsumer', 'AdminClient']);
    return true;
  } catch {
    return false;
  }
}
