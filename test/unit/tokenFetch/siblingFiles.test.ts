/**
 * JetBrains globals are shared across a folder, so the other `.http` files and the handler `.js`
 * files are read too. Kept by (path, mtime, size): typing in one file does not re-read the folder,
 * an edit to a sibling's request or handler is seen, and a token fetched from the old text is not
 * reused. Against a token endpoint on 127.0.0.1 that counts what it receives.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseHttpDocument,
  resolveTokens,
  ScriptFileCache,
  type HttpFileReader,
  type ResolveContext,
} from '../../../src/core/http';
import { nodeFileReader } from '../../../src/core/http/nodeFs';
import { MAX_SIBLING_FILES } from '../../../src/core/http/scriptSets';
import { fetchDynamicTokens, type DynamicFetchResult } from '../../../src/core/tokenFetch';
import { startIdp, type Idp } from '../../sandbox/idp';
import { testHttp } from '../testHttp';
import type { LineEnding } from './fixtures';
import { startTokenServer, type TokenServer } from './tokenServer';

/** nodeFileReader, counting the files it reads. */
function countingReader(): HttpFileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: (p) => {
      reads.push(p);
      return nodeFileReader.readFile(p);
    },
    listFolder: (p) => nodeFileReader.listFolder?.(p) ?? Promise.resolve([]),
    stat: (p) => nodeFileReader.stat?.(p) ?? Promise.resolve(undefined),
  };
}

let clock = Date.now() / 1000;
/** Writes `text` and moves its mtime forward, as a later save would (file systems with coarse times included). */
function save(file: string, text: string, ending: LineEnding): void {
  writeFileSync(file, ending === 'CRLF' ? text.replace(/\r?\n/g, '\r\n') : text);
  clock += 10;
  utimesSync(file, clock, clock);
}

for (const ending of ['LF', 'CRLF'] as LineEnding[]) {
  suite(`tokenFetch: sibling files and handler files, cached and invalidated (${ending})`, () => {
    let idp: Idp;
    let server: TokenServer;
    let dir: string;
    const login = (body: string): string =>
      `### Login\nPOST ${server.base}/nested\nContent-Type: application/json\n\n${body}\n\n> {% client.global.set("token", response.body.data.token); %}\n`;
    const withFile = (): string => `POST ${server.base}/nested\n\n> ./handler.js\n`;

    suiteSetup(async () => {
      idp = await startIdp({ claims: { scim_principal: 'harness-scim' } });
      server = await startTokenServer(() => idp.getToken());
    });
    suiteTeardown(async () => {
      await Promise.all([server.close(), idp.close()]);
    });
    setup(() => {
      dir = mkdtempSync(join(tmpdir(), `siblings-${ending}-`));
      save(
        join(dir, 'main.http'),
        'GET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer {{token}}\n',
        ending,
      );
      save(join(dir, 'login.http'), login('{"user": "a"}'), ending);
      for (let i = 0; i < 5; i++) save(join(dir, `other-${String(i)}.http`), `GET https://h/${String(i)}\n`, ending);
    });
    teardown(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    const main = (): string => join(dir, 'main.http');
    async function resolveMain(ctx: ResolveContext, fetched?: DynamicFetchResult) {
      const doc = parseHttpDocument(readFileSync(main(), 'utf8'));
      return (await resolveTokens(doc, { documentPath: main(), ...ctx, ...(fetched ? { fetched } : {}) })).tokens;
    }
    async function fetchFor(ctx: ResolveContext): Promise<DynamicFetchResult> {
      const doc = parseHttpDocument(readFileSync(main(), 'utf8'));
      const { tokens } = await resolveTokens(doc, { documentPath: main(), ...ctx });
      return fetchDynamicTokens(doc, { documentPath: main(), ...ctx }, tokens, { timeoutMs: 5000, http: testHttp() });
    }

    test('typing in one file re-reads no sibling; an edited sibling is read again, alone', async () => {
      const reader = countingReader();
      const ctx = { reader, scriptFiles: new ScriptFileCache(), rootPath: dir };
      const first = await resolveMain(ctx);
      assert.equal(first[0]?.resolution.state, 'dynamic');
      const siblings = (reads: string[]) => reads.filter((p) => p.endsWith('.http')).length;
      assert.equal(siblings(reader.reads), 6);
      reader.reads.length = 0;
      // The same document, as after a keystroke elsewhere in it: nothing is read again.
      for (let i = 0; i < 3; i++) await resolveMain(ctx);
      assert.equal(siblings(reader.reads), 0);
      save(join(dir, 'other-3.http'), 'GET https://h/changed\n', ending);
      await resolveMain(ctx);
      assert.deepEqual(
        reader.reads.filter((p) => p.endsWith('.http')),
        [join(dir, 'other-3.http')],
      );
    });

    test('without the cache (the CLI, one run) every call reads the folder', async () => {
      const reader = countingReader();
      await resolveMain({ reader });
      await resolveMain({ reader });
      assert.equal(reader.reads.filter((p) => p.endsWith('.http')).length, 12);
    });

    test('a token fetched from a sibling handler is not reused once that request changes', async () => {
      const ctx = { reader: nodeFileReader, scriptFiles: new ScriptFileCache(), rootPath: dir };
      const hits = server.hits.get('/nested') ?? 0;
      const fetched = await fetchFor(ctx);
      assert.equal(fetched.requestsSent, 1);
      assert.equal(server.hits.get('/nested') ?? 0, hits + 1);
      assert.equal((await resolveMain(ctx, fetched))[0]?.resolution.state, 'resolved');
      // Another body for the login request: the old token no longer stands for it.
      save(join(dir, 'login.http'), login('{"user": "b"}'), ending);
      const after = await resolveMain(ctx, fetched);
      assert.equal(after[0]?.resolution.state, 'dynamic');
      assert.ok(!after[0].resolution.sources.some((s) => s.kind === 'fetched'));
      // Saved back as it was: the same text, the same source, the token stands again.
      save(join(dir, 'login.http'), login('{"user": "a"}'), ending);
      assert.equal((await resolveMain(ctx, fetched))[0]?.resolution.state, 'resolved');
    });

    test('…and once the handler .js file it runs changes', async () => {
      save(join(dir, 'login.http'), withFile(), ending);
      save(join(dir, 'handler.js'), 'client.global.set("token", response.body.data.token);\n', ending);
      const ctx = { reader: nodeFileReader, scriptFiles: new ScriptFileCache(), rootPath: dir };
      const fetched = await fetchFor(ctx);
      assert.equal(fetched.requestsSent, 1);
      assert.equal((await resolveMain(ctx, fetched))[0]?.resolution.state, 'resolved');
      save(join(dir, 'handler.js'), 'client.global.set("token", response.body.session.access_token);\n', ending);
      assert.equal((await resolveMain(ctx, fetched))[0]?.resolution.state, 'dynamic');
    });

    test(`at most ${String(MAX_SIBLING_FILES)} sibling files are read`, async () => {
      for (let i = 0; i < MAX_SIBLING_FILES + 10; i++)
        save(join(dir, `more-${String(i).padStart(3, '0')}.http`), 'GET https://h/x\n', ending);
      const reader = countingReader();
      await resolveMain({ reader, scriptFiles: new ScriptFileCache() });
      assert.equal(reader.reads.filter((p) => p.endsWith('.http')).length, MAX_SIBLING_FILES);
    });
  });
}
