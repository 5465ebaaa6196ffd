import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The layers of src/, lowest first, each a list of folders: a file may import from its own layer
 * and those below it, never from a layer above. Every folder of src/ has a layer (a file in one that
 * has none is reported); folders of one layer do not import each other (src/folder-imports.spec.ts).
 */
export const LAYERS = [
  // Records, the option kernel, the logger: they import no other folder.
  ['model', 'settings', 'logging'],
  // Pure window math, the venues, the Kafka module.
  ['stats', 'exchanges', 'kafka'],
  ['catalog', 'shards', 'operators'],
  // What is derived from the published events: book changes, snapshots and quotes at a cadence, trade bars.
  ['repair', 'sink', 'derived'],
  ['cluster', 'metrics', 'strategy', 'dashboard', 'archive'],
  // The topics into QuestDB, over the archive's consumer and row model.
  ['questdb'],
  // The composition of a feed, then what runs it: replays, the configuration, the commands.
  ['pipeline'],
  ['capture'],
  ['config'],
  ['cli'],
];

/** Each ranked folder's layer, 0 the lowest. */
export const RANKS = Object.fromEntries(LAYERS.flatMap((folders, rank) => folders.map((folder) => [folder, rank])));

/** The ranking as the messages write it: `model, settings, logging < stats, ... < cli`. */
const RANKING = LAYERS.map((folders) => folders.join(', ')).join(' < ');

/** The folder of a file under `src/` (its first folder), or undefined. */
function folderOf(file, root) {
  const parts = relative(resolve(root, 'src'), file).split(sep);
  if (parts.length < 2 || parts[0] === '..') return undefined;
  return parts[0];
}

/** ESLint rule `layers/no-upward-import`: reports a relative import of a higher layer, and a file in a folder with no layer. */
export const noUpwardImport = {
  meta: {
    type: 'problem',
    docs: { description: 'src/ layers import only their own and lower layers' },
    schema: [],
    messages: {
      upward: "{{from}}/ is below {{to}}/: it may not import '{{source}}' (layers, lowest first: {{ranking}})",
      unranked: '{{from}}/ has no layer: give it one in eslint/layers.js (layers, lowest first: {{ranking}})',
    },
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const from = folderOf(file, root);
    if (from === undefined) return {};
    if (RANKS[from] === undefined) {
      return { Program: (node) => context.report({ node, messageId: 'unranked', data: { from, ranking: RANKING } }) };
    }
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = folderOf(resolve(dirname(file), source), root);
      if (to === undefined || RANKS[to] === undefined || RANKS[to] <= RANKS[from]) return;
      context.report({ node: node.source, messageId: 'upward', data: { from, to, source, ranking: RANKING } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default { rules: { 'no-upward-import': noUpwardImport } };
