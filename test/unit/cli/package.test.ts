/**
 * The npm package a user installs the CLI from: `npm pack` ships the built CLI and the docs and
 * nothing else (no sources, tests, scripts or test keys), and a global install of the tarball
 * puts a working `scim-jwt` on the PATH of a clean prefix.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');
const npm = (args: string[], cwd = root): string =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });

suite('the scim-jwt npm package', function () {
  this.timeout(180_000);
  let dir: string;
  let tarball: string;
  let files: string[];

  suiteSetup(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-jwt-pack-'));
    // prepack builds dist/ first, exactly as a publish would.
    const [report] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir])) as {
      filename: string;
      files: { path: string }[];
    }[];
    assert.ok(report);
    tarball = join(dir, report.filename);
    files = report.files.map((f) => f.path).sort();
  });

  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('ships the built CLI and the docs, nothing else', () => {
    assert.deepEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json']);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      dependencies?: object;
    };
    assert.equal(manifest.bin['scim-jwt'], './dist/cli.js');
    assert.equal(
      manifest.dependencies,
      undefined,
      'the CLI bundle carries its libraries; installing it fetches nothing',
    );
  });

  test('a global install on a clean prefix gives a working scim-jwt', () => {
    const prefix = join(dir, 'prefix');
    npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], dir);
    const help = execFileSync(join(prefix, 'bin', 'scim-jwt'), ['--help'], { encoding: 'utf8' });
    assert.match(help, /^scim-jwt: check bearer JWTs the way Harness checks SCIM API tokens\./);
    assert.match(help, /verify/);
  });
});
