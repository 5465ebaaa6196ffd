import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncPath, writeJournal, type JournalSegment } from './archive-journal.js';
import { segmentFileName, tmpDir, type SegmentId } from './archive-layout.js';
import type { PartitionSegment } from './partition-segment.js';

/** Files left in the temporary folder by a run that died are removed when older than this, ms. */
const STALE_TMP_MS = 3_600_000;

/**
 * Makes a segment visible, in this order: each folder's file written to the temporary folder and
 * fsynced; the journal (the segments `earlier` not known committed, and this one) written; each file
 * renamed into its folder under the segment's name; the folders fsynced. `stillMember` is asked
 * before the journal and before each rename, and throws when this member may no longer write.
 * Resolves to the journal now on disk, the files and their bytes.
 */
export async function writeSegment(
  archiveDir: string,
  id: SegmentId,
  segment: PartitionSegment,
  earlier: readonly JournalSegment[],
  stillMember: () => void,
): Promise<{ readonly journal: JournalSegment[]; readonly paths: readonly string[]; readonly bytes: number }> {
  const name = segmentFileName(id);
  const written: { readonly tmp: string; readonly file: string }[] = [];
  for (const [folder, table] of segment.tables()) {
    // Not `*.parquet`: a glob over the archive never matches a file being written.
    const tmp = join(tmpDir(archiveDir), `${randomUUID()}.parquet.tmp`);
    await table.writeParquet(tmp);
    await syncPath(tmp);
    written.push({ tmp, file: join(folder, name) });
  }
  const journal = [...earlier, { first: id.first, last: id.last, files: written.map((w) => w.file) }];
  stillMember();
  await writeJournal(archiveDir, id.topic, id.partition, journal);
  const folders = new Set<string>();
  let bytes = 0;
  for (const { tmp, file } of written) {
    stillMember();
    const target = join(archiveDir, file);
    await mkdir(dirname(target), { recursive: true });
    bytes += (await stat(tmp)).size;
    await rename(tmp, target);
    folders.add(dirname(target));
  }
  // Each new folder's entry too, up to the archive: a day's first folder outlives a power cut with its files.
  const synced = new Set<string>();
  for (const folder of folders) {
    for (let dir = folder; dir.length >= archiveDir.length && !synced.has(dir); dir = dirname(dir)) {
      synced.add(dir);
      await syncPath(dir);
    }
  }
  return { journal, paths: written.map((w) => w.file), bytes };
}

/** Removes files of the archive (relative paths) that are no longer its; one already gone is no error. */
export async function removeFiles(archiveDir: string, files: readonly string[]): Promise<void> {
  for (const file of files) await unlink(join(archiveDir, file)).catch(ignoreGone);
}

function ignoreGone(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

/** Removes what runs that died left in the temporary folder (files older than an hour: another instance may be writing the newer ones). */
export async function removeStaleTmp(archiveDir: string, now: number): Promise<void> {
  const dir = tmpDir(archiveDir);
  await mkdir(dir, { recursive: true });
  // Another instance may rename or remove a file of its own meanwhile: one gone is no error.
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await stat(path).catch(ignoreGone);
    if (info !== undefined && now - info.mtimeMs > STALE_TMP_MS) await unlink(path).catch(ignoreGone);
  }
}
