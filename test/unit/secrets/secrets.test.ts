/**
 * Planted secrets (issue 19, defects 5 and 6): an API key, a client secret, a proxy password and
 * tokens, coming from the environment, `.env`, a private env file, URLs and servers that echo
 * what they were sent. Every CLI command and the core paths behind the editor's log, hover,
 * report and doctor run over them; nothing printed, logged or written may hold one whole.
 */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { doctorMarkdown, runDoctor } from '../../../src/core/doctor';
import { fetchClientCredentialsToken } from '../../../src/core/tokenFetch';
import { hoverMarkdown, inspectHttpText, reportMarkdown } from '../../../src/core/inspect';
import { JwksCache } from '../../../src/core/jwt';
import type { Logger } from '../../../src/core/log';
import { nodeFileReader } from '../../../src/core/http/nodeFs';
import { SecretScrubber, secretsFromEnv } from '../../../src/core/secrets';
import { COMMANDS } from '../../../src/cli/commands';
import { runInProcess, type CliRun } from '../cli/inProcess';
import { startProxy, type TestProxy } from '../harness/testProxy';
import { goodPayload, makeToken, rsaKey } from '../jwt/fixtures';
import { harnessClient, testHttp } from '../testHttp';

const API_SECRET = 'PLANTEDapiKeySecret0001';
const API_KEY = `pat.PLANTEDacc01.PLANTEDtok01.${API_SECRET}`;
const CLIENT_SECRET = 'PLANTED-client-secret-0002';
const PROXY_PASSWORD = 'PLANTEDproxyPass0003';
const DOTENV_SECRET = 'PLANTEDdotenvSecret0005';
const PRIVATE_PASSWORD = 'PLANTEDprivateEnvPass0006';
const OPAQUE_TOKEN = 'PLANTEDopaqueToken0007';
const CLIENT_ID = 'scim-client';

/** Every planted secret, in each form a server might echo it. */
function needles(token: string): string[] {
  const signature = token.split('.')[2] ?? token;
  return [
    API_KEY,
    API_SECRET,
    CLIENT_SECRET,
    PROXY_PASSWORD,
    DOTENV_SECRET,
    PRIVATE_PASSWORD,
    OPAQUE_TOKEN,
    token,
    signature,
    Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'),
    Buffer.from(`user:${PROXY_PASSWORD}`).toString('base64'),
  ];
}

function assertClean(what: string, text: string, token: string): void {
  for (const n of needles(token))
    assert.ok(!text.includes(n), `${what} holds a planted secret (${n.slice(0, 12)}…):\n${text.slice(0, 3000)}`);
}

/** A server that answers every request by echoing everything it was sent, in the shape `shape` gives. */
async function echoServer(
  shape: (echo: string, req: IncomingMessage) => { status: number; body: unknown },
): Promise<{ url: string; server: Server }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : '';
      const echo = `url ${req.url ?? ''} x-api-key ${String(req.headers['x-api-key'] ?? '')} authorization ${auth} basic ${basic} proxy ${req.headers['proxy-authorization'] ?? ''} body ${body}`;
      const { status, body: out } = shape(echo, req);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
}

/** A Logger that keeps every line (the editor's log channel stands behind this interface). */
function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string): void => {
    lines.push(m);
  };
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

suite('secrets: planted secrets never reach output, logs or views', () => {
  let dir: string;
  let cacheDir: string;
  let httpFile: string;
  let token: string;
  let harness: { url: string; server: Server };
  let idp: { url: string; server: Server };
  let jwks: { url: string; server: Server };
  let proxy: TestProxy;
  let env: Record<string, string>;
  let filesBefore: string[];

  suiteSetup(async () => {
    const key = rsaKey(2048, { kid: 'k' });
    const now = Math.floor(Date.now() / 1000);
    token = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'k' },
      goodPayload({ iat: now, exp: now + 3600 }),
      key.privateKey,
    );
    // Harness answering 401 with everything it was sent (key, bearer token) in its message.
    harness = await echoServer((echo) => ({
      status: 401,
      body: { status: 'ERROR', code: 'INVALID_CREDENTIAL', message: `Invalid credentials: ${echo}` },
    }));
    // An identity provider that repeats the credentials in its error ("bad credentials c:S").
    idp = await echoServer((echo) => ({
      status: 401,
      body: { error: 'invalid_client', error_description: `bad credentials ${echo}` },
    }));
    // A key-set host whose error repeats every secret it could know of.
    jwks = await echoServer((echo) => ({
      status: 400,
      body: { error_description: `denied ${echo} ${PROXY_PASSWORD} ${CLIENT_SECRET} ${API_KEY}` },
    }));
    proxy = await startProxy();
    cacheDir = mkdtempSync(join(tmpdir(), 'secrets-cache-'));
    env = {
      HARNESS_API_KEY: API_KEY,
      CLIENT_SECRET,
      HTTP_PROXY: proxy.url.replace('http://', `http://user:${PROXY_PASSWORD}@`),
      HTTPS_PROXY: proxy.url.replace('http://', `http://user:${PROXY_PASSWORD}@`),
      SCIM_TOKEN: token,
      XDG_CACHE_HOME: cacheDir,
    };
    dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(dir, '.env'), `DOTKEY=${DOTENV_SECRET}\nOPAQUE=${OPAQUE_TOKEN}\n`);
    writeFileSync(
      join(dir, 'http-client.private.env.json'),
      JSON.stringify({ dev: { user: 'admin', pass: PRIVATE_PASSWORD, token } }),
    );
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { host: 'h.example' } }));
    httpFile = join(dir, 'scim.http');
    writeFileSync(
      httpFile,
      [
        '### key in the query, from the process environment and .env',
        'GET https://{{host}}/ng/api/scim/account/acc/Users?k={{$processEnv HARNESS_API_KEY}}&d={{$dotenv DOTKEY}}&count=1',
        'Authorization: Bearer {{$processEnv SCIM_TOKEN}}',
        '',
        '### user-info from the private env file',
        'GET https://{{user}}:{{pass}}@{{host}}/x?o={{$dotenv OPAQUE}}',
        'Authorization: Bearer {{token}}',
        '',
        '### an opaque token',
        'GET https://h/y',
        'Authorization: Bearer {{$dotenv OPAQUE}}',
        '',
      ].join('\n'),
    );
    filesBefore = readdirSync(dir).sort();
  });
  suiteTeardown(async () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
    await Promise.all([closeServer(harness.server), closeServer(idp.server), closeServer(jwks.server), proxy.close()]);
  });

  const run = (argv: string[], stdin?: string): Promise<CliRun> => runInProcess(argv, { env, stdin });

  test('every CLI command, text and --json: stdout and stderr hold no planted secret', async () => {
    const rules = ['--key-field', 'client_id', '--value', 'harness-scim'];
    const runs: [string[], string | undefined][] = [
      [['decode', token], undefined],
      [['decode', '--json', '-'], token],
      [['decode', OPAQUE_TOKEN], undefined],
      [['verify', token, '--jwks-url', `${jwks.url}/keys?secret=${CLIENT_SECRET}`, ...rules], undefined],
      [['verify', '-', '--jwks-url', `${jwks.url}/keys`, ...rules, '--json'], token],
      [['scan', httpFile, '--env', 'dev'], undefined],
      [['scan', httpFile, '--env', 'dev', '--json'], undefined],
      [['scan', httpFile, '--env', 'dev', '--json', '--jwks-url', `${jwks.url}/keys`, ...rules], undefined],
      [['doctor', '--base-url', harness.url, '--token', token], undefined],
      [['doctor', '--base-url', harness.url, '--token', '-', '--json'], token],
      [
        [
          'doctor',
          '--base-url',
          harness.url,
          '--token-endpoint',
          `${idp.url}/token`,
          '--client-id',
          CLIENT_ID,
          '--client-secret',
          CLIENT_SECRET,
        ],
        undefined,
      ],
      [
        [
          'doctor',
          '--base-url',
          harness.url,
          '--token-endpoint',
          `${idp.url}/token`,
          '--client-id',
          CLIENT_ID,
          '--json',
        ],
        undefined,
      ],
      [['suggest', token, '--offline'], undefined],
      [['suggest', '-', '--json', '--offline'], token],
      [['rehearse', '--base-url', harness.url, '--account', 'PLANTEDacc01', '--token', token, '--yes'], undefined],
      [['rehearse', '--base-url', harness.url, '--account', 'PLANTEDacc01', '--token', '-', '--yes', '--json'], token],
      [
        [
          'setup',
          '--base-url',
          harness.url,
          '--jwks-url',
          `${jwks.url}/keys?secret=${CLIENT_SECRET}`,
          ...rules,
          '--service-account',
          'scim_sa',
          '--yes',
        ],
        undefined,
      ],
      [
        [
          'setup',
          '--base-url',
          harness.url,
          '--jwks-url',
          `${jwks.url}/keys`,
          ...rules,
          '--create-service-account',
          'scim_sa',
          '--dry-run',
          '--json',
        ],
        undefined,
      ],
      [['setup', '--base-url', harness.url, '--restore', '--yes', '--json'], undefined],
      [['help', 'doctor'], undefined],
    ];
    const seen = new Set<string>();
    for (const [argv, stdin] of runs) {
      seen.add(argv[0] === 'help' ? 'help' : (argv[0] ?? ''));
      const r = await run(argv, stdin);
      assert.ok([0, 1, 2].includes(r.code), `${argv.join(' ')}: exit ${r.code}`);
      assertClean(`${argv.slice(0, 2).join(' ')} stdout`, r.out, token);
      assertClean(`${argv.slice(0, 2).join(' ')} stderr`, r.err, token);
    }
    for (const c of COMMANDS) assert.ok(seen.has(c.name), `the secrets test does not run "${c.name}"`);
    assert.deepEqual(readdirSync(dir).sort(), filesBefore, 'a command wrote a file');
    // The rehearsal's leftovers file is the one file a command may write: it holds no secret either.
    for (const f of readdirSync(cacheDir, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) assertClean(`cache file ${f.name}`, readFileSync(join(f.parentPath, f.name), 'utf8'), token);
    }
  });

  test('the servers did echo: the secrets were there to leak (the test can fail)', async () => {
    const r = await run([
      'doctor',
      '--base-url',
      harness.url,
      '--token-endpoint',
      `${idp.url}/token`,
      '--client-id',
      CLIENT_ID,
    ]);
    assert.equal(r.code, 2);
    assert.match(r.err, /bad credentials/);
    assert.match(r.err, /…/);
    const d = await run(['doctor', '--base-url', harness.url, '--token', token]);
    assert.match(d.out, /Invalid credentials/);
  });

  test('scan --json: URLs with values from the environment, .env and private env files are masked', async () => {
    const r = await run(['scan', httpFile, '--env', 'dev', '--json']);
    const parsed = JSON.parse(r.out) as { tokens: { url?: string }[] };
    const urls = parsed.tokens.map((t) => t.url ?? '');
    assert.ok(urls.includes('https://h.example/ng/api/scim/account/acc/Users?k=…&d=…&count=…'), urls.join('\n'));
    assert.ok(urls.includes('https://…:…@h.example/x?o=…'), urls.join('\n'));
    assert.ok(urls.includes('https://h/y'), urls.join('\n'));
  });

  test("the editor's paths: hover, report, doctor report, log lines, token-endpoint errors", async () => {
    const log = recorder();
    // What the editor knows: the stored API key, a client secret typed into the doctor, the proxy setting.
    const known = new SecretScrubber().add(API_KEY, CLIENT_SECRET).addUrlCredentials(env.HTTPS_PROXY);
    const cache = new JwksCache({ logger: log, timeoutMs: 2000, secrets: known, http: testHttp() });
    try {
      const ctx = { documentPath: httpFile, reader: nodeFileReader, processEnv: env, environment: 'dev' };
      const rules = {
        kind: 'rules' as const,
        keys: { kind: 'url' as const, url: `${jwks.url}/keys` },
        rules: { keyField: 'client_id', value: 'harness-scim' },
        origin: { kind: 'command-line' as const },
      };
      const result = await inspectHttpText(readFileSync(httpFile, 'utf8'), ctx, { rules, cache, network: true });
      for (const i of result.inspections) {
        assertClean('hover', hoverMarkdown(i, 'command:x'), token);
        assertClean('report', reportMarkdown(i, { fileLabel: 'scim.http' }), token);
      }
      assertClean('scan warnings', result.warnings.join('\n'), token);

      const client = harnessClient({
        baseUrl: harness.url,
        apiKey: API_KEY,
        logger: log,
        retries: { maxAttempts: 1 },
      });
      try {
        const report = await runDoctor({ client, jwksCache: cache, token });
        assertClean('doctor markdown', doctorMarkdown(report), token);
        assertClean('doctor report JSON', JSON.stringify(report), token);
      } finally {
        await client.close();
      }
      await assert.rejects(
        fetchClientCredentialsToken({
          tokenEndpoint: `${idp.url}/token`,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          http: testHttp(),
        }),
        (e: Error) => {
          assert.match(e.message, /bad credentials/);
          assertClean('token endpoint error', e.message, token);
          return true;
        },
      );
      assertClean('log', log.lines.join('\n'), token);
    } finally {
      await cache.close();
    }
  });

  test('a proxy password and a one-letter secret echoed by a server are scrubbed; ordinary words are not', () => {
    const s = new SecretScrubber().addBasic('c', 'S').addUrlCredentials(`http://u:${PROXY_PASSWORD}@proxy:3128`);
    assert.equal(s.scrub('bad credentials c:S for Sam'), 'bad credentials … for Sam');
    assert.ok(!s.scrub(`proxy said ${PROXY_PASSWORD}`).includes(PROXY_PASSWORD));
    assert.ok(
      !s
        .scrub(`basic ${Buffer.from(`u:${PROXY_PASSWORD}`).toString('base64')}`)
        .includes(Buffer.from(`u:${PROXY_PASSWORD}`).toString('base64')),
    );
    const fromEnv = secretsFromEnv({
      HARNESS_API_KEY: API_KEY,
      HTTPS_PROXY: `http://u:${PROXY_PASSWORD}@p:1`,
      CLIENT_SECRET,
    });
    for (const secret of [
      API_KEY,
      API_SECRET,
      PROXY_PASSWORD,
      CLIENT_SECRET,
      encodeURIComponent(`a b${CLIENT_SECRET}`),
    ]) {
      assert.ok(
        !fromEnv.scrub(`server said: ${secret}.`).includes(API_SECRET) &&
          !fromEnv.scrub(`server said: ${secret}.`).includes(secret.slice(-12)),
        secret,
      );
    }
    assert.doesNotThrow(() => new SecretScrubber().add('\uD800lone').scrub('x \uD800lone y'));
  });
});
