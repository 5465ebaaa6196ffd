import Module from 'node:module';
import { NATIVE_KAFKA_PACKAGE } from '../../src/kafka/native-kafka.js';

/**
 * Preloaded (`node --import tsx --import test/support/without-native-kafka.ts ...`): the process
 * resolves the optional package `@confluentinc/kafka-javascript` as if it were not installed
 * (`MODULE_NOT_FOUND`, Node's own error), while it stays installed for every other process.
 */
const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = resolver._resolveFilename.bind(resolver);
resolver._resolveFilename = (request, ...rest) => {
  if (request === NATIVE_KAFKA_PACKAGE || request.startsWith(`${NATIVE_KAFKA_PACKAGE}/`)) {
    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  }
  return resolve(request, ...rest);
};
