import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The layers of src/, lowest first: a file may import from its own layer and those below it, never
 * from a layer above (model < exchanges and stats < operators < pipeline < cli). Folders not named
 * here are not ranked.
 */
export const LAYERS = { model: 0, exchanges: 1, stats: 1, operators: 2, pipeline: 3, cli: 4 };

/** The layer of a file under `src/` (its first folder), or undefined. */
function layerOf(file, root) {
  const parts = relative(resolve(root, 'src'), file).split(sep);
  if (parts.length < 2 || parts[0] === '..') return undefined;
  return parts[0];
}

/** ESLint rule `layers/no-upward-import`: reports a relative import of a higher layer. */
export const noUpwardImport = {
  meta: {
    type: 'problem',
    docs: { description: 'src/ layers import only their own and lower layers' },
    schema: [],
    messages: {
      upward: "{{from}}/ is below {{to}}/: it may not import '{{source}}' (layers, lowest first: model < exchanges, stats < operators < pipeline < cli)",
    },
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const from = layerOf(file, root);
    if (from === undefined || LAYERS[from] === undefined) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(resolve(dirname(file), source), root);
      if (to === undefined || LAYERS[to] === undefined || LAYERS[to] <= LAYERS[from]) return;
      context.report({ node: node.source, messageId: 'upward', data: { from, to, source } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default { rules: { 'no-upward-import': noUpwardImport } };
