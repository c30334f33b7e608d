import * as assert from 'node:assert/strict';
import {
  compareReadBack,
  describeFailure,
  expectedAfter,
  SetupService,
  buildUpdateBody,
  buildRestoreBody,
  type ScimJwtSettings,
} from '../../../src/core/setup';
import { HarnessAccessDeniedError, HarnessApiError } from '../../../src/core/harness';
import { FakeHarness } from './fakeHarness';

const desired: ScimJwtSettings = {
  jwksUrl: 'https://idp.example.com/keys',
  keyField: 'client_id',
  value: 'harness-scim',
  serviceAccountId: 'scim_sa',
};
const request = { method: 'PUT', path: '/ng/api/settings' };

suite('setup: sending, per-item results and read-back', () => {
  test('a successful send reads back, matches, and says when Harness will use the values (120 s later)', async () => {
    const harness = new FakeHarness();
    const service = new SetupService(harness, { now: () => 1_000_000 });
    const out = await service.send('update', desired);
    assert.equal(out.kind, 'sent');
    assert.equal(out.allSucceeded, true);
    assert.equal(out.items.length, 4);
    assert.ok(out.items.every((i) => i.ok));
    assert.equal(out.readBack?.allMatch, true);
    assert.equal(out.effectiveAt, 1_000_000 + 120_000);
    assert.equal(out.correlationId, 'corr-1');
    assert.deepEqual(harness.sent[0], buildUpdateBody(desired));
  });

  test("HTTP 200 with one failed item is reported per item, with Harness's message, and no countdown", async () => {
    const harness = new FakeHarness();
    harness.failIds.add('scim_jwt_token_value_field');
    const out = await new SetupService(harness).send('update', desired);
    assert.equal(out.kind, 'sent');
    assert.equal(out.allSucceeded, false);
    const failed = out.items.filter((i) => !i.ok);
    assert.deepEqual(
      failed.map((i) => i.field),
      ['value'],
    );
    assert.match(failed[0]?.message ?? '', /not applicable in scope/);
    assert.equal(out.effectiveAt, undefined);
    assert.equal(out.readBack?.allMatch, false);
    assert.deepEqual(
      out.readBack.rows.filter((r) => !r.matches).map((r) => r.field),
      ['value'],
    );
  });

  test('restore sends RESTORE for all four and expects them unset on read-back', async () => {
    const harness = new FakeHarness();
    await new SetupService(harness).send('update', desired);
    const out = await new SetupService(harness).send('restore', desired);
    assert.deepEqual(harness.sent[1], buildRestoreBody());
    assert.equal(out.kind, 'sent');
    assert.equal(out.readBack?.allMatch, true);
    assert.ok(out.items.every((i) => i.message.includes('unset')));
  });

  test('a 403 naming core_setting_edit becomes a failure that says which permission and keeps nothing half-done', async () => {
    const harness = new FakeHarness();
    harness.updateError = new HarnessAccessDeniedError(
      {
        message: 'Principal of type USER with identifier u : Missing permission core_setting_edit on setting',
        request,
        httpStatus: 403,
        code: 'NG_ACCESS_DENIED',
        correlationId: 'c9',
      },
      [{ permission: 'core_setting_edit', resourceType: 'SETTING' }],
    );
    const out = await new SetupService(harness).send('update', desired);
    assert.equal(out.kind, 'failed');
    assert.deepEqual(out.failure.missingPermissions, ['core_setting_edit']);
    assert.equal(out.failure.httpStatus, 403);
    assert.equal(out.failure.correlationId, 'c9');
    assert.match(out.failure.whatToDo, /core_setting_edit/);
  });

  test('a timeout and a 5xx say what to do, and that the PUT may have landed', () => {
    const timeout = describeFailure(
      'send',
      new HarnessApiError({ kind: 'timeout', message: 'Harness did not answer within 30 s.', request }),
    );
    assert.match(timeout.whatToDo, /network|proxy/);
    assert.match(timeout.whatToDo, /may or may not have applied/);
    const server = describeFailure(
      'send',
      new HarnessApiError({
        kind: 'harness-error',
        message: 'Oops',
        request,
        httpStatus: 500,
        code: 'UNKNOWN_ERROR',
        correlationId: 'c1',
      }),
    );
    assert.match(server.whatToDo, /HTTP 500/);
    assert.equal(server.correlationId, 'c1');
    const rejected = describeFailure(
      'send',
      new HarnessApiError({ kind: 'harness-error', message: 'Token is not valid.', request, httpStatus: 401 }),
    );
    assert.equal(rejected.reconnect, true);
  });

  test('a failure message never carries an API key', () => {
    const f = describeFailure('send', new Error('x-api-key: pat.ACC.abcdef.secretvalue123 rejected'));
    assert.ok(!f.message.includes('secretvalue123'));
  });

  test('a failed read-back is reported without losing the item results', async () => {
    const harness = new FakeHarness();
    const service = new SetupService(harness);
    harness.readError = new HarnessApiError({ kind: 'connection', message: 'ECONNRESET', request });
    const out = await service.send('update', desired);
    assert.equal(out.kind, 'sent');
    assert.equal(out.items.length, 4);
    assert.equal(out.readBack, undefined);
    assert.equal(out.readBackFailure?.title, 'Could not read the settings back');
  });

  test('read-back comparison treats unset and empty alike and flags a changed value', () => {
    const expected = expectedAfter(buildUpdateBody(desired));
    const rb = compareReadBack(expected, { ...desired, value: 'other' });
    assert.deepEqual(
      rb.rows.filter((r) => !r.matches).map((r) => [r.field, r.expected, r.actual]),
      [['value', 'harness-scim', 'other']],
    );
    assert.equal(
      compareReadBack(expectedAfter(buildRestoreBody()), {
        jwksUrl: '',
        keyField: null,
        value: null,
        serviceAccountId: null,
      }).allMatch,
      true,
    );
  });
});
