import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('.', import.meta.url).pathname;

/** Every TypeScript module of the library under src/ (specs, fixtures and the simulator, tooling rather than the library, left out). */
function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['__fixtures__', 'public', 'simulator'].includes(entry.name) ? [] : modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('error classes', () => {
  it('every error class of the library extends FeedError (retriable, info, cause), as ARCHITECTURE.md says', () => {
    const direct: string[] = [];
    for (const file of modules(SRC)) {
      if (file.endsWith('model/feed-error.ts')) continue;
      for (const match of readFileSync(file, 'utf8').matchAll(/class (\w+)(?:<[^>]*>)? extends (Error|TypeError|RangeError|SyntaxError)\b/g))
        direct.push(`${relative(SRC, file)}: ${match[1] ?? ''} extends ${match[2] ?? ''}`);
    }
    expect(direct).toEqual([]);
  });
});
