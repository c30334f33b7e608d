/**
 * Hostile input, a token does not decide where the editor connects (issue 29, class 1): *Fill from
 * a token* follows the same rule as `scim-jwt suggest`: a token naming a loopback or plain-http
 * issuer is not fetched unless the user allowed that host (the user setting
 * scimJwt.discovery.allowedHosts, handed to the controller by the panel).
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwksCache } from '../../../src/core/jwt';
import { silentLogger } from '../../../src/core/log';
import { SetupController, type SetupFormDeps, type SetupUi } from '../../../src/features/setup/setupController';
import type { ToWebview } from '../../../src/features/setup/protocol';
import { jwksJson, makeToken, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';

suite('hostile input: Fill from a token reaches only allowed hosts', () => {
  let key: TestKey;
  let server: Server;
  let base: string;
  const hits: string[] = [];

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k1' });
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/.well-known/openid-configuration')
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jwks_uri: `${base}/jwks` }));
      else if (req.url === '/jwks') res.writeHead(200, { 'content-type': 'application/json' }).end(jwksJson(key));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  suiteTeardown(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function fill(allowHosts: readonly string[] | undefined): Promise<ToWebview[]> {
    const posted: ToWebview[] = [];
    const cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
    const deps = {
      logger: silentLogger,
      getConnection: () => Promise.resolve(undefined),
      jwksCache: cache,
      openHttpScratch: () => Promise.resolve(),
      createServiceAccount: () => Promise.resolve(),
      connect: () => Promise.resolve(),
      onDidChangeConnection: () => ({ dispose: () => undefined }),
      settingsChanged: () => undefined,
    } as unknown as SetupFormDeps;
    const ui: SetupUi = {
      post: (m) => posted.push(m),
      copyText: () => Promise.resolve(),
      saveFile: () => Promise.resolve(false),
      workspaceTrusted: () => true,
      pickToken: () => Promise.resolve({ kind: 'cancelled' }),
      ...(allowHosts !== undefined ? { discoveryHosts: () => allowHosts } : {}),
    };
    const controller = new SetupController(deps, ui, undefined, undefined);
    const now = Math.floor(Date.now() / 1000);
    const token = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'k1' },
      { iss: base, iat: now - 60, exp: now + 3600, client_id: 'c1' },
      key.privateKey,
    );
    try {
      await controller.handle({ type: 'fillFromToken', token });
    } finally {
      await cache.close();
    }
    return posted;
  }

  const finalJwksUrl = (posted: ToWebview[]): unknown => {
    const last = posted.filter((m) => m.type === 'fillProposal').at(-1);
    return last?.type === 'fillProposal' ? last.proposal.jwksUrl : 'no proposal';
  };

  test('no allowance (the setting absent or empty): nothing is fetched, no JWKS URL is proposed', async () => {
    for (const allow of [undefined, []]) {
      hits.length = 0;
      const posted = await fill(allow);
      assert.deepEqual(hits, []);
      assert.equal(finalJwksUrl(posted), null, JSON.stringify(posted));
      assert.match(JSON.stringify(posted), /scimJwt\.discovery\.allowedHosts/);
    }
  });

  test('the user allowed the host: discovery and the key set are fetched', async () => {
    hits.length = 0;
    const posted = await fill([new URL(base).host]);
    assert.deepEqual(hits, ['/.well-known/openid-configuration', '/jwks']);
    assert.match(JSON.stringify(finalJwksUrl(posted)), new RegExp(`${base}/jwks`));
  });
});
