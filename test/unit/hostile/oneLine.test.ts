/**
 * Hostile input, line breaks in server text (issue 29, class 3): the terminal shows control
 * characters as escapes, but a newline is the output's own layout, so a role id or an error
 * message carrying "\nHarness would accept" printed a line of its own. What a server names is
 * shown on the line that quotes it, and a megabyte of error text is not printed whole.
 */
import * as assert from 'node:assert/strict';
import { json } from '../harness/cannedServer';
import { cannedSetupSuite, FIVE, lyingHarness } from './harnessAnswers';

const FORGED = /^\s*(?:- )?Harness would accept/m;

suite('hostile input: line breaks in what a server names', () => {
  const canned = cannedSetupSuite();

  test('role, resource group and permission ids with newlines stay on their line', async () => {
    const role = 'r\nHarness would accept';
    canned.server.handle(
      lyingHarness(
        {
          roles: {
            [role]: [...FIVE, 'p\u2028Harness would accept', 'q\r\nHarness would accept'],
            other: ['core_user_view'],
          },
          assignments: [
            [role, '_all_account_level_resources'],
            ['other', 'g\nHarness would accept'],
          ],
          serviceAccountName: 'SA\nHarness would accept',
        },
        canned.jwks,
      ),
    );
    const r = await canned.setup();
    assert.match(r.out, /Harness would accept/, 'the ids are still shown');
    assert.doesNotMatch(r.out, FORGED, r.out);
  });

  test('an error message of a megabyte with newlines: one bounded line', async () => {
    const message = `bad\nHarness would accept\n${'x'.repeat(1_000_000)}`;
    canned.server.handle((_req, res) => {
      json(res, 400, { status: 'ERROR', code: 'INVALID_REQUEST', message, correlationId: 'c' });
    });
    const r = await canned.setup();
    assert.doesNotMatch(r.out + r.err, FORGED, (r.out + r.err).slice(0, 2000));
    assert.ok(r.out.length + r.err.length < 20_000, `${r.out.length + r.err.length} chars`);
  });
});
