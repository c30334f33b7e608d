/**
 * Tokens set by response handlers (issue 28): JetBrains `client.global.set(…)`, inline or in a
 * handler file, and httpYac `$global.x = response.parsedBody…`. Recognised from the text, never run;
 * fetched from a real endpoint on 127.0.0.1 only when asked, and the dependent headers judged.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  describeResolution,
  findBearerTokens,
  parseHttpDocument,
  resolveTokens,
  type ResolveContext,
  type ResolvedBearerToken,
} from '../../../src/core/http';
import { nodeFileReader } from '../../../src/core/http/nodeFs';
import { setsOfHandler } from '../../../src/core/http/scriptSets';
import {
  dynamicSourcesOf,
  fetchDynamicTokens,
  requestNamesOf,
  type DynamicFetchResult,
} from '../../../src/core/tokenFetch';
import { runInProcess } from '../cli/inProcess';
import { startIdp, type Idp } from '../../sandbox/idp';
import { FIXTURES, materialise, type LineEnding } from './fixtures';
import { startTokenServer, type TokenServer } from './tokenServer';
import { testHttp } from '../testHttp';

for (const ending of ['LF', 'CRLF'] as LineEnding[]) {
  suite(`tokenFetch: response handlers (${ending})`, () => {
    let idp: Idp;
    let server: TokenServer;
    let dir: string;
    const rules = (): string[] => [
      '--jwks-url',
      idp.jwksUri,
      '--key-field',
      'scim_principal',
      '--value',
      'harness-scim',
    ];

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

    async function before(file: string): Promise<{ tokens: ResolvedBearerToken[]; ctx: ResolveContext }> {
      const documentPath = join(dir, file);
      const doc = parseHttpDocument(readFileSync(documentPath, 'utf8'));
      const ctx: ResolveContext = { documentPath, rootPath: dir, reader: nodeFileReader };
      return { tokens: (await resolveTokens(doc, ctx)).tokens, ctx };
    }

    async function fetched(file: string): Promise<{ tokens: ResolvedBearerToken[]; result: DynamicFetchResult }> {
      const documentPath = join(dir, file);
      const doc = parseHttpDocument(readFileSync(documentPath, 'utf8'));
      const ctx: ResolveContext = { documentPath, rootPath: dir, reader: nodeFileReader };
      const found = findBearerTokens(doc);
      const first = await resolveTokens(doc, ctx, found);
      const result = await fetchDynamicTokens(doc, ctx, first.tokens, { timeoutMs: 5000, http: testHttp() });
      const after = await resolveTokens(doc, { ...ctx, fetched: result }, found);
      return { tokens: after.tokens, result };
    }

    function principal(t: ResolvedBearerToken | undefined): unknown {
      assert.equal(t?.resolution.state, 'resolved', JSON.stringify(t?.resolution));
      const part = (t.resolution.value ?? '').split('.')[1] ?? '';
      return (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>).scim_principal;
    }

    test('JetBrains inline handler: before fetching, each token names the request and the path; nothing sent', async () => {
      const hitsBefore = server.hits.get('/nested') ?? 0;
      const { tokens } = await before('jetbrains-handler.http');
      assert.equal(tokens.length, 2);
      for (const t of tokens) assert.equal(t.resolution.state, 'dynamic');
      assert.match(
        describeResolution(tokens[0]!.resolution),
        /\{\{token\}\} is set from the response of the request "Login" \(JetBrains HTTP Client handler, body data\.token\)/,
      );
      assert.match(describeResolution(tokens[1]!.resolution), /body \["session"\]\["access_token"\]/);
      const doc = parseHttpDocument(readFileSync(join(dir, 'jetbrains-handler.http'), 'utf8'));
      const sources = dynamicSourcesOf(tokens[0]!, requestNamesOf([doc]));
      assert.deepEqual(
        sources.map((s) => (s.kind === 'response' ? [s.requestName, s.part, s.path, s.reference] : [])),
        [['Login', 'body', 'data.token', 'token']],
      );
      assert.equal(server.hits.get('/nested') ?? 0, hitsBefore);
    });

    test('JetBrains inline handler: fetched once for both tokens, and both are judged', async () => {
      const { tokens, result } = await fetched('jetbrains-handler.http');
      assert.equal(result.requestsSent, 1);
      for (const t of tokens) assert.equal(principal(t), 'harness-scim');
      const source = tokens[0]?.resolution.sources.find((s) => s.kind === 'fetched');
      assert.match(source?.kind === 'fetched' ? source.from : '', /response of Login \(JetBrains HTTP Client: token\)/);
    });

    test('JetBrains handler file: read from the folder, not run; the unnamed request is the source', async () => {
      const { tokens, result } = await fetched('jetbrains-handler-file.http');
      assert.equal(result.requestsSent, 1);
      assert.equal(principal(tokens[0]), 'harness-scim');
    });

    test('JetBrains globals are shared: another file of the folder fetches from the handler request of its sibling', async () => {
      const { tokens: waiting } = await before('jetbrains-shared.http');
      assert.match(
        describeResolution(waiting[0]!.resolution),
        /is set from the response of the request "Login" in jetbrains-handler\.http/,
      );
      const { tokens, result } = await fetched('jetbrains-shared.http');
      assert.equal(result.requestsSent, 1);
      assert.equal(result.plan.requests.length, 1);
      assert.equal(principal(tokens[0]), 'harness-scim');
    });

    test('httpYac $global assignment: fetched from the sign-in request; a JavaScript {{…}} is set by a script, not run', async () => {
      const { tokens, result } = await fetched('httpyac-global.http');
      assert.equal(result.requestsSent, 1);
      assert.equal(principal(tokens[0]), 'harness-scim');
      assert.equal(tokens[1]?.resolution.state, 'dynamic');
      assert.match(describeResolution(tokens[1].resolution), /is set by a script; not run/);
      assert.doesNotMatch(describeResolution(tokens[1].resolution), /generated when the request is sent/);
    });

    test('httpYac one-line {{ $global.x = response… }} and $global["x"]: each request is the source; a call in it is not run', async () => {
      const hitsBefore = server.hits.get('/nested') ?? 0;
      const { tokens: waiting } = await before('httpyac-global-oneline.http');
      assert.deepEqual(
        waiting.map((t) => t.resolution.state),
        ['dynamic', 'dynamic', 'unresolved'],
      );
      assert.match(
        describeResolution(waiting[0]!.resolution),
        /request "signin" \(httpYac handler, body session\.access_token\)/,
      );
      assert.match(
        describeResolution(waiting[1]!.resolution),
        /request at line 11 \(httpYac handler, body data\.token\)/,
      );
      assert.match(
        describeResolution(waiting[2]!.resolution),
        /\{\{third\}\} is not defined: .*set by a script; not run/,
      );
      assert.equal(server.hits.get('/nested') ?? 0, hitsBefore, 'nothing is sent before the click or the flag');
      const { tokens, result } = await fetched('httpyac-global-oneline.http');
      assert.equal(result.requestsSent, 2);
      assert.equal(server.hits.get('/nested') ?? 0, hitsBefore + 2);
      assert.equal(principal(tokens[0]), 'harness-scim');
      assert.equal(principal(tokens[1]), 'harness-scim');
      assert.equal(tokens[2]?.resolution.state, 'unresolved');
    });

    test('not the plain idiom (a condition): nothing recognised, nothing sent', async () => {
      const hitsBefore = server.hits.get('/nested') ?? 0;
      const { tokens, result } = await fetched('jetbrains-handler-script.http');
      assert.equal(result.requestsSent, 0);
      assert.equal(tokens[0]?.resolution.state, 'unresolved');
      assert.match(describeResolution(tokens[0].resolution), /set by a script; not run/);
      assert.equal(server.hits.get('/nested') ?? 0, hitsBefore);
    });

    test('scan: without the flag the endpoint sees no request; with --send-token-requests --yes the token is judged', async () => {
      const hitsBefore = server.hits.get('/nested') ?? 0;
      const without = await runInProcess(['scan', join(dir, 'jetbrains-handler.http'), ...rules()]);
      assert.equal(without.code, 0, without.err);
      assert.equal(server.hits.get('/nested') ?? 0, hitsBefore, 'nothing is sent without the flag');
      assert.match(without.out, /is set from the response of the request "Login"/);
      const withFlag = await runInProcess([
        'scan',
        join(dir, 'httpyac-global.http'),
        '--send-token-requests',
        '--yes',
        ...rules(),
      ]);
      assert.equal(withFlag.code, 0, withFlag.err + withFlag.out);
      assert.match(withFlag.out, /✓ Harness would accept/);
      assert.equal(server.hits.get('/nested') ?? 0, hitsBefore + 1);
    });
  });
}

suite("sandbox sample: the JetBrains handler file's lens names the login request", () => {
  const sample = resolve(FIXTURES, '../../../sandbox/sample/workspace/04-jetbrains-handler.http');
  for (const ending of ['LF', 'CRLF'] as LineEnding[]) {
    test(ending, async () => {
      let text = readFileSync(sample, 'utf8').replace(/%%([A-Z_]+)%%/g, 'http://127.0.0.1:9');
      if (ending === 'CRLF') text = text.replace(/\r?\n/g, '\r\n');
      const doc = parseHttpDocument(text);
      const { tokens } = await resolveTokens(doc);
      assert.equal(tokens.length, 1);
      const sources = dynamicSourcesOf(tokens[0]!, requestNamesOf([doc]));
      assert.deepEqual(
        sources.map((s) => (s.kind === 'response' ? [s.requestName, s.path] : [])),
        [['Login', 'access_token']],
      );
    });
  }
});

suite('http: recognising response handlers without running them', () => {
  const jb = (code: string): string =>
    JSON.stringify(setsOfHandler({ client: 'JetBrains HTTP Client', range: r0(), code }, code, 1));
  const r0 = () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

  test('the plain idiom, its spellings and a literal', () => {
    assert.match(jb('> {% client.global.set("t", response.body.access_token); %}'), /"path":"access_token"/);
    assert.match(jb("> {% client.global.set('t', response.body['a-b'][0].c) %}"), /"path":"\['a-b'\]\[0\]\.c"/);
    assert.match(jb('> {% client.global.set("t", "lit\\"eral"); %}'), /"kind":"literal".*"value":"lit\\"eral"/);
  });

  test('anything else sets nothing', () => {
    for (const code of [
      '> {% client.global.set("t", response.body.a + "x"); %}',
      '> {% client.global.set("t", response.headers.valueOf("X")); %}',
      '> {% if (response.status === 200) client.global.set("t", response.body.a); %}',
      '> {% client.global.set("t", response.body.a); client.test("x", () => {}); %}',
      '> {% client.global.set(name, response.body.a); %}',
    ])
      assert.equal(jb(code), '[]', code);
  });

  test('a literal set resolves to its value, from the handler', async () => {
    const text =
      'POST https://idp/token\n\n> {% client.global.set("tok", "abc.def.ghi"); %}\n\n###\nGET https://h/x\nAuthorization: Bearer {{tok}}\n';
    for (const t of [text, text.replace(/\n/g, '\r\n')]) {
      const res = await resolveTokens(parseHttpDocument(t));
      assert.equal(res.tokens[0]?.resolution.value, 'abc.def.ghi');
      assert.match(
        describeResolution(res.tokens[0].resolution),
        /client\.global\.set\("tok", …\) after the request at line 1/,
      );
    }
  });

  test('a handler file outside the folder is not read', async () => {
    const text = 'POST https://idp/token\n\n> ../outside.js\n\n###\nGET https://h/x\nAuthorization: Bearer {{t}}\n';
    let read = 0;
    const res = await resolveTokens(parseHttpDocument(text), {
      documentPath: '/w/a/f.http',
      reader: {
        readFile: (p: string) => {
          if (p.endsWith('.js')) read++;
          return Promise.resolve(p.endsWith('.js') ? 'client.global.set("t", response.body.a)' : undefined);
        },
      },
    });
    assert.ok(res.warnings.some((w) => w.includes('outside the folder')));
    assert.equal(res.tokens[0]?.resolution.state, 'unresolved');
    assert.equal(read, 0);
  });
});
