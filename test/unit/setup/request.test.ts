import * as assert from 'node:assert/strict';
import {
  buildCurl,
  buildHttpFile,
  buildRestoreBody,
  buildScimTestHttp,
  buildUpdateBody,
  currentFromSettings,
  diffRestore,
  diffSettings,
  overwrittenRows,
  prefillFrom,
  settingsUrl,
  shellQuote,
  type ScimJwtSettings,
} from '../../../src/core/setup';
import type { SettingResponseDTO } from '../../../src/core/harness';

const desired: ScimJwtSettings = {
  jwksUrl: ' https://idp.example.com/keys ',
  keyField: 'client_id',
  value: 'harness-scim',
  serviceAccountId: ' scim_sa ',
};
const target = { baseUrl: 'https://app.harness.io/gateway', accountId: 'ACC 1' };

function setting(identifier: string, value: string | null): SettingResponseDTO {
  return {
    setting: {
      identifier,
      name: identifier,
      category: 'SCIM',
      valueType: 'String',
      allowOverrides: false,
      value,
      settingSource: value === null ? 'DEFAULT' : 'ACCOUNT',
    },
    lastModifiedAt: null,
  };
}

suite('setup: model and request builder', () => {
  test('the UPDATE body carries all four settings, account-only, with trimmed URL and service account', () => {
    assert.deepEqual(buildUpdateBody(desired), [
      {
        identifier: 'scim_jwt_token_jwks_keys_url',
        value: 'https://idp.example.com/keys',
        allowOverrides: false,
        updateType: 'UPDATE',
      },
      { identifier: 'scim_jwt_token_key_field', value: 'client_id', allowOverrides: false, updateType: 'UPDATE' },
      { identifier: 'scim_jwt_token_value_field', value: 'harness-scim', allowOverrides: false, updateType: 'UPDATE' },
      {
        identifier: 'scim_jwt_token_service_account_id',
        value: 'scim_sa',
        allowOverrides: false,
        updateType: 'UPDATE',
      },
    ]);
  });

  test('the key field is sent literally, spaces included (Harness does not trim it)', () => {
    const body = buildUpdateBody({ ...desired, keyField: ' sub', value: ' v ' });
    assert.equal(body.find((i) => i.identifier === 'scim_jwt_token_key_field')?.value, ' sub');
    assert.equal(body.find((i) => i.identifier === 'scim_jwt_token_value_field')?.value, ' v ');
  });

  test('the RESTORE body names the four settings with updateType RESTORE', () => {
    const body = buildRestoreBody();
    assert.equal(body.length, 4);
    assert.ok(body.every((i) => i.updateType === 'RESTORE' && !i.allowOverrides));
    assert.deepEqual(body.map((i) => i.identifier).sort(), [
      'scim_jwt_token_jwks_keys_url',
      'scim_jwt_token_key_field',
      'scim_jwt_token_service_account_id',
      'scim_jwt_token_value_field',
    ]);
  });

  test('current settings are read from the list; unset is null; other settings are ignored', () => {
    const current = currentFromSettings([
      setting('scim_jwt_token_key_field', 'sub'),
      setting('scim_jwt_token_value_field', null),
      setting('some_other_setting', 'x'),
    ]);
    assert.deepEqual(current, { jwksUrl: null, keyField: 'sub', value: null, serviceAccountId: null });
    assert.deepEqual(prefillFrom(current), { jwksUrl: '', keyField: 'sub', value: '', serviceAccountId: '' });
  });

  test('the diff says new, changed and unchanged, and only changed non-empty values need confirmation', () => {
    const diff = diffSettings(
      { jwksUrl: 'https://idp.example.com/keys', keyField: 'sub', value: null, serviceAccountId: '' },
      desired,
    );
    assert.deepEqual(
      diff.map((r) => [r.field, r.change]),
      [
        ['jwksUrl', 'unchanged'],
        ['keyField', 'changed'],
        ['value', 'new'],
        ['serviceAccountId', 'new'],
      ],
    );
    assert.deepEqual(
      overwrittenRows(diff).map((r) => r.field),
      ['keyField'],
    );
  });

  test('a restore diff clears only what is set', () => {
    const diff = diffRestore({ jwksUrl: 'https://x/keys', keyField: null, value: '', serviceAccountId: 'sa' });
    assert.deepEqual(
      diff.map((r) => r.change),
      ['cleared', 'unchanged', 'unchanged', 'cleared'],
    );
    assert.equal(overwrittenRows(diff).length, 2);
  });

  test('the settings URL is the gateway root plus /ng/api/settings with the account encoded', () => {
    assert.equal(
      settingsUrl(target.baseUrl, target.accountId),
      'https://app.harness.io/gateway/ng/api/settings?accountIdentifier=ACC%201',
    );
  });
});

suite('setup: curl and .http exports', () => {
  test('curl uses $HARNESS_API_KEY in double quotes and the real URL, with the body single-quoted', () => {
    const curl = buildCurl(target, buildUpdateBody(desired));
    assert.match(
      curl,
      /^curl -sS -X PUT 'https:\/\/app\.harness\.io\/gateway\/ng\/api\/settings\?accountIdentifier=ACC%201'/,
    );
    assert.ok(curl.includes('-H "x-api-key: $HARNESS_API_KEY"'));
    assert.ok(curl.includes('"updateType": "UPDATE"'));
  });

  test('a quote or a $ in a value cannot break out of the curl body', () => {
    const curl = buildCurl(target, buildUpdateBody({ ...desired, value: `it's $HOME` }));
    assert.ok(curl.includes(`it'\\''s $HOME`));
    assert.equal(shellQuote(`a'b`), `'a'\\''b'`);
  });

  test('the .http export carries the key as {{harnessApiKey}} read from the environment', () => {
    const http = buildHttpFile(target, buildUpdateBody(desired), 'Enable SCIM JWT');
    assert.ok(http.includes('@harnessApiKey = {{$processEnv HARNESS_API_KEY}}'));
    assert.ok(http.includes('x-api-key: {{harnessApiKey}}'));
    assert.ok(http.includes('PUT https://app.harness.io/gateway/ng/api/settings?accountIdentifier=ACC%201'));
  });

  test('no export contains an API key, whatever the values', () => {
    const key = 'pat.ACC.tokenid.secretsecret';
    for (const text of [
      buildCurl(target, buildUpdateBody(desired)),
      buildHttpFile(target, buildRestoreBody(), 't'),
      buildScimTestHttp(target),
    ]) {
      assert.ok(!text.includes(key));
      assert.ok(!/pat\.|sat\./.test(text));
    }
  });

  test('the SCIM test scratch has the ServiceProviderConfig and Users?count=1 requests with a bearer variable', () => {
    const http = buildScimTestHttp({ baseUrl: 'http://127.0.0.1:4000', accountId: 'ACC' });
    assert.ok(http.includes('GET http://127.0.0.1:4000/ng/api/scim/account/ACC/ServiceProviderConfig'));
    assert.ok(http.includes('GET http://127.0.0.1:4000/ng/api/scim/account/ACC/Users?count=1'));
    assert.equal(http.match(/Authorization: Bearer \{\{idpToken\}\}/g)?.length, 2);
  });
});
