/**
 * The Authorization header is judged as Harness reads the value the client sends
 * (NextGenAuthenticationFilter.java:127-132: `contains("Bearer ")` or 401, then `substring(7).trim()`),
 * after every variable in it is resolved, and a file variable's lens says what its header sends.
 */
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
import { goodPayload, jwksJson, makeToken, NOW, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';

const URL_LINE = 'GET https://app.harness.io/gateway/ng/api/scim/account/abc/Users';

suite('hostile: the Authorization header as Harness reads it (issue 28 review)', () => {
  let host: JwksHost;
  let key: TestKey;
  let cache: JwksCache;
  let rules: RulesChoice;
  let jwt: string;

  suiteSetup(async () => {
    key = rsaKey(2048, { kid: 'k1', alg: 'RS256', use: 'sig' });
    host = await startJwksHost();
    host.serve(jwksJson(key));
    jwt = makeToken({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, goodPayload({}), key.privateKey);
  });
  suiteTeardown(async () => {
    await host.close();
  });
  setup(() => {
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

  const titles = async (lines: string[], eol: string): Promise<string[]> => {
    const { inspections } = await inspectHttpText(lines.join(eol) + eol, {}, { rules, cache, network: true, at: NOW });
    return inspections.map(inspectionTitle);
  };

  for (const [eol, name] of [
    ['\n', 'LF'],
    ['\r\n', 'CRLF'],
  ] as const) {
    test(`A: a file variable is never "accept" when every header that uses it is refused (${name})`, async () => {
      const cases: [string[], RegExp][] = [
        [[`@raw = ${jwt}`, '', URL_LINE, 'Authorization: {{raw}}'], /no "Bearer " before the token/],
        [[`@raw = ${jwt}`, '', URL_LINE, 'Authorization: JWT {{raw}}'], /starts with "JWT"/],
        [
          ['@tt = Bearer', `@tok = ${jwt}`, '', URL_LINE, 'Authorization: {{tt}}{{tok}}'],
          /"Bearer" directly followed by the token.*a literal "Bearer " in the header, not a variable/,
        ],
        [[`@auth = Bearer ${jwt}`, '', URL_LINE, 'Authorization: Bearer {{auth}}'], /header part contains " "/],
      ];
      for (const [lines, why] of cases) {
        const all = await titles(lines, eol);
        assert.ok(all.length >= 2, lines.join(' | '));
        for (const t of all) {
          assert.match(t, /^✗ Harness would refuse/, `${lines.at(-1) ?? ''}: ${t}`);
          assert.match(t, why);
        }
      }
      const { inspections } = await inspectHttpText(
        [`@raw = ${jwt}`, '', URL_LINE, 'Authorization: {{raw}}'].join(eol),
        {},
        {
          rules,
          cache,
          network: true,
          at: NOW,
        },
      );
      const variable = inspections.find((i) => i.token.occurrence.kind === 'file-variable');
      assert.match(sourceText(variable!), /^as the header on line 4 sends it/);
      // Sent as it should be once: the variable keeps its own verdict.
      const fine = await titles([`@raw = ${jwt}`, '', URL_LINE, 'Authorization: Bearer {{raw}}'], eol);
      for (const t of fine) assert.match(t, /^✓ Harness would accept/);
    });

    test(`J: the resolved value is read with contains("Bearer ") and substring(7).trim() (${name})`, async () => {
      // "xBearer " holds "Bearer " at 1, and substring(7) starts at its space: Harness reads the token.
      const [x] = await titles([URL_LINE, `Authorization: xBearer ${jwt}`], eol);
      assert.match(x!, /^✓ Harness would accept/);
      // Two characters before "Bearer ": substring(7) cuts into the scheme, "r eyJ…" is not a JWT.
      const [xx] = await titles([URL_LINE, `Authorization: xyBearer ${jwt}`], eol);
      assert.match(xx!, /^✗ Harness would refuse/);
      const xy = await inspectHttpText(
        [URL_LINE, `Authorization: xyBearer ${jwt}`].join(eol),
        {},
        {
          rules,
          cache,
          network: true,
          at: NOW,
        },
      );
      assert.match(
        inspectionProblems(xy.inspections[0]!).find((p) => p.code === 'bearer-read')?.message ?? '',
        /"Bearer " is at character 3, but Harness reads the token from the 8th/,
      );
      // A quoted value: the closing quote stays in the token Harness reads.
      const { inspections } = await inspectHttpText(
        [URL_LINE, `Authorization: "Bearer ${jwt}"`].join(eol),
        {},
        {
          rules,
          cache,
          network: true,
          at: NOW,
        },
      );
      const quoted = inspections[0];
      assert.ok(quoted);
      assert.equal(quoted.token.resolution.value, `${jwt}"`);
      assert.ok(!inspectionProblems(quoted).some((p) => p.code === 'bearer-read'));
      const [bb] = await titles([URL_LINE, `Authorization: Bearer Bearer ${jwt}`], eol);
      assert.match(bb!, /^✗ Harness would refuse/);
    });

    test(`H: two Authorization lines are joined with "," as Jersey does, and refused (${name})`, async () => {
      const all = await titles([URL_LINE, `Authorization: Bearer ${jwt}`, `Authorization: Bearer ${jwt}`], eol);
      assert.equal(all.length, 2);
      for (const t of all) assert.match(t, /^✗ Harness would refuse: 2 Authorization headers/);
    });

    test(`I: a tab or a no-break space after "Bearer" is named, and a scheme from a response gets its own fix (${name})`, async () => {
      const [tab] = await titles([URL_LINE, `Authorization: Bearer\t${jwt}`], eol);
      assert.match(tab!, /the header starts with "Bearer" followed by a tab,/);
      const [nbsp] = await titles([URL_LINE, `Authorization: Bearer\u00a0${jwt}`], eol);
      assert.match(nbsp!, /the header starts with "Bearer" followed by a no-break space,/);
      const [fromVar] = await titles(
        ['@token_type = bearer', `@t = ${jwt}`, '', URL_LINE, 'Authorization: {{token_type}} {{t}}'],
        eol,
      );
      assert.match(fromVar!, /write a literal "Bearer " in the header, not a variable/);
    });
  }
});
