import { dirname, relative, resolve, sep } from 'node:path';

/** The folder a file lies in from the repository's root (`src/model`, `simulator`), as path parts. */
function partsOf(file, root) {
  return relative(root, file).split(sep);
}

/** A relative import's target, as path parts from the root; undefined for a package or a builtin. */
function targetOf(node, file, root) {
  const source = node.source?.value;
  if (typeof source !== 'string' || !source.startsWith('.')) return undefined;
  return { source, parts: partsOf(resolve(dirname(file), source), root) };
}

/**
 * ESLint rule `simulator/imports-model-only`: the simulator (`simulator/`, a package entry of its
 * own) imports nothing of the library but its model (`src/model/`), so that it plays the venues from
 * their documentation, not from the client's code. Its specs may (they cross-check frames with the
 * library's parsers) and are not linted by this rule.
 */
export const importsModelOnly = {
  meta: {
    type: 'problem',
    docs: { description: 'the simulator imports only its own files and src/model/' },
    schema: [],
    messages: {
      library: "the simulator imports nothing of the library but src/model/: not '{{source}}'",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    if (partsOf(file, root)[0] !== 'simulator') return {};
    const check = (node) => {
      const target = targetOf(node, file, root);
      if (target === undefined) return;
      const [top, second] = target.parts;
      if (top === 'simulator' || (top === 'src' && second === 'model')) return;
      context.report({ node: node.source, messageId: 'library', data: { source: target.source } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/**
 * ESLint rule `simulator/entry-only`: the library does not ship the simulator inside it; only the
 * composition root (`src/cli/`, whose `simulate` command starts it) imports it, and only through its
 * entry (`simulator/index.ts`, the package's `market-feed/simulator`).
 */
export const entryOnly = {
  meta: {
    type: 'problem',
    docs: { description: 'src/ imports the simulator only from src/cli/, through simulator/index.ts' },
    schema: [],
    messages: {
      notCli: "only src/cli/ starts the simulator: '{{source}}' is not the library's to import",
      notEntry: "import the simulator through its entry, simulator/index.js: not '{{source}}'",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = partsOf(file, root);
    if (from[0] !== 'src') return {};
    const check = (node) => {
      const target = targetOf(node, file, root);
      if (target === undefined || target.parts[0] !== 'simulator') return;
      if (from[1] !== 'cli') context.report({ node: node.source, messageId: 'notCli', data: { source: target.source } });
      else if (target.parts.join('/') !== 'simulator/index.js') context.report({ node: node.source, messageId: 'notEntry', data: { source: target.source } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default { rules: { 'imports-model-only': importsModelOnly, 'entry-only': entryOnly } };
