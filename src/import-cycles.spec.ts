import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;
/** The simulator, a package entry of its own beside the library (`market-feed/simulator`). */
const SIMULATOR = new URL('../simulator/', import.meta.url).pathname;

/** Every TypeScript module under `dir` (specs and declaration files left out). */
function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' || entry.name === 'public' ? [] : modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The modules a module imports or re-exports, type-only imports included (a cycle of types is a cycle to read). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+'(\.[^']+)'/g)].map((m) => resolve(dirname(file), m[1] ?? '').replace(/\.js$/, '.ts'));
}

/** The strongly connected groups of more than one module (Tarjan), each a set of modules importing each other in a ring. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      group.push(w);
    }
    if (group.length > 1) found.push(group);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('imports', () => {
  it('form no cycle between modules of src/, type imports included', () => {
    const graph = new Map(modules(SRC).map((file) => [file, importsOf(file)] as const));
    expect(cycles(graph).map((group) => group.map((file) => relative(SRC, file)).sort())).toEqual([]);
  });

  it("form no cycle between the simulator's modules, type imports included", () => {
    const graph = new Map(modules(SIMULATOR).map((file) => [file, importsOf(file)] as const));
    expect(cycles(graph).map((group) => group.map((file) => relative(SIMULATOR, file)).sort())).toEqual([]);
  });

  it('finds a ring, so the check above can fail', () => {
    const ring = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(ring).map((group) => group.sort())).toEqual([['a', 'b', 'c']]);
  });
});
