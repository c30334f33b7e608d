/** `scim-jwt scan --send-token-requests`: the fetched token's verdict; without the flag nothing is sent. */
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../cli/inProcess';
import { startProxy } from '../harness/testProxy';
import { startIdp, type Idp } from '../../sandbox/idp';
import { materialise } from './fixtures';
import { startTokenServer, type TokenServer } from './tokenServer';

suite('tokenFetch: scim-jwt scan --send-token-requests', () => {
  let idp: Idp;
  let server: TokenServer;
  let dir: string;
  const rules = (): string[] => ['--jwks-url', idp.jwksUri, '--key-field', 'scim_principal', '--value', 'harness-scim'];

  suiteSetup(async () => {
    idp = await startIdp({ claims: { scim_principal: 'harness-scim' } });
    server = await startTokenServer(() => idp.getToken());
    dir = materialise(
      { IDP: idp.issuer, BASE: server.base, ID: idp.clientId, SECRET: idp.clientSecret, RESOURCE: idp.resource },
      'LF',
    );
  });
  suiteTeardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([server.close(), idp.close()]);
  });

  test('without the flag: nothing is sent, the token is reported as fetched at run time', async () => {
    const r = await runInProcess(['scan', join(dir, 'rest-client-header.http'), ...rules()]);
    assert.equal(r.code, 0, r.err);
    assert.equal(server.hits.get('/header-token'), undefined);
    assert.match(
      r.out,
      /\? Not checked: \{\{login\.response\.headers\.X-Token\}\} comes from the response of another request/,
    );
  });

  test('with the flag: the request is sent once and the returned token gets the verdict', async () => {
    const r = await runInProcess([
      'scan',
      join(dir, 'rest-client-body.http'),
      '--send-token-requests',
      '--yes',
      ...rules(),
      '--json',
    ]);
    assert.equal(r.code, 0, r.err + r.out);
    const json = JSON.parse(r.out) as { tokenRequestsSent: number; tokens: { title: string; source: string }[] };
    assert.equal(json.tokenRequestsSent, 1);
    assert.equal(json.tokens.length, 2);
    for (const t of json.tokens) {
      assert.match(t.title, /^✓ Harness would accept/);
      assert.match(t.source, /the response of login \(REST Client: login\.response\.body\./);
    }
    assert.ok(!r.out.includes(idp.clientSecret));
  });

  test('with the flag and HTTP_PROXY: the token request goes through the proxy', async () => {
    const proxy = await startProxy();
    try {
      const r = await runInProcess(
        ['scan', join(dir, 'rest-client-header.http'), '--send-token-requests', '--yes', ...rules()],
        { env: { HTTP_PROXY: proxy.url } },
      );
      assert.equal(r.code, 0, r.err + r.out);
      assert.match(r.out, /✓ Harness would accept/);
      const host = new URL(server.base).host;
      const through = [...proxy.forwarded, ...proxy.connects];
      assert.ok(
        through.some((u) => u.startsWith(`${server.base}/header-token`) || u === host),
        through.join(', '),
      );
    } finally {
      await proxy.close();
    }
  });

  test('with the flag, a failure: exit 0 (not a refusal), the reason and what to do', async () => {
    const r = await runInProcess([
      'scan',
      join(dir, 'failures.http'),
      '--send-token-requests',
      '--yes',
      '--timeout',
      '1',
    ]);
    assert.match(
      r.out,
      /Could not get the token from wrongSecret: The request "wrongSecret" answered HTTP 401 invalid_client/,
    );
    assert.match(r.out, /Circular dependency between named requests: ping → pong → ping/);
    assert.ok(!r.out.includes('not-the-secret'));
  });
});
