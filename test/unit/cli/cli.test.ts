/** The `scim-jwt` command line: in-process through runCli, and the compiled bin for real exit codes. */
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProxy } from '../harness/testProxy';
import { runInProcess, type CliRun } from './inProcess';
import { goodPayload, jwksJson, makeToken, NOW_S, rsaKey, type TestKey } from '../jwt/fixtures';

const cli = (argv: string[], stdin?: string): Promise<CliRun> => runInProcess(argv, { stdin });

suite('scim-jwt cli', () => {
  let dir: string;
  let jwksFile: string;
  let key: TestKey;
  let good: string;
  let server: Server;
  let jwksUrl: string;
  const rules = ['--key-field', 'client_id', '--value', 'harness-scim'];

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k' });
    // Valid from now for an hour, so the spawned bin (which judges "now") accepts it.
    const now = Math.floor(Date.now() / 1000);
    good = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'k' },
      goodPayload({ iat: now, exp: now + 3600 }),
      key.privateKey,
    );
    dir = mkdtempSync(join(tmpdir(), 'scim-jwt-cli-'));
    jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, jwksJson(key));
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwksJson(key)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  suiteTeardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  test('help for the tool and for each command', async () => {
    const top = await cli(['--help']);
    assert.equal(top.code, 0);
    assert.match(top.out, /decode/);
    assert.match(top.out, /verify/);
    for (const argv of [
      ['help', 'verify'],
      ['verify', '--help'],
    ]) {
      const r = await cli(argv);
      assert.equal(r.code, 0);
      assert.match(r.out, /--jwks-url URL/);
    }
    assert.match((await cli(['decode', '--help'])).out, /Usage: scim-jwt decode/);
    assert.equal((await cli([])).code, 2);
  });

  test('usage mistakes: exit 2 with one line and no stack trace', async () => {
    for (const argv of [
      ['frobnicate'],
      ['verify', good, '--bogus'],
      ['verify', good, '--jwks-file', jwksFile],
      ['verify', good, ...rules],
      ['verify', good, '--jwks-file', jwksFile, '--jwks-url', jwksUrl, ...rules],
      ['verify', good, '--jwks-file', jwksFile, ...rules, '--at', 'yesterday'],
    ]) {
      const r = await cli(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.doesNotMatch(r.err, /\n\s+at /);
      assert.match(r.err, /^scim-jwt: /);
    }
  });

  test('verify: accepted with a key set file', async () => {
    const r = await cli(['verify', good, '--jwks-file', jwksFile, ...rules]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^ACCEPTED/);
    assert.match(r.out, /\[pass\] Signature verifies/);
  });

  test('verify: a key set "file" that never ends (/dev/zero) is read only up to the cap', async () => {
    const r = await cli(['verify', good, '--jwks-file', '/dev/zero', ...rules]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /REFUSED \(jwks-invalid\)/);
  });

  test('scan: a .http "file" that never ends is refused with a reason, not read into memory', async () => {
    const r = await cli(['scan', '/dev/zero']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^scim-jwt: \/dev\/zero is larger than 32 MiB/);
  });

  test('verify: refused names the reason and exits 1', async () => {
    const r = await cli(['verify', good, '--jwks-file', jwksFile, '--key-field', 'client_id', '--value', 'other']);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /REFUSED \(claim-mismatch\): Claim "client_id" is "harness-scim", but the setting wants "other"/,
    );
    assert.match(r.out, /400 INVALID_INPUT_SET/);
    assert.ok(!r.out.includes(good), 'the whole token is never printed');
  });

  test('verify --json prints the verdict object; the token can come from stdin with "Bearer "', async () => {
    const r = await cli(['verify', '-', '--jwks-url', jwksUrl, ...rules, '--json'], `Bearer ${good}\n`);
    assert.equal(r.code, 0, r.err);
    const v = JSON.parse(r.out) as { accepted: boolean; code: string; checks: unknown[] };
    assert.equal(v.accepted, true);
    assert.equal(v.code, 'ok');
    assert.ok(v.checks.length > 5);
  });

  test('verify judges "bearer eyJ…" as Harness reads that header: refused, with the fix', async () => {
    for (const given of [`bearer ${good}`, `Authorization: BEARER ${good}`, `Bearer\t${good}`]) {
      const r = await cli(['verify', given, '--jwks-file', jwksFile, ...rules]);
      assert.equal(r.code, 1, given.slice(0, 20));
      assert.match(r.out, /REFUSED \(bearer-prefix\)/);
      assert.match(r.out, /a capital B and one space/);
    }
    assert.equal((await cli(['verify', `Bearer ${good}`, '--jwks-file', jwksFile, ...rules])).code, 0);
  });

  test('verify judges a token as it travels in the Authorization header: a control character is a 400', async () => {
    const r = await cli(['verify', good.replace(/(.{5})$/, '\u0002$1'), '--jwks-file', jwksFile, ...rules]);
    assert.equal(r.code, 1);
    assert.match(r.out, /control character U\+0002/);
    assert.match(r.out, /400/);
  });

  test('verify --at judges at another time', async () => {
    const expired = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'k' },
      goodPayload({ iat: NOW_S - 7200, exp: NOW_S - 3600 }),
      key.privateKey,
    );
    assert.equal((await cli(['verify', expired, '--jwks-file', jwksFile, ...rules])).code, 1);
    const r = await cli([
      'verify',
      expired,
      '--jwks-file',
      jwksFile,
      ...rules,
      '--at',
      new Date((NOW_S - 5000) * 1000).toISOString(),
    ]);
    assert.equal(r.code, 0, r.out);
  });

  test('verify with an unreadable key set file is an I/O error (2)', async () => {
    const r = await cli(['verify', good, '--jwks-file', join(dir, 'missing.json'), ...rules]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no such file/);
  });

  test('verify with no token on stdin is a usage error', async () => {
    const r = await cli(['verify', '--jwks-file', jwksFile, ...rules]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no token/);
  });

  test('decode shows claims with ISO and relative times', async () => {
    const r = await cli(['decode', good]);
    assert.equal(r.code, 0);
    assert.match(r.out, /typ: "JWT"/);
    assert.match(r.out, /exp: \d+ {2}\d{4}-\d\d-\d\dT.*\(in (60 minutes|1 hour)\)/);
    const bad = await cli(['decode', 'not-a-token']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /3 dot-separated parts/);
    const json = JSON.parse((await cli(['decode', good, '--json'])).out) as { payload: { client_id: string } };
    assert.equal(json.payload.client_id, 'harness-scim');
  });

  test('verify fetches the key set through HTTP_PROXY when one is set', async () => {
    const proxy = await startProxy();
    try {
      const r = await runInProcess(['verify', good, '--jwks-url', jwksUrl, ...rules], {
        env: { HTTP_PROXY: proxy.url },
      });
      assert.equal(r.code, 0, r.out + r.err);
      // undici tunnels plain http through CONNECT too; either way the proxy carried it.
      assert.deepEqual([...proxy.connects, ...proxy.forwarded.map((u) => new URL(u).host)], [new URL(jwksUrl).host]);
    } finally {
      await proxy.close();
    }
  });

  test('the compiled bin stops quietly with 2 when its reader goes away (| head)', async () => {
    const bin = resolve(__dirname, '../../../src/cli/bin.js');
    const child = spawn(process.execPath, [bin, 'decode', good, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((done) => {
      child.on('exit', done);
    });
    assert.equal(code, 2);
    assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
  });

  test('the compiled bin exits 0, 1 and 2 end to end', async () => {
    const bin = resolve(__dirname, '../../../src/cli/bin.js');
    const run = (args: string[]): Promise<number> =>
      new Promise((done) => {
        const child = execFile(process.execPath, [bin, ...args], { timeout: 15000 }, () => undefined);
        child.on('exit', (code) => {
          done(code ?? -1);
        });
      });
    assert.equal(await run(['verify', good, '--jwks-url', jwksUrl, ...rules]), 0);
    assert.equal(
      await run(['verify', good, '--jwks-file', jwksFile, '--key-field', 'client_id', '--value', 'nope']),
      1,
    );
    assert.equal(await run(['verify', good, '--nonsense']), 2);
  });
});
