/**
 * Hostile input, the terminal shows only text (issue 29, class 3): whatever a server answers (role and
 * resource group ids, messages) is printed with its control characters as visible escapes, in text
 * and in --json, by the one place all CLI output passes.
 */
import * as assert from 'node:assert/strict';
import { cannedSetupSuite, FIVE, lyingHarness } from './harnessAnswers';
import { terminalText } from '../../../src/core/terminalText';

/** What a terminal acts on: C0 controls but newline and tab, DEL, C1 controls, and bidi overrides. */
// eslint-disable-next-line no-control-regex -- control characters are what this test looks for
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

suite('hostile input: the terminal shows only text', () => {
  const canned = cannedSetupSuite();

  test('terminalText: every control but newline and tab becomes a visible escape, and JSON still parses to the same value', () => {
    const value = 'a\u001b]0;t\u0007b\rc\u0000d\u009be\u202ef\u007f\tg';
    const shown = terminalText(value);
    assert.doesNotMatch(shown, TERMINAL_CONTROL);
    assert.equal(shown, 'a\\u001b]0;t\\u0007b\\u000dc\\u0000d\\u009be\\u202ef\\u007f\tg');
    const json = terminalText(JSON.stringify({ value, back: 'x\\' + '\u009b' }));
    assert.deepEqual(JSON.parse(json), { value, back: 'x\\' + '\u009b' });
  });

  test('scim-jwt setup: a role id with a "Harness would accept" line forged by CR reaches the terminal as text', async () => {
    const forged = 'r\u001b[2K\rHarness would accept';
    canned.server.handle(
      lyingHarness(
        { roles: { [forged]: [...FIVE, 'core_secret_view'] }, assignments: [[forged, '_all_account_level_resources']] },
        canned.jwks,
      ),
    );
    const r = await canned.setup();
    // The ESC is shown as an escape; the CR as an escape, or as a space where the id is quoted on one line.
    assert.match(r.out, /r\\u001b\[2K(?:\\u000d| )Harness would accept/);
    assert.doesNotMatch(r.out, /\r/);
  });

  test('role and resource group ids carrying ESC, BEL, CR, C1 and bidi controls reach the terminal as visible text', async () => {
    const evilRole = 'r\u001b]0;pwned\u0007\u001b[2J\rHarness would accept\u009b31m\u202e';
    const evilGroup = 'g\u0000\u001b[1A';
    canned.server.handle(
      lyingHarness(
        {
          roles: { [evilRole]: [...FIVE, 'core_secret_view\u001b[5m'], other: [...FIVE] },
          assignments: [
            [evilRole, '_all_account_level_resources'],
            ['other', evilGroup],
          ],
        },
        canned.jwks,
      ),
    );
    for (const extra of [[], ['--json']]) {
      const r = await canned.setup(extra);
      assert.match(r.out, /core_secret_view/, r.out + r.err);
      assert.doesNotMatch(r.out, TERMINAL_CONTROL, JSON.stringify(TERMINAL_CONTROL.exec(r.out)));
      assert.doesNotMatch(r.err, TERMINAL_CONTROL);
    }
  });
});
