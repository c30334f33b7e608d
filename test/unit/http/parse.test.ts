import * as assert from 'node:assert/strict';
import { parseHttpDocument, type Range } from '../../../src/core/http';

function r(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}
const lf = (...lines: string[]): string => lines.join('\n');
const crlf = (...lines: string[]): string => lines.join('\r\n');

suite('http parse: requests and regions', () => {
  for (const [ending, join] of [
    ['LF', lf],
    ['CRLF', crlf],
  ] as const) {
    test(`httpYac's ?? assertion ends the headers: no query continuation, the next Authorization: is body (${ending})`, () => {
      const doc = parseHttpDocument(
        join('GET https://h/x?a=1', '&b=2', '?? status == 200', 'Authorization: Bearer eyJ.a.b', 'Accept: text/plain'),
      );
      const request = doc.requests[0];
      assert.equal(request?.url, 'https://h/x?a=1&b=2');
      assert.deepEqual(request.headers, []);
    });
  }

  const requestLineCases: {
    title: string;
    line: string;
    method: string;
    explicit: boolean;
    url: string;
    version?: string;
  }[] = [
    { title: 'method and URL', line: 'GET https://h/x', method: 'GET', explicit: true, url: 'https://h/x' },
    { title: 'bare URL defaults to GET', line: 'https://h/x', method: 'GET', explicit: false, url: 'https://h/x' },
    {
      title: 'HTTP version split off',
      line: 'POST /users HTTP/1.1',
      method: 'POST',
      explicit: true,
      url: '/users',
      version: '1.1',
    },
    {
      title: 'odd spacing',
      line: '   DELETE     {{host}}/a b   ',
      method: 'DELETE',
      explicit: true,
      url: '{{host}}/a b',
    },
    {
      title: 'lower-case method is not a method (httpYac)',
      line: 'get https://h',
      method: 'GET',
      explicit: false,
      url: 'get https://h',
    },
    { title: 'WebDAV method', line: 'PROPFIND /dav', method: 'PROPFIND', explicit: true, url: '/dav' },
    {
      title: 'HTTP version after tabs and spaces',
      line: 'GET\thttps://h/x \t HTTP/2  ',
      method: 'GET',
      explicit: true,
      url: 'https://h/x',
      version: '2',
    },
    {
      title: '"HTTP/" alone is part of the URL',
      line: 'GET https://h/x HTTP/',
      method: 'GET',
      explicit: true,
      url: 'https://h/x HTTP/',
    },
    { title: 'method alone is a bare URL', line: 'GET', method: 'GET', explicit: false, url: 'GET' },
  ];
  for (const c of requestLineCases) {
    test(`request line: ${c.title}`, () => {
      const doc = parseHttpDocument(c.line);
      assert.equal(doc.requests.length, 1);
      const req = doc.requests[0]!;
      assert.equal(req.method, c.method);
      assert.equal(req.methodExplicit, c.explicit);
      assert.equal(req.url, c.url);
      assert.equal(req.httpVersion, c.version);
      assert.equal(c.line.slice(req.urlRange.start.character, req.urlRange.end.character), c.url);
    });
  }

  test('a request line with a 40,000-space run parses in linear time', () => {
    const started = performance.now();
    const doc = parseHttpDocument(`GET a${' '.repeat(40_000)}b`);
    assert.ok(performance.now() - started < 200, `took ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(doc.requests[0]?.url, `a${' '.repeat(40_000)}b`);
  });

  test('### separators split regions and their titles name the request (httpYac, JetBrains)', () => {
    const doc = parseHttpDocument(
      lf('GET /zero', '', '### First one  ', 'GET /one', '###', 'GET /two', '  ### Indented', 'GET /three'),
    );
    assert.deepEqual(
      doc.regions.map((g) => g.separator?.title),
      [undefined, 'First one', undefined, 'Indented'],
    );
    assert.deepEqual(
      doc.requests.map((q) => q.name),
      [undefined, 'First one', undefined, 'Indented'],
    );
    assert.deepEqual(doc.regions[1]!.separator!.titleRange, r(2, 4, 2, 13));
    assert.deepEqual(doc.regions[1]!.range, r(2, 0, 3, 8));
  });

  test('a document starting with ### has no empty leading region', () => {
    const doc = parseHttpDocument(lf('### a', 'GET /a'));
    assert.equal(doc.regions.length, 1);
    assert.equal(doc.regions[0]!.separator?.title, 'a');
  });

  const nameCases: [string, string][] = [
    ['# @name login', 'login'],
    ['// @name login', 'login'],
    ['# @name=login', 'login'],
    ['# @name = login', 'login'],
    ['#@name login', 'login'],
    ['  #   @name   login   trailing words', 'login'],
  ];
  for (const [line, name] of nameCases) {
    test(`request name from ${JSON.stringify(line)}`, () => {
      const doc = parseHttpDocument(lf('### Title', line, 'POST /login'));
      const req = doc.requests[0]!;
      assert.equal(req.name, name);
      assert.equal(req.nameSource, 'metadata');
      assert.equal(req.range.start.line, 1, 'the request starts at its metadata');
    });
  }

  test('metadata keeps key, value and ranges; flags have an empty value', () => {
    const doc = parseHttpDocument(lf('# @no-log', '// @note hello there', 'GET /x'));
    const meta = doc.requests[0]!.metadata;
    assert.deepEqual(
      meta.map((m) => [m.key, m.value]),
      [
        ['no-log', ''],
        ['note', 'hello there'],
      ],
    );
    assert.deepEqual(meta[1]!.valueRange, r(1, 9, 1, 20));
  });

  test('headers up to the first blank line, then the body; comments inside headers are skipped', () => {
    const doc = parseHttpDocument(
      lf(
        'POST https://h/x',
        'Content-Type: application/json',
        '# a comment between headers',
        '// another',
        'X-Odd   :   spaced value  ',
        '',
        '{',
        '  "a": 1',
        '}',
        '',
        '# trailing comment',
        '',
      ),
    );
    const req = doc.requests[0]!;
    assert.deepEqual(
      req.headers.map((h) => [h.name, h.value]),
      [
        ['Content-Type', 'application/json'],
        ['X-Odd', 'spaced value'],
      ],
    );
    assert.deepEqual(req.headers[1]!.nameRange, r(4, 0, 4, 5));
    assert.deepEqual(req.headers[1]!.valueRange, r(4, 12, 4, 24));
    assert.equal(req.body?.text, '{\n  "a": 1\n}');
    assert.deepEqual(req.body.range, r(6, 0, 8, 1));
  });

  test('query continuation lines extend the URL', () => {
    const doc = parseHttpDocument(lf('GET https://h/users', '  ?page=2', '  &count=10', 'Accept: */*'));
    const req = doc.requests[0]!;
    assert.equal(req.url, 'https://h/users?page=2&count=10');
    assert.equal(req.headers.length, 1);
  });

  test('a second request line inside a region starts a new request (httpYac)', () => {
    const doc = parseHttpDocument(
      lf('### Pair', 'GET /one', 'Accept: a', '', 'body text', '# @name second', 'POST /two', 'Accept: b'),
    );
    assert.equal(doc.regions.length, 1);
    assert.deepEqual(
      doc.requests.map((q) => [q.method, q.url, q.name, q.regionIndex]),
      [
        ['GET', '/one', 'Pair', 0],
        ['POST', '/two', 'second', 0],
      ],
    );
    assert.equal(doc.requests[0]!.body?.text, 'body text');
    assert.deepEqual(doc.regions[0]!.requestIndexes, [0, 1]);
  });

  test('a request line right after the headers also starts a new request', () => {
    const doc = parseHttpDocument(lf('GET /one', 'Accept: a', 'GET /two'));
    assert.deepEqual(
      doc.requests.map((q) => q.url),
      ['/one', '/two'],
    );
  });

  test('# @forceRegionDelimiter keeps a METHOD line in the body', () => {
    const doc = parseHttpDocument(
      lf('# @forceRegionDelimiter', 'POST /one', '', 'GET is what I said', '###', 'GET /two'),
    );
    assert.deepEqual(
      doc.requests.map((q) => q.url),
      ['/one', '/two'],
    );
    assert.equal(doc.requests[0]!.body?.text, 'GET is what I said');
  });

  test('a pasted response ends the request (REST Client)', () => {
    const doc = parseHttpDocument(
      lf('GET /a', '', 'body', 'HTTP/1.1 200 OK', 'Authorization: Bearer x', '###', 'GET /b'),
    );
    assert.equal(doc.requests[0]!.body?.text, 'body');
    assert.deepEqual(
      doc.requests.map((q) => q.url),
      ['/a', '/b'],
    );
  });

  test('httpYac script blocks and JetBrains handlers are not requests, headers or body', () => {
    const doc = parseHttpDocument(
      lf(
        '{{',
        '  exports.token = "x";',
        '}}',
        '< {%',
        '  request.variables.set("a", "b")',
        '%}',
        'GET /a',
        '',
        '{"x": 1}',
        '',
        '> {% client.global.set("t", response.body.token); %}',
        '>> out.json',
      ),
    );
    assert.equal(doc.requests.length, 1);
    assert.equal(doc.regions[0]!.scriptRanges.length, 2);
    assert.deepEqual(doc.regions[0]!.scriptRanges[0], r(0, 0, 2, 2));
    const req = doc.requests[0]!;
    assert.equal(req.body?.text, '{"x": 1}');
    assert.equal(req.scriptRanges.length, 2);
  });

  test('block comments before a request are skipped (httpYac)', () => {
    const doc = parseHttpDocument(lf('/* a', 'GET /not-a-request', '*/', 'GET /real'));
    assert.deepEqual(
      doc.requests.map((q) => q.url),
      ['/real'],
    );
  });

  test('a region with only variables and comments has no request', () => {
    const doc = parseHttpDocument(lf('# globals', '@a = 1', '', '###', 'GET /x'));
    assert.deepEqual(
      doc.regions.map((g) => g.requestIndexes.length),
      [0, 1],
    );
  });
});

suite('http parse: file variables', () => {
  const cases: {
    line: string;
    name: string;
    value: string;
    lazy: boolean;
    global: boolean;
    nameAt: number;
    valueAt: [number, number];
  }[] = [
    {
      line: '@host = https://h',
      name: 'host',
      value: 'https://h',
      lazy: false,
      global: false,
      nameAt: 1,
      valueAt: [8, 17],
    },
    {
      line: '@host=https://h',
      name: 'host',
      value: 'https://h',
      lazy: false,
      global: false,
      nameAt: 1,
      valueAt: [6, 15],
    },
    {
      line: '  @token   =   eyJa.b.c   ',
      name: 'token',
      value: 'eyJa.b.c',
      lazy: false,
      global: false,
      nameAt: 3,
      valueAt: [15, 23],
    },
    {
      line: '@lazy := {{other}}',
      name: 'lazy',
      value: '{{other}}',
      lazy: true,
      global: false,
      nameAt: 1,
      valueAt: [9, 18],
    },
    { line: '@global.shared = 1', name: 'shared', value: '1', lazy: false, global: true, nameAt: 1, valueAt: [17, 18] },
    { line: '@empty =', name: 'empty', value: '', lazy: false, global: false, nameAt: 1, valueAt: [8, 8] },
  ];
  for (const c of cases) {
    test(`variable ${JSON.stringify(c.line)}`, () => {
      const doc = parseHttpDocument(lf('# first line', c.line));
      const v = doc.fileVariables[0]!;
      assert.equal(v.name, c.name);
      assert.equal(v.value, c.value);
      assert.equal(v.lazy, c.lazy);
      assert.equal(v.global, c.global);
      assert.equal(v.nameRange.start.character, c.nameAt);
      assert.deepEqual(v.valueRange, r(1, c.valueAt[0], 1, c.valueAt[1]));
      assert.equal(doc.requests.length, 0);
    });
  }

  test('variables before a request in its region belong to that region', () => {
    const doc = parseHttpDocument(lf('@a = 1', '###', '@b = 2', 'GET /x', '', '@c = 3'));
    assert.deepEqual(
      doc.fileVariables.map((v) => [v.name, v.regionIndex]),
      [
        ['a', 0],
        ['b', 1],
      ],
    );
    assert.equal(doc.requests[0]!.body?.text, '@c = 3', 'after the request line it is body text');
  });
});

suite('http parse: line endings and positions', () => {
  const lines = ['@t = v', '### T', 'GET /x', 'Authorization: Bearer abc', '', 'body'];
  for (const [label, text] of [
    ['LF', lf(...lines)],
    ['CRLF', crlf(...lines)],
    ['CR', lines.join('\r')],
  ] as const) {
    test(`${label}: same structure and columns, no \\r in values`, () => {
      const doc = parseHttpDocument(text);
      assert.equal(doc.lineCount, 6);
      const req = doc.requests[0]!;
      assert.equal(req.url, '/x');
      assert.deepEqual(req.headers[0]!.valueRange, r(3, 15, 3, 25));
      assert.equal(req.headers[0]!.value, 'Bearer abc');
      assert.equal(req.body?.text, 'body');
      assert.deepEqual(req.body.range, r(5, 0, 5, 4));
      assert.equal(doc.fileVariables[0]!.value, 'v');
    });
  }

  test('columns are UTF-16 code units (as in VS Code)', () => {
    const doc = parseHttpDocument('GET /😀 \nX-Emoji: 😀😀 ok');
    assert.deepEqual(doc.requests[0]!.urlRange, r(0, 4, 0, 7));
    assert.deepEqual(doc.requests[0]!.headers[0]!.valueRange, r(1, 9, 1, 16));
  });

  test('empty and whitespace-only documents', () => {
    for (const text of ['', '\n\n', '   \r\n\t']) {
      const doc = parseHttpDocument(text);
      assert.equal(doc.requests.length, 0);
      assert.equal(doc.fileVariables.length, 0);
    }
  });
});
