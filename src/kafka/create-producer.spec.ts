import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import { kafkaClientOf } from './create-producer.js';

/** A logger whose lines are kept, parsed, in `lines`. */
function capturingLogger(): { readonly logger: ReturnType<typeof createLogger>; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ level: 'info' }, destination), lines };
}

const cannotLoad = (): boolean => false;

describe('kafkaClientOf', () => {
  it('keeps librdkafka left at the default where its package loads, without a warning', () => {
    const { logger, lines } = capturingLogger();
    expect(kafkaClientOf(loadConfig({ env: {}, flags: {} }), logger, () => true)).toBe('librdkafka');
    expect(lines).toEqual([]);
  });

  it('falls back to kafkajs with one warning naming kafka.client when the default librdkafka cannot be loaded', () => {
    const { logger, lines } = capturingLogger();
    expect(kafkaClientOf(loadConfig({ env: {}, flags: {} }), logger, cannotLoad)).toBe('kafkajs');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, key: 'kafka.client', using: 'kafkajs' });
    expect(String(lines[0]?.['msg'])).toContain('kafka.client');
  });

  it('keeps an explicit --kafka-client librdkafka that cannot be loaded (connect() then fails saying how to install it)', () => {
    const { logger, lines } = capturingLogger();
    expect(kafkaClientOf(loadConfig({ env: {}, flags: { 'kafka-client': 'librdkafka' } }), logger, cannotLoad)).toBe('librdkafka');
    expect(kafkaClientOf(loadConfig({ env: { KAFKA_CLIENT: 'librdkafka' }, flags: {} }), logger, cannotLoad)).toBe('librdkafka');
    expect(lines).toEqual([]);
  });

  it('keeps an explicit kafkajs without asking whether librdkafka loads', () => {
    const { logger } = capturingLogger();
    expect(
      kafkaClientOf(loadConfig({ env: {}, flags: { 'kafka-client': 'kafkajs' } }), logger, () => {
        throw new Error('not asked');
      }),
    ).toBe('kafkajs');
  });
});
