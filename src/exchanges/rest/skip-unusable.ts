import { FrameParseError } from '../frame-parse-error.js';
import type { SkippedEntry } from './listings-read.js';

/**
 * Reads every entry of a venue's list with `read`; an entry it refuses with `FrameParseError` is
 * skipped and recorded with the path of the refused field, so one bad entry never costs the list.
 */
export function skipUnusable<T>(
  entries: readonly unknown[],
  basePath: string,
  read: (entry: unknown, path: string) => T,
): { readonly values: readonly T[]; readonly skipped: readonly SkippedEntry[] } {
  const values: T[] = [];
  const skipped: SkippedEntry[] = [];
  entries.forEach((entry, n) => {
    const path = `${basePath}[${n}]`;
    try {
      values.push(read(entry, path));
    } catch (error) {
      if (!(error instanceof FrameParseError)) throw error;
      const prefix = `${error.info.path}: `;
      skipped.push({ path: error.info.path, problem: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message });
    }
  });
  return { values, skipped };
}
