import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordDecoder } from '../sink/record-decoder.js';
import type { ArchiveMessage, TopicPartitionOffset } from './archive-consumer.js';
import { Archiver, newArchiveCounters } from './archiver.js';
import { ScriptedConsumer, archiveDir, removeTempDirs, tradeLog } from './__fixtures__/scripted-group.js';

afterEach(removeTempDirs);

/**
 * A group whose broker goes away for the first `lostUntilMs` of the run: the commits asked meanwhile are
 * never answered (nor made). Each poll is a second of the run's clock; the run stops at `stopAtMs`.
 */
class LosingConsumer extends ScriptedConsumer {
  readonly asked: TopicPartitionOffset[][] = [];

  constructor(
    log: Map<string, ArchiveMessage[]>,
    committed: Map<string, number>,
    private readonly clock: { now: number },
    private readonly run: AbortController,
    private readonly lostUntilMs: number,
    private readonly stopAtMs: number,
  ) {
    // The scripted group's own stop (everything delivered) is not the run's: the run polls on, as a live archiver does.
    super(log, committed, new AbortController());
  }

  override commit(offsets: readonly TopicPartitionOffset[]): void {
    this.asked.push([...offsets]);
    if (this.clock.now < this.lostUntilMs) return;
    super.commit(offsets);
  }

  override async consume(max: number): Promise<readonly ArchiveMessage[]> {
    const out = await super.consume(max);
    this.clock.now += 1_000;
    if (this.clock.now >= this.stopAtMs) this.run.abort();
    return out;
  }
}

async function archive(lostUntilMs: number, stopAtMs: number) {
  const log = tradeLog(30);
  const committed = new Map<string, number>();
  const clock = { now: 0 };
  const run = new AbortController();
  const consumer = new LosingConsumer(log, committed, clock, run, lostUntilMs, stopAtMs);
  const archiver = await Archiver.open(
    {
      dir: archiveDir(),
      topicPrefix: '',
      rollBytes: 1_000_000,
      rollMs: 3_000,
      maxBufferedBytes: 1_000_000,
      decoder: new RecordDecoder(),
      logger: pino({ level: 'silent' }),
      counters: newArchiveCounters(),
      now: () => clock.now,
    },
    consumer,
  );
  consumer.events = archiver;
  await archiver.run(run.signal);
  return { committed, asked: consumer.asked };
}

describe('a commit never answered', () => {
  it('is asked again once the broker’s time to answer has passed, while the run goes on, so each partition is committed to its end', async () => {
    // Every record is read and written in the first seconds, while the broker is away: the last commits are lost.
    const { committed, asked } = await archive(10_000, 40_000);
    expect([...committed]).toEqual([
      ['market.trades.v1/0', 30],
      ['market.trades.v1/1', 30],
    ]);
    // Asked while the broker was away, then once more after it: no more than that.
    expect(asked.flat().filter((o) => o.offset === 30)).toHaveLength(4);
  });

  it('is not asked again when it was answered', async () => {
    const { committed, asked } = await archive(0, 40_000);
    expect([...committed].map(([, offset]) => offset)).toEqual([30, 30]);
    expect(asked.flat().filter((o) => o.offset === 30)).toHaveLength(2);
  });
});
