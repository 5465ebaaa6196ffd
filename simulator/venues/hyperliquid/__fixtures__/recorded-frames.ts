import { existsSync, readFileSync } from 'node:fs';

/**
 * The recorded Hyperliquid frames of `<name>`, one JSON text a line: this folder's (ccxt's candle and
 * two acknowledgements, see its README), else the repository's (`test/fixtures/exchange-frames/`,
 * sources in `SOURCES.md` there).
 */
export function recordedLines(name: string): string[] {
  const own = new URL(name, import.meta.url);
  const shared = new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(existsSync(own) ? own : shared, 'utf8')
    .trim()
    .split('\n');
}

/** The recorded frames of `<name>`, parsed. */
export function recorded(name: string): Record<string, unknown>[] {
  return recordedLines(name).map((line) => JSON.parse(line) as Record<string, unknown>);
}
