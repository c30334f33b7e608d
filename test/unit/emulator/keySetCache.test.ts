/**
 * The emulator's key-set and settings caches against Harness's (docs/harness-contract.md, step 8 and
 * "The three caches at a glance"): keyed by account, 5 days after the last use and renewed by every
 * use, reused while the trimmed URL string is equal, the settings for 2 minutes from creation
 * whatever the use, and a new release starting empty. The clock knob moves time; the IdP rotates
 * its keys under the same URL while SCIM traffic continues.
 */
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';
import { call, configureScimJwt } from './helpers';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIVE = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];

suite('emulator: the key-set cache keeps what Harness keeps', () => {
  let idp: Idp;
  suiteSetup(async () => {
    // Tokens live 30 days: the test moves the emulator's clock by days.
    idp = await startIdp({ claims: { scim_client: 'harness-scim' }, ttlSeconds: 30 * 24 * 3600 });
  });
  suiteTeardown(() => idp.close());

  async function account(settingsCacheMs = 0): Promise<{ emu: Emulator; scim: (t: string) => Promise<number> }> {
    const emu = await startEmulator({ settingsCacheMs });
    emu.addApiKey({ kind: 'sat', principal: 'idp_sa', permissions: FIVE });
    await configureScimJwt(emu, {
      keyField: 'scim_client',
      value: 'harness-scim',
      jwksUrl: idp.jwksUri,
      serviceAccount: 'idp_sa',
    });
    const scim = async (t: string): Promise<number> =>
      (await call(emu, 'GET', `/ng/api/scim/account/${emu.accountId}/Users?count=1`, { bearer: t })).status;
    return { emu, scim };
  }

  test('traffic every 4 days keeps the old key set past any 5 days; 5 idle days drop it', async () => {
    const { emu, scim } = await account();
    try {
      const before = await idp.getToken();
      assert.equal(await scim(before), 200);
      const entry = emu.jwksCacheEntry();
      assert.equal(entry?.url, idp.jwksUri, 'the entry holds the URL string');
      assert.match(entry.body, /"keys"/, 'and the body as downloaded');
      const { kid } = await idp.rotateKeys();
      const after = await idp.getToken();
      for (let day = 0; day < 4; day++) {
        emu.advanceClock(4 * DAY_MS);
        assert.equal(await scim(after), 401, `day ${(day + 1) * 4}: the new key is not in the cached set`);
        assert.equal(emu.lastJwtFailure()?.reason, 'key-not-found');
        assert.equal(emu.lastJwtFailure()?.message, 'Token is not valid.');
        assert.ok(!(emu.jwksCacheEntry()?.body ?? '').includes(kid));
      }
      assert.equal(emu.jwksFetchCount(), 1, '16 days, one download');
      emu.advanceClock(5 * DAY_MS + 1000);
      assert.equal(emu.jwksCacheEntry(), undefined, '5 days without use: expired');
      assert.equal(await scim(after), 200, 'the next request downloads the rotated set');
      assert.equal(emu.jwksFetchCount(), 2);
    } finally {
      await emu.close();
    }
  });

  test('a changed URL string downloads again; the same URL with spaces around it does not', async () => {
    const { emu, scim } = await account();
    try {
      assert.equal(await scim(await idp.getToken()), 200);
      await configureScimJwt(emu, {
        keyField: 'scim_client',
        value: 'harness-scim',
        jwksUrl: `  ${idp.jwksUri} `,
        serviceAccount: 'idp_sa',
      });
      assert.equal(await scim(await idp.getToken()), 200);
      assert.equal(emu.jwksFetchCount(), 1, 'Harness trims the URL before comparing');
      await idp.rotateKeys();
      const rotated = await idp.getToken();
      assert.equal(await scim(rotated), 401);
      await configureScimJwt(emu, {
        keyField: 'scim_client',
        value: 'harness-scim',
        jwksUrl: `${idp.jwksUri}?scim-jwt-refresh=20261206T0712`,
        serviceAccount: 'idp_sa',
      });
      assert.equal(await scim(rotated), 200);
      assert.equal(emu.jwksFetchCount(), 2);
      assert.equal(emu.jwksCacheEntry()?.url, `${idp.jwksUri}?scim-jwt-refresh=20261206T0712`);
    } finally {
      await emu.close();
    }
  });

  test('the settings are kept 2 minutes from creation, however often they are used', async () => {
    const { emu, scim } = await account(120_000);
    try {
      const token = await idp.getToken();
      assert.equal(await scim(token), 200);
      const put = await call(emu, 'PUT', `/ng/api/settings?accountIdentifier=${emu.accountId}`, {
        key: emu.adminKey,
        body: [
          { identifier: 'scim_jwt_token_value_field', value: 'other', allowOverrides: false, updateType: 'UPDATE' },
        ],
      });
      assert.equal(put.status, 200);
      for (let s = 0; s < 110; s += 30) {
        assert.equal(await scim(token), 200, `${s} s after the change: the cached settings`);
        emu.advanceClock(30_000);
      }
      emu.advanceClock(11_000);
      assert.equal(await scim(token), 401, 'use did not renew them: after 120 s the new value applies');
      assert.equal(emu.lastJwtFailure()?.reason, 'claim-mismatch');
    } finally {
      await emu.close();
    }
  });

  test('a new Harness release starts the caches empty', async () => {
    const { emu, scim } = await account();
    try {
      assert.equal(await scim(await idp.getToken()), 200);
      await idp.rotateKeys();
      const rotated = await idp.getToken();
      assert.equal(await scim(rotated), 401);
      emu.newRelease();
      assert.equal(emu.jwksCacheEntry(), undefined);
      assert.equal(await scim(rotated), 200, 'the new build downloads the key set again');
    } finally {
      await emu.close();
    }
  });
});
