/** The hover says whose meaning a token's syntax was read with, where the clients disagree. */
import * as assert from 'node:assert/strict';
import { parseHttpDocument, resolveTokens } from '../../../src/core/http';
import { hoverMarkdown, inspectTokens } from '../../../src/core/inspect';
import type { JwksCache } from '../../../src/core/jwt';

async function hoverOf(text: string): Promise<string> {
  const doc = parseHttpDocument(text);
  const { tokens } = await resolveTokens(doc, { processEnv: { TOKEN: 'eyJhbGciOiJub25lIn0.e30.' } });
  const [inspection] = await inspectTokens(tokens, {
    rules: { kind: 'none', reason: 'no rules' },
    cache: undefined as unknown as JwksCache,
    network: false,
  });
  assert.ok(inspection);
  return hoverMarkdown(inspection);
}

suite("tokenFetch: which client's meaning the hover names", () => {
  test("{{$processEnv}} is REST Client's, {{$env.NAME}} JetBrains'", async () => {
    assert.match(
      await hoverOf('GET https://h/x\nAuthorization: Bearer {{$processEnv TOKEN}}\n'),
      /Read as REST Client's \{\{\$processEnv\}\}/,
    );
    assert.match(
      await hoverOf('GET https://h/x\nAuthorization: Bearer {{$env.TOKEN}}\n'),
      /Read as the JetBrains HTTP Client's \{\{\$env\.NAME\}\}/,
    );
  });

  test('request variables, named responses, oauth2 headers and $auth.token name their client', async () => {
    const named = '# @name login\nPOST https://idp/token\n\n###\nGET https://h/x\n';
    assert.match(
      await hoverOf(`${named}Authorization: Bearer {{login.response.body.$.access_token}}\n`),
      /REST Client's request variable/,
    );
    assert.match(await hoverOf(`${named}Authorization: Bearer {{login.access_token}}\n`), /httpYac's named response/);
    assert.match(
      await hoverOf('GET https://h/x\nAuthorization: oauth2 client_credentials dev\n'),
      /httpYac's Authorization: oauth2 client_credentials: a token from the dev\\_\\\* variables/,
    );
    assert.match(
      await hoverOf('GET https://h/x\nAuthorization: Bearer {{$auth.token("idp")}}\n'),
      /JetBrains HTTP Client's \{\{\$auth\.token\}\}/,
    );
  });
});
