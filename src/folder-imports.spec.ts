import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;

/** The layers of `eslint/layers.js` (plain JavaScript, loaded by ESLint itself: no types to import), lowest first. */
const { LAYERS } = (await import(new URL('../eslint/layers.js', import.meta.url).href)) as { readonly LAYERS: readonly (readonly string[])[] };

/** Folder -> folders it imports -> the files that do, read as `import-cycles.spec.ts` reads imports (type-only imports included). */
type FolderGraph = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/** The first folder of a path under src/, or undefined for a file of src/ itself. */
function folderOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  return parts.length < 2 || parts[0] === '..' ? undefined : parts[0];
}

/** Every TypeScript module under `dir` (specs, declaration files, fixtures and the page's scripts left out). */
function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' || entry.name === 'public' ? [] : modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Which folders of src/ each folder imports from, and through which files. */
function folderGraph(): FolderGraph {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of modules(SRC)) {
    const from = folderOf(file);
    if (from === undefined) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+'(\.[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), match[1] ?? ''));
      if (to === undefined || to === from) continue;
      const targets = graph.get(from) ?? new Map<string, string[]>();
      targets.set(to, [...(targets.get(to) ?? []), relative(SRC, file)]);
      graph.set(from, targets);
    }
  }
  return graph;
}

/** The pairs of folders that import each other, `a <-> b` with a before b. */
function mutualPairs(graph: FolderGraph): string[] {
  return [...graph].flatMap(([a, targets]) => [...targets.keys()].filter((b) => a < b && graph.get(b)?.has(a) === true).map((b) => `${a} <-> ${b}`));
}

/** The imports of a higher layer's folder, `from -> to (a file that does)`. */
function upwardArrows(graph: FolderGraph, layers: readonly (readonly string[])[]): string[] {
  const rank = (folder: string): number => layers.findIndex((folders) => folders.includes(folder));
  return [...graph].flatMap(([from, targets]) =>
    [...targets].filter(([to]) => rank(to) > rank(from) && rank(from) >= 0).map(([to, files]) => `${from} -> ${to} (${files[0] ?? ''})`),
  );
}

describe('the folders of src/', () => {
  const graph = folderGraph();

  it('never import each other, type imports included', () => {
    expect(mutualPairs(graph)).toEqual([]);
  });

  it('each have a layer in eslint/layers.js', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name).filter((name) => !LAYERS.some((layer) => layer.includes(name)))).toEqual([]);
  });

  it('import only their own layer and those below it, type imports included', () => {
    expect(upwardArrows(graph, LAYERS)).toEqual([]);
  });

  it('finds a pair and an upward import, so the checks above can fail', () => {
    const made: FolderGraph = new Map([
      ['config', new Map([['pipeline', ['config/a.ts']]])],
      ['pipeline', new Map([['config', ['pipeline/b.ts']]])],
    ]);
    expect(mutualPairs(made)).toEqual(['config <-> pipeline']);
    expect(upwardArrows(made, [['pipeline'], ['config']])).toEqual(['pipeline -> config (pipeline/b.ts)']);
  });
});
