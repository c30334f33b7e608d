/** Tokens of a .http text → inspections: verdict titles, one key-set download per file, decode-only without rules or network. */
import * as assert from 'node:assert/strict';
import {
  inspectHttpText,
  inspectionProblems,
  inspectionTitle,
  sourceText,
  type RulesChoice,
} from '../../../src/core/inspect';
import { JwksCache } from '../../../src/core/jwt';
import { startJwksHost, type JwksHost } from '../emulator/helpers';
import { goodPayload, jwksJson, makeToken, NOW, NOW_S, rawToken, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';

suite('editor-core: inspecting the tokens of a .http file', () => {
  let host: JwksHost;
  let key: TestKey;
  let cache: JwksCache;
  let rules: RulesChoice;
  const sign = (extra: Record<string, unknown> = {}): string =>
    makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, goodPayload(extra), key.privateKey);

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k1', alg: 'RS256', use: 'sig' });
    host = await startJwksHost();
    host.serve(jwksJson(key));
  });
  suiteTeardown(async () => {
    await host.close();
  });
  setup(() => {
    host.hits = 0;
    cache = new JwksCache({ http: testHttp() });
    rules = {
      kind: 'rules',
      keys: { kind: 'url', url: host.url },
      rules: { keyField: 'client_id', value: 'harness-scim' },
      origin: { kind: 'offline' },
    };
  });
  teardown(async () => {
    await cache.close();
  });

  test('an accepted and a refused token get the lens titles the spec shows', async () => {
    const text = `@token = ${sign()}\n\n### ok\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer {{token}}\n\n### wrong client\nGET https://h/x\nAuthorization: Bearer ${sign({ client_id: 'abc' })}\n`;
    const { inspections } = await inspectHttpText(text, {}, { rules, cache, network: true, at: NOW });
    assert.equal(inspections.length, 3);
    const [variable, header, refused] = inspections;
    assert.equal(
      inspectionTitle(variable!),
      '✓ Harness would accept · RS256 · kid k1 · expires in 60 minutes · offline rules',
    );
    assert.equal(inspectionTitle(header!), inspectionTitle(variable!));
    assert.match(header!.token.resolution.sources[0]?.kind ?? '', /file-variable/);
    assert.equal(
      inspectionTitle(refused!),
      '✗ Harness would refuse: claim "client_id" is "abc", but the setting wants "harness-scim" · offline rules',
    );
    assert.deepEqual(
      inspectionProblems(refused!).map((p) => [p.severity, p.code]),
      [['error', 'claim-mismatch']],
    );
    assert.equal(refused!.token.occurrence.range.start.line, 8);
  });

  test('the header must start with "Bearer " exactly, as Harness reads it', async () => {
    const good = sign();
    const text = ['bearer ', 'BEARER ', 'Bearer\t', 'Bearer  ']
      .map(
        (scheme, n) =>
          `### ${String(n)}\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: ${scheme}${good}\n`,
      )
      .join('\n');
    const { inspections } = await inspectHttpText(text, {}, { rules, cache, network: true, at: NOW });
    assert.equal(inspections.length, 4);
    const [lower, upper, tab, twoSpaces] = inspections;
    assert.equal(
      inspectionTitle(lower!),
      '✗ Harness would refuse: the header starts with "bearer", and Harness looks for "Bearer " exactly, so it answers 401 before reading the token; fix: write "Bearer " with a capital B and one space',
    );
    // The verdict itself is a refusal, so the hover, the report and "Test against Harness" agree.
    assert.equal(lower!.verdict!.accepted, false);
    assert.equal(lower!.verdict!.code, 'bearer-prefix');
    assert.match(lower!.verdict!.message, /a capital B and one space/);
    assert.deepEqual(
      inspectionProblems(upper!).map((p) => [p.severity, p.code]),
      [['error', 'bearer-prefix']],
    );
    assert.match(inspectionTitle(tab!), /^✗ Harness would refuse: the header starts with "Bearer"/);
    // Harness trims what follows "Bearer ": a second space is harmless.
    assert.match(inspectionTitle(twoSpaces!), /^✓ Harness would accept/);
  });

  test('a token in a file variable is refused where it is written when its header spells the scheme wrongly (issue 24)', async () => {
    const good = sign();
    const viaHeader = `@token = ${good}\n\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: bearer {{token}}\n`;
    const viaValue = `@auth = bearer ${good}\n\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: {{auth}}\n`;
    const fine = `@token = ${good}\n\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer {{token}}\n`;
    for (const text of [viaHeader, viaValue]) {
      const { inspections } = await inspectHttpText(text, {}, { rules, cache, network: true, at: NOW });
      for (const i of inspections) {
        assert.match(inspectionTitle(i), /^✗ Harness would refuse: the header starts with "bearer"/);
        assert.equal(i.verdict?.code, 'bearer-prefix');
      }
      assert.ok(inspections.some((i) => i.token.occurrence.kind === 'file-variable'));
    }
    const { inspections } = await inspectHttpText(fine, {}, { rules, cache, network: true, at: NOW });
    for (const i of inspections) assert.match(inspectionTitle(i), /^✓ Harness would accept/);
  });

  test('a trailing comma: judged as httpYac sends the token, with a warning for the other clients', async () => {
    const text = `GET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer ${sign()},\n`;
    const { inspections } = await inspectHttpText(text, {}, { rules, cache, network: true, at: NOW });
    assert.equal(inspections.length, 1);
    assert.match(inspectionTitle(inspections[0]!), /^✓ Harness would accept/);
    const problems = inspectionProblems(inspections[0]!);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.code]),
      [['warning', 'trailing-comma']],
    );
    assert.match(problems[0]!.message, /httpYac drops it.*REST Client and JetBrains send it/);
  });

  test('a thousand distinct tokens cost one key-set download', async () => {
    const lines: string[] = [];
    for (let n = 0; n < 1000; n++)
      lines.push(`###\nGET https://h/x${n}\nAuthorization: Bearer ${sign({ jti: `t${n}` })}\n`);
    const { inspections } = await inspectHttpText(lines.join('\n'), {}, { rules, cache, network: true, at: NOW });
    assert.equal(inspections.length, 1000);
    assert.ok(inspections.every((i) => i.verdict?.accepted === true));
    assert.equal(host.hits, 1);
  });

  test('without network (untrusted workspace) nothing is fetched and tokens are decoded only', async () => {
    const text = `GET https://h/x\nAuthorization: Bearer ${sign()}\n`;
    const { inspections } = await inspectHttpText(text, {}, { rules, cache, network: false, at: NOW });
    assert.equal(host.hits, 0);
    assert.equal(inspections[0]?.state, 'decoded');
    assert.equal(
      inspectionTitle(inspections[0]),
      '○ Not verified: the workspace is not trusted · RS256 · kid k1 · expires in 60 minutes',
    );
    assert.deepEqual(inspectionProblems(inspections[0]), []);
  });

  test('without rules the lens says how to get them', async () => {
    const text = `GET https://h/x\nAuthorization: Bearer ${sign({ exp: NOW_S - 7200 })}\n`;
    const none: RulesChoice = { kind: 'none', reason: 'connect to Harness or set a JWKS URL' };
    const { inspections } = await inspectHttpText(text, {}, { rules: none, cache, network: true, at: NOW });
    assert.equal(
      inspectionTitle(inspections[0]!),
      '○ Not verified: connect to Harness or set a JWKS URL · RS256 · kid k1 · expired 2 hours ago',
    );
    assert.equal(host.hits, 0);
  });

  test('unresolved, dynamic, API-key and malformed values say so instead of guessing', async () => {
    const text = [
      '### a',
      'GET https://h/a',
      'Authorization: Bearer {{missing}}',
      '',
      '### b',
      'GET https://h/b',
      'Authorization: Bearer {{login.response.body.$.token}}',
      '',
      '### c',
      'GET https://h/c',
      'Authorization: Bearer pat.acc.tok.secret',
      '',
      '### d',
      'GET https://h/d',
      `Authorization: Bearer ${rawToken({ alg: 'RS256', typ: 'JWT' }, { a: 1 }, '')}`,
      '',
    ].join('\r\n');
    const { inspections } = await inspectHttpText(text, {}, { rules, cache, network: true, at: NOW });
    const titles = inspections.map(inspectionTitle);
    assert.match(titles[0] ?? '', /^\? Not checked: \{\{missing\}\} is not defined: Not defined in the file/);
    assert.match(
      titles[1] ?? '',
      /^\? Not checked: \{\{login\.response\.body\.\$\.token\}\} comes from the response of another request/,
    );
    // A response reference, never "a script expression".
    assert.doesNotMatch(`${titles[1] ?? ''} ${sourceText(inspections[1]!)}`, /script/);
    assert.equal(titles[2], 'ℹ A Harness API key, not a JWT: Harness checks it as an API key');
    assert.deepEqual(
      inspectionProblems(inspections[2]!).map((p) => p.severity),
      ['information'],
    );
    assert.match(titles[3] ?? '', /^✗ Harness would refuse: /);
    assert.equal(inspections[3]?.verdict?.code, 'malformed');
  });

  test('an unreachable key set is a refusal that names the URL, and the cache note shows only where it helps', async () => {
    const unreachable: RulesChoice = { ...rules, keys: { kind: 'url', url: 'http://127.0.0.1:1/keys' } } as RulesChoice;
    const { inspections } = await inspectHttpText(
      `GET https://h/x\nAuthorization: Bearer ${sign()}\n`,
      {},
      { rules: unreachable, cache, network: true, at: NOW },
    );
    assert.equal(inspections[0]?.verdict?.code, 'jwks-unreachable');
    assert.ok(!inspectionProblems(inspections[0]).some((p) => p.code === 'jwks-cached-by-harness'));
    host.serve(jwksJson(rsaKey(2048, { kid: 'other' })));
    const other = new JwksCache({ http: testHttp() });
    try {
      const r = await inspectHttpText(
        `GET https://h/x\nAuthorization: Bearer ${sign()}\n`,
        {},
        { rules, cache: other, network: true, at: NOW },
      );
      assert.equal(r.inspections[0]?.verdict?.code, 'key-not-found');
      assert.ok(inspectionProblems(r.inspections[0]).some((p) => p.code === 'jwks-cached-by-harness'));
    } finally {
      await other.close();
      host.serve(jwksJson(key));
    }
  });
});
