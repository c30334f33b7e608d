import * as assert from 'node:assert/strict';
import {
  findBearerTokens,
  looksLikeJwt,
  matchHarnessScimUrl,
  parseHttpDocument,
  type BearerTokenOccurrence,
} from '../../../src/core/http';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJl';
const lf = (...lines: string[]): string => lines.join('\n');

function tokens(text: string): BearerTokenOccurrence[] {
  return findBearerTokens(parseHttpDocument(text));
}

suite('http bearer tokens', () => {
  const headerCases: { title: string; header: string; raw: string; start: number }[] = [
    { title: 'plain', header: `Authorization: Bearer ${JWT}`, raw: JWT, start: 22 },
    { title: 'header name in any case', header: `AUTHORIZATION: Bearer ${JWT}`, raw: JWT, start: 22 },
    { title: 'scheme in any case', header: `authorization: bEaReR ${JWT}`, raw: JWT, start: 22 },
    { title: 'no space after the colon', header: `Authorization:Bearer ${JWT}`, raw: JWT, start: 21 },
    { title: 'odd spacing', header: `  Authorization  :   Bearer    ${JWT}   `, raw: JWT, start: 31 },
    { title: 'file variable', header: 'Authorization: Bearer {{token}}', raw: '{{token}}', start: 22 },
    { title: 'dotenv', header: 'Authorization: Bearer {{$dotenv TOKEN}}', raw: '{{$dotenv TOKEN}}', start: 22 },
    {
      title: 'built from pieces',
      header: 'Authorization: Bearer {{h}}.{{p}}.{{s}}',
      raw: '{{h}}.{{p}}.{{s}}',
      start: 22,
    },
    { title: 'trailing comma, which httpYac drops', header: `Authorization: Bearer ${JWT},`, raw: JWT, start: 22 },
  ];
  for (const c of headerCases) {
    test(`Authorization header: ${c.title}`, () => {
      const found = tokens(lf('POST https://h/x', c.header, '', '{}'));
      assert.equal(found.length, 1);
      const t = found[0]!;
      assert.equal(t.kind, 'authorization-header');
      assert.equal(t.rawText, c.raw);
      assert.deepEqual(t.range, {
        start: { line: 1, character: c.start },
        end: { line: 1, character: c.start + c.raw.length },
      });
      assert.equal(c.header.slice(t.range.start.character, t.range.end.character), c.raw);
      assert.equal(t.templated, c.raw.includes('{{'));
      assert.equal(t.trailingComma === true, c.header.endsWith(','));
    });
  }

  test('not Bearer: other schemes, other headers, empty Bearer', () => {
    const found = tokens(
      lf(
        'GET /x',
        'Authorization: Basic dXNlcjpwYXNz',
        `X-Authorization: Bearer ${JWT}`,
        `Proxy-Authorization: Bearer ${JWT}`,
        'Authorization: Bearer',
      ),
    );
    assert.deepEqual(found, []);
  });

  test('a JWT after a scheme Harness refuses is listed with that scheme, never dropped', () => {
    const found = tokens(
      lf('GET /x', `Authorization: Bearertoken${JWT}`, '', '###', 'GET /y', `Authorization: JWT ${JWT}`),
    );
    assert.deepEqual(
      found.map((t) => (t.kind === 'authorization-header' ? t.scheme : '')),
      ['Bearertoken', 'JWT '],
    );
  });

  test('"Authorization: Bearer" inside a body is not a header', () => {
    const found = tokens(
      lf(
        'POST /x',
        'Content-Type: text/plain',
        '',
        `Authorization: Bearer ${JWT}`,
        `{"header": "Authorization: Bearer ${JWT}"}`,
      ),
    );
    assert.deepEqual(found, []);
  });

  test('commented-out Authorization headers are ignored', () => {
    const found = tokens(lf('GET /x', `# Authorization: Bearer ${JWT}`, `// Authorization: Bearer ${JWT}`));
    assert.deepEqual(found, []);
  });

  test('every request of a file, with its method, URL, name and line', () => {
    const found = tokens(
      lf(
        '### One',
        'GET https://a/1',
        `Authorization: Bearer ${JWT}`,
        '###',
        '# @name two',
        'POST https://a/2',
        'authorization: bearer {{t}}',
      ),
    );
    assert.deepEqual(
      found.map(
        (t) =>
          t.kind === 'authorization-header' && [t.request.method, t.request.url, t.request.name, t.range.start.line],
      ),
      [
        ['GET', 'https://a/1', 'One', 2],
        ['POST', 'https://a/2', 'two', 6],
      ],
    );
  });

  test('JWT-looking file variables are occurrences, with the requests that use them', () => {
    const found = tokens(
      lf(
        `@token = ${JWT}`,
        `@auth = Bearer ${JWT}`,
        '@indirect = {{token}}',
        '@notjwt = hello.world.x',
        '',
        '### uses indirect',
        'GET https://app.harness.io/gateway/ng/api/scim/account/ACC1/Users',
        'Authorization: Bearer {{indirect}}',
        '###',
        'GET https://other/x',
        'Authorization: {{auth}}',
      ),
    );
    const vars = found.filter((t) => t.kind === 'file-variable');
    assert.deepEqual(
      vars.map((t) => [t.variableName, t.range.start.line, t.range.start.character, t.rawText === JWT]),
      [
        ['token', 0, 9, true],
        ['auth', 1, 15, true],
      ],
    );
    const token = vars[0]!;
    assert.deepEqual(
      token.usedBy.map((u) => [u.url, u.isHarnessScim, u.harnessAccountId]),
      [['https://app.harness.io/gateway/ng/api/scim/account/ACC1/Users', true, 'ACC1']],
    );
    const auth = vars[1]!;
    assert.deepEqual(
      auth.usedBy.map((u) => u.url),
      ['https://other/x'],
    );
    // Document order: variables first, then the headers; `{{auth}}` is judged on its header line too.
    assert.deepEqual(
      found.map((t) => [t.kind, t.range.start.line]),
      [
        ['file-variable', 0],
        ['file-variable', 1],
        ['authorization-header', 7],
        ['authorization-header', 10],
      ],
    );
  });

  test('a variable defined in a request region points at that request', () => {
    const found = tokens(lf('###', `@t = ${JWT}`, 'GET /r'));
    const t = found[0]!;
    assert.ok(t.kind === 'file-variable');
    assert.equal(t.request?.url, '/r');
  });

  test('SCIM detection expands file variables in the URL', () => {
    const found = tokens(
      lf(
        '@harness = http://127.0.0.1:1/ng/api',
        '### List SCIM users',
        'GET {{harness}}/scim/account/ACCOUNT/Users?count=1',
        'Authorization: Bearer {{token}}',
      ),
    );
    const t = found[0]!;
    assert.ok(t.kind === 'authorization-header');
    assert.equal(t.request.isHarnessScim, true);
    assert.equal(t.request.harnessAccountId, 'ACCOUNT');
    assert.equal(t.request.expandedUrl, 'http://127.0.0.1:1/ng/api/scim/account/ACCOUNT/Users?count=1');
  });
});

suite('http harness SCIM URL and JWT shape', () => {
  const urls: [string, boolean, string | undefined][] = [
    ['https://app.harness.io/gateway/ng/api/scim/account/abc123/Users', true, 'abc123'],
    ['https://accounts.eu.harness.io/ng/api/scim/account/x/ServiceProviderConfig', true, 'x'],
    ['{{base}}/ng/api/scim/account/{{account}}/Users', true, undefined],
    ['https://h/ng/api/SCIM/Account/A%20B?count=1', true, 'A B'],
    ['https://h/scim/v2/Users', false, undefined],
    ['https://h/ng/api/user/account/abc', false, undefined],
  ];
  for (const [url, scim, account] of urls) {
    test(`SCIM URL ${url}`, () => {
      const m = matchHarnessScimUrl(url);
      assert.equal(m.isHarnessScim, scim);
      assert.equal(m.accountId, account);
    });
  }

  const shapes: [string, boolean][] = [
    [JWT, true],
    [`  ${JWT}  `, true],
    ['eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.', true],
    ['eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d', true],
    ['ewogImFsZyI6ICJSUzI1NiIgfQ.eyJ.sig', true],
    ['pat.acc.tok.secret', false],
    ['eyJhbGci.eyJ', false],
    ['eyJ+bad.eyJ.sig', false],
    ['a.b.c', false],
    ['eyJa.b.c.d', false],
    ['', false],
  ];
  for (const [s, expected] of shapes) {
    test(`looksLikeJwt(${JSON.stringify(s.length > 30 ? `${s.slice(0, 30)}…` : s)}) is ${expected}`, () => {
      assert.equal(looksLikeJwt(s), expected);
    });
  }
});
