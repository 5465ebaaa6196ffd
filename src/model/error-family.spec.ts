import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/command.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { RecordEncodeError } from '../sink/avro-codec.js';
import { RecordDecoder, UndecodableValueError } from '../sink/record-decoder.js';
import { FeedError, isRetriable } from './feed-error.js';

describe('the errors of configuration, usage and encoding', () => {
  it('a bad setting is a non-retriable FeedError whose info names the key, the source and what is allowed', () => {
    let caught: unknown;
    try {
      loadConfig({ env: { MARKET_FEED_STALE_AFTER_MS: 'soon' }, flags: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toBeInstanceOf(FeedError);
    expect(isRetriable(caught)).toBe(false);
    expect((caught as ConfigError).info).toEqual({
      key: 'feed.staleAfterMs',
      source: 'MARKET_FEED_STALE_AFTER_MS',
      allowed: 'a whole number from 100 to 3600000',
    });
    expect((caught as ConfigError).name).toBe('ConfigError');
  });

  it('a usage error keeps its cause', () => {
    const cause = new TypeError('Unknown option --colour');
    const error = new UsageError('--colour', 'unknown option', { cause });
    expect(error).toBeInstanceOf(FeedError);
    expect(error.retriable).toBe(false);
    expect(error.info).toEqual({ key: '--colour' });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('--colour: unknown option');
  });

  it('a record that does not fit its schema is a non-retriable FeedError naming the record type and fields', () => {
    const error = new RecordEncodeError('trade', ['price', 'side']);
    expect(error).toBeInstanceOf(FeedError);
    expect(isRetriable(error)).toBe(false);
    expect(error.info).toEqual({ recordType: 'trade', paths: ['price', 'side'] });
  });

  it('a value in neither encoding is a non-retriable FeedError', async () => {
    const decoder = new RecordDecoder();
    const failure = await decoder.decode(Buffer.from('not avro')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UndecodableValueError);
    expect(failure).toBeInstanceOf(FeedError);
    expect(isRetriable(failure)).toBe(false);
  });
});
