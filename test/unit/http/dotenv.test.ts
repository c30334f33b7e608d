/** `.env` files read with dotenv's own parser, as REST Client and httpYac read them. */
import * as assert from 'node:assert/strict';
import { parseDotenv } from '../../../src/core/http';

suite("http .env: dotenv's parser", () => {
  for (const [ending, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    test(`multi-line quoted values, export, comments and \\n escapes (${ending})`, () => {
      const vars = parseDotenv(
        [
          '# comment',
          'export TOKEN=eyJ.a.b',
          'MULTI="line one',
          'line two"',
          'ESCAPED="a\\nb"',
          'PLAIN=value # note',
          "SINGLE='x y'",
        ].join(eol),
      );
      assert.equal(vars.get('TOKEN'), 'eyJ.a.b');
      assert.equal(vars.get('MULTI'), 'line one\nline two');
      assert.equal(vars.get('ESCAPED'), 'a\nb');
      assert.equal(vars.get('PLAIN'), 'value');
      assert.equal(vars.get('SINGLE'), 'x y');
    });
  }
});
