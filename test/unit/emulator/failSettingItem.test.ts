import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { call } from './helpers';

interface Item {
  identifier: string;
  updateStatus: boolean;
  errorMessage: string | null;
  setting: Record<string, unknown> | null;
}

suite('emulator: failSettingItem knob (per-item PUT failure)', () => {
  let emu: Emulator;
  const put = async (items: [string, string][]): Promise<{ status: number; items: Item[] }> => {
    const body = items.map(([identifier, value]) => ({
      identifier,
      value,
      allowOverrides: false,
      updateType: 'UPDATE',
    }));
    const r = await call(emu, 'PUT', `/ng/api/settings?accountIdentifier=${emu.accountId}`, {
      key: emu.adminKey,
      body,
    });
    return { status: r.status, items: r.json.data as Item[] };
  };
  const stored = async (identifier: string): Promise<unknown> => {
    const r = await call(emu, 'GET', `/ng/api/settings/${identifier}?accountIdentifier=${emu.accountId}`, {
      key: emu.adminKey,
    });
    return (r.json.data as Record<string, unknown>).value;
  };

  setup(async () => {
    emu = await startEmulator();
  });
  teardown(async () => {
    await emu.close();
  });

  test('the next PUT fails only that item, with the given message; the others are stored; HTTP stays 200', async () => {
    emu.failSettingItem('scim_jwt_token_jwks_keys_url', 'Setting value is too long');
    const r = await put([
      ['scim_jwt_token_key_field', 'client_id'],
      ['scim_jwt_token_jwks_keys_url', 'https://idp.example/keys'],
      ['scim_jwt_token_value_field', 'harness-scim'],
    ]);
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.items.map((i) => [i.identifier, i.updateStatus, i.errorMessage]),
      [
        ['scim_jwt_token_key_field', true, null],
        ['scim_jwt_token_jwks_keys_url', false, 'Setting value is too long'],
        ['scim_jwt_token_value_field', true, null],
      ],
    );
    assert.equal(r.items[1]?.setting, null);
    assert.equal(await stored('scim_jwt_token_key_field'), 'client_id');
    assert.equal(await stored('scim_jwt_token_jwks_keys_url'), null, 'the failed item was not stored');
    assert.equal(await stored('scim_jwt_token_value_field'), 'harness-scim');
  });

  test('it is used once: the PUT after succeeds', async () => {
    emu.failSettingItem('scim_jwt_token_service_account_id', 'boom');
    assert.equal((await put([['scim_jwt_token_service_account_id', 'scim_sa']])).items[0]?.updateStatus, false);
    const again = await put([['scim_jwt_token_service_account_id', 'scim_sa']]);
    assert.equal(again.items[0]?.updateStatus, true);
    assert.equal(await stored('scim_jwt_token_service_account_id'), 'scim_sa');
  });

  test('a PUT without that identifier leaves the failure armed for the one that carries it', async () => {
    emu.failSettingItem('scim_jwt_token_value_field', 'later');
    assert.equal((await put([['scim_jwt_token_key_field', 'sub']])).items[0]?.updateStatus, true);
    const r = await put([['scim_jwt_token_value_field', 'x']]);
    assert.deepEqual([r.items[0]?.updateStatus, r.items[0]?.errorMessage], [false, 'later']);
  });
});
