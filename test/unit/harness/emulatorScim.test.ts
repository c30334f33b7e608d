/**
 * The SCIM JWT path against the real emulator: settings configured through the client, a JWKS
 * served from a local server, hand-signed tokens. token/validate must give the inner reason as a
 * value; SCIM calls must authenticate with Bearer and fail with typed errors.
 */
import * as assert from 'node:assert/strict';
import {
  HarnessAccessDeniedError,
  HarnessScimError,
  SCIM_PERMISSIONS,
  ScimJwtSettingIds,
  type TokenValidation,
} from '../../../src/core/harness';
import { type Emulator, startEmulator } from '../../sandbox/emulator';
import { type CannedServer, json, startCannedServer } from './cannedServer';
import { failure, makeIdpKey, signJwt, testClient, type TestIdpKey } from './fixtures';
import { type TestHarnessClient } from '../testHttp';

const SA = 'scim_jwt_sa';
const CLAIM = 'client_id';
const VALUE = 'harness-scim';

function refusal(v: TokenValidation): Extract<TokenValidation, { valid: false }> {
  assert.equal(v.valid, false, 'expected a refusal');
  return v;
}

suite('harness client against the emulator: token/validate and SCIM', () => {
  let emu: Emulator;
  let jwksServer: CannedServer;
  let admin: TestHarnessClient;
  let idp: TestIdpKey;
  const now = (): number => Math.floor(Date.now() / 1000);
  const token = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string =>
    signJwt(
      idp,
      { iss: 'https://idp.example', sub: 'scim-client', [CLAIM]: VALUE, iat: now(), exp: now() + 600, ...claims },
      header,
    );
  const sigOf = (jwt: string): string => jwt.split('.')[2]!;

  suiteSetup(async () => {
    idp = makeIdpKey();
    jwksServer = await startCannedServer((_r, res) => {
      json(res, 200, idp.jwks);
    });
    emu = await startEmulator();
    admin = testClient(emu.baseUrl, { apiKey: emu.adminKey });
    await admin.createServiceAccount({ identifier: SA, name: 'SCIM via JWT', email: `${SA}@service.harness.io` });
    await admin.createRole({
      identifier: 'scim_provisioner',
      name: 'SCIM provisioner',
      permissions: [...SCIM_PERMISSIONS],
      allowedScopeLevels: ['account'],
    });
    await admin.createRoleAssignment({
      resourceGroupIdentifier: '_all_account_level_resources',
      roleIdentifier: 'scim_provisioner',
      principal: { identifier: SA, type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
      disabled: false,
    });
    const saved = await admin.updateSettings([
      { identifier: ScimJwtSettingIds.keyField, value: CLAIM, allowOverrides: false, updateType: 'UPDATE' },
      { identifier: ScimJwtSettingIds.valueField, value: VALUE, allowOverrides: false, updateType: 'UPDATE' },
      {
        identifier: ScimJwtSettingIds.jwksUrl,
        value: `${jwksServer.baseUrl}/jwks.json`,
        allowOverrides: false,
        updateType: 'UPDATE',
      },
      { identifier: ScimJwtSettingIds.serviceAccountId, value: SA, allowOverrides: false, updateType: 'UPDATE' },
    ]);
    assert.ok(saved.allSucceeded);
    emu.advanceSettingsCache();
  });
  suiteTeardown(async () => {
    await admin.close();
    await emu.close();
    await jwksServer.close();
  });
  setup(() => {
    emu.setFeatureFlag(true);
  });

  test('a good JWT: Harness answers 200 with valid: false (never set for a JWT), and the client reads the 200 as accepted', async () => {
    // HC JWTTokenFlowAuthFilterUtils.java:376-388 builds the TokenDTO without `valid`, a primitive boolean (TokenDTO.java:40).
    const raw = await fetch(`${emu.baseUrl}/ng/api/token/validate?accountIdentifier=${emu.accountId}`, {
      method: 'POST',
      headers: { 'x-api-key': emu.adminKey, 'content-type': 'text/plain' },
      body: token(),
    });
    assert.equal(raw.status, 200);
    const body = (await raw.json()) as { data: { valid: unknown; identifier: unknown } };
    assert.equal(body.data.valid, false);
    assert.equal(body.data.identifier, `JWT_SCIM_DUMMY_ID_${SA}`);
    const v = await admin.validateToken(token());
    assert.ok(v.valid, JSON.stringify(!v.valid && v.message));
    assert.equal(v.token.parentIdentifier, SA);
    assert.equal(v.token.apiKeyType, 'SERVICE_ACCOUNT');
    assert.equal(v.token.identifier, `JWT_SCIM_DUMMY_ID_${SA}`);
  });

  test('SCIM with the JWT: ServiceProviderConfig, Users and Groups, sent as Bearer', async () => {
    const jwt = token();
    const before = emu.requestCount('/ng/api/scim');
    const config = await admin.scim.serviceProviderConfig(jwt);
    assert.equal(config.patch.supported, true);
    assert.equal(config.bulk.supported, false);
    const users = await admin.scim.listUsers(jwt, { count: 5, startIndex: 1 });
    assert.ok(Array.isArray(users.Resources));
    assert.equal(users.totalResults, users.Resources.length);
    const filtered = await admin.scim.listUsers(jwt, { filter: 'userName eq "nobody@example.com"' });
    assert.equal(filtered.totalResults, 0);
    const groups = await admin.scim.listGroups(jwt, { count: 5 });
    assert.ok(Array.isArray(groups.Resources));
    assert.equal(emu.requestCount('/ng/api/scim') - before, 4);
    assert.equal(admin.scimBaseUrl, `${emu.baseUrl}/ng/api/scim/account/${emu.accountId}`);
  });

  test('SCIM with a refused JWT: 401 INVALID_TOKEN, explained as a bearer problem', async () => {
    const bad = token({ [CLAIM]: 'someone-else' });
    const e = await failure(admin.scim.serviceProviderConfig(bad), [sigOf(bad)]);
    assert.equal(e.kind, 'harness-error');
    assert.equal(e.httpStatus, 401);
    assert.equal(e.code, 'INVALID_TOKEN');
    assert.match(e.message, /bearer token.*one answer for every/);
  });

  test('token/validate gives the inner reason as a value: claim mismatch, expired, Harness issuer', async () => {
    const mismatch = refusal(await admin.validateToken(token({ [CLAIM]: 'someone-else' })));
    assert.equal(mismatch.reason, 'claim-mismatch');
    assert.equal(mismatch.code, 'INVALID_INPUT_SET');
    assert.equal(mismatch.httpStatus, 400);
    assert.equal(refusal(await admin.validateToken(token({ exp: now() - 3600 }))).reason, 'expired');
    assert.equal(refusal(await admin.validateToken(token({ iss: 'Harness Inc' }))).reason, 'harness-issuer');
  });

  test('token/validate: unknown kid and missing typ are invalid-token; flag off is not-recognised', async () => {
    assert.equal(refusal(await admin.validateToken(token({}, { kid: 'rotated-away' }))).reason, 'invalid-token');
    assert.equal(refusal(await admin.validateToken(token({}, { typ: undefined }))).reason, 'invalid-token');
    emu.setFeatureFlag(false);
    const off = refusal(await admin.validateToken(token()));
    assert.equal(off.reason, 'not-recognised');
    assert.match(off.message, /Token not found/);
  });

  test('token/validate: a JWKS URL that does not answer is jwks-unreachable', async () => {
    const dead = await startCannedServer();
    const deadUrl = `${dead.baseUrl}/jwks.json`;
    await dead.close();
    const r = await admin.updateSettings([
      { identifier: ScimJwtSettingIds.jwksUrl, value: deadUrl, allowOverrides: false, updateType: 'UPDATE' },
    ]);
    assert.ok(r.allSucceeded);
    emu.advanceSettingsCache();
    try {
      assert.equal(refusal(await admin.validateToken(token())).reason, 'jwks-unreachable');
    } finally {
      await admin.updateSettings([
        {
          identifier: ScimJwtSettingIds.jwksUrl,
          value: `${jwksServer.baseUrl}/jwks.json`,
          allowOverrides: false,
          updateType: 'UPDATE',
        },
      ]);
      emu.advanceSettingsCache();
    }
    assert.ok((await admin.validateToken(token())).valid);
  });

  test('SCIM with a service account lacking user permissions: access-denied naming core_user_view', async () => {
    const { key } = emu.addApiKey({ kind: 'sat', principal: 'no_users_sa', permissions: ['core_account_view'] });
    const e = await failure(admin.scim.listUsers(key), [key.split('.').at(-1)!]);
    assert.ok(e instanceof HarnessAccessDeniedError, `${e.kind}: ${e.message}`);
    assert.ok(e.missingPermissions.includes('core_user_view'), e.message);
    // ServiceProviderConfig needs no permission: authentication alone passes.
    assert.equal((await admin.scim.serviceProviderConfig(key)).filter.supported, true);
  });

  test("a SCIM user that does not exist: scim-error with Harness's detail", async () => {
    const e = await failure(admin.scim.getUser(token(), 'no-such-user'));
    assert.ok(e instanceof HarnessScimError, e.kind);
    assert.equal(e.httpStatus, 404);
    assert.match(e.detail ?? '', /does not exist/);
  });
});
