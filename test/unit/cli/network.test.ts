/**
 * The CLI behind a company network: an authenticating proxy from HTTPS_PROXY / HTTP_PROXY (with
 * the credentials in its URL), a company CA from --ca-file or NODE_EXTRA_CA_CERTS, and the
 * failure when the CA is missing. The emulator and the key-set host have names no DNS knows; only
 * the test proxy maps them to 127.0.0.1, so an answer proves the request went through it.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';
import { startProxy, type TestProxy } from '../../sandbox/proxy';
import { testCertificates } from '../../sandbox/tlsFixtures';
import { runInProcess, type CliRun } from './inProcess';

const CREDENTIALS = { username: 'corp user', password: 'p@ss:w0rd/7f3a' };
const HOSTS = { 'harness.emulator.test': '127.0.0.1', 'idp.emulator.test': '127.0.0.1' };
const RULES = ['--key-field', 'scim_app', '--value', 'harness-scim'];

function withCredentials(proxyUrl: string, username: string, password: string): string {
  const url = new URL(proxyUrl);
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password);
  return url.href;
}

const printed = (r: CliRun): string => r.out + r.err;

suite('scim-jwt behind a company network', () => {
  suite('an authenticating proxy from the environment', () => {
    let proxy: TestProxy;
    let emulator: Emulator;
    let idp: Idp;
    suiteSetup(async () => {
      proxy = await startProxy({ credentials: CREDENTIALS, hosts: HOSTS });
      emulator = await startEmulator({ publicHost: 'harness.emulator.test' });
      idp = await startIdp({ publicHost: 'idp.emulator.test', claims: { scim_app: 'harness-scim' } });
    });
    suiteTeardown(async () => {
      await idp.close();
      await emulator.close();
      await proxy.close();
    });
    setup(() => {
      proxy.seen.length = 0;
    });

    test('with the credentials in HTTPS_PROXY: the key set, Harness and SCIM are reached through it', async () => {
      const env = { HTTP_PROXY: withCredentials(proxy.url, CREDENTIALS.username, CREDENTIALS.password) };
      const token = await idp.getToken();
      const verify = await runInProcess(['verify', token, '--jwks-url', idp.jwksUri, ...RULES], { env });
      assert.equal(verify.code, 0, printed(verify));
      const doctor = await runInProcess(['doctor', '--base-url', emulator.baseUrl, '--json'], {
        env: { ...env, HARNESS_API_KEY: emulator.adminKey },
      });
      assert.notEqual(doctor.code, 2, printed(doctor));
      const targets = proxy.seen.map((s) => s.target);
      assert.ok(
        targets.some((t) => t.includes('idp.emulator.test')),
        JSON.stringify(targets),
      );
      assert.ok(
        targets.some((t) => t.includes('harness.emulator.test')),
        JSON.stringify(targets),
      );
      assert.ok(proxy.seen.every((s) => s.authorized));
      for (const r of [verify, doctor])
        assert.ok(
          !printed(r).includes(CREDENTIALS.password) && !printed(r).includes(encodeURIComponent(CREDENTIALS.password)),
        );
    });

    test('without credentials or with wrong ones: the 407 is named, the fix given, and the password never printed', async () => {
      for (const proxyUrl of [proxy.url, withCredentials(proxy.url, CREDENTIALS.username, 'wrong-secret-91')]) {
        const env = { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, HARNESS_API_KEY: emulator.adminKey };
        const doctor = await runInProcess(['doctor', '--base-url', emulator.baseUrl], { env });
        assert.equal(doctor.code, 2, printed(doctor));
        assert.match(printed(doctor), /proxy 127\.0\.0\.1:\d+ asked for credentials \(HTTP 407\)/);
        assert.match(printed(doctor), /HTTPS_PROXY=http:\/\/user:password@proxy:port/);
        const verify = await runInProcess(['verify', 'x.y.z', '--jwks-url', idp.jwksUri, ...RULES], { env });
        assert.ok(!printed(doctor).includes('wrong-secret-91') && !printed(verify).includes('wrong-secret-91'));
      }
      assert.ok(proxy.seen.length > 0 && proxy.seen.every((s) => !s.authorized));
    });
  });

  suite('HTTPS with a company CA', () => {
    let emulator: Emulator;
    let dir: string;
    let caFile: string;
    suiteSetup(async () => {
      const certs = testCertificates();
      emulator = await startEmulator({ tls: certs.server });
      dir = mkdtempSync(join(tmpdir(), 'scim-jwt-ca-'));
      caFile = join(dir, 'company-ca.pem');
      writeFileSync(caFile, certs.ca);
    });
    suiteTeardown(async () => {
      rmSync(dir, { recursive: true, force: true });
      await emulator.close();
    });

    test('--ca-file trusts the company CA: Harness is reached', async () => {
      const r = await runInProcess(['doctor', '--base-url', emulator.baseUrl, '--ca-file', caFile], {
        env: { HARNESS_API_KEY: emulator.adminKey },
      });
      assert.notEqual(r.code, 2, printed(r));
      assert.doesNotMatch(printed(r), /not trusted/);
    });

    test('NODE_EXTRA_CA_CERTS trusts it too (read by Node at start, so the compiled bin is run)', async () => {
      const bin = resolve(__dirname, '../../../src/cli/bin.js');
      const env = { PATH: process.env.PATH ?? '', HARNESS_API_KEY: emulator.adminKey, NODE_EXTRA_CA_CERTS: caFile };
      const r = await new Promise<{ code: number; out: string }>((done) => {
        execFile(
          process.execPath,
          [bin, 'doctor', '--base-url', emulator.baseUrl],
          { env },
          (error, stdout, stderr) => {
            done({ code: typeof error?.code === 'number' ? error.code : 0, out: stdout + stderr });
          },
        );
      });
      assert.notEqual(r.code, 2, r.out);
      assert.doesNotMatch(r.out, /not trusted/);
    });

    test('without the CA: the certificate problem is named, with --ca-file as the fix', async () => {
      const r = await runInProcess(['doctor', '--base-url', emulator.baseUrl], {
        env: { HARNESS_API_KEY: emulator.adminKey },
      });
      assert.equal(r.code, 2, printed(r));
      assert.match(
        printed(r),
        /certificate of 127\.0\.0\.1:\d+ is not trusted here \((UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\)/,
      );
      assert.match(printed(r), /--ca-file/);
    });

    test('--ca-file must name a readable PEM certificate', async () => {
      const notPem = join(dir, 'not.pem');
      writeFileSync(notPem, 'hello');
      for (const [file, why] of [
        [join(dir, 'missing.pem'), /cannot read it \(ENOENT\)/],
        [notPem, /no PEM certificate in it/],
        [dir, /cannot read it|not a file/],
      ] as const) {
        const r = await runInProcess(['doctor', '--base-url', emulator.baseUrl, '--ca-file', file], {
          env: { HARNESS_API_KEY: emulator.adminKey },
        });
        assert.equal(r.code, 2);
        assert.match(r.err, why);
      }
    });
  });
});
