/** Hover and report text: claim times in three forms, every check, and never the token or its signature. */
import * as assert from 'node:assert/strict';
import {
  firstSentence,
  hoverMarkdown,
  inspectHttpText,
  mdCode,
  reportMarkdown,
  type RulesChoice,
} from '../../../src/core/inspect';
import { JwksCache } from '../../../src/core/jwt';
import { startJwksHost, type JwksHost } from '../emulator/helpers';
import { goodPayload, jwksJson, makeToken, NOW, NOW_S, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';

/** The text a reader sees: markdown escapes removed. */
const plain = (md: string): string => md.replace(/\\([\\`*_[\]|<>])/g, '$1');

suite('editor-core: hover and report markdown', () => {
  let host: JwksHost;
  let key: TestKey;
  let cache: JwksCache;
  let token: string;
  let rules: RulesChoice;

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k1' });
    host = await startJwksHost();
    host.serve(jwksJson(key));
    cache = new JwksCache({ http: testHttp() });
    token = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'k1' },
      goodPayload({ client_id: 'abc', note: 'a|b`c' }),
      key.privateKey,
    );
    rules = {
      kind: 'rules',
      keys: { kind: 'url', url: host.url },
      rules: { keyField: 'client_id', value: 'harness-scim' },
      origin: { kind: 'account', accountLabel: 'Acme' },
    };
  });
  suiteTeardown(async () => {
    await cache.close();
    await host.close();
  });

  async function inspection(): Promise<Awaited<ReturnType<typeof inspectHttpText>>['inspections'][number]> {
    const r = await inspectHttpText(
      `@t = ${token}\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer {{t}}\n`,
      {},
      { rules, cache, network: true, at: NOW },
    );
    const i = r.inspections[1];
    assert.ok(i);
    return i;
  }

  test('the hover shows header, claims with UTC, local and relative times, checks; never the token or signature', async () => {
    const md = plain(hoverMarkdown(await inspection(), 'command:x'));
    const signature = token.split('.')[2] ?? '';
    assert.ok(!md.includes(token) && !md.includes(signature) && !md.includes(token.split('.')[1] ?? ''));
    assert.match(md, /Harness would refuse: claim "client_id" is "abc"/);
    assert.doesNotMatch(
      md,
      /^Claim "client_id" is "abc", but the setting wants "harness-scim"\.$/m,
      'a one-sentence refusal is said once, in the title',
    );
    const exp = NOW_S + 3600;
    assert.ok(
      md.includes(
        new Date(exp * 1000)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.000Z$/, ' UTC'),
      ),
    );
    assert.ok(md.includes(new Date(exp * 1000).toLocaleString()));
    assert.match(md, /in 60 minutes/);
    assert.match(md, /\*\*Checks\*\*/);
    assert.match(md, /✓ Signature verifies/);
    assert.match(md, /✗ Claim "client_id" equals the setting value/);
    assert.match(md, /from file variable @t \(line 1\)/);
    assert.match(md, /connected account's SCIM JWT settings \(Acme\)/);
    assert.ok(
      !md.includes('jwks-cached-by-harness') && !md.includes('caches the key set'),
      'the cache note is not on every hover',
    );
  });

  test('the report lists every check, the keys considered and every warning', async () => {
    const md = plain(reportMarkdown(await inspection(), { fileLabel: 'scim.http' }));
    assert.ok(!md.includes(token) && !md.includes(token.split('.')[2] ?? ''));
    for (const title of [
      'A signed JWT in three parts',
      'Audience (Harness does not check aud)',
      'Issuer is not "Harness Inc"',
    ])
      assert.ok(md.includes(title), title);
    assert.match(md, /## JWKS keys considered\n\n- \*\*chosen\*\* kid `k1` \(RSA/);
    assert.match(md, /caches the key set/);
    assert.match(md, /401 `INVALID_TOKEN` "Token is not valid\."/);
    assert.match(md, /scim\.http, line 3, column 23/);
  });

  test('code spans survive backticks and table pipes', () => {
    assert.equal(mdCode('`a'.repeat(200_000)).length, 400_006, '200,000 backtick runs: no stack overflow');
    assert.equal(mdCode('a|b'), '`a\\|b`');
    assert.equal(mdCode('x`y'), '`` x`y ``');
  });

  test('first sentences are cut at a sentence end, not at a dotted name', () => {
    assert.equal(firstSentence('Claim "a.b" is x. Harness reads top-level claims only.'), 'Claim "a.b" is x');
    assert.equal(
      firstSentence('The key set of https://idp.example.com/keys.json is empty.'),
      'The key set of https://idp.example.com/keys.json is empty',
    );
    assert.equal(firstSentence('x'.repeat(300), 20).length, 20);
  });
});
