import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalSegment } from './archive-journal.js';
import { journalPath } from './archive-layout.js';
import { ArchiveFencedError } from './archiver.js';
import type { ArchiveMessage } from './archive-consumer.js';
import { FeedError } from '../model/feed-error.js';
import { RecordDecoder } from '../sink/record-decoder.js';
import {
  Crash,
  TOPIC,
  archiveDir,
  everyOffset,
  offsetsArchived,
  parquetFiles,
  removeTempDirs,
  runOnce,
  tradeLog,
  uncommittedSegment,
} from './__fixtures__/scripted-group.js';

afterEach(removeTempDirs);

// A crash at each step of a segment's writing (its files, the journal, the renames, the commit), and a
// restart at another pace (other roll sizes): every record once, the journal's segments under their names.
describe('Archiver across crashes', () => {
  it('after a crash between the renames and the commit, writes the same files again: no second copy, nothing skipped', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    await expect(runOnce(dir, log, committed, { crashAtCommit: 3 })).rejects.toThrow(Crash);
    const before = parquetFiles(dir);
    const journal = JSON.parse(readFileSync(journalPath(dir, TOPIC, 0), 'utf8')) as { segments: { files: string[] }[] };
    const uncommitted = journal.segments.flatMap((segment) => segment.files);
    expect(uncommitted.every((file) => before.includes(file))).toBe(true);
    // The restart would end segments elsewhere (as a run at another pace would): the journal's ends win.
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    const after = parquetFiles(dir);
    expect(uncommitted.every((file) => after.includes(file))).toBe(true);
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });

  it("after a crash halfway through a segment's renames, writes the missing file under the same name", async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    await expect(runOnce(dir, log, committed, { crashAtCommit: 2 })).rejects.toThrow(Crash);
    const [partition, unsure] = uncommittedSegment(dir, committed);
    // As if the crash came before the segment's last rename: that file is not in place.
    rmSync(join(dir, unsure.files.at(-1) as string));
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    expect(parquetFiles(dir)).toEqual(expect.arrayContaining([...unsure.files]));
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
    expect(partition).toBeGreaterThanOrEqual(0);
  });

  it('after a crash before the journal was written, writes the segment afresh', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    await expect(runOnce(dir, log, committed, { crashAtCommit: 2 })).rejects.toThrow(Crash);
    const [partition, unsure] = uncommittedSegment(dir, committed);
    // As if the crash came before the journal: neither its entry nor the renames happened.
    for (const file of unsure.files) rmSync(join(dir, file));
    const path = journalPath(dir, TOPIC, partition);
    const journal = JSON.parse(readFileSync(path, 'utf8')) as { segments: JournalSegment[] };
    writeFileSync(path, JSON.stringify({ ...journal, segments: journal.segments.filter((segment) => segment.first !== unsure.first) }));
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });

  it('fenced out of its group, writes nothing more and stops; the next member writes every record once', async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    let atFence: string[] = [];
    await expect(runOnce(dir, log, committed, { fenceAtCommit: 3, onFence: () => (atFence = parquetFiles(dir)) })).rejects.toThrow(ArchiveFencedError);
    expect(atFence.length).toBeGreaterThan(0);
    expect(parquetFiles(dir)).toEqual(atFence);
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });

  it("after the group's offsets were reset below a crashed run's segments, removes their files and writes the records once", async () => {
    const dir = archiveDir();
    const log = tradeLog(60);
    const committed = new Map<string, number>();
    await expect(runOnce(dir, log, committed, { crashAtCommit: 3 })).rejects.toThrow(Crash);
    // An operator resets the group to the beginning and removes the files of what was committed; the segment the
    // crash left uncommitted stays, and the journal's segments no longer start at the group's offset.
    const [, unsure] = uncommittedSegment(dir, committed);
    committed.clear();
    for (const file of parquetFiles(dir)) if (!unsure.files.includes(file)) rmSync(join(dir, file));
    expect(unsure.first).toBeGreaterThan(0);
    await runOnce(dir, log, committed, { rollBytes: 3000 });
    expect(await offsetsArchived(dir)).toEqual(everyOffset(60));
  });

  it('stopped while a record waits for the schema registry, commits nothing past it; the next run writes it', async () => {
    const dir = archiveDir();
    const log = tradeLog(20);
    const committed = new Map<string, number>();
    const stuck = (log.get(`${TOPIC}/0`) as ArchiveMessage[])[2]?.value as Buffer;
    const stop = new AbortController();
    const real = new RecordDecoder();
    // The registry is out of reach for offset 2 of partition 0, and SIGTERM comes meanwhile.
    const decoder = {
      decodeTyped: (value: Buffer): ReturnType<RecordDecoder['decodeTyped']> => {
        if (!value.equals(stuck)) return real.decodeTyped(value);
        stop.abort();
        return Promise.reject(new FeedError('the schema registry cannot be reached', true, {}));
      },
    };
    await runOnce(dir, log, committed, { decoder, stop });
    expect(committed.get(`${TOPIC}/0`)).toBe(2);
    expect((await offsetsArchived(dir)).filter((offset) => offset.startsWith('0/'))).toEqual(['0/0', '0/1']);
    await runOnce(dir, log, committed);
    expect(await offsetsArchived(dir)).toEqual(everyOffset(20));
  });
});
