/**
 * JetBrains response handlers as JetBrains runs them (issue 28 review): the last set of a name wins,
 * environment > handler global > the file's `@name`, `client.log` / `client.test` / comments beside
 * the idiom, `> .\h.js`, and a handler file reached through a symbolic link is never read.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttpDocument, resolveTokens, type ResolveResult } from '../../../src/core/http';
import { nodeFileReader } from '../../../src/core/http/nodeFs';

const USE = ['###', 'GET https://app.harness.io/gateway/ng/api/scim/account/abc/Users', 'Authorization: Bearer {{t}}'];

for (const [eol, name] of [
  ['\n', 'LF'],
  ['\r\n', 'CRLF'],
] as const) {
  suite(`hostile: JetBrains handlers as JetBrains runs them (${name})`, () => {
    let root: string;
    let dir: string;
    setup(() => {
      root = mkdtempSync(join(tmpdir(), 'scim-jwt-handlers-'));
      dir = join(root, 'requests');
      mkdirSync(dir);
    });
    teardown(() => {
      rmSync(root, { recursive: true, force: true });
    });

    async function resolve(lines: string[], extra: Record<string, string> = {}): Promise<ResolveResult> {
      for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text.replace(/\n/g, eol));
      const text = lines.join(eol) + eol;
      const documentPath = join(dir, 'a.http');
      writeFileSync(documentPath, text);
      return resolveTokens(parseHttpDocument(text), { documentPath, rootPath: root, reader: nodeFileReader });
    }
    const handlerOf = (r: ResolveResult): string | undefined => {
      const p = r.tokens[0]?.resolution.problems[0];
      return p && 'dynamic' in p && p.dynamic === 'response-handler' ? (p.handler?.requestName ?? '') : undefined;
    };

    test('B: a later request that sets the same name is the source, and a later statement in one handler', async () => {
      const two = await resolve([
        '### A',
        'POST http://127.0.0.1:9/a',
        '',
        '> {% client.global.set("t", response.body.access_token); %}',
        '',
        '### B',
        'POST http://127.0.0.1:9/b',
        '',
        '> {% client.global.set("t", response.body.access_token); %}',
        '',
        ...USE,
      ]);
      assert.equal(handlerOf(two), 'B');
      const one = await resolve([
        '### Login',
        'POST http://127.0.0.1:9/a',
        '',
        '> {%',
        '  client.global.set("t", response.body.token_type);',
        '  client.global.set("t", response.body.access_token);',
        '%}',
        '',
        ...USE,
      ]);
      const p = one.tokens[0]?.resolution.problems[0];
      assert.ok(p?.kind === 'dynamic' && p.handler);
      assert.equal(p.handler.path, 'access_token');
    });

    test("C: the handler global beats the file's @t, and an environment beats both", async () => {
      const lines = [
        '@t = placeholder-set-by-login',
        '',
        '### Login',
        'POST http://127.0.0.1:9/a',
        '',
        '> {% client.global.set("t", response.body.access_token); %}',
        '',
        ...USE,
      ];
      const r = await resolve(lines);
      assert.equal(r.tokens.find((t) => t.occurrence.kind === 'authorization-header')?.resolution.state, 'dynamic');
      writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { t: 'from-env' } }));
      const text = lines.join(eol) + eol;
      const withEnv = await resolveTokens(parseHttpDocument(text), {
        documentPath: join(dir, 'a.http'),
        rootPath: root,
        reader: nodeFileReader,
        environment: 'dev',
      });
      const header = withEnv.tokens.find((t) => t.occurrence.kind === 'authorization-header');
      assert.equal(header?.resolution.value, 'from-env');
    });

    test('F: client.test, client.log and comments beside the idiom; a test that sets a global keeps it not run', async () => {
      const plain = await resolve([
        '### Login',
        'POST http://127.0.0.1:9/a',
        '',
        '> {%',
        '  // keep the token',
        '  client.test("Request executed successfully", function () {',
        '    client.assert(response.status === 200, "Response status is not 200");',
        '  });',
        '  client.log("token (" + response.body.token_type + ")");',
        '  client.global.set("t", response.body.access_token);',
        '%}',
        '',
        ...USE,
      ]);
      assert.equal(handlerOf(plain), 'Login');
      const sneaky = await resolve([
        '### Login',
        'POST http://127.0.0.1:9/a',
        '',
        '> {%',
        '  client.test("x", function () { client.global.set("t", "other"); });',
        '  client.global.set("t", response.body.access_token);',
        '%}',
        '',
        ...USE,
      ]);
      assert.equal(handlerOf(sneaky), undefined);
      assert.notEqual(sneaky.tokens[0]?.resolution.state, 'resolved');
    });

    test('F: > .\\h.js, with the Windows separator JetBrains accepts', async () => {
      const r = await resolve(['### Login', 'POST http://127.0.0.1:9/a', '', '> .\\h.js', '', ...USE], {
        'h.js': 'client.global.set("t", response.body.access_token);\n',
      });
      assert.equal(handlerOf(r), 'Login');
    });

    test('G: a handler file that is a link to a file outside the folder is not read', async () => {
      writeFileSync(join(root, 'outside.js'), 'client.global.set("t", response.body.access_token);\n');
      symlinkSync(join(root, 'outside.js'), join(dir, 'link.js'));
      const r = await resolve(['### Login', 'POST http://127.0.0.1:9/a', '', '> ./link.js', '', ...USE]);
      assert.equal(handlerOf(r), undefined);
      assert.ok(r.warnings.some((w) => w.includes('link.js is outside the folder')));
    });
  });
}
