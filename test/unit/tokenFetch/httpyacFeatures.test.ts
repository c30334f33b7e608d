/** httpYac's own features, read as httpYac reads them: spread headers, Markdown files, .httpyac.json. */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeResolution, findBearerTokens, parseHttpDocument, resolveTokens } from '../../../src/core/http';
import { httpyacAuthOf } from '../../../src/core/http/bearer';
import { nodeFileReader } from '../../../src/core/http/nodeFs';
import { inspectTokens, inspectionTitle } from '../../../src/core/inspect';
import type { JwksCache } from '../../../src/core/jwt';
import { materialise, type LineEnding } from './fixtures';

for (const ending of ['LF', 'CRLF'] as LineEnding[]) {
  suite(`tokenFetch: httpYac features (${ending})`, () => {
    let dir: string;
    suiteSetup(() => {
      dir = materialise(
        { IDP: 'http://127.0.0.1:9', BASE: 'http://127.0.0.1:9', ID: 'id', SECRET: 'secret', RESOURCE: 'r' },
        ending,
      );
    });
    suiteTeardown(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    test('...defaultHeaders is reported on the request line as dynamic (set by a script)', async () => {
      const doc = parseHttpDocument(readFileSync(join(dir, 'httpyac-spread.http'), 'utf8'));
      assert.deepEqual(
        doc.requests[0]?.headers.map((h) => h.name),
        ['X-Trace'],
      );
      const found = findBearerTokens(doc);
      assert.equal(found.length, 1);
      assert.equal(found[0]?.range.start.line, doc.requests[0].requestLineRange.start.line);
      const { tokens } = await resolveTokens(doc, {}, found);
      const [i] = await inspectTokens(tokens, {
        rules: { kind: 'none', reason: 'no rules' },
        cache: undefined as unknown as JwksCache,
        network: false,
      });
      assert.ok(i);
      assert.match(
        inspectionTitle(i),
        /\.\.\.defaultHeaders, which spreads headers a script builds: dynamic \(set by a script\)/,
      );
    });

    test('Authorization: oauth2 / openid read as httpYac reads them: the flow defaults to client credentials, then the prefix', () => {
      assert.deepEqual(httpyacAuthOf('oauth2'), { type: 'oauth2', flow: 'client_credentials' });
      assert.deepEqual(httpyacAuthOf('oauth2 dev'), { type: 'oauth2', flow: 'client_credentials', prefix: 'dev' });
      assert.deepEqual(httpyacAuthOf('openid client dev'), {
        type: 'openid',
        flow: 'client_credentials',
        prefix: 'dev',
      });
      assert.deepEqual(httpyacAuthOf('OAuth2 password'), { type: 'oauth2', flow: 'password' });
      assert.equal(httpyacAuthOf('Bearer oauth2'), undefined);
    });

    test('.httpyac.json environments: the selected one, then $shared', async () => {
      const documentPath = join(dir, 'httpyac-env.http');
      const doc = parseHttpDocument(readFileSync(documentPath, 'utf8'));
      const { tokens } = await resolveTokens(doc, {
        documentPath,
        rootPath: dir,
        reader: nodeFileReader,
        environment: 'dev',
      });
      assert.equal(tokens[0]?.resolution.value, 'eyJhbGciOiJub25lIn0.eyJlbnYiOiJkZXYifQ.');
      assert.equal(tokens[0].resolvedUrl, 'https://yac.example/ng/api/scim/account/acc/Users');
      assert.match(describeResolution(tokens[0].resolution), /\.httpyac\.json environment "dev" \(yacToken\)/);
    });

    test("Markdown: only ```http and ```rest blocks are requests, each its own region, on the Markdown's lines", () => {
      const text = readFileSync(join(dir, 'readme-requests.md'), 'utf8');
      const doc = parseHttpDocument(text, { markdown: true });
      assert.deepEqual(
        doc.requests.map((r) => r.url),
        ['https://h/ng/api/scim/account/acc/Users', 'https://h/second'],
      );
      const found = findBearerTokens(doc);
      assert.deepEqual(
        found.map((t) => [t.range.start.line, t.rawText]),
        [
          [6, 'eyJhbGciOiJub25lIn0.eyJhIjoxfQ.'],
          [18, '{{token}}'],
        ],
      );
      assert.ok(text.split(/\r?\n/)[6]?.includes('eyJhbGciOiJub25lIn0'));
    });
  });
}
