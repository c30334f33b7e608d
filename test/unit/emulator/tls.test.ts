/**
 * The emulator and the IdP over HTTPS with a certificate from the test CA, advertised under a public
 * name: what tests of the company-proxy / company-CA path stand on. A client trusting the CA gets
 * answers; one that does not is refused with a certificate error, as with a real company CA.
 */
import * as assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { networkErrorCode } from '../../../src/core/net';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { startIdp } from '../../sandbox/idp';
import { testCertificates } from '../../sandbox/tlsFixtures';

const tls = testCertificates();

// Stands for the company's DNS or proxy: the *.emulator.test names resolve nowhere else.
const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/** GET over node:https, trusting only `ca`, with *.emulator.test resolved to 127.0.0.1. */
function getTrusting(
  ca: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, lookup: toLoopback, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

suite('emulator and IdP over HTTPS with the test CA', () => {
  let emu: Emulator;
  suiteSetup(async () => {
    emu = await startEmulator({ tls: tls.server });
  });
  suiteTeardown(async () => {
    await emu.close();
  });

  test('a client trusting the test CA gets answers; baseUrl is https on 127.0.0.1', async () => {
    assert.match(emu.baseUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    const agent = new Agent({ connect: { ca: tls.ca } });
    try {
      const res = await request(`${emu.baseUrl}/ng/api/accounts/${emu.accountId}`, {
        dispatcher: agent,
        headers: { 'x-api-key': emu.adminKey },
      });
      assert.equal(res.statusCode, 200);
      const body = (await res.body.json()) as { data?: { identifier?: string } };
      assert.equal(body.data?.identifier, emu.accountId);
    } finally {
      await agent.close();
    }
  });

  test('a client without the test CA is refused with a certificate error and the request never arrives', async () => {
    const before = emu.requestCount();
    const agent = new Agent();
    try {
      await assert.rejects(
        request(`${emu.baseUrl}/ng/api/accounts/${emu.accountId}`, { dispatcher: agent }),
        (e: unknown) => {
          assert.equal(networkErrorCode(e), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
          return true;
        },
      );
    } finally {
      await agent.close();
    }
    assert.equal(emu.requestCount(), before);
  });

  test('publicHost: baseUrl names the public host, which the certificate covers, while the emulator listens on 127.0.0.1', async () => {
    const named = await startEmulator({ tls: tls.server, publicHost: 'harness.emulator.test' });
    try {
      assert.match(named.baseUrl, /^https:\/\/harness\.emulator\.test:\d+$/);
      const res = await getTrusting(tls.ca, `${named.baseUrl}/ng/api/accounts/${named.accountId}`, {
        'x-api-key': named.adminKey,
      });
      assert.equal(res.status, 200, res.text);
    } finally {
      await named.close();
    }
  });

  test('publicHost without tls: baseUrl is http with the public host', async () => {
    const named = await startEmulator({ publicHost: 'harness.emulator.test' });
    try {
      assert.match(named.baseUrl, /^http:\/\/harness\.emulator\.test:\d+$/);
    } finally {
      await named.close();
    }
  });

  test('the IdP with tls and publicHost: issuer, JWKS URL and tokens name the public https origin; its JWKS answers a client trusting the CA', async () => {
    const idp = await startIdp({
      tls: tls.server,
      publicHost: 'idp.emulator.test',
      claims: { scim_client: 'harness-scim' },
    });
    try {
      assert.match(idp.issuer, /^https:\/\/idp\.emulator\.test:\d+$/);
      assert.equal(idp.jwksUri, `${idp.issuer}/jwks`);
      assert.equal(idp.tokenEndpoint, `${idp.issuer}/token`);
      const token = await idp.getToken();
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        iss?: string;
        scim_client?: string;
      };
      assert.equal(payload.iss, idp.issuer);
      assert.equal(payload.scim_client, 'harness-scim');
      const jwks = await getTrusting(tls.ca, idp.jwksUri);
      assert.equal(jwks.status, 200);
      const kids = (JSON.parse(jwks.text) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
      assert.deepEqual(kids, [idp.currentKid()]);
    } finally {
      await idp.close();
    }
  });
});
