/**
 * Hostile input, absurd numbers and options (issue 19, defect 8): numbers beyond a double in
 * claims, timeouts Node cannot arm, and a proxy that refuses the connection. Each case: an exit
 * code, the words a person reads, a time bound.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from '../cli/inProcess';
import { jwksJson, NOW, NOW_S, rsaKey, type TestKey } from '../jwt/fixtures';
import { prng, signedRaw, within } from './helpers';

const HEADER = '{"alg":"RS256","typ":"JWT","kid":"k"}';

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

suite('hostile input: absurd numbers and options', () => {
  let dir: string;
  let key: TestKey;
  let jwksFile: string;
  const rules = ['--key-field', 'client_id', '--value', 'harness-scim', '--at', NOW.toISOString()];

  suiteSetup(() => {
    key = rsaKey(2048, { kid: 'k' });
    dir = mkdtempSync(join(tmpdir(), 'hostile-numbers-'));
    jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, jwksJson(key));
  });
  suiteTeardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('exp 1e400 is read as jose4j reads it (the largest long: never expires), not "a number (null)"', async () => {
    const token = signedRaw(HEADER, '{"client_id":"harness-scim","exp":1e400}', key.privateKey);
    const r = await within(3000, 'verify', () => runInProcess(['verify', token, '--jwks-file', jwksFile, ...rules]));
    assert.equal(r.code, 0, r.out + r.err);
    assert.doesNotMatch(r.out, /\(null\)|NaN|Infinity seconds/);
    assert.match(r.out, /never expires/);
    assert.match(r.out, /exp: Infinity {2}a number too large for any date/);
    const d = await runInProcess(['decode', token]);
    assert.equal(d.code, 0);
    assert.doesNotMatch(d.out, /null/);
  });

  test('exp -1e400 has expired long ago; nbf 1e400 comes after exp, which jose4j refuses first', async () => {
    const past = await runInProcess([
      'verify',
      signedRaw(HEADER, '{"client_id":"harness-scim","exp":-1e400}', key.privateKey),
      '--jwks-file',
      jwksFile,
      ...rules,
    ]);
    assert.equal(past.code, 1);
    assert.match(past.out, /REFUSED \(expired\)/);
    const future = await runInProcess([
      'verify',
      signedRaw(HEADER, `{"client_id":"harness-scim","exp":${NOW_S + 60},"nbf":1e400}`, key.privateKey),
      '--jwks-file',
      jwksFile,
      ...rules,
    ]);
    assert.equal(future.code, 1);
    assert.match(future.out, /REFUSED \(malformed\): exp is earlier than nbf/);
  });

  test('seeded absurd numeric claims never crash or print null for a number: exit 0 or 1 within 3 s each', async () => {
    const next = prng(8);
    const pool = [
      '1e400',
      '-1e400',
      '1e308',
      '-0',
      '0.0000001',
      '9223372036854775807',
      '9223372036854775808',
      '1e-400',
      '123456789012345678901234567890',
    ];
    for (let i = 0; i < 20; i++) {
      const pick = (): string => pool[Math.floor(next() * pool.length)] ?? '0';
      const token = signedRaw(
        HEADER,
        `{"client_id":"harness-scim","exp":${pick()},"nbf":${pick()},"iat":${pick()}}`,
        key.privateKey,
      );
      const r = await within(3000, `verify #${i}`, () =>
        runInProcess(['verify', token, '--jwks-file', jwksFile, ...rules]),
      );
      assert.ok(r.code === 0 || r.code === 1, r.err);
      assert.doesNotMatch(r.out, /number \(null\)/);
    }
  });

  for (const t of ['716000', 'Infinity', '0.1234', '0', '-1', '1e3', 'NaN', '', ' ', '3601', '99999999999']) {
    test(`--timeout ${JSON.stringify(t)} is a usage error (exit 2, one line), for verify and scan`, async () => {
      const token = signedRaw(HEADER, `{"client_id":"harness-scim","exp":${NOW_S + 60}}`, key.privateKey);
      const http = join(dir, 'x.http');
      writeFileSync(http, `GET https://h/x\nAuthorization: Bearer ${token}\n`);
      for (const argv of [
        ['verify', token, '--jwks-url', 'http://127.0.0.1:9/jwks', ...rules, '--timeout', t],
        ['scan', http, '--jwks-url', 'http://127.0.0.1:9/jwks', ...rules, '--timeout', t],
      ]) {
        const r = await within(2000, argv[0] ?? '', () => runInProcess(argv));
        assert.equal(r.code, 2, r.out + r.err);
        assert.match(
          r.err,
          /^scim-jwt: (--timeout .* is not a number of seconds between 0\.001 and 3600|Option '--timeout' argument is ambiguous)/,
        );
        assert.equal(r.err.trim().split('\n').length, 1);
      }
    });
  }

  test('--timeout 0.5 and 3600 are accepted', async () => {
    const token = signedRaw(HEADER, `{"client_id":"harness-scim","exp":${NOW_S + 60}}`, key.privateKey);
    for (const t of ['0.5', '3600', '2.125']) {
      const r = await runInProcess(['verify', token, '--jwks-file', jwksFile, ...rules, '--timeout', t]);
      assert.equal(r.code, 0, r.out + r.err);
    }
  });

  test('a proxy that refuses the connection is named, not the key-set host', async () => {
    const port = await closedPort();
    const token = signedRaw(HEADER, `{"client_id":"harness-scim","exp":${NOW_S + 60}}`, key.privateKey);
    for (const url of ['http://keys.example.test/jwks', 'https://keys.example.test/jwks']) {
      const r = await within(5000, 'verify through a dead proxy', () =>
        runInProcess(['verify', token, '--jwks-url', url, ...rules], {
          env: { HTTP_PROXY: `http://127.0.0.1:${port}`, HTTPS_PROXY: `http://127.0.0.1:${port}` },
        }),
      );
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, new RegExp(`The proxy 127\\.0\\.0\\.1:${port} refused the connection`));
      assert.match(r.out, /keys\.example\.test was not reached/);
      assert.doesNotMatch(r.out, /keys\.example\.test refused/);
    }
  });
});
