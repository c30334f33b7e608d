import * as assert from 'node:assert/strict';
import { arrayOf, check, ShapeMismatch } from '../../../src/core/harness/guard';
import * as S from '../../../src/core/harness/schemas';
import { assertAllSucceeded, SettingsUpdateError } from '../../../src/core/harness';
import { settingsUpdateResult } from '../../../src/core/harness/settingsUpdate';
import { scimSetting } from './fixtures';

function mismatch(fn: () => unknown): ShapeMismatch {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ShapeMismatch, String(e));
    return e;
  }
  assert.fail('expected a ShapeMismatch');
}

suite('harness schemas', () => {
  test('the documented settings list response passes and keeps only declared fields', () => {
    const body = {
      status: 'SUCCESS',
      data: [{ setting: { ...scimSetting('scim_jwt_token_key_field', null), extra: 1 }, lastModifiedAt: null }],
      metaData: null,
      correlationId: 'c',
    };
    const out = check(S.envelope(arrayOf(S.settingResponseDTO)), body);
    const first = out.data[0]!;
    assert.equal(first.setting.identifier, 'scim_jwt_token_key_field');
    assert.equal(first.setting.value, null);
    assert.ok(!('extra' in first.setting));
    assert.equal(out.correlationId, 'c');
  });

  test('a changed field names its path', () => {
    const bad = {
      status: 'SUCCESS',
      data: [{ setting: scimSetting('a', 'x') }, { setting: { ...scimSetting('b', 'y'), valueType: 3 } }],
    };
    const e = mismatch(() => check(S.envelope(arrayOf(S.settingResponseDTO)), bad));
    assert.equal(e.path, 'data[1].setting.valueType');
    assert.equal(e.expected, 'a string');
    assert.equal(e.actual, 'a number (3)');
  });

  test('a missing `value` is a mismatch, a null one is not', () => {
    const { value: _v, ...noValue } = scimSetting('a', 'x');
    assert.equal(mismatch(() => check(S.settingDTO, noValue)).path, 'value');
    assert.equal(check(S.settingDTO, scimSetting('a', null)).value, null);
  });

  test('nulls and absent optional fields read the same', () => {
    const sa = {
      identifier: 'sa',
      name: 'SA',
      email: 'sa@service.harness.io',
      accountIdentifier: 'A',
      description: null,
      tags: null,
    };
    const agg = check(S.serviceAccountAggregateDTO, { serviceAccount: sa, roleAssignmentsMetadataDTO: null });
    assert.deepEqual(agg.roleAssignmentsMetadataDTO, []);
    assert.equal(agg.serviceAccount.description, undefined);
  });

  test('SCIM lists tolerate a missing Resources and reject a non-array', () => {
    const empty = check(S.scimList(S.scimUser), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
    });
    assert.deepEqual(empty.Resources, []);
    assert.equal(
      mismatch(() => check(S.scimList(S.scimUser), { schemas: [], totalResults: 0, Resources: {} })).path,
      'Resources',
    );
  });
});

suite('harness settings update result', () => {
  const req = (identifier: string) => ({
    identifier,
    value: 'v',
    allowOverrides: false,
    updateType: 'UPDATE' as const,
  });

  test('all items saved: the updated settings are reachable', () => {
    const r = settingsUpdateResult(
      [req('a')],
      [
        {
          identifier: 'a',
          setting: check(S.settingDTO, scimSetting('a', 'v')),
          lastModifiedAt: 1,
          updateStatus: true,
          errorMessage: null,
        },
      ],
      'c',
    );
    assert.equal(r.allSucceeded, true);
    assertAllSucceeded(r);
    assert.equal(r.updated[0]?.setting?.value, 'v');
  });

  test('a failed item and an unreported item both count as failures, in request order', () => {
    const r = settingsUpdateResult(
      [req('a'), req('typo'), req('lost')],
      [
        {
          identifier: 'typo',
          setting: null,
          lastModifiedAt: null,
          updateStatus: false,
          errorMessage: 'Setting [typo] is either invalid or is not applicable in scope [ACCOUNT]',
        },
        {
          identifier: 'a',
          setting: check(S.settingDTO, scimSetting('a', 'v')),
          lastModifiedAt: 1,
          updateStatus: true,
          errorMessage: null,
        },
      ],
      undefined,
    );
    // assert.equal narrows `r` to the failure branch.
    assert.equal(r.allSucceeded, false);
    assert.deepEqual(
      r.failed.map((f) => [f.identifier, f.reported]),
      [
        ['typo', true],
        ['lost', false],
      ],
    );
    assert.deepEqual(
      r.succeeded.map((s) => s.identifier),
      ['a'],
    );
    assert.match(r.summary, /2 of 3 .*typo: Setting \[typo\]/);
    assert.throws(() => {
      assertAllSucceeded(r);
    }, SettingsUpdateError);
  });
});
