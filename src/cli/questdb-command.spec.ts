import { describe, expect, it } from 'vitest';
import { UsageError } from './command.js';
import { parseQuestdbArgs } from './questdb-command.js';

/** The error a parse throws, for its key and message. */
function refusal(argv: readonly string[], env: Readonly<Record<string, string>> = {}): UsageError {
  try {
    parseQuestdbArgs(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was taken`);
}

describe('parseQuestdbArgs', () => {
  it('writes every market-feed topic of the prefix to a local QuestDB by default, flushing only when asked', () => {
    const options = parseQuestdbArgs(['--topic-prefix', 'staging.'], {});
    expect(options.topics).toContain('staging.market.trades.v1');
    expect(options.topics).toContain('staging.market.dlq.v1');
    expect(options.topics).toContain('staging.strategy.signals.v1');
    expect(options.endpoint).toEqual({ ilpConf: 'http::addr=127.0.0.1:9000;auto_flush=off;', httpUrl: 'http://127.0.0.1:9000' });
    expect(options).toMatchObject({ groupId: 'market-feed-questdb', sessionTimeoutMs: 30_000, brokers: ['127.0.0.1:9092'], commitIntervalMs: 0 });
  });

  it('takes the QuestDB configuration string from the flag, else QUESTDB_URL, with its credentials for SQL too', () => {
    const flag = parseQuestdbArgs(['--questdb-url', 'https::addr=db.internal:9443;username=ingest;password=s3cret', '--types', 'trade'], {});
    expect(flag.endpoint).toEqual({
      ilpConf: 'https::addr=db.internal:9443;username=ingest;password=s3cret;auto_flush=off;',
      httpUrl: 'https://db.internal:9443',
      authorization: `Basic ${Buffer.from('ingest:s3cret').toString('base64')}`,
    });
    expect(flag.topics).toEqual(['market.trades.v1']);
    expect(parseQuestdbArgs([], { QUESTDB_URL: 'http::addr=qdb;token=abc;' }).endpoint).toEqual({
      ilpConf: 'http::addr=qdb;token=abc;auto_flush=off;',
      httpUrl: 'http://qdb:9000',
      authorization: 'Bearer abc',
    });
  });

  it('refuses a configuration that is not ILP over HTTP, naming --questdb-url', () => {
    for (const [conf, why] of [
      ['tcp::addr=127.0.0.1:9009;', /'tcp' is not taken: ILP over HTTP/],
      ['127.0.0.1:9000', /expected an ILP configuration string/],
      ['http::username=u;', /addr=host:port is required/],
      ['http::addr=h:9000;auto_flush=on;', /auto_flush must be off/],
      ['http::addr=h:9000;oops', /'oops' is not key=value/],
    ] as const) {
      const error = refusal(['--questdb-url', conf]);
      expect(error.key).toBe('--questdb-url');
      expect(error.message).toMatch(why);
    }
  });

  it('names the flag of any other bad value', () => {
    expect(refusal(['--types', 'trade,nope']).key).toBe('--types');
    expect(refusal(['--group', ' ']).key).toBe('--group');
    expect(refusal(['--session-timeout-seconds', '2']).key).toBe('--session-timeout-seconds');
    expect(refusal(['--topic', 'a', '--types', 'trade']).key).toBe('--topic');
    expect(refusal(['--commit-interval-seconds=-1']).key).toBe('--commit-interval-seconds');
    expect(parseQuestdbArgs(['--commit-interval-seconds', '2.5'], {}).commitIntervalMs).toBe(2500);
  });
});
