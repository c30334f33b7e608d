// typescript-eslint's strict type-checked rules over all TypeScript, plus the direction of imports:
//   src/core, src/cli   never import 'vscode' (they run in plain Node and in the CLI), nor the VS Code side;
//   src/platform        VS Code plumbing every feature uses; never imports a feature;
//   src/features/<f>    may import platform and core, never another feature (by any path);
//   src/features/setup/ui  browser code: its own feature's protocol and core types only;
//   src/core/<folder>   is reached from outside the folder only through its index.
// A shared need moves down into platform or core.
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const vscodePath = {
  name: 'vscode',
  message: 'src/core and src/cli run without VS Code: map results to VS Code objects on the extension side.',
};
const restrict = (paths, patterns) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const noVscode = restrict(
  [vscodePath],
  [{ regex: '(^|/)(platform|features)(/|$)', message: 'core and cli sit below the VS Code side and never import it.' }],
);

// The two rules below look at where an import lands, not at how its path is spelled: `../other`,
// `../../features/other` and `../../../src/features/other` are the same import.
const SRC = path.join(import.meta.dirname, 'src');

/** The path of `file` under src/ as its parts (`['features', 'tokens', 'register.ts']`), or undefined. */
function srcParts(file) {
  const rel = path.relative(SRC, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep);
}

/** Calls `check(parts, node)` with where each relative import, re-export or dynamic import of the file lands. */
function eachImport(context, check) {
  const visit = (node, source) => {
    if (typeof source !== 'string' || !source.startsWith('.')) return;
    const parts = srcParts(path.resolve(path.dirname(context.filename), source));
    if (parts) check(parts, node);
  };
  return {
    ImportDeclaration: (node) => visit(node, node.source.value),
    ExportNamedDeclaration: (node) => visit(node, node.source?.value),
    ExportAllDeclaration: (node) => visit(node, node.source.value),
    ImportExpression: (node) => visit(node, node.source.type === 'Literal' ? node.source.value : undefined),
    TSImportEqualsDeclaration: (node) =>
      visit(
        node,
        node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression.value : undefined,
      ),
  };
}

const layers = {
  rules: {
    'feature-boundary': {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          other: 'A feature never imports another feature: move the shared need into src/platform or src/core.',
        },
      },
      create(context) {
        const from = srcParts(context.filename);
        if (from?.[0] !== 'features' || from.length < 3) return {};
        return eachImport(context, (to, node) => {
          if (to[0] === 'features' && to.length >= 2 && to[1] !== from[1]) context.report({ node, messageId: 'other' });
        });
      },
    },
    'core-index': {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          internal:
            "Import core/{{folder}} through its index ('…/{{folder}}'): the files behind it are not its public API.",
        },
      },
      create(context) {
        const from = srcParts(context.filename);
        if (!from) return {};
        const own = from[0] === 'core' && from.length >= 3 ? from[1] : undefined;
        return eachImport(context, (to, node) => {
          const inside = to[0] === 'core' && to.length >= 3 && to[1] !== own;
          if (inside && !(to.length === 3 && to[2] === 'index'))
            context.report({ node, messageId: 'internal', data: { folder: to[1] } });
        });
      },
    },
  },
};
const uiRule = restrict(
  [{ name: 'vscode', message: 'The webview is browser code: talk to the extension through the protocol.' }],
  [
    {
      regex: '^\\.\\./\\.\\./[^./]',
      message: "The setup form's browser code imports only its own feature (the protocol) and core.",
    },
    { regex: '(^|/)platform(/|$)', message: "The setup form's browser code cannot use VS Code plumbing." },
  ],
);
const platformRule = restrict(
  [],
  [{ regex: '(^|/)features(/|$)', message: 'platform sits below the features and never imports one.' }],
);

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.vscode-host/**',
      '.sandbox/**',
      'test-results/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  // Layout is Prettier's (.prettierrc.json): ESLint keeps to what code means.
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['src/core/**/*.ts', 'src/cli/**/*.ts'], rules: noVscode },
  { files: ['src/platform/**/*.ts'], rules: platformRule },
  { files: ['src/**/*.ts'], plugins: { layers } },
  { files: ['src/features/**/*.ts'], rules: { 'layers/feature-boundary': 'error' } },
  // The setup form's browser bundle takes single core files (the protocol it shares, the setup
  // types, and what those import): an index would pull Node-only code into the webview.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/features/setup/ui/**', 'src/features/setup/protocol.ts', 'src/core/setup/types.ts'],
    rules: { 'layers/core-index': 'error' },
  },
  { files: ['src/features/setup/ui/**/*.ts'], rules: uiRule },
  // The CLI's job is to print; tests, bench and sandbox scripts report on the console too.
  { files: ['src/cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-console': 'off' } },
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
