import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The repository's root. */
const ROOT = new URL('..', import.meta.url).pathname;

/** The layers of `eslint/layers.js` (plain JavaScript, loaded by ESLint itself: no types to import), lowest first. */
const { LAYERS } = (await import(new URL('../eslint/layers.js', import.meta.url).href)) as { readonly LAYERS: readonly (readonly string[])[] };

/** The project's folders: a path written from the root starts with one of them. */
const FOLDERS = ['src', 'simulator', 'test', 'bench', 'scripts', 'schemas', 'docs', 'eslint', 'interop', 'deploy'] as const;

/** The pages whose paths are checked, from the root. */
const DOCS = [
  'ARCHITECTURE.md',
  'ADDING_AN_EXCHANGE.md',
  'README.md',
  'schemas/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/**
 * The extensions of a file named on its own (`shard-hand-overs.ts`: somewhere in the tree) or from a
 * folder of src/ or simulator/ (`stages/trade-integrity.ts`: the end of a path in the tree).
 */
const FILE = /\.(ts|js|avsc|md)$/;

/** Every file and folder under `dir` (a folder with a trailing `/`), from the root; packages, caches and dot-files left out. */
function tree(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === '__pycache__') return [];
    const path = `${dir}${entry.name}`;
    return entry.isDirectory() ? [`${path}/`, ...tree(`${path}/`)] : [path];
  });
}

const PATHS = [...FOLDERS.flatMap((folder) => [`${folder}/`, ...tree(`${folder}/`)]), ...readdirSync(ROOT).filter((name) => !name.startsWith('.'))];
const EXISTING = new Set(PATHS);

/** The names of the folders under src/ and simulator/ (`exchanges`, `stages`, `venues`, `bybit`, ...): a path may start from one of them. */
const SUBFOLDERS = new Set(PATHS.filter((path) => /^(src|simulator)\/.+\/$/.test(path)).map((path) => path.split('/').at(-2) ?? ''));

/** The lint rules the configuration names (`simulator/imports-model-only`): written like paths, they are not. */
const LINT_RULES = new Set([...readFileSync(join(ROOT, 'eslint.config.js'), 'utf8').matchAll(/'([\w-]+\/[\w-]+)':/g)].map(([, rule]) => rule));

/** A path as a regular expression: `<venue>` and `*` stand for part of one name, `**` then a slash for any folders, `{a,b}` for either; from the root when `anchored`, else as the end of a path. */
function patternOf(path: string, anchored: boolean): RegExp {
  const source = path
    .replace(/[.+?^$|()[\]\\]/g, '\\$&')
    .replace(/\{([^}]*)\}/g, (_, alternatives: string) => `(?:${alternatives.split(',').join('|')})`)
    .replace(/<[^>]+>/g, '[^/]+')
    .replace(/\*\*\//g, '(?:.+/)?')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${source}/?$`);
}

/** Whether a path is in the tree (a pattern: as at least one path); `anchored` false lets it end a longer path. */
function exists(path: string, anchored: boolean): boolean {
  if (anchored && !/[<*{]/.test(path)) return EXISTING.has(path) || EXISTING.has(`${path}/`);
  const pattern = patternOf(path, anchored);
  return PATHS.some((candidate) => pattern.test(candidate));
}

/** What a word of a doc names, if it names a file or folder of the tree: from the root, from a folder of src/ or simulator/, or a file's name alone. */
function claimOf(word: string): { readonly path: string; readonly anchored: boolean } | undefined {
  const path = word.replace(/^[("'[]+/, '').replace(/[)"'\].,:;]+$/, '');
  if (LINT_RULES.has(path)) return undefined;
  const first = path.split('/')[0] ?? '';
  if ((FOLDERS as readonly string[]).includes(first) && path.includes('/')) return { path, anchored: true };
  if (!FILE.test(path) && !path.endsWith('/')) return undefined;
  if (!path.includes('/')) return FILE.test(path) && /^[\w<*]/.test(path) ? { path, anchored: false } : undefined;
  return SUBFOLDERS.has(first) ? { path, anchored: false } : undefined;
}

/** The words a page writes as code: inline code spans, and every word of its fenced blocks (the diagram, commands). */
function codeWords(page: string): string[] {
  const fences = [...page.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map(([, body]) => body ?? '');
  const prose = page.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
  const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map(([, span]) => span ?? '');
  return [...spans, ...fences].flatMap((text) => text.split(/\s+/)).filter((word) => word !== '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as `-`. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (page: string): string[] =>
  [...page.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '').matchAll(/^#+ (.+)$/gm)].map(([, heading]) => anchorOf(heading ?? ''));

const read = (doc: string): string => readFileSync(join(ROOT, doc), 'utf8');

describe('the docs name paths that are there', () => {
  it.each(DOCS)('%s: every path written as code is in the tree (a pattern matches at least one path)', (doc) => {
    const claims = codeWords(read(doc)).flatMap((word) => claimOf(word) ?? []);
    expect(claims.length, `${doc} names no path at all: is the page read?`).toBeGreaterThan(0);
    expect([...new Set(claims.filter(({ path, anchored }) => !exists(path, anchored)).map(({ path }) => path))]).toEqual([]);
  });

  it.each(DOCS)('%s: every relative link leads to a file, and to a heading of it when it names one', (doc) => {
    const links = [...read(doc).matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target ?? '').filter((target) => !/^[a-z]+:/.test(target));
    const broken = links.filter((target) => {
      const [file = '', anchor] = target.split('#');
      const path = file === '' ? doc : normalize(join(dirname(doc), file));
      if (!EXISTING.has(path) && !EXISTING.has(path.replace(/\/$/, '')) && !EXISTING.has(`${path}/`)) return true;
      return anchor !== undefined && path.endsWith('.md') && !anchorsOf(read(path)).includes(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('fails on a path that is not there (the check reads what it is given)', () => {
    expect(claimOf('(src/cluster/shard-hand-overs.ts),')).toEqual({ path: 'src/cluster/shard-hand-overs.ts', anchored: true });
    expect(claimOf('stages/trade-integrity.ts')).toEqual({ path: 'stages/trade-integrity.ts', anchored: false });
    expect(exists('src/cluster/shard-hand-overs.ts', true)).toBe(true);
    expect(exists('src/cluster/shard-handovers.ts', true)).toBe(false);
    expect(exists('src/exchanges/<venue>/<venue>-venue.ts', true)).toBe(true);
    expect(exists('src/exchanges/<venue>/<venue>-planet.ts', true)).toBe(false);
    expect(exists('shard-hand-overs.ts', false)).toBe(true);
    expect(exists('hand-over-planet.ts', false)).toBe(false);
    expect(claimOf('simulator/imports-model-only')).toBeUndefined();
    expect(codeWords('see `src/model/`\n\n```\n venue -> src/exchanges/frame-decoder.ts\n```\n')).toEqual([
      'src/model/',
      'venue',
      '->',
      'src/exchanges/frame-decoder.ts',
    ]);
  });
});

describe('ARCHITECTURE.md', () => {
  const page = read('ARCHITECTURE.md');

  it('writes the layers of src/ as eslint/layers.js ranks them', () => {
    const written = [...page.matchAll(/`([^`\n]* < [^`\n]*)`/g)].map(([, ranking]) => ranking);
    expect(written).toEqual([LAYERS.map((folders) => folders.join(', ')).join(' < ')]);
  });

  it('says where every folder of src/ is', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map(({ name }) => name).filter((name) => !page.includes(`\`src/${name}/`))).toEqual([]);
  });
});
