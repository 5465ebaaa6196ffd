import { readFileSync } from 'node:fs';

/** The lines of a recorded frame file of `test/fixtures/exchange-frames/` (see its SOURCES.md). */
export function frameLines(name: string): readonly string[] {
  const url = new URL(`../../../../test/fixtures/exchange-frames/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A documented REST answer of this folder (see README.md), parsed. */
export function restExample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as unknown;
}
