import * as assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  describeResolution,
  findBearerTokens,
  parseHttpDocument,
  resolveTokens,
  type HttpFileReader,
  type ResolveContext,
  type ResolvedBearerToken,
} from '../../../src/core/http';
import { nodeFileReader } from '../../../src/core/http/nodeFs';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJl';
const lf = (...lines: string[]): string => lines.join('\n');

/** Resolves the single Authorization header token of `text`. */
async function headerToken(text: string, ctx: ResolveContext = {}): Promise<ResolvedBearerToken> {
  const doc = parseHttpDocument(text);
  const found = findBearerTokens(doc).filter((t) => t.kind === 'authorization-header');
  assert.equal(found.length, 1, 'one Authorization header expected');
  const result = await resolveTokens(doc, ctx, found);
  return result.tokens[0]!;
}

function request(header: string, ...before: string[]): string {
  return lf(...before, '', 'GET https://h/ng/api/scim/account/ACC/Users', `Authorization: ${header}`);
}

suite('http resolve: file variables', () => {
  test('a literal token resolves to itself with no source', async () => {
    const t = await headerToken(request(`Bearer ${JWT}`));
    assert.equal(t.resolution.state, 'resolved');
    assert.equal(t.resolution.value, JWT);
    assert.deepEqual(t.resolution.sources, []);
    assert.equal(describeResolution(t.resolution), 'written in the file');
    assert.equal(t.isHarnessScim, true);
    assert.equal(t.harnessAccountId, 'ACC');
  });

  test('a chain of file variables, with every step as a source', async () => {
    const t = await headerToken(
      request(
        'Bearer {{token}}',
        '@h = eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9',
        `@token = {{h}}.${JWT.split('.').slice(1).join('.')}`,
      ),
    );
    assert.equal(t.resolution.state, 'resolved');
    assert.equal(t.resolution.value, JWT);
    assert.deepEqual(
      t.resolution.sources.map((s) => s.kind === 'file-variable' && [s.name, s.line]),
      [
        ['token', 1],
        ['h', 0],
      ],
    );
    assert.equal(describeResolution(t.resolution), 'from file variable @token (line 2) ← file variable @h (line 1)');
  });

  test('the nearest definition above the use wins; a definition below is used when none is above', async () => {
    const doc = parseHttpDocument(
      lf(
        '@t = first',
        '###',
        'GET /1',
        'Authorization: Bearer {{t}}',
        '###',
        '@t = second',
        'GET /2',
        'Authorization: Bearer {{t}}',
        '###',
        'GET /3',
        'Authorization: Bearer {{later}}',
        '###',
        '@later = below',
      ),
    );
    const { tokens } = await resolveTokens(doc);
    assert.deepEqual(
      tokens.map((t) => t.resolution.value),
      ['first', 'second', 'below'],
    );
  });

  test('unresolved, circular and self-referencing variables are reported, not guessed', async () => {
    const unresolved = await headerToken(request('Bearer {{missing}}'));
    assert.equal(unresolved.resolution.state, 'unresolved');
    assert.equal(unresolved.resolution.value, undefined);
    assert.deepEqual(unresolved.resolution.problems[0]?.range, {
      start: { line: 2, character: 22 },
      end: { line: 2, character: 33 },
    });

    const circular = await headerToken(request('Bearer {{a}}', '@a = x{{b}}', '@b = {{a}}'));
    assert.equal(circular.resolution.state, 'circular');
    const problem = circular.resolution.problems.find((p) => p.kind === 'circular');
    assert.ok(problem?.kind === 'circular');
    assert.deepEqual(problem.cycle, ['a', 'b', 'a']);

    const self = await headerToken(request('Bearer {{s}}', '@s = {{s}}'));
    assert.equal(self.resolution.state, 'circular');
  });

  test('exponential expansion stops with too-long instead of hanging', async () => {
    const defs = ['@v0 = xxxxxxxxxxxxxxxx'];
    for (let i = 1; i <= 40; i++) defs.push(`@v${i} = {{v${i - 1}}}{{v${i - 1}}}`);
    const t = await headerToken(request('Bearer {{v40}}', ...defs));
    assert.equal(t.resolution.state, 'unresolved');
    assert.ok(t.resolution.problems.some((p) => p.kind === 'too-long'));
  });

  test('doubling chains of empty values stop on the reference budget, fast', async () => {
    const defs = ['@x0 ='];
    for (let i = 1; i <= 30; i++) defs.push(`@x${i} = {{x${i - 1}}}{{x${i - 1}}}`);
    const started = performance.now();
    const t = await headerToken(request(`Bearer {{x30}}${JWT}`, ...defs));
    const ms = performance.now() - started;
    assert.equal(t.resolution.state, 'unresolved');
    assert.ok(
      t.resolution.problems.some((p) => p.kind === 'too-long' && p.limit === 'references'),
      JSON.stringify(t.resolution.problems),
    );
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
    assert.match(describeResolution(t.resolution), /more variable references than any real request/);
  });

  test('a chain of 3,000 variables stops at the depth bound instead of overflowing the stack', async () => {
    const defs = [`@y0 = ${JWT}`];
    for (let i = 1; i <= 3000; i++) defs.push(`@y${i} = {{y${i - 1}}}`);
    const t = await headerToken(request('Bearer {{y3000}}', ...defs));
    assert.equal(t.resolution.state, 'unresolved');
    assert.ok(t.resolution.problems.some((p) => p.kind === 'too-long' && p.limit === 'depth'));
    const shallow = await headerToken(request('Bearer {{y10}}', ...defs.slice(0, 11)));
    assert.equal(shallow.resolution.state, 'resolved');
    assert.equal(shallow.resolution.value, JWT);
  });

  const dynamicCases: [string, string, string[]][] = [
    ['REST Client response reference', 'Bearer {{login.response.body.$.token}}', []],
    ['httpYac named response', 'Bearer {{login.access_token}}', ['# @name login', 'POST /login', '', '###']],
    ['guid', 'Bearer {{$guid}}', []],
    ['timestamp', 'Bearer {{$timestamp}}', []],
    ['AAD token', 'Bearer {{$aadToken}}', []],
    ['JetBrains auth', 'Bearer {{$auth.token("idp")}}', []],
    ['httpYac prompt', 'Bearer {{$password token}}', []],
    ['JS expression', 'Bearer {{ await getToken() }}', []],
  ];
  for (const [title, header, before] of dynamicCases) {
    test(`dynamic: ${title}`, async () => {
      const t = await headerToken(request(header, ...before));
      assert.equal(t.resolution.state, 'dynamic', JSON.stringify(t.resolution.problems));
      assert.equal(t.resolution.value, undefined);
    });
  }

  test('a name set only by a script is unresolved with a hint about the script', async () => {
    const t = await headerToken(request('Bearer {{scripted}}', '{{', '  exports.scripted = "x";', '}}'));
    assert.equal(t.resolution.state, 'unresolved');
    const p = t.resolution.problems[0];
    assert.ok(p?.kind === 'unresolved' && p.hint?.includes('script'));
  });

  test('{{%name}} percent-encodes the value', async () => {
    const t = await headerToken(request('Bearer {{%raw}}', '@raw = a b/c'));
    assert.equal(t.resolution.value, 'a%20b%2Fc');
  });
});

suite('http resolve: REST Client environments and process env', () => {
  const environmentVariables = {
    $shared: { token: 'shared-token', issuer: 'iss' },
    dev: { token: JWT, composed: '{{$shared issuer}}-{{other}}', other: 'o' },
    prod: { only: 'p' },
  };

  test('active environment over $shared, $shared when the active one lacks it', async () => {
    const dev = await headerToken(request('Bearer {{token}}'), {
      restClient: { environmentVariables, activeEnvironment: 'dev' },
    });
    assert.equal(dev.resolution.value, JWT);
    assert.deepEqual(dev.resolution.sources, [{ kind: 'rest-client-environment', name: 'token', environment: 'dev' }]);
    const prod = await headerToken(request('Bearer {{token}}'), {
      restClient: { environmentVariables, activeEnvironment: 'prod' },
    });
    assert.equal(prod.resolution.value, 'shared-token');
  });

  test('{{$shared x}} and references inside environment values', async () => {
    const t = await headerToken(request('Bearer {{composed}}'), {
      restClient: { environmentVariables },
      environment: 'dev',
    });
    assert.equal(t.resolution.value, 'iss-o');
  });

  test('a name only in another environment says which one', async () => {
    const t = await headerToken(request('Bearer {{only}}'), {
      restClient: { environmentVariables, activeEnvironment: 'dev' },
    });
    const p = t.resolution.problems[0];
    assert.ok(p?.kind === 'unresolved');
    assert.deepEqual(p.definedInEnvironments, ['prod']);
  });

  test('a file variable @token = {{token}} reads the environment (httpYac)', async () => {
    const t = await headerToken(request('Bearer {{token}}', '@token = {{token}}'), {
      restClient: { environmentVariables },
      environment: 'dev',
    });
    assert.equal(t.resolution.value, JWT);
  });

  test('a malformed setting is a warning, not a crash', async () => {
    const doc = parseHttpDocument(request('Bearer {{token}}'));
    const result = await resolveTokens(doc, { restClient: { environmentVariables: 'nope' } });
    assert.equal(result.tokens[0]?.resolution.state, 'unresolved');
    assert.equal(result.warnings.length, 1);
  });

  test('$processEnv and $env.X come from the injected map only', async () => {
    const withEnv = await headerToken(request('Bearer {{$processEnv SCIM_TOKEN}}'), {
      processEnv: { SCIM_TOKEN: JWT },
    });
    assert.equal(withEnv.resolution.value, JWT);
    assert.deepEqual(withEnv.resolution.sources, [{ kind: 'process-env', name: 'SCIM_TOKEN' }]);
    const jetbrains = await headerToken(request('Bearer {{$env.SCIM_TOKEN}}'), { processEnv: { SCIM_TOKEN: 'x' } });
    assert.equal(jetbrains.resolution.value, 'x');
    const indirect = await headerToken(request('Bearer {{$processEnv %which}}', '@which = SCIM_TOKEN'), {
      processEnv: { SCIM_TOKEN: 'y' },
    });
    assert.equal(indirect.resolution.value, 'y');
    const noMap = await headerToken(request('Bearer {{$processEnv PATH}}'));
    assert.equal(noMap.resolution.state, 'unresolved', 'process.env is never read implicitly');
  });
});

suite('http resolve: env files and .env, searched upward', () => {
  let root = '';
  let docPath = '';

  suiteSetup(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'http-env-'));
    const deep = path.join(root, 'project', 'api', 'scim');
    await mkdir(deep, { recursive: true });
    docPath = path.join(deep, 'users.http');
    await writeFile(
      path.join(root, 'project', 'http-client.env.json'),
      JSON.stringify({
        dev: { token: 'public-dev', host: 'https://app.harness.io/gateway/ng/api', account: 'ACC9' },
        stage: { token: 'public-stage' },
      }),
    );
    await writeFile(
      path.join(root, 'project', 'http-client.private.env.json'),
      JSON.stringify({ dev: { token: JWT } }),
    );
    await writeFile(path.join(root, 'project', 'api', 'http-client.env.json'), '{ not json');
    await writeFile(path.join(root, 'project', '.env'), 'export DOT_TOKEN="from-dotenv"\nPLAIN=plain # comment\n');
    await writeFile(path.join(root, 'project', 'api', '.env.dev'), 'DOT_TOKEN=from-dev-dotenv\n');
    await writeFile(path.join(root, '.env'), 'ABOVE_ROOT=should-not-be-read\n');
  });
  suiteTeardown(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const ctx = (extra: Partial<ResolveContext> = {}): ResolveContext => ({
    documentPath: docPath,
    rootPath: path.join(root, 'project'),
    reader: nodeFileReader,
    ...extra,
  });

  test('private env file over public, found two folders up; URL resolved for SCIM detection', async () => {
    const doc = parseHttpDocument(lf('GET {{host}}/scim/account/{{account}}/Users', 'Authorization: Bearer {{token}}'));
    const result = await resolveTokens(doc, ctx({ environment: 'dev' }));
    const t = result.tokens[0]!;
    assert.equal(t.resolution.value, JWT);
    assert.deepEqual(t.resolution.sources, [
      {
        kind: 'env-file',
        name: 'token',
        environment: 'dev',
        private: true,
        path: path.join(root, 'project', 'http-client.private.env.json'),
      },
    ]);
    assert.equal(t.isHarnessScim, true);
    assert.equal(t.harnessAccountId, 'ACC9');
    assert.ok(
      result.warnings.some((w) => w.includes(path.join('api', 'http-client.env.json'))),
      'malformed file reported',
    );
  });

  test('another environment reads the public file', async () => {
    const t = await headerToken(request('Bearer {{token}}'), ctx({ environment: 'stage' }));
    assert.equal(t.resolution.value, 'public-stage');
  });

  test('no environment chosen: unresolved, naming the environments that have it', async () => {
    const t = await headerToken(request('Bearer {{token}}'), ctx());
    const p = t.resolution.problems[0];
    assert.ok(p?.kind === 'unresolved');
    assert.deepEqual(p.definedInEnvironments, ['dev', 'stage']);
  });

  test('$dotenv: .env.<env> nearer first, then .env further up; never above the root', async () => {
    const dev = await headerToken(request('Bearer {{$dotenv DOT_TOKEN}}'), ctx({ environment: 'dev' }));
    assert.equal(dev.resolution.value, 'from-dev-dotenv');
    assert.deepEqual(dev.resolution.sources, [
      { kind: 'dotenv', name: 'DOT_TOKEN', path: path.join(root, 'project', 'api', '.env.dev') },
    ]);
    const none = await headerToken(request('Bearer {{$dotenv DOT_TOKEN}}'), ctx());
    assert.equal(none.resolution.value, 'from-dotenv');
    const plain = await headerToken(request('Bearer {{$dotenv PLAIN}}'), ctx());
    assert.equal(plain.resolution.value, 'plain');
    const above = await headerToken(request('Bearer {{$dotenv ABOVE_ROOT}}'), ctx());
    assert.equal(above.resolution.state, 'unresolved');
  });

  test('files are read only when a reference needs them', async () => {
    const reads: string[] = [];
    const counting: HttpFileReader = {
      readFile: async (p) => {
        reads.push(p);
        return nodeFileReader.readFile(p);
      },
    };
    const doc = parseHttpDocument(request('Bearer {{t}}', '@t = x'));
    const result = await resolveTokens(doc, ctx({ reader: counting }));
    assert.equal(result.tokens[0]?.resolution.value, 'x');
    assert.deepEqual(reads, []);
    assert.deepEqual(result.filesRead, []);
  });

  test('a reader that throws is treated as missing files', async () => {
    const broken: HttpFileReader = { readFile: () => Promise.reject(new Error('EACCES')) };
    const t = await headerToken(request('Bearer {{$dotenv DOT_TOKEN}}'), ctx({ reader: broken }));
    assert.equal(t.resolution.state, 'unresolved');
  });

  test('without a document path, $dotenv says why it could not look', async () => {
    const t = await headerToken(request('Bearer {{$dotenv DOT_TOKEN}}'), { reader: nodeFileReader });
    const p = t.resolution.problems[0];
    assert.ok(p?.kind === 'unresolved' && p.hint?.includes('no path'));
  });
});
