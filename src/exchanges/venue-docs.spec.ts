import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VENUE_IDS, venuesWithTradeIds } from './venues.js';

const doc = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The ids written in backticks in `text`, in order, those of the registry only. */
const idsIn = (text: string): string[] =>
  [...text.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? '').filter((id) => (VENUE_IDS as readonly string[]).includes(id));

describe("the docs that list venues name the registry's", () => {
  it("docs/library.md: the gap detectors' default venues are those of consecutive ids and those known by time", () => {
    const rowOf = (operator: string): string =>
      doc('docs/library.md')
        .split('\n')
        .find((line) => line.startsWith(`| \`${operator}(`)) ?? '';
    const lastCell = (row: string): string => row.split('|').at(-2) ?? '';
    expect(idsIn(lastCell(rowOf('detectGaps')))).toEqual(venuesWithTradeIds('consecutive'));
    expect(idsIn(lastCell(rowOf('detectReconnectGaps')))).toEqual(venuesWithTradeIds('by_time'));
  });

  it('docs/running.md: every venue --venues takes', () => {
    const paragraph =
      doc('docs/running.md')
        .split('\n\n')
        .find((text) => text.startsWith('Venues and where they can be reached')) ?? '';
    expect([...idsIn(paragraph)].sort()).toEqual([...VENUE_IDS].sort());
  });

  it('docs/tools.md: every venue normalize reads', () => {
    const usage = /market-feed normalize --exchange <([^>]+)>/.exec(doc('docs/tools.md'))?.[1] ?? '';
    expect(usage.split('|')).toEqual([...VENUE_IDS]);
  });
});
