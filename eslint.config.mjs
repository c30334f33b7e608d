// typescript-eslint's strict type-checked rules over all TypeScript, plus the direction of imports:
//   src/core, src/cli   never import 'vscode' (they run in plain Node and in the CLI), nor the VS Code side;
//   src/platform        VS Code plumbing every feature uses; never imports a feature;
//   src/features/<f>    may import platform and core, never another feature;
//   src/features/setup/ui  browser code: its own feature's protocol and core types only.
// A shared need moves down into platform or core.
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
const featureRule = restrict(
  [],
  [
    {
      regex: '^\\.\\./[^./]',
      message: 'A feature never imports another feature: move the shared need into src/platform or src/core.',
    },
  ],
);
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
  { files: ['src/features/*/*.ts'], rules: featureRule },
  { files: ['src/features/setup/ui/**/*.ts'], rules: uiRule },
  // The CLI's job is to print; tests, bench and sandbox scripts report on the console too.
  { files: ['src/cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-console': 'off' } },
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
