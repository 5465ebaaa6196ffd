import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchiveConsumer, ArchiveMessage, TopicPartitionOffset } from '../archive/archive-consumer.js';
import { tmpDir } from '../archive/archive-layout.js';
import { Archiver } from '../archive/archiver.js';
import { ParquetStage } from '../archive/parquet-stage.js';
import {
  TOPIC,
  ScriptedConsumer,
  archiveDir,
  everyOffset,
  offsetsArchived,
  parquetFiles,
  removeTempDirs,
  runOnce,
  tradeLog,
} from '../archive/__fixtures__/scripted-group.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { UsageError } from './command.js';
import { archiveGroupEvents, parseArchiveArgs } from './archive-command.js';

const env = {};

describe('parseArchiveArgs', () => {
  it('archives every market-feed topic of the prefix by default', () => {
    const options = parseArchiveArgs(['--dir', '/data/market', '--topic-prefix', 'staging.'], env);
    expect(options.dir).toBe('/data/market');
    expect(options.topics).toContain('staging.market.trades.v1');
    expect(options.topics).toContain('staging.market.option-summaries.v1');
    for (const topic of ['book-changes', 'interval-book-snapshots', 'quotes', 'trade-bars']) expect(options.topics).toContain(`staging.market.${topic}.v1`);
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

/**
 * A member of the group over the scripted log that stood still past its session: once `lost`, the
 * group no longer has it (its commits are refused) and its reads give nothing (its run ends).
 */
class StalledMember implements ArchiveConsumer {
  lost = false;

  constructor(
    readonly group: ScriptedConsumer,
    private readonly stop: AbortController,
  ) {}

  consume(max: number): Promise<readonly ArchiveMessage[]> {
    if (!this.lost) return this.group.consume(max);
    this.stop.abort();
    return Promise.resolve([]);
  }

  commit(offsets: readonly TopicPartitionOffset[]): void {
    if (!this.lost) this.group.commit(offsets);
    else this.group.events?.committed(offsets.map((offset) => ({ ...offset, error: 'Broker: Unknown member' })));
  }

  resumeOffset(topic: string, partition: number): Promise<{ readonly committed: number | undefined; readonly low: number }> {
    return this.group.resumeOffset(topic, partition);
  }

  seek(topic: string, partition: number, offset: number): Promise<void> {
    return this.group.seek(topic, partition, offset);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  end(): Promise<void> {
    return Promise.resolve();
  }
}

/** Each archived file and its inode: a file renamed into place later has another. */
function filesWithInodes(dir: string): Record<string, number> {
  return Object.fromEntries(parquetFiles(dir).map((file) => [file, statSync(join(dir, file)).ino]));
}

describe("the archive command's group events", () => {
  afterEach(removeTempDirs);

  it('a stalled archiver whose partitions were taken meanwhile renames nothing after the loss: every record once', async () => {
    const dir = archiveDir();
    mkdirSync(tmpDir(dir), { recursive: true });
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    const stop = new AbortController();
    const member = new StalledMember(new ScriptedConsumer(log, committed, stop), stop);
    const to: { archiver?: Archiver } = {};
    const events = archiveGroupEvents(() => to.archiver);
    member.group.events = events;
    let afterTakeover: Record<string, number> | undefined;
    // The stall: a segment's third file is written to the temporary folder, then the process stands still past its
    // session; the group gives both partitions to another member, which archives them to the end. On waking, the
    // consumer's first word is the revoke of an assignment lost (librdkafka's assignmentLost()).
    const stage = await ParquetStage.open();
    const table = stage.table.bind(stage);
    let written = 0;
    stage.table = async (columns) => {
      const staged = await table(columns);
      const writeParquet = staged.writeParquet.bind(staged);
      staged.writeParquet = async (path) => {
        await writeParquet(path);
        if (++written !== 3) return;
        member.lost = true;
        await runOnce(dir, log, committed, { rollBytes: 3000 });
        afterTakeover = filesWithInodes(dir);
        void events.revoked(
          [0, 1].map((partition) => ({ topic: TOPIC, partition })),
          true,
        );
      };
      return staged;
    };
    const archiver = new Archiver(
      {
        dir,
        topicPrefix: '',
        rollBytes: 1200,
        rollMs: 60_000,
        maxBufferedBytes: 1_000_000,
        decoder: new RecordDecoder(),
        logger: pino({ level: 'silent' }),
        now: () => 0,
      },
      stage,
      member,
    );
    to.archiver = archiver;
    await archiver.run(stop.signal);
    expect(afterTakeover).toBeDefined();
    expect(filesWithInodes(dir), 'files renamed into place after the loss').toEqual(afterTakeover);
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });
});
