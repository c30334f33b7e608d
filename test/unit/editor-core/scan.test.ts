/** `scim-jwt scan FILE.http`: tokens with line, column, source and the editor's own words; exit codes. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess, type CliRun } from '../cli/inProcess';
import { startJwksHost, type JwksHost } from '../emulator/helpers';
import { goodPayload, jwksJson, makeToken, NOW, rsaKey, type TestKey } from '../jwt/fixtures';

const cli = (argv: string[], env: Record<string, string> = {}): Promise<CliRun> => runInProcess(argv, { env });

suite('editor-core: scim-jwt scan', () => {
  let dir: string;
  let host: JwksHost;
  let key: TestKey;
  let good: string;
  let bad: string;
  let file: string;
  const at = ['--at', NOW.toISOString()];
  const rulesArgs = (): string[] => ['--jwks-url', host.url, '--key-field', 'client_id', '--value', 'harness-scim'];

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k1' });
    host = await startJwksHost();
    host.serve(jwksJson(key));
    good = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, goodPayload(), key.privateKey);
    bad = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, goodPayload({ client_id: 'abc' }), key.privateKey);
    dir = mkdtempSync(join(tmpdir(), 'scan-'));
    file = join(dir, 'scim.http');
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { token: good } }));
    writeFileSync(
      file,
      `### from env\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer {{token}}\n\n### wrong client\nGET https://h/x\nAuthorization:   Bearer ${bad}\n`,
    );
  });
  suiteTeardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    await host.close();
  });

  test('text: line:column, the lens title, the source; exit 1 when a token is refused', async () => {
    const r = await cli(['scan', file, '--env', 'dev', ...rulesArgs(), ...at]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /2 tokens; command-line rules/);
    assert.match(
      r.out,
      /^3:23 {2}✓ Harness would accept · RS256 · kid k1 · expires in 60 minutes · command-line rules$/m,
    );
    assert.match(r.out, /value: from http-client\.env\.json environment "dev" \(token\) in /);
    assert.match(
      r.out,
      /^7:25 {2}✗ Harness would refuse: claim "client_id" is "abc", but the setting wants "harness-scim" · command-line rules$/m,
    );
    assert.match(r.out, /error \[claim-mismatch\]: Harness would refuse this token: Claim "client_id" is "abc"/);
    assert.ok(!r.out.includes(good) && !r.out.includes(bad), 'never prints a token');
    assert.equal(host.hits, 1);
  });

  test('json: the same findings, machine-readable, without the tokens', async () => {
    const r = await cli(['scan', file, '--env', 'dev', ...rulesArgs(), ...at, '--json']);
    const parsed = JSON.parse(r.out) as {
      tokens: { line: number; column: number; source: string; code?: string; title: string; accepted?: boolean }[];
      rules: { source: string };
    };
    assert.equal(parsed.rules.source, 'command-line');
    assert.deepEqual(
      parsed.tokens.map((t) => [t.line, t.column, t.accepted, t.code]),
      [
        [3, 23, true, 'ok'],
        [7, 25, false, 'claim-mismatch'],
      ],
    );
    assert.ok(!r.out.includes(good));
  });

  test('without --env the variable is unresolved; without rules tokens are decoded only; exit 0', async () => {
    const r = await cli(['scan', file, ...at]);
    assert.equal(r.code, 0);
    assert.match(r.out, /decode only \(give --jwks-url, --key-field and --value\)/);
    assert.match(r.out, /3:23 {2}\? Not checked: \{\{token\}\} is not defined/);
    assert.match(r.out, /7:25 {2}○ Not verified: give --jwks-url, --key-field and --value · RS256 · kid k1/);
  });

  test('usage errors: partial rules, missing file', async () => {
    assert.equal((await cli(['scan', file, '--jwks-url', host.url])).code, 2);
    const missing = await cli(['scan', join(dir, 'nope.http')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no such file/);
  });
});
