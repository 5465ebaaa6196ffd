import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { journalPath } from './archive-layout.js';

/** A segment of one partition made visible (or about to be) whose offsets may not be committed yet. */
export interface JournalSegment {
  readonly first: number;
  readonly last: number;
  /** Its files, relative to the archive. */
  readonly files: readonly string[];
}

/**
 * The journal of a partition: written (atomically) before a segment's files are renamed into
 * place, it names every segment whose commit is not known to have landed. After a crash, the
 * partition's next owner reads it and ends its segments where these ended, so the files it writes
 * have the same names and replace the ones already there: no second copy, nothing skipped.
 */
export async function readJournal(archiveDir: string, topic: string, partition: number): Promise<readonly JournalSegment[]> {
  let text: string;
  try {
    text = await readFile(journalPath(archiveDir, topic, partition), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = JSON.parse(text) as { readonly segments?: unknown };
  if (!Array.isArray(parsed.segments)) throw new Error(`${journalPath(archiveDir, topic, partition)}: no segments list`);
  return (parsed.segments as JournalSegment[]).filter((segment) => Number.isSafeInteger(segment.first) && Number.isSafeInteger(segment.last));
}

export async function writeJournal(archiveDir: string, topic: string, partition: number, segments: readonly JournalSegment[]): Promise<void> {
  const path = journalPath(archiveDir, topic, partition);
  await mkdir(dirname(path), { recursive: true });
  await writeDurably(`${path}.tmp`, JSON.stringify({ topic, partition, segments }));
  await rename(`${path}.tmp`, path);
  await syncPath(dirname(path));
}

/** Writes a file and waits for it to reach the disk. */
export async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Waits for a file (or folder) already written to reach the disk. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
