import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { StaticMemberFences } from '../kafka/static-member-fences.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import { archiveAsMembers, type ArchiveMember } from './archive-member.js';
import type { ArchiveMessage } from './archive-consumer.js';
import { ArchiveFencedError, Archiver, newArchiveCounters, type ArchiveCounters } from './archiver.js';
import { ScriptedConsumer, archiveDir, everyOffset, offsetsArchived, removeTempDirs, runOnce, tradeLog } from './__fixtures__/scripted-group.js';

afterEach(removeTempDirs);

/** Members over one log and one group's commits; the `fenceAt` of each member in turn (Infinity: never fenced). */
function members(
  dir: string,
  log: Map<string, ArchiveMessage[]>,
  committed: Map<string, number>,
  stop: AbortController,
  fenceAt: readonly number[],
  consumers: ScriptedConsumer[] = [],
) {
  let joined = 0;
  return async (counters: ArchiveCounters): Promise<ArchiveMember> => {
    const consumer = new ScriptedConsumer(log, committed, stop, Infinity, fenceAt[joined++] ?? Infinity);
    consumers.push(consumer);
    const archiver = await Archiver.open(
      {
        dir,
        topicPrefix: '',
        rollBytes: 1200,
        rollMs: 60_000,
        maxBufferedBytes: 1_000_000,
        decoder: new RecordDecoder(),
        logger: pino({ level: 'silent' }),
        counters,
      },
      consumer,
    );
    consumer.events = archiver;
    return { consumer, archiver };
  };
}

describe('archiveAsMembers', () => {
  it('after a fence, rejoins as a new member that writes every record once, counting on in the same counters', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    const stop = new AbortController();
    const consumers: ScriptedConsumer[] = [];
    const join = members(dir, log, committed, stop, [3, Infinity], consumers);
    const fences = new StaticMemberFences(60_000, () => 0);
    const first = await join(newArchiveCounters());
    const seen: ArchiveMember[] = [];
    const counters = await archiveAsMembers({ first, join, fences, logger: pino({ level: 'silent' }), joined: (member) => seen.push(member) }, stop.signal);
    expect(fences.rejoins).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.archiver.counters).toBe(first.archiver.counters);
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
    // Both members counted: the second alone read fewer than all 120 records.
    expect(counters.records).toBeGreaterThanOrEqual(120);
    // The fenced member's client was closed before the next joined; the last one's ends with the process.
    expect(consumers.map((consumer) => consumer.closes)).toEqual([['close'], ['end']]);
  });

  it('fenced again within the window of its rejoin, stops with the fence; the next process writes every record once', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    const stop = new AbortController();
    let now = 0;
    const join = members(dir, log, committed, stop, [2, 2, 2]);
    const fences = new StaticMemberFences(60_000, () => (now += 1_000));
    let joins = 0;
    const counting = (counters: ArchiveCounters): Promise<ArchiveMember> => {
      joins++;
      return join(counters);
    };
    await expect(
      archiveAsMembers({ first: await join(newArchiveCounters()), join: counting, fences, logger: pino({ level: 'silent' }) }, stop.signal),
    ).rejects.toThrow(ArchiveFencedError);
    expect(joins).toBe(1);
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });

  it('rejoins again after a fence that comes once the window has passed', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    const stop = new AbortController();
    let now = 0;
    const join = members(dir, log, committed, stop, [2, 2, Infinity]);
    const fences = new StaticMemberFences(60_000, () => (now += 61_000));
    await archiveAsMembers({ first: await join(newArchiveCounters()), join, fences, logger: pino({ level: 'silent' }) }, stop.signal);
    expect(fences.rejoins).toBe(2);
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });
});
