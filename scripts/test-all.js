#!/usr/bin/env node
// `npm test`: builds once, then runs the unit tier, the extension-host tier and the e2e tier,
// each in its own process, and ends with ONE closing line "N passed, N failed" (summed) that CI
// reads. Exits non-zero if any tier fails or reports nothing.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return { code: r.status ?? 1, out: r.stdout ?? '' };
};

// On a fresh clone, install what the tiers need first (each step is skipped when already done).
const fs = require('node:fs');
const prepare = [];
if (!fs.existsSync(path.join(root, 'node_modules/.package-lock.json')))
  prepare.push(['npm ci', 'npm', ['ci', '--no-audit', '--no-fund']]);
if (
  !fs.existsSync(path.join(root, '.vscode-host/server/node_modules/code-server/package.json')) ||
  !fs.existsSync('/usr/bin/chromium')
) {
  prepare.push(['VS Code test host', 'bash', ['scripts/setup-vscode-host.sh']]);
}
for (const [name, cmd, args] of prepare) {
  console.log(`== installing: ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

// Compiled tests of files that no longer exist must not run: out/ is rebuilt from scratch.
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
const steps = [
  ['build', 'node', ['esbuild.js', '--production']],
  ['compile tests', 'node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json']],
];
for (const [name, cmd, args] of steps) {
  const r = run(cmd, args);
  if (r.code !== 0) {
    console.log(`${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const tiers = [
  ['unit', ['scripts/run-unit-tests.js']],
  ['integration', ['scripts/run-host-tests.js']],
  // The same host with workspace trust on: the fixture folder opens untrusted, and the suites
  // marked for it check that .http files then cause no network traffic.
  [
    'integration-untrusted',
    ['scripts/run-host-tests.js'],
    {
      WORKSPACE_TRUST: '1',
      HOST_TESTS_LABEL: 'integration-untrusted',
      EXT_TESTS_ENV: JSON.stringify({ SCIM_JWT_TEST_GREP: 'untrusted', SCIM_JWT_UNTRUSTED: '1' }),
    },
  ],
  ['e2e', ['scripts/run-e2e.js']],
  // `npm run sandbox` itself, headless: starts, shows the sample verdicts, runs the doctor, stops clean.
  ['sandbox', ['scripts/test-sandbox.js']],
];
let passed = 0,
  failed = 0;
const lines = [];
for (const [tier, args, env] of tiers) {
  const t0 = Date.now();
  const r = run(process.execPath, args, env);
  const m = new RegExp(`^${tier}: (\\d+) passed, (\\d+) failed`, 'm').exec(r.out);
  const p = m ? Number(m[1]) : 0;
  // A tier that crashed or reported nothing counts as one failure.
  const f = m ? Number(m[2]) + (r.code !== 0 && Number(m[2]) === 0 ? 1 : 0) : 1;
  passed += p;
  failed += f;
  lines.push(`${tier.padEnd(22)} ${p} passed, ${f} failed  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log('\n' + lines.join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
