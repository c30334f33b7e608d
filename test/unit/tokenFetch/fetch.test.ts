/**
 * Tokens fetched at run time, in each client's syntax, against a real identity provider
 * (oidc-provider) and a small token endpoint on 127.0.0.1: the verdict is the returned token's,
 * each distinct request is sent once, and each failure says what happened and what to do.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  findBearerTokens,
  parseHttpDocument,
  resolveTokens,
  type ResolveContext,
  type ResolvedBearerToken,
} from '../../../src/core/http';
import { nodeFileReader } from '../../../src/core/http/nodeFs';
import { fetchDynamicTokens, type DynamicFetchResult } from '../../../src/core/tokenFetch';
import { startIdp, type Idp } from '../../sandbox/idp';
import { materialise, type LineEnding } from './fixtures';
import { startTokenServer, type TokenServer } from './tokenServer';
import { testHttp } from '../testHttp';

interface Run {
  tokens: ResolvedBearerToken[];
  fetched: DynamicFetchResult;
}

for (const ending of ['LF', 'CRLF'] as LineEnding[]) {
  suite(`tokenFetch: dynamic tokens (${ending})`, () => {
    let idp: Idp;
    let server: TokenServer;
    let dir: string;

    suiteSetup(async () => {
      idp = await startIdp({ claims: { scim_principal: 'harness-scim' } });
      server = await startTokenServer(() => idp.getToken());
      dir = materialise(
        { IDP: idp.issuer, BASE: server.base, ID: idp.clientId, SECRET: idp.clientSecret, RESOURCE: idp.resource },
        ending,
      );
    });
    suiteTeardown(async () => {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([server.close(), idp.close()]);
    });

    async function run(file: string, extra: Partial<ResolveContext> = {}, timeoutMs = 5000): Promise<Run> {
      const documentPath = join(dir, file);
      const doc = parseHttpDocument(readFileSync(documentPath, 'utf8'));
      const ctx: ResolveContext = { documentPath, rootPath: dir, reader: nodeFileReader, ...extra };
      const found = findBearerTokens(doc);
      const before = await resolveTokens(doc, ctx, found);
      const fetched = await fetchDynamicTokens(doc, ctx, before.tokens, { timeoutMs, http: testHttp() });
      const after = await resolveTokens(doc, { ...ctx, fetched }, found);
      return { tokens: after.tokens, fetched };
    }

    function payloadOf(t: ResolvedBearerToken | undefined): Record<string, unknown> {
      assert.equal(t?.resolution.state, 'resolved', JSON.stringify(t?.resolution));
      const part = (t.resolution.value ?? '').split('.')[1] ?? '';
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    }

    test("REST Client: {{login.response.body.access_token}} and $.access_token give the IdP's token; login is sent once", async () => {
      const { tokens, fetched } = await run('rest-client-body.http');
      assert.equal(tokens.length, 2);
      for (const t of tokens) assert.equal(payloadOf(t).scim_principal, 'harness-scim');
      assert.equal(fetched.requestsSent, 1);
      const source = tokens[0]?.resolution.sources.find((s) => s.kind === 'fetched');
      assert.match(source?.kind === 'fetched' ? source.from : '', /response of login \(REST Client/);
    });

    test('REST Client: {{login.response.headers.X-Token}}', async () => {
      const { tokens } = await run('rest-client-header.http');
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
    });

    test('httpYac: {{login.access_token}} through a file variable; the ?? line is not a header', async () => {
      const { tokens } = await run('httpyac-named.http');
      assert.equal(tokens.length, 1);
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
      const doc = parseHttpDocument(readFileSync(join(dir, 'httpyac-named.http'), 'utf8'));
      assert.equal(doc.requests[1]?.url, 'https://h/ng/api/scim/account/acc/Users');
    });

    test("httpYac: # @import gives the imported file's variables and named request", async () => {
      const { tokens, fetched } = await run('httpyac-import.http');
      assert.equal(tokens.length, 1);
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
      assert.equal(tokens[0]?.resolvedUrl, `${idp.issuer}/ng/api/scim/account/acc/Users`);
      assert.equal(fetched.requestsSent, 1);
    });

    test('httpYac: Authorization: oauth2 client_credentials and openid, one grant for both headers', async () => {
      const { tokens, fetched } = await run('httpyac-oauth2.http');
      assert.equal(tokens.length, 2);
      for (const t of tokens) assert.equal(payloadOf(t).scim_principal, 'harness-scim');
      assert.equal(fetched.requestsSent, 2, 'one per distinct header value (oauth2 and openid)');
    });

    test('httpYac: a prefixed configuration sends the secret in the body; the password grant is not fetched', async () => {
      const { tokens } = await run('httpyac-oauth2-prefixed.http');
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
      const password = tokens[1];
      assert.ok(password);
      assert.equal(password.resolution.state, 'dynamic');
      assert.match(password.resolution.fetchFailure?.message ?? '', /needs the client to sign in; not fetched/);
      assert.equal(password.resolution.fetchFailure?.kind, 'sign-in');
    });

    test('JetBrains: {{$auth.token("idp")}} from Security.Auth, the secret from the private env file', async () => {
      const { tokens } = await run('jetbrains-auth.http', { environment: 'dev' });
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
      const browser = tokens[1];
      assert.ok(browser);
      assert.match(
        browser.resolution.fetchFailure?.message ?? '',
        /Authorization Code grant, which needs the client to sign in/,
      );
      assert.equal(browser.resolution.fetchFailure?.kind, 'sign-in');
    });

    test('a redirect is followed as the clients follow it: 302 after POST becomes a GET', async () => {
      const { tokens, fetched } = await run('redirect.http');
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
      assert.equal(tokens[1]?.resolution.value, 'POST');
      assert.equal(fetched.requestsSent, 1);
    });

    test('a body from a file (< as is, <@ with its variables), generated values in headers, a hand-written Content-Length', async () => {
      const before = server.hits.get('/token-body') ?? 0;
      const { tokens, fetched } = await run('file-body.http');
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
      assert.equal(payloadOf(tokens[1]).scim_principal, 'harness-scim');
      const missing = tokens[2]?.resolution.fetchFailure;
      assert.match(
        `${missing?.message ?? ''} ${missing?.hint ?? ''}`,
        /sends the file \.\/no-such-file\.txt as its body, and .*no-such-file\.txt cannot be read\. Check the path: it is relative to the \.http file/,
      );
      const custom = tokens[3]?.resolution.fetchFailure;
      assert.match(custom?.message ?? '', /cannot be sent: .*\$datetime "DD-MM-YYYY"/);
      assert.equal(
        (server.hits.get('/token-body') ?? 0) - before,
        2,
        'the two good requests were sent, once each; the others not at all',
      );
      assert.equal(fetched.requestsSent, 2);
    });

    test('failures: 401, non-JSON, too large, missing path, timeout, circular — each with what to do, no secret', async () => {
      const { tokens } = await run('failures.http', {}, 1500);
      const failure = (i: number): string => {
        const f = tokens[i]?.resolution.fetchFailure;
        assert.ok(f, `token ${i} has a failure: ${JSON.stringify(tokens[i]?.resolution)}`);
        assert.ok(f.hint !== undefined && f.hint.length > 0, 'says what to do');
        return `${f.message} ${f.hint}`;
      };
      assert.match(failure(0), /HTTP 401 invalid_client/);
      assert.match(failure(1), /not JSON/);
      assert.match(failure(2), /more than 1024 KiB/);
      assert.match(failure(3), /has no "access_token" \(it is an object with token_type, expires_in\)/);
      assert.match(failure(4), /did not answer within 1\.5 s/);
      assert.match(failure(5), /Circular dependency between named requests: ping → pong → ping/);
      for (let i = 0; i < 6; i++) assert.ok(!failure(i).includes('not-the-secret'));
    });

    test('an IdP that echoes the secret in error_description: the secret is not shown', async () => {
      const { tokens } = await run('httpyac-oauth2-prefixed.http', { processEnv: {} });
      assert.equal(payloadOf(tokens[0]).scim_principal, 'harness-scim');
      // The same endpoint with a wrong secret echoes it back.
      const documentPath = join(dir, 'httpyac-oauth2-prefixed.http');
      const text = readFileSync(documentPath, 'utf8').replace('body-secret-value', 'echoed-secret-1234');
      const doc = parseHttpDocument(text);
      const ctx: ResolveContext = { documentPath, rootPath: dir, reader: nodeFileReader };
      const before = await resolveTokens(doc, ctx);
      const fetched = await fetchDynamicTokens(doc, ctx, before.tokens, { timeoutMs: 5000, http: testHttp() });
      const message = [...fetched.failures.values()].map((f) => f.message).join(' ');
      assert.match(message, /HTTP 401 invalid_client/);
      assert.ok(!message.includes('echoed-secret-1234'), message);
    });
  });
}
