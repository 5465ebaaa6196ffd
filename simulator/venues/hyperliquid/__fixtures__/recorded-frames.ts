import { existsSync, readFileSync } from 'node:fs';

/**
 * The recorded Hyperliquid frames of `<name>` (one JSON text a line; sources in
 * `test/fixtures/exchange-frames/SOURCES.md`), from the repository's fixtures, or from the project's
 * shared copy (`../shared/fixtures/exchange-frames/`, where they were first collected) until the
 * repository holds them.
 */
export function recordedLines(name: string): string[] {
  const own = new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  const shared = new URL(`../../../../../shared/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(existsSync(own) ? own : shared, 'utf8')
    .trim()
    .split('\n');
}

/** The recorded frames of `<name>`, parsed. */
export function recorded(name: string): Record<string, unknown>[] {
  return recordedLines(name).map((line) => JSON.parse(line) as Record<string, unknown>);
}
