// For contributors whose machines can download VS Code: `npx vscode-test` runs the same
// extension-host suite with @vscode/test-electron. On machines that reach only the npm registry
// (ours, CI) the suite runs in code-server's VS Code instead: `npm run test:integration`.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: 'test/fixtures/workspace',
  mocha: { ui: 'tdd', timeout: 60000 },
});
