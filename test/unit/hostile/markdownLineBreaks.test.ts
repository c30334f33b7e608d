/**
 * Hostile input, line breaks in Markdown (issue 29, class 3): CommonMark ends a line at LF, CR or
 * CR LF. The helpers every report uses kept a server's text on one line by replacing LF only, so a
 * lone CR in a role id, a message or a group name started a new block: a heading, raw HTML, a list.
 */
import * as assert from 'node:assert/strict';
import { mdCell, mdCode, mdText } from '../../../src/core/markdown';

suite('hostile input: line breaks in Markdown', () => {
  test('a lone CR is a line break in Markdown: no helper lets one through to start a new block', () => {
    for (const f of [mdCode, mdText, mdCell]) {
      const out = f('a\r# Heading\r<script>x</script>\r\n- item');
      assert.doesNotMatch(out, /[\r\n]/, `${f.name}: ${JSON.stringify(out)}`);
    }
  });
});
