import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileReader } from '../../../src/core/http/nodeFs';
import {
  findBearerTokens,
  looksLikeJwt,
  parseHttpDocument,
  resolveTokens,
  type HttpFileReader,
} from '../../../src/core/http';

/** Deterministic PRNG (mulberry32) so a failure is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '###',
  '### title',
  '  ###',
  '#',
  '//',
  '# @name x',
  '# @name=',
  '// @forceRegionDelimiter',
  '@',
  '@a = {{b}}',
  '@b := {{a}}',
  '@c = eyJhbGciOiJub25lIn0.eyJ9.',
  'GET',
  'GET https://h/ng/api/scim/account/A/Users',
  'POST {{host}}/x HTTP/1.1',
  'https://bare',
  'Authorization: Bearer ',
  'Authorization: Bearer {{a}}',
  'authorization: bearer {{$dotenv T}}',
  'Authorization: Bearer {{$processEnv %c}}',
  'Authorization: Bearer {{',
  'Authorization: Bearer }}',
  'Authorization: Bearer {{login.response.body.$.t}}',
  'Authorization:',
  ':',
  'X: y',
  '?q=1',
  '&r=2',
  '{{',
  '}}',
  '< {%',
  '%}',
  '> {% x %}',
  '>> f',
  '/*',
  '*/',
  'HTTP/1.1 200 OK',
  '',
  ' ',
  '\t',
  '{"a": "Authorization: Bearer x"}',
  '😀',
  '\u0000',
  '\uFEFF',
  '\\{\\{a}}',
  '{{$shared x}}',
  '{{%a}}',
  '{{ 1 + }}',
];
const EOLS = ['\n', '\r\n', '\r'];

function randomDocument(rand: () => number): string {
  const lines: string[] = [];
  const n = Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) {
    const pick = rand();
    if (pick < 0.75) {
      lines.push(FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)] ?? '');
    } else {
      let s = '';
      const len = Math.floor(rand() * 30);
      for (let j = 0; j < len; j++) s += String.fromCharCode(Math.floor(rand() * (rand() < 0.9 ? 128 : 0xffff)));
      lines.push(s);
    }
  }
  let text = '';
  for (const line of lines) text += line + (EOLS[Math.floor(rand() * EOLS.length)] ?? '\n');
  return text;
}

/** Mutations of a realistic document: deletions, duplications and character flips. */
function mutate(base: string, rand: () => number): string {
  let s = base;
  const edits = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const kind = rand();
    if (kind < 0.33) s = s.slice(0, at) + s.slice(at + Math.floor(rand() * 20));
    else if (kind < 0.66) s = s.slice(0, at) + s.slice(Math.max(0, at - 15), at) + s.slice(at);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + s.slice(at + 1);
  }
  return s;
}

const BASE = [
  '@host = https://app.harness.io/gateway/ng/api',
  '@token = eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln',
  '### List users',
  '# @name list',
  'GET {{host}}/scim/account/ACC/Users?count=1',
  'Authorization: Bearer {{token}}',
  '',
  '{"x": "{{$guid}}"}',
  '###',
  'POST /y',
  'authorization: bearer {{$dotenv T}}',
].join('\n');

const emptyReader: HttpFileReader = { readFile: () => Promise.resolve(undefined) };

suite('http fuzz: any input parses, finds and resolves without throwing', () => {
  test('3,000 random and mutated documents', async () => {
    const rand = prng(0xc0ffee);
    for (let i = 0; i < 3000; i++) {
      const text = i % 2 === 0 ? randomDocument(rand) : mutate(BASE, rand);
      try {
        const doc = parseHttpDocument(text);
        const tokens = findBearerTokens(doc);
        for (const t of tokens) {
          assert.ok(t.range.start.line <= t.range.end.line);
          assert.ok(t.range.start.line < doc.lineCount);
          looksLikeJwt(t.rawText);
        }
        // Resolution is async; check a sample to keep the suite fast.
        if (i % 10 === 0) {
          const result = await resolveTokens(doc, {
            documentPath: '/nonexistent/dir/f.http',
            reader: emptyReader,
            processEnv: {},
          });
          assert.equal(result.tokens.length, tokens.length);
        }
      } catch (e) {
        assert.fail(
          `case ${i} threw ${e instanceof Error ? e.message : String(e)} on ${JSON.stringify(text.slice(0, 400))}`,
        );
      }
    }
  });

  test('ranges of header tokens point at their raw text', () => {
    const rand = prng(7);
    for (let i = 0; i < 500; i++) {
      const text = mutate(BASE, rand);
      const lines = text.split(/\r\n|\r|\n/);
      for (const t of findBearerTokens(parseHttpDocument(text))) {
        const line = lines[t.range.start.line] ?? '';
        assert.equal(line.slice(t.range.start.character, t.range.end.character), t.rawText, `case ${i}`);
      }
    }
  });

  test('non-string input is an empty document', () => {
    const doc = parseHttpDocument(undefined as unknown as string);
    assert.equal(doc.requests.length, 0);
  });
});

suite('http fuzz: env files that are not regular files (issue 19)', () => {
  const ENV_NAMES = ['.env', '.env.dev', 'dev.env', 'http-client.env.json', 'http-client.private.env.json'];
  const KINDS = ['fifo', 'dev-zero', 'dev-null', 'directory', 'regular', 'oversized'] as const;
  let root: string;

  suiteSetup(() => {
    root = mkdtempSync(join(tmpdir(), 'fuzz-fifo-'));
  });
  suiteTeardown(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** Plants an env-file name as one of KINDS in `folder`. */
  function plant(folder: string, name: string, kind: (typeof KINDS)[number]): void {
    const file = join(folder, name);
    switch (kind) {
      case 'fifo':
        execFileSync('mkfifo', [file]);
        return;
      case 'dev-zero':
        symlinkSync('/dev/zero', file);
        return;
      case 'dev-null':
        symlinkSync('/dev/null', file);
        return;
      case 'directory':
        mkdirSync(file);
        return;
      case 'regular':
        writeFileSync(
          file,
          name.endsWith('.json')
            ? JSON.stringify({ dev: { token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln' } })
            : 'T=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln\n',
        );
        return;
      case 'oversized':
        writeFileSync(file, 'x'.repeat(4 * 1024 * 1024 + 1));
        return;
    }
  }

  test('40 seeded folder trees with FIFOs, devices and oversized files: resolution ends, within 2 s each', async () => {
    const rand = prng(19);
    for (let i = 0; i < 40; i++) {
      const depth = 1 + Math.floor(rand() * 4);
      const folders = [join(root, `case${i}`)];
      for (let d = 1; d < depth; d++) folders.push(join(folders[d - 1] ?? root, `d${d}`));
      mkdirSync(folders[folders.length - 1] ?? root, { recursive: true });
      const planted: string[] = [];
      for (const folder of folders) {
        for (const name of ENV_NAMES) {
          if (rand() < 0.5) continue;
          const kind = KINDS[Math.floor(rand() * KINDS.length)] ?? 'fifo';
          plant(folder, name, kind);
          planted.push(`${kind} ${name}`);
        }
      }
      // The two requests come first, so the random document after them cannot swallow them.
      const text = `GET https://h/x\nAuthorization: Bearer {{$dotenv T}}\n\n###\nGET https://h/y\nAuthorization: Bearer {{token}}\n\n###\n${randomDocument(rand)}`;
      const doc = parseHttpDocument(text);
      const t0 = performance.now();
      const result = await resolveTokens(doc, {
        documentPath: join(folders[folders.length - 1] ?? root, 'f.http'),
        rootPath: folders[0],
        reader: nodeFileReader,
        environment: 'dev',
        processEnv: {},
      });
      const took = performance.now() - t0;
      assert.ok(took < 2000, `case ${i} (${planted.join(', ')}) took ${Math.round(took)} ms`);
      assert.equal(result.tokens.length, findBearerTokens(doc).length);
      const fifos = planted.filter((p) => p.startsWith('fifo ')).length;
      assert.ok(
        result.warnings.filter((w) => w.includes('named pipe (FIFO)')).length === fifos,
        `case ${i}: ${result.warnings.join(' | ')} for ${planted.join(', ')}`,
      );
    }
  });
});
