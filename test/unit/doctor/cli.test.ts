/** `scim-jwt doctor`: exit codes and outputs, in-process against the emulator and the IdP. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as assert from 'node:assert/strict';
import { runInProcess, type CliRun } from '../cli/inProcess';
import type { DoctorReport } from '../../../src/core/doctor';
import { startIdp, type Idp } from '../../sandbox/idp';
import { account, CLAIM, settingsFor, type Account } from './fixtures';

const cli = (argv: string[], env: Record<string, string | undefined>, stdin?: string): Promise<CliRun> =>
  runInProcess(['doctor', ...argv], { env, stdin });

suite('scim-jwt doctor', () => {
  let idp: Idp;
  let token: string;
  let good: Account;
  let mismatch: Account;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
    good = await account(idp);
    mismatch = await account(idp, { settings: settingsFor(idp, { value: 'not-this' }) });
  });
  suiteTeardown(async () => {
    await good.close();
    await mismatch.close();
    await idp.close();
  });

  test('exit 0 when no step fails; markdown report on stdout without the token or key', async () => {
    const r = await cli(['--base-url', good.emu.baseUrl, '--token', token], { HARNESS_API_KEY: good.emu.adminKey });
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^# Harness SCIM JWT setup check/);
    assert.match(r.out, /\| 7 \| ✓ pass \| SCIM ServiceProviderConfig and Users accept the token/);
    assert.ok(!r.out.includes(token) && !r.out.includes(good.emu.adminKey));
  });

  test('exit 1 when a step fails (claim mismatch), the fix in the output', async () => {
    const r = await cli(
      ['--base-url', mismatch.emu.baseUrl, '--token', '-'],
      { HARNESS_API_KEY: mismatch.emu.adminKey },
      `Bearer ${token}\n`,
    );
    assert.equal(r.code, 1);
    assert.match(r.out, /✗ FAIL \| The token passes Harness's rules/);
    assert.match(r.out, /\*\*Fix:\*\* Make scim_jwt_token_value_field equal/);
    assert.match(r.out, /token from standard input/);
  });

  test('a token given as "bearer eyJ…" fails the verdict step, naming the fix (issue 24)', async () => {
    const r = await cli(['--base-url', good.emu.baseUrl, '--token', `bearer ${token}`], {
      HARNESS_API_KEY: good.emu.adminKey,
    });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /Refused \(bearer-prefix\)/);
    assert.match(r.out, /\*\*Fix:\*\* In the Authorization header, write "Bearer " with a capital B and one space/);
  });

  test('--token-endpoint fetches a token with client credentials; --json prints the report', async () => {
    const r = await cli(
      [
        '--base-url',
        good.emu.baseUrl,
        '--token-endpoint',
        idp.tokenEndpoint,
        '--client-id',
        idp.clientId,
        '--resource',
        idp.resource,
        '--json',
      ],
      { HARNESS_API_KEY: good.emu.adminKey, CLIENT_SECRET: idp.clientSecret },
    );
    assert.equal(r.code, 0, r.out + r.err);
    const report = JSON.parse(r.out) as DoctorReport;
    assert.equal(report.tokenSource, `client credentials at ${idp.tokenEndpoint}`);
    assert.equal(report.steps.find((s) => s.id === 'tokenValidate')?.status, 'pass');
  });

  test("a wrong client secret is a usage error naming the provider's answer, not the secret", async () => {
    const r = await cli(
      [
        '--base-url',
        good.emu.baseUrl,
        '--token-endpoint',
        idp.tokenEndpoint,
        '--client-id',
        idp.clientId,
        '--client-secret',
        'wrong-secret-123',
      ],
      { HARNESS_API_KEY: good.emu.adminKey },
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /answered HTTP 401 invalid_client/);
    assert.ok(!r.err.includes('wrong-secret-123'));
  });

  test('exit 2, not 1, when Harness cannot be reached at all: an outage is not a broken setup', async () => {
    const r = await cli(['--base-url', 'http://127.0.0.1:1'], { HARNESS_API_KEY: good.emu.adminKey });
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.out, /refused the connection|did not answer|not reach/i);
  });

  test('a token endpoint that answers without end is cut off with an error naming it', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) {
          /* until the buffer is full */
        }
      };
      res.on('drain', pump);
      res.on('error', () => undefined);
      pump();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const endpoint = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/token`;
    try {
      const r = await cli(
        ['--base-url', good.emu.baseUrl, '--token-endpoint', endpoint, '--client-id', 'c', '--client-secret', 's'],
        { HARNESS_API_KEY: good.emu.adminKey },
      );
      assert.equal(r.code, 2);
      assert.match(
        r.err,
        /token endpoint: http:\/\/127\.0\.0\.1:\d+\/token answered HTTP 200 with more than 1024 KiB; no token response is that large, so reading stopped/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  test('exit 2 for usage mistakes: no key, no base URL, two token sources, a positional', async () => {
    const base = ['--base-url', good.emu.baseUrl];
    const cases: [string[], Record<string, string>, RegExp][] = [
      [base, {}, /set HARNESS_API_KEY/],
      [['--token', token], { HARNESS_API_KEY: good.emu.adminKey }, /--base-url URL is required/],
      [
        [...base, '--token', token, '--token-endpoint', idp.tokenEndpoint],
        { HARNESS_API_KEY: good.emu.adminKey },
        /either --token or --token-endpoint/,
      ],
      [[...base, token], { HARNESS_API_KEY: good.emu.adminKey }, /unexpected argument/],
      [base, { HARNESS_API_KEY: 'not-a-key' }, /./],
    ];
    for (const [argv, env, message] of cases) {
      const r = await cli(argv, env);
      assert.equal(r.code, 2, `${argv.join(' ')} → ${r.err}`);
      assert.match(r.err, message);
    }
  });
});
