import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ArchiveConsumerEvents } from '../archive/archive-consumer.js';
import { UsageError } from './command.js';
import { GROUP_MEMBER_FLAGS, groupMemberOf, groupMemberUsage, memberConsumerConfig, memberEvents } from './group-member-options.js';

/** The member's options from argv as a command parses them. */
function parse(argv: readonly string[], env: Readonly<Record<string, string>> = {}): ReturnType<typeof groupMemberOf> {
  const { values } = parseArgs({ args: [...argv], options: GROUP_MEMBER_FLAGS, strict: true, allowPositionals: false });
  return groupMemberOf(values, env, 'market-feed-test');
}

/** The flag a parse refuses. */
function refused(argv: readonly string[]): string {
  try {
    parse(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.info.key;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was taken`);
}

describe('groupMemberOf', () => {
  it('reads every type of the prefix from the local broker as the default group, a dynamic member with a 30 s session', () => {
    const options = parse([], { KAFKA_TOPIC_PREFIX: 'prod.' });
    expect(options.topics).toContain('prod.market.trades.v1');
    expect(options.topics).toContain('prod.market.dlq.v1');
    expect(options.topics).toContain('prod.strategy.signals.v1');
    expect(options).toEqual({
      topics: options.topics,
      topicPrefix: 'prod.',
      groupId: 'market-feed-test',
      brokers: ['127.0.0.1:9092'],
      sessionTimeoutMs: 30_000,
    });
  });

  it('takes types, group, brokers, instance id and session from the flags, and the registry from the environment', () => {
    const options = parse(
      [
        '--types',
        'trade, kline',
        '--topic-prefix',
        's.',
        '--group',
        'g',
        '--brokers',
        'k1:9092, ,k2:9092',
        '--instance-id',
        'i-1',
        '--session-timeout-seconds',
        '45',
      ],
      { KAFKA_TOPIC_PREFIX: 'ignored.', KAFKA_BROKERS: 'ignored:1', SCHEMA_REGISTRY_URL: 'http://registry:8081' },
    );
    expect(options).toEqual({
      topics: ['s.market.trades.v1', 's.market.klines.v1'],
      topicPrefix: 's.',
      groupId: 'g',
      brokers: ['k1:9092', 'k2:9092'],
      registryUrl: 'http://registry:8081',
      sessionTimeoutMs: 45_000,
      instanceId: 'i-1',
    });
    expect(parse(['--topic', 'a', '--topic', 'b'], { KAFKA_BROKERS: 'k3:9092', SCHEMA_REGISTRY_URL: '' })).toEqual({
      topics: ['a', 'b'],
      topicPrefix: '',
      groupId: 'market-feed-test',
      brokers: ['k3:9092'],
      sessionTimeoutMs: 30_000,
    });
  });

  it('names the flag of a bad value', () => {
    expect(refused(['--types', 'trade,nope'])).toBe('--types');
    expect(refused(['--topic', 'a', '--types', 'trade'])).toBe('--topic');
    expect(refused(['--group', ' '])).toBe('--group');
    expect(refused(['--brokers', ' , '])).toBe('--brokers');
    expect(refused(['--instance-id', ''])).toBe('--instance-id');
    expect(refused(['--session-timeout-seconds', '5'])).toBe('--session-timeout-seconds');
    expect(refused(['--session-timeout-seconds', '301'])).toBe('--session-timeout-seconds');
    expect(refused(['--session-timeout-seconds', 'x'])).toBe('--session-timeout-seconds');
  });
});

describe('groupMemberUsage', () => {
  it('says what the command does with a topic and its default group', () => {
    const usage = groupMemberUsage('load', 'market-feed-loader');
    expect(usage).toContain('record types to load (trade, ');
    expect(usage).toContain('a topic to load instead');
    expect(usage).toContain('the consumer group (default market-feed-loader)');
    expect(usage).toContain('(default 30)');
  });
});

describe('memberConsumerConfig', () => {
  it('names the client and the consumer by the role, a static member only with an instance id', () => {
    const logger = pino({ level: 'silent' });
    const member = parse(['--types', 'trade', '--brokers', 'k:1', '--instance-id', 'i-2']);
    expect(memberConsumerConfig(member, { role: 'loader', logger, maxPollIntervalMs: 1234 })).toEqual({
      connection: { brokers: ['k:1'], clientId: 'market-feed-loader' },
      groupId: 'market-feed-test',
      topics: ['market.trades.v1'],
      logger,
      sessionTimeoutMs: 30_000,
      maxPollIntervalMs: 1234,
      role: 'loader',
      instanceId: 'i-2',
    });
    expect(memberConsumerConfig(parse([]), { role: 'loader', logger, maxPollIntervalMs: 1 })).not.toHaveProperty('instanceId');
  });
});

describe('memberEvents', () => {
  it('drops what the group says before there is a target, and passes everything on once there is one', async () => {
    const heard: string[] = [];
    const target: ArchiveConsumerEvents = {
      assigned: (partitions) => void heard.push(`assigned ${partitions.length}`),
      revoked: (partitions, lost) => {
        heard.push(`revoked ${partitions.length} ${String(lost)}`);
        return Promise.resolve();
      },
      committed: (results) => void heard.push(`committed ${results.length}`),
      fatal: (reason) => void heard.push(`fatal ${reason}`),
    };
    const to: { target?: ArchiveConsumerEvents } = {};
    const events = memberEvents(() => to.target);
    const partitions = [{ topic: 't', partition: 0 }];
    events.assigned(partitions);
    to.target = target;
    events.assigned(partitions);
    await events.revoked(partitions, true);
    events.committed([{ topic: 't', partition: 0, offset: 5 }]);
    events.fatal('fenced');
    expect(heard).toEqual(['assigned 1', 'revoked 1 true', 'committed 1', 'fatal fenced']);
  });
});
