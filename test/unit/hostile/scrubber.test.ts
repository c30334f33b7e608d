/**
 * Hostile input, bounds (issue 29, class 4): the secret scrubber is no giant regular expression. A
 * proxy credential of tens of kilobytes made the one pattern of every secret too large to compile;
 * the error quoted the pattern, and the stack trace printed the password.
 */
import * as assert from 'node:assert/strict';
import { SecretScrubber } from '../../../src/core/secrets';
import { runInProcess } from '../cli/inProcess';
import { within } from './helpers';

suite('hostile input: the secret scrubber holds any secret', () => {
  test('a 40 KB proxy password: every command still answers, and the password is not printed', async () => {
    const password = 'P'.repeat(40_000);
    const env = {
      HTTPS_PROXY: `http://user:${password}@127.0.0.1:9`,
      HTTP_PROXY: `http://user:${password}@127.0.0.1:9`,
    };
    const r = await within(10_000, 'decode with a huge proxy credential', () =>
      runInProcess(['decode', `not-a-token ${password.slice(0, 30_000)}`], { env }),
    );
    assert.equal(typeof r.code, 'number');
    assert.ok(!(r.out + r.err).includes('P'.repeat(100)), (r.out + r.err).slice(0, 500));
  });

  test('thousands of secrets and a long text: scrubbed in bounded time, longest first, short ones only as words', () => {
    const s = new SecretScrubber();
    for (let i = 0; i < 5000; i++) s.add(`secret-${i}-${'x'.repeat(i % 50)}`);
    s.add('ab', 'abcdefghij-longer', 'abcdefghij');
    const text = `${'lorem ipsum '.repeat(50_000)} abcdefghij-longer ab cab abcdefghij`;
    const out = within(5000, 'scrub', () => s.scrub(text));
    return out.then((o) => {
      assert.ok(!o.includes('abcdefghij'), o.slice(-200));
      assert.match(o, / … cab …\(10 chars\)$/);
    });
  });
});
