import { describe, expect, it } from 'vitest';
import { UsageError } from './command.js';
import { parseArchiveArgs } from './archive-command.js';

const env = {};

describe('parseArchiveArgs', () => {
  it('archives every market-feed topic of the prefix by default', () => {
    const options = parseArchiveArgs(['--dir', '/data/market', '--topic-prefix', 'staging.'], env);
    expect(options.dir).toBe('/data/market');
    expect(options.topics).toContain('staging.market.trades.v1');
    expect(options.topics).toContain('staging.market.option-summaries.v1');
    expect(options.topics).toContain('staging.market.dlq.v1');
    expect(options.topics).toContain('staging.strategy.signals.v1');
    expect(options).toMatchObject({ groupId: 'market-feed-archive', rollBytes: 32 * 1024 * 1024, rollMs: 600_000, sessionTimeoutMs: 30_000 });
  });

  it('takes record types, rolls and the membership', () => {
    const options = parseArchiveArgs(
      [
        '--dir',
        'a',
        '--types',
        'trade,kline',
        '--roll-mb',
        '0.5',
        '--roll-seconds',
        '30',
        '--instance-id',
        'a-1',
        '--session-timeout-seconds',
        '10',
        '--brokers',
        'k1:9092,k2:9092',
      ],
      env,
    );
    expect(options.topics).toEqual(['market.trades.v1', 'market.klines.v1']);
    expect(options).toMatchObject({ rollBytes: 524_288, rollMs: 30_000, instanceId: 'a-1', sessionTimeoutMs: 10_000, brokers: ['k1:9092', 'k2:9092'] });
  });

  it.each([
    [[], '--dir'],
    [['--dir', 'a', '--types', 'trades'], '--types'],
    [['--dir', 'a', '--types', 'trade', '--topic', 'x'], '--topic'],
    [['--dir', 'a', '--roll-mb', '0'], '--roll-mb'],
    [['--dir', 'a', '--roll-seconds', 'soon'], '--roll-seconds'],
    [['--dir', 'a', '--roll-mb', '300'], '--max-buffered-mb'],
    [['--dir', 'a', '--session-timeout-seconds', '3'], '--session-timeout-seconds'],
    [['--dir', 'a', '--instance-id', ' '], '--instance-id'],
    [['--dir', 'a', '--group', ''], '--group'],
    [['--dir', 'a', '--metrics-port', '70000'], '--metrics-port'],
  ])('refuses %j naming %s', (argv, flag) => {
    let thrown: unknown;
    try {
      parseArchiveArgs(argv, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).key).toBe(flag);
  });
});
