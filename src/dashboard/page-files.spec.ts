import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPublicDir, PAGE_FILES, readPageFiles } from './page-files.js';

const TYPES: Readonly<Record<string, string>> = { html: 'text/html', js: 'text/javascript', css: 'text/css' };

describe('page files', () => {
  it('serves every file of public/ under its own name with the type of its extension, and only those', () => {
    const inFolder = readdirSync(findPublicDir()).sort();
    const served = readPageFiles();
    for (const name of inFolder) {
      const file = served.get(`/${name}`);
      expect(file, name).toBeDefined();
      expect(file?.type.split(';')[0]).toBe(TYPES[name.split('.').pop() ?? '']);
    }
    expect([...new Set(Object.values(PAGE_FILES).map((f) => f.file))].sort()).toEqual(inFolder);
  });

  it('lets only the page take a query', () => {
    expect([...readPageFiles()].filter(([, f]) => f.page).map(([path]) => path)).toEqual(['/', '/index.html']);
  });
});
