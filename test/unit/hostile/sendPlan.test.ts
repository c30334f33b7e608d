/**
 * A cloned .http file must not post local files and environment secrets to its own host behind
 * one "token requests sent" line. `scan --send-token-requests` first lists each request's host,
 * the files its body reads and the environment variables it carries; without a terminal it needs
 * --yes; body files are read only under the .http file's folder (symbolic links resolved) unless
 * --allow-file-outside names more; and a request is never sent beyond what was listed.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { runInProcess } from '../cli/inProcess';
import { parseHttpDocument, resolveTokens, findBearerTokens, nodeFileReader } from '../../../src/core/http';
import { fetchDynamicTokens, planCarriesLocalData, type SendPlan } from '../../../src/core/tokenFetch';
import { testHttp } from '../testHttp';

const FILE_SECRET = 'file-secret-d41d8cd98f00b204';
const ENV_SECRET = 'env-secret-9e107d9d372bb682';

interface Received {
  path: string;
  body: string;
}

suite('hostile: token requests show what they send before they send it', () => {
  let server: Server;
  let base: string;
  let root: string;
  let project: string;
  const received: Received[] = [];

  suiteSetup(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'not-a-jwt' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    root = realpathSync(mkdtempSync(join(tmpdir(), 'send-plan-')));
    project = join(root, 'project');
    mkdirSync(join(root, 'outside'));
    mkdirSync(project);
    writeFileSync(join(root, 'outside', 'secret'), FILE_SECRET);
    writeFileSync(join(project, 'inside.json'), '{"grant_type":"client_credentials"}');
    symlinkSync(join(root, 'outside', 'secret'), join(project, 'link'));
  });
  suiteTeardown(async () => {
    rmSync(root, { recursive: true, force: true });
    await new Promise<void>((r) =>
      server.close(() => {
        r();
      }),
    );
  });
  setup(() => {
    received.length = 0;
  });

  /** A file whose token request posts `body` (a `< file` line or text) to the test's server. */
  function httpFile(name: string, body: string): string {
    const file = join(project, name);
    writeFileSync(
      file,
      [
        '# @name login',
        `POST ${base}/token`,
        'Content-Type: application/json',
        '',
        body,
        '',
        '###',
        'GET https://example.invalid/ng/api/scim/account/ACC/Users',
        'Authorization: Bearer {{login.response.body.access_token}}',
        '',
      ].join('\n'),
    );
    return file;
  }

  const env = { SECRET: ENV_SECRET };
  const leaked = (): boolean => received.some((r) => r.body.includes(FILE_SECRET) || r.body.includes(ENV_SECRET));

  test('the defect: a file outside the folder and an environment secret, listed and refused without --yes', async () => {
    const file = httpFile('steal.http', '< ../outside/secret');
    const withEnv = httpFile('env.http', '{"s":"{{$processEnv SECRET}}"}');
    const a = await runInProcess(['scan', file, '--send-token-requests'], { env });
    const b = await runInProcess(['scan', withEnv, '--send-token-requests'], { env });
    assert.equal(received.length, 0, 'nothing reaches the server');
    assert.equal(b.code, 2, b.err);
    assert.match(b.out, new RegExp(`POST ${base.replace(/\./g, '\\.')}\\s+The request "login"`));
    assert.match(b.out, /carries the environment variable SECRET/);
    assert.match(b.err, /pass --yes .* \(nothing was sent\)/);
    assert.ok(!b.out.includes(ENV_SECRET) && !b.err.includes(ENV_SECRET), 'the value is never shown');
    // The outside file is refused by name before anything could be asked, and never read.
    assert.match(
      a.out,
      /sends the file \.\.\/outside\/secret as its body, and .*outside[\\/]secret is outside the folder/,
    );
    assert.ok(!a.out.includes(FILE_SECRET));
  });

  test('a value from http-client.private.env.json is listed by name and needs consent, like a .env value (LF and CRLF)', async () => {
    for (const eol of ['\n', '\r\n']) {
      const dir = join(project, eol === '\n' ? 'private-lf' : 'private-crlf');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { cs: ENV_SECRET } }));
      const file = join(dir, 'a.http');
      writeFileSync(
        file,
        [
          '# @name login',
          `POST ${base}/token`,
          'Content-Type: application/x-www-form-urlencoded',
          '',
          'grant_type=client_credentials&client_id=a&client_secret={{cs}}',
          '',
          '###',
          'GET https://example.invalid/ng/api/scim/account/ACC/Users',
          'Authorization: Bearer {{login.response.body.access_token}}',
          '',
        ].join(eol),
      );
      const r = await runInProcess(['scan', file, '--env', 'dev', '--send-token-requests']);
      assert.equal(received.length, 0, 'nothing is sent without consent');
      assert.equal(r.code, 2, r.err + r.out);
      assert.match(r.out, /carries the http-client\.private\.env\.json value cs/);
      assert.ok(!r.out.includes(ENV_SECRET) && !r.err.includes(ENV_SECRET), 'the value is never shown');
      const doc = parseHttpDocument(readFileSync(file, 'utf8'));
      const ctx = { documentPath: file, reader: nodeFileReader, environment: 'dev' };
      const resolved = await resolveTokens(doc, ctx, findBearerTokens(doc));
      let carries: boolean | undefined;
      await fetchDynamicTokens(doc, ctx, resolved.tokens, {
        http: testHttp(),
        timeoutMs: 5000,
        confirm: (plan) => {
          carries = planCarriesLocalData(plan);
          return Promise.resolve(false);
        },
      });
      assert.equal(carries, true, 'the editor does not send it by itself');
      assert.equal(received.length, 0);
    }
  });

  test('with --yes: the environment value is sent as listed, the outside file is still refused', async () => {
    const withEnv = httpFile('env.http', '{"s":"{{$processEnv SECRET}}"}');
    const ok = await runInProcess(['scan', withEnv, '--send-token-requests', '--yes'], { env });
    assert.notEqual(ok.code, 2, ok.err + ok.out);
    assert.ok(!ok.out.includes(ENV_SECRET));
    assert.match(ok.out, /carries the environment variable SECRET/);
    assert.equal(received.length, 1);
    received.length = 0;

    const file = httpFile('steal.http', '< ../outside/secret');
    const r = await runInProcess(['scan', file, '--send-token-requests', '--yes'], { env });
    assert.equal(received.length, 0, 'the request with the refused file is not sent');
    assert.match(r.out, /sends the file \.\.\/outside\/secret as its body, and .*outside[\\/]secret is outside/);
    assert.ok(!leaked());
  });

  test('a symbolic link inside the folder that points outside counts as outside', async () => {
    const file = httpFile('link.http', '< ./link');
    const r = await runInProcess(['scan', file, '--send-token-requests', '--yes', '--json']);
    assert.equal(received.length, 0);
    const json = JSON.parse(r.out) as { sendPlan: SendPlan; tokenRequestsSent: number };
    assert.equal(json.tokenRequestsSent, 0);
    assert.equal(json.sendPlan.requests.length, 0);
    assert.match(json.sendPlan.notSent[0]?.message ?? '', /outside[\\/]secret is outside the folder/);
  });

  test('--allow-file-outside lets the named folder in; the file is listed before it is sent', async () => {
    const file = httpFile('steal.http', '< ../outside/secret');
    const r = await runInProcess([
      'scan',
      file,
      '--send-token-requests',
      '--yes',
      '--allow-file-outside',
      join(root, 'outside'),
      '--json',
    ]);
    assert.notEqual(r.code, 2, r.err);
    const json = JSON.parse(r.out) as { sendPlan: SendPlan; tokenRequestsSent: number };
    const [planned] = json.sendPlan.requests;
    assert.deepEqual(planned?.files, [join(root, 'outside', 'secret')]);
    assert.equal(planned.destination, base);
    assert.equal(json.tokenRequestsSent, 1);
    assert.equal(received[0]?.body, FILE_SECRET, 'allowed, and listed: sent');
  });

  test('a file inside the folder is read; --json without --yes and without a terminal sends nothing', async () => {
    const file = httpFile('inside.http', '< ./inside.json');
    const r = await runInProcess(['scan', file, '--send-token-requests', '--json']);
    assert.equal(r.code, 2);
    assert.equal(received.length, 0);
    const json = JSON.parse(r.out) as { sendPlan: SendPlan; tokenRequestsSent: number };
    assert.deepEqual(json.sendPlan.requests[0]?.files, [join(project, 'inside.json')]);
    assert.equal(json.tokenRequestsSent, 0);
  });

  test('variables inside a <@ body file and .env values are listed by name too', async () => {
    writeFileSync(join(project, 'vars.json'), '{"a":"{{$processEnv SECRET}}","b":"{{$dotenv DOT_SECRET}}"}');
    writeFileSync(join(project, '.env'), 'DOT_SECRET=dot-value-0123456789\n');
    try {
      const file = httpFile('vars.http', '<@ ./vars.json');
      const r = await runInProcess(['scan', file, '--send-token-requests', '--json'], { env });
      assert.equal(r.code, 2);
      assert.equal(received.length, 0);
      const json = JSON.parse(r.out) as { sendPlan: SendPlan };
      const [planned] = json.sendPlan.requests;
      assert.deepEqual(planned?.files, [join(project, 'vars.json')]);
      assert.deepEqual(planned.env.map((e) => `${e.kind}:${e.name}:${String(e.defined)}`).sort(), [
        'dotenv:DOT_SECRET:true',
        'process:SECRET:true',
      ]);
      assert.ok(!r.out.includes(ENV_SECRET) && !r.out.includes('dot-value-0123456789'));
    } finally {
      rmSync(join(project, '.env'));
    }
  });

  test('on a terminal the question is asked; anything but y sends nothing', async () => {
    const file = httpFile('env.http', '{"s":"{{$processEnv SECRET}}"}');
    let out = '';
    let err = '';
    const questions: string[] = [];
    const code = await runCli(['scan', file, '--send-token-requests'], {
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      stdin: () => Promise.reject(new Error('terminal')),
      env,
      interactive: true,
      ask: (q) => {
        questions.push(q);
        return Promise.resolve('n');
      },
    });
    assert.equal(code, 2, err);
    assert.deepEqual(questions, ['Send these token requests? [y/N] ']);
    assert.match(out, /carries the environment variable SECRET/);
    assert.equal(received.length, 0);
  });

  test('the sender refuses what the approved list did not show, and control characters are escaped', async () => {
    // A plan that shows only the host: the request that carries SECRET is not sent.
    const file = httpFile('env.http', '{"s":"{{$processEnv SECRET}}"}');
    const text = readFileSync(file, 'utf8');
    const doc = parseHttpDocument(text);
    const ctx = { documentPath: file, reader: nodeFileReader, processEnv: env };
    const resolved = await resolveTokens(doc, ctx, findBearerTokens(doc));
    const result = await fetchDynamicTokens(doc, ctx, resolved.tokens, {
      http: testHttp(),
      timeoutMs: 5000,
      confirm: (plan) => {
        const first = plan.requests[0];
        if (first) first.env = [];
        return Promise.resolve(true);
      },
    });
    assert.equal(result.requestsSent, 0);
    assert.equal(received.length, 0);
    assert.match([...result.failures.values()][0]?.message ?? '', /was not sent: .*approved list/);

    writeFileSync(join(project, 'body\u001b]0;pwned\u0007.json'), '{}');
    const evil = httpFile('evil.http', '< ./body\u001b]0;pwned\u0007.json');
    const r = await runInProcess(['scan', evil, '--send-token-requests']);
    assert.ok(!r.out.includes('\u001b'), 'no ESC reaches the terminal');
    assert.match(r.out, /\\u001b/);
  });
});
