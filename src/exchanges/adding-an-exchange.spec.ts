import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_SOURCES, inVenueFolder, namesAVenue, REGISTRIES, ROOT, textOf, VENUE_FOLDERS, valueImportsOf } from './__fixtures__/venue-sources.js';

/** The numbered list of `ADDING_AN_EXCHANGE.md` "The places a new venue touches", one string per place. */
function places(): string[] {
  const doc = textOf('ADDING_AN_EXCHANGE.md');
  const start = doc.indexOf('## The places a new venue touches');
  const end = doc.indexOf('\nNothing else:', start);
  return doc
    .slice(start, end)
    .split(/\n(?=\d+\. )/)
    .slice(1);
}

/** The code spans of a place, in order. */
const spans = (place: string): string[] => [...place.matchAll(/`([^`]+)`/g)].map(([, span]) => span ?? '');

/** A path from the repository's root (`src/...`, `simulator/...`, `test/...`, `docs/...`). */
const isRootPath = (span: string): boolean => /^(src|simulator|test|docs)\//.test(span);

/** The venues' folders a pattern stands for (`src/exchanges/<venue>/`: every `src/exchanges/<x>/` a registry takes a venue from). */
const foldersLike = (pattern: string): string[] => {
  const parent = pattern.slice(0, pattern.indexOf('<venue>'));
  return VENUE_FOLDERS.filter((folder) => folder.startsWith(parent) && !folder.slice(parent.length, -1).includes('/'));
};

/** A venue's name as its folder spells it (`src/exchanges/binance-usdm/` -> `binance-usdm`). */
const nameOf = (folder: string): string => folder.split('/').at(-2) ?? '';

/**
 * Every path a place names, `<venue>` written out for each venue's folder of its tree; a file named
 * after the venue (`sim-<venue>-venue.ts`) is taken in the place's folder. Files it has only "if it has
 * any" are left out.
 */
function pathsOf(place: string): string[] {
  const named = spans(place);
  const folder = named.find((span) => isRootPath(span) && span.includes('<venue>'));
  return named.flatMap((span) => {
    if (isRootPath(span)) return span.includes('<venue>') ? foldersLike(span).map((f) => span.replaceAll('<venue>', nameOf(f))) : [span];
    if (folder === undefined || !span.includes('<venue>') || span.includes(' ')) return [];
    if (
      place
        .slice(0, place.indexOf(`\`${span}\``))
        .slice(-40)
        .includes('if it has any')
    )
      return [];
    return foldersLike(folder).map((f) => `${f}${span.replaceAll('<venue>', nameOf(f))}`);
  });
}

describe('ADDING_AN_EXCHANGE.md, the places a new venue touches', () => {
  const listed = places();
  const paths = listed.flatMap(pathsOf);

  it('lists the places, each naming where it is', () => {
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(listed.every((place) => spans(place).some(isRootPath))).toBe(true);
  });

  it('names paths that are there, for every venue: its folders with their definition and protocol files', () => {
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    for (const folder of VENUE_FOLDERS.filter((f) => f.startsWith('simulator/venues/'))) {
      expect(paths, folder).toContain(`${folder}sim-${nameOf(folder)}-venue.ts`);
      expect(paths, folder).toContain(`${folder}sim-${nameOf(folder)}-protocol.ts`);
    }
    for (const folder of VENUE_FOLDERS.filter((f) => f.startsWith('src/exchanges/'))) expect(paths, folder).toContain(`${folder}${nameOf(folder)}-venue.ts`);
  });

  it('names both registries, each holding the list it says, and each simulated venue is its definition there', () => {
    expect(paths).toEqual(expect.arrayContaining([...REGISTRIES]));
    const entries = listed.flatMap((place) => [...place.matchAll(/`([A-Z_]+)`\s+\(`([^`]+)`\)/g)].map(([, name = '', path = '']) => ({ name, path })));
    expect(entries.map(({ name }) => name)).toEqual(expect.arrayContaining(['VENUES', 'EXCHANGE_IDS', 'SIM_VENUES']));
    for (const { name, path } of entries) expect(textOf(path), `${name} in ${path}`).toMatch(new RegExp(`export const ${name}\\b`));
    const definitions = VENUE_FOLDERS.filter((f) => f.startsWith('simulator/venues/')).map((f) => `${f}sim-${nameOf(f)}-venue.js`);
    expect(
      valueImportsOf('simulator/sim-venues.ts')
        .filter((target) => inVenueFolder(target))
        .sort(),
    ).toEqual(definitions.sort());
  });

  it('names every file outside the venues\u2019 folders that names a venue: nothing else does', () => {
    const naming = ALL_SOURCES.filter((path) => !inVenueFolder(path) && namesAVenue(textOf(path)));
    expect(naming.filter((path) => !paths.includes(path))).toEqual([]);
  });
});
