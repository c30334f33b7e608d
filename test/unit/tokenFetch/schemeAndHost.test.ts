/**
 * Issue 28: the scheme in a variable (`{{token_type}} {{access_token}}`, `{{auth}}`) and httpYac's
 * `@host` / a Host header in front of a path-only URL. Read from fixtures written as LF and CRLF;
 * the fetching ones against a token endpoint on 127.0.0.1 that counts what it receives.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeResolution, fileClientOf, parseHttpDocument, resolveTokens } from '../../../src/core/http';
import { nodeFileReader } from '../../../src/core/http/nodeFs';
import { bearerPrefixProblem } from '../../../src/core/inspect/verdictText';
import type { TokenInspection } from '../../../src/core/inspect';
import { runInProcess } from '../cli/inProcess';
import { startIdp, type Idp } from '../../sandbox/idp';
import type { LineEnding } from './fixtures';
import { startTokenServer, type TokenServer } from './tokenServer';

const FIXTURES = resolve(__dirname, '../../../../test/unit/tokenFetch/schemeHost');

function materialise(values: Record<string, string>, ending: LineEnding): string {
  const dir = mkdtempSync(join(tmpdir(), `scheme-host-${ending}-`));
  for (const name of readdirSync(FIXTURES)) {
    let text = readFileSync(join(FIXTURES, name), 'utf8');
    for (const [k, v] of Object.entries(values)) text = text.split(`%%${k}%%`).join(v);
    if (ending === 'CRLF') text = text.replace(/\r?\n/g, '\r\n');
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The 0-based line of the first line of `file` that starts with `prefix`. */
function lineOf(text: string, prefix: string, nth = 0): number {
  const lines = text.split(/\r?\n/);
  const found = lines.flatMap((l, i) => (l.startsWith(prefix) ? [i] : []));
  return found[nth] ?? -1;
}

interface ScanToken {
  line: number;
  title: string;
  source: string;
  url?: string;
}

for (const ending of ['LF', 'CRLF'] as LineEnding[]) {
  suite(`tokenFetch: the scheme in a variable, and @host (${ending})`, () => {
    let idp: Idp;
    let server: TokenServer;
    let dir: string;
    let token: string;
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
      token = await idp.getToken();
      dir = materialise({ BASE: server.base, BASEHOST: new URL(server.base).host, TOKEN: token }, ending);
    });
    suiteTeardown(async () => {
      rmSync(dir, { recursive: true, force: true });
      await Promise.all([server.close(), idp.close()]);
    });

    const resolveFile = async (name: string, ctx: Parameters<typeof resolveTokens>[1] = {}) => {
      const documentPath = join(dir, name);
      const text = readFileSync(documentPath, 'utf8');
      const doc = parseHttpDocument(text);
      return { text, ...(await resolveTokens(doc, { documentPath, rootPath: dir, ...ctx })) };
    };

    test('http-client.env.json: {{token_type}} {{access_token}} and {{auth}} are Bearer tokens on their header lines; Basic and an empty Bearer are not', async () => {
      const { text, tokens } = await resolveFile('scheme-env.http', { reader: nodeFileReader, environment: 'dev' });
      assert.deepEqual(
        tokens.map((t) => [t.occurrence.range.start.line, t.resolution.state, t.resolution.value === token]),
        [
          [lineOf(text, 'Authorization: {{token_type}}'), 'resolved', true],
          [lineOf(text, 'Authorization: {{auth}}'), 'resolved', true],
          [lineOf(text, 'Authorization: {{lower}}'), 'resolved', true],
        ],
      );
      const [twoParts, one, lower] = tokens;
      assert.ok(twoParts && one && lower);
      assert.match(
        describeResolution(twoParts.resolution),
        /^scheme from http-client\.env\.json environment "dev" \(token_type\) in .*; token from http-client\.env\.json environment "dev" \(access_token\) in /,
      );
      assert.match(
        describeResolution(one.resolution),
        /^scheme from http-client\.env\.json environment "dev" \(auth\) in .*; token from http-client\.env\.json environment "dev" \(auth\) in /,
      );
      const inspection = (t: typeof lower): TokenInspection => ({ token: t }) as unknown as TokenInspection;
      assert.equal(bearerPrefixProblem(inspection(twoParts)), undefined);
      assert.equal(bearerPrefixProblem(inspection(one)), undefined);
      assert.match(bearerPrefixProblem(inspection(lower)) ?? '', /the header starts with "bearer"/);
    });

    test('REST Client: the same file with rest-client.environmentVariables; an undefined {{auth}} is left out, an undefined two-part header is named', async () => {
      const { tokens } = await resolveFile('scheme-env.http', {
        restClient: {
          environmentVariables: {
            $shared: {},
            dev: { token_type: 'Bearer', access_token: token, auth: `Bearer ${token}` },
          },
          activeEnvironment: 'dev',
        },
      });
      assert.deepEqual(
        tokens.map((t) => [t.resolution.state, t.resolution.value === token]),
        [
          ['resolved', true],
          ['resolved', true],
        ],
      );
      const none = await resolveFile('scheme-env.http');
      assert.deepEqual(
        none.tokens.map((t) => t.resolution.state),
        ['unresolved'],
      );
      assert.match(describeResolution(none.tokens[0]!.resolution), /\{\{token_type\}\} is not defined/);
    });

    test('a file variable holding "Bearer eyJ…": the header line is an occurrence, and the hover says where scheme and token came from', async () => {
      const { text, tokens } = await resolveFile('scheme-file-variable.http');
      assert.deepEqual(
        tokens.map((t) => [t.occurrence.kind, t.occurrence.range.start.line, t.resolution.value === token]),
        [
          ['file-variable', lineOf(text, '@auth = '), true],
          ['file-variable', lineOf(text, '@inner = '), true],
          ['authorization-header', lineOf(text, 'Authorization: {{auth}}'), true],
          ['authorization-header', lineOf(text, 'Authorization: {{nested}}'), true],
        ],
      );
      const [, , direct, nested] = tokens;
      assert.ok(direct?.occurrence.kind === 'authorization-header' && nested);
      assert.equal(direct.occurrence.scheme, 'Bearer ');
      const at = (prefix: string): number => lineOf(text, prefix) + 1;
      assert.equal(
        describeResolution(direct.resolution),
        `scheme from file variable @auth (line ${at('@auth = ')}); token from file variable @auth (line ${at('@auth = ')})`,
      );
      assert.equal(
        describeResolution(nested.resolution),
        `scheme from file variable @nested (line ${at('@nested = ')}); token from file variable @nested (line ${at('@nested = ')}) ← file variable @inner (line ${at('@inner = ')})`,
      );
      // The header range is the whole value, on the header line: the lens and the diagnostic sit there.
      const line = text.split(/\r?\n/)[direct.occurrence.range.start.line] ?? '';
      assert.equal(
        line.slice(direct.occurrence.range.start.character, direct.occurrence.range.end.character),
        '{{auth}}',
      );
    });

    test('@host and a Host header: the URL shown is the one the client sends; {{base}}/x is left alone', async () => {
      const host = await resolveFile('host-httpyac.http');
      assert.equal(host.tokens[0]?.resolvedUrl, `${server.base}/ng/api/scim/account/acc/Users`);
      assert.equal(host.tokens[0].isHarnessScim, true);
      const header = parseHttpDocument(
        ['GET /ng/api/scim/account/acc/Users', 'Host: harness.example:443', `Authorization: Bearer ${token}`].join(
          '\n',
        ),
      );
      assert.equal(
        (await resolveTokens(header)).tokens[0]?.resolvedUrl,
        'https://harness.example:443/ng/api/scim/account/acc/Users',
      );
      const notPath = parseHttpDocument(
        ['@host = https://a', '@base = https://b', 'GET {{base}}/x', `Authorization: Bearer ${token}`].join('\n'),
      );
      assert.equal((await resolveTokens(notPath)).tokens[0]?.resolvedUrl, 'https://b/x');
      const noHost = parseHttpDocument(['GET /x', `Authorization: Bearer ${token}`].join('\n'));
      assert.equal((await resolveTokens(noHost)).tokens[0]?.resolvedUrl, '/x');
    });

    for (const [file, client] of [['host-rest-client.http', 'REST Client']] as const)
      test(`${file}: ${client} puts no @host in front of a path: the URL stays relative, nothing is sent, "not absolute"`, async () => {
        const { tokens } = await resolveFile(file);
        assert.equal(tokens.length, 1);
        assert.equal(tokens[0]?.resolvedUrl, '/ng/api/scim/account/acc/Users');
        assert.equal(tokens[0].isHarnessScim, true);
        assert.equal(fileClientOf(parseHttpDocument(readFileSync(join(dir, file), 'utf8'))), client);
        const before = server.hits.get('/token-body') ?? 0;
        const r = await runInProcess(['scan', join(dir, file), '--send-token-requests', '--yes', ...rules(), '--json']);
        assert.equal(server.hits.get('/token-body') ?? 0, before, 'the endpoint saw no request');
        const json = JSON.parse(r.out) as { tokenRequestsSent: number; tokens: ScanToken[] };
        assert.equal(json.tokenRequestsSent, 0);
        assert.match(
          json.tokens[0]?.source ?? '',
          new RegExp(
            `is not absolute: the file is written for ${client}, which puts only a Host header in front of a path`,
          ),
        );
      });

    test('the client a file is written for: its own syntax decides; a file with none is read as httpYac', () => {
      const of = (...lines: string[]) => fileClientOf(parseHttpDocument(lines.join('\n')));
      assert.equal(of('@host = http://a', 'GET /x'), 'httpYac');
      assert.equal(of('GET /x', 'Authorization: Bearer {{$processEnv T}}'), 'REST Client');
      assert.equal(of('GET /x', 'Authorization: Bearer {{$env.T}}'), 'JetBrains HTTP Client');
      assert.equal(of('@t := {{$processEnv T}}', 'GET /x', 'Authorization: Bearer {{t}}'), 'httpYac');
      // httpYac runs JetBrains handlers and reads $processEnv / $dotenv: with @host and a path it is httpYac's.
      const handler = '> {% client.global.set("t", response.body.access_token); %}';
      assert.equal(of('@host = http://a', 'POST /t', '', handler), 'httpYac');
      assert.equal(of('POST http://a/t', '', handler), 'JetBrains HTTP Client');
      assert.equal(of('@host = http://a', 'GET /x', 'Authorization: Bearer {{$processEnv T}}'), 'httpYac');
      assert.equal(of('@host = http://a', 'GET /x', 'Authorization: Bearer {{$dotenv T}}'), 'httpYac');
      assert.equal(of('GET /x', 'Authorization: Bearer {{$dotenv T}}'), 'REST Client');
      assert.equal(
        of(
          '@host = http://a',
          '# @name l',
          'POST /t',
          '',
          '###',
          'GET /x',
          'Authorization: Bearer {{l.response.body.t}}',
        ),
        'REST Client',
      );
      assert.equal(
        of('# @name login', 'POST /t', '', '###', 'GET /x', 'Authorization: Bearer {{login.access_token}}'),
        'httpYac',
      );
    });

    for (const file of [
      'scheme-rest-client.http',
      'scheme-httpyac.http',
      'scheme-jetbrains.http',
      'host-httpyac.http',
      'host-jetbrains.http',
      'host-header.http',
      'host-header-httpyac.http',
      'host-header-jetbrains.http',
    ])
      test(`${file}: nothing is sent without the flag; with it the login request is sent once and the header is judged`, async () => {
        const before = server.hits.get('/token-body') ?? 0;
        const quiet = await runInProcess(['scan', join(dir, file), ...rules(), '--json']);
        assert.equal(quiet.code, 0, quiet.err + quiet.out);
        assert.equal(server.hits.get('/token-body') ?? 0, before);
        const waiting = (JSON.parse(quiet.out) as { tokens: ScanToken[] }).tokens;
        assert.equal(waiting.length, 1);
        assert.match(waiting[0]!.title, /Not checked/);

        const r = await runInProcess(['scan', join(dir, file), '--send-token-requests', '--yes', ...rules(), '--json']);
        assert.equal(r.code, 0, r.err + r.out);
        assert.equal(server.hits.get('/token-body') ?? 0, before + 1);
        const json = JSON.parse(r.out) as { tokenRequestsSent: number; tokens: ScanToken[] };
        assert.equal(json.tokenRequestsSent, 1);
        assert.equal(json.tokens.length, 1);
        const [t] = json.tokens;
        assert.match(t!.title, /^✓ Harness would accept/);
        assert.equal(t!.line, lineOf(readFileSync(join(dir, file), 'utf8'), 'Authorization:') + 1);
        if (file === 'host-httpyac.http' || file === 'host-jetbrains.http')
          assert.equal(t!.url, `${server.base}/ng/api/scim/account/acc/Users`);
        assert.ok(!r.out.includes('body-secret-value'));
      });
  });
}
