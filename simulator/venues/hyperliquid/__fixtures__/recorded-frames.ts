import { readFileSync } from 'node:fs';

/** The recorded Hyperliquid frames of `<name>` in this folder, one JSON text a line (sources in its README). */
export function recordedLines(name: string): string[] {
  return readFileSync(new URL(name, import.meta.url), 'utf8')
    .trim()
    .split('\n');
}

/** The recorded frames of `<name>`, parsed. */
export function recorded(name: string): Record<string, unknown>[] {
  return recordedLines(name).map((line) => JSON.parse(line) as Record<string, unknown>);
}
