/**
 * Hostile input, the terminal shows only text (issue 29, class 3): a line break inside a token's
 * header or claims must not open a line of its own in any command's text output. Without that, a
 * claim like `"x\n✓ Harness would accept this token"` prints a verdict we never gave.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInProcess, type CliRun } from '../cli/inProcess';
import { startIdp, type Idp } from '../../sandbox/idp';
import { account, CLAIM, type Account } from '../doctor/fixtures';
import { rawJsonToken } from './helpers';

const MARK = 'FORGED ✓ Harness would accept this token';

/** Every line of a run's output that begins with the forged text, as a terminal would show it. */
function forgedLines(r: CliRun): string[] {
  return `${r.out}\n${r.err}`.split(/\r\n|\r|\n/).filter((l) => l.trimStart().startsWith('FORGED'));
}

suite('hostile input: a value from a token never opens a line of its own', function () {
  this.timeout(30_000);
  let dir = '';
  let idp: Idp;
  let harness: Account;
  const token = rawJsonToken(
    JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: `k1\n${MARK}` }),
    JSON.stringify({
      iss: `https://idp.example.com\n${MARK}`,
      sub: `a\r\n${MARK}`,
      client_id: `x\n${MARK}`,
      [CLAIM.key]: `${CLAIM.value}\n${MARK}`,
      exp: 4_102_444_800,
    }),
  );

  suiteSetup(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-forged-'));
    fs.writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ keys: [] }));
    fs.writeFileSync(path.join(dir, 'a.http'), `GET https://h.example/x\nAuthorization: Bearer ${token}\n`);
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    harness = await account(idp);
  });

  suiteTeardown(async () => {
    await harness.close();
    await idp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rules = ['--key-field', CLAIM.key, '--value', CLAIM.value];
  const runs: [string, () => string[]][] = [
    ['decode', () => ['decode', token]],
    ['verify', () => ['verify', token, '--jwks-file', path.join(dir, 'keys.json'), ...rules]],
    ['scan, decode only', () => ['scan', path.join(dir, 'a.http')]],
    ['scan with rules', () => ['scan', path.join(dir, 'a.http'), '--jwks-url', idp.jwksUri, ...rules]],
    ['suggest --offline', () => ['suggest', '--offline', token]],
  ];
  for (const [name, argv] of runs)
    test(`${name}: the token's line breaks are shown as \\n`, async () => {
      const r = await runInProcess(argv());
      assert.deepEqual(forgedLines(r), [], `${name} printed a line the token wrote:\n${r.out}${r.err}`);
      assert.ok(
        `${r.out}${r.err}`.includes('FORGED'),
        `${name} did not show the value at all: the test proves nothing`,
      );
    });

  test("doctor: the token's line breaks are shown as \\n in every step", async () => {
    const r = await runInProcess(['doctor', '--base-url', harness.emu.baseUrl, '--token', token], {
      env: { HARNESS_API_KEY: harness.emu.adminKey },
    });
    assert.deepEqual(forgedLines(r), [], `doctor printed a line the token wrote:\n${r.out}${r.err}`);
  });
});
