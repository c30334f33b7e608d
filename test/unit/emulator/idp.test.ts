import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';
import { call, configureScimJwt } from './helpers';

suite('emulator: tokens from the oidc-provider IdP pass the SCIM JWT flow', () => {
  let emu: Emulator;
  let idp: Idp;
  suiteSetup(async () => {
    idp = await startIdp({ claims: { scim_client: 'harness-scim' } });
    emu = await startEmulator({ settingsCacheMs: 0 });
    emu.addApiKey({
      kind: 'sat',
      principal: 'idp_sa',
      permissions: [
        'core_user_view',
        'core_user_manage',
        'core_user_invite',
        'core_usergroup_view',
        'core_usergroup_manage',
      ],
    });
    await configureScimJwt(emu, {
      keyField: 'scim_client',
      value: 'harness-scim',
      jwksUrl: idp.jwksUri,
      serviceAccount: 'idp_sa',
    });
  });
  suiteTeardown(async () => {
    await emu.close();
    await idp.close();
  });

  test('an IdP access token is accepted; after key rotation under the same URL it is refused (stale JWKS cache)', async () => {
    const scim = `/ng/api/scim/account/${emu.accountId}`;
    const token = await idp.getToken();
    const ok = await call(emu, 'GET', `${scim}/Users?count=1`, { bearer: token });
    assert.equal(ok.status, 200, JSON.stringify(emu.lastJwtFailure()));
    await idp.rotateKeys();
    const rotated = await idp.getToken();
    const refused = await call(emu, 'GET', `${scim}/ServiceProviderConfig`, { bearer: rotated });
    assert.equal(refused.status, 401);
    assert.equal(emu.lastJwtFailure()?.reason, 'key-not-found');
    await configureScimJwt(emu, {
      keyField: 'scim_client',
      value: 'harness-scim',
      jwksUrl: `${idp.jwksUri}?refresh=1`,
      serviceAccount: 'idp_sa',
    });
    assert.equal((await call(emu, 'GET', `${scim}/ServiceProviderConfig`, { bearer: rotated })).status, 200);
  });
});
