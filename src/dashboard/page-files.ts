import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const JS = 'text/javascript; charset=utf-8';

/** The page's script modules, each served as `/<name>.js`. */
const SCRIPTS = [
  'app',
  'chosen-instrument',
  'dom-writes',
  'formatters',
  'render-header',
  'render-venues',
  'render-timeline',
  'render-instruments',
  'render-chosen',
  'render-sales',
  'render-window-stats',
  'render-book',
  'render-perpetual',
  'render-options',
  'smile-chart',
  'render-smile',
  'render-venue-smile',
  'render-health',
] as const;

/**
 * The page's files, served as they are in the repository: the page (which takes `?instrument=`, `?coin=`, `?filter=`), its style
 * sheet, and its scripts (ES modules, `app.js` the entry, one renderer each). Nothing else is served.
 */
export const PAGE_FILES: Readonly<Record<string, { readonly file: string; readonly type: string; readonly page?: true }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8', page: true },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8', page: true },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  ...Object.fromEntries(SCRIPTS.map((name) => [`/${name}.js`, { file: `${name}.js`, type: JS }])),
};

/** `src/dashboard/public`, from the sources (tsx) or from `dist/src/dashboard` (the built package). */
export function findPublicDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  const here = join(from, 'public');
  try {
    readFileSync(join(here, 'index.html'));
    return here;
  } catch {
    return join(from, '..', '..', '..', 'src', 'dashboard', 'public');
  }
}

/** A served file: its bytes, its content type, and whether it is the page (which takes `?instrument=`, `?coin=`, `?filter=`). */
export interface PageFile {
  readonly body: Buffer;
  readonly type: string;
  readonly page: boolean;
}

/** Every served path and its file, read once from `public/`. */
export function readPageFiles(publicDir: string = findPublicDir()): ReadonlyMap<string, PageFile> {
  return new Map(Object.entries(PAGE_FILES).map(([path, f]) => [path, { body: readFileSync(join(publicDir, f.file)), type: f.type, page: f.page === true }]));
}
