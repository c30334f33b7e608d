import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import {
  call,
  configureScimJwt,
  ecKey,
  nowSeconds,
  rsaKey,
  signJwt,
  startJwksHost,
  type JwksHost,
  type TestKey,
} from './helpers';

type Obj = Record<string, unknown>;
const FIVE = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];

suite(
  'emulator: SCIM and the SCIM JWT flow (docs/harness-contract.md, "How Harness validates a SCIM JWT"; "What the SCIM client sees on failure")',
  () => {
    let emu: Emulator;
    let jwks: JwksHost;
    let rsa: TestKey;
    let ec: TestKey;
    let scim: string;
    const claims = (extra: Obj = {}): Obj => ({
      iss: 'https://idp.example',
      sub: 'svc',
      client_id: 'harness-scim',
      exp: nowSeconds() + 600,
      ...extra,
    });

    suiteSetup(async () => {
      rsa = rsaKey('rsa-1');
      ec = ecKey('ec-1');
      jwks = await startJwksHost();
      jwks.serveKeys(rsa, ec);
      emu = await startEmulator({ settingsCacheMs: 60_000 });
      scim = `/ng/api/scim/account/${emu.accountId}`;
      emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
      await configureScimJwt(emu, {
        keyField: 'client_id',
        value: ' harness-scim ',
        jwksUrl: ` ${jwks.url} `,
        serviceAccount: 'scim_sa',
      });
    });
    suiteTeardown(async () => {
      await emu.close();
      await jwks.close();
    });
    setup(() => {
      emu.setFeatureFlag(true);
      jwks.serveKeys(rsa, ec);
    });

    async function validate(token: string): Promise<{ status: number; json: Obj }> {
      return call(emu, 'POST', `/ng/api/token/validate?accountIdentifier=${emu.accountId}`, {
        key: emu.adminKey,
        text: token,
      });
    }

    async function expectRefused(token: string, reason: string, code: string, status: number): Promise<void> {
      const r = await call(emu, 'GET', `${scim}/ServiceProviderConfig`, { bearer: token });
      assert.equal(r.status, 401, 'SCIM caller sees 401');
      assert.equal(r.json.code, 'INVALID_TOKEN');
      assert.equal(r.json.message, 'Token is not valid.');
      assert.equal(emu.lastJwtFailure()?.reason, reason);
      const v = await validate(token);
      assert.equal(v.status, status, `token/validate status for ${reason}`);
      assert.equal(v.json.code, code);
    }

    test('a pat bearer works as an API key on SCIM; x-api-key alone is ignored', async () => {
      const withBearer = await call(emu, 'GET', `${scim}/Users`, { bearer: emu.adminKey });
      assert.equal(withBearer.status, 200);
      assert.deepEqual(withBearer.json.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
      const xApiKey = await call(emu, 'GET', `${scim}/Users`, { key: emu.adminKey });
      assert.equal(xApiKey.status, 500, 'no Authorization header: Harness dereferences null');
      const noPrefix = await call(emu, 'GET', `${scim}/Users`, { authorization: emu.adminKey });
      assert.equal(noPrefix.status, 401);
    });

    test('a valid RS256 JWT is accepted and SCIM runs as the configured service account', async () => {
      const token = signJwt(rsa, claims());
      const spc = await call(emu, 'GET', `${scim}/ServiceProviderConfig`, { bearer: token });
      assert.equal(spc.status, 200);
      assert.equal((spc.json.patch as Obj).supported, true);
      const created = await call(emu, 'POST', `${scim}/Users`, {
        bearer: token,
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'ada@example.com',
          displayName: 'Ada',
          active: true,
        },
      });
      assert.equal(created.status, 201);
      await call(emu, 'POST', `${scim}/Users`, { bearer: token, body: { userName: 'bob@example.com' } });
      const filtered = await call(
        emu,
        'GET',
        `${scim}/Users?filter=${encodeURIComponent('emails eq "ada@example.com"')}`,
        { bearer: token },
      );
      assert.deepEqual(
        (filtered.json.Resources as Obj[]).map((u) => u.userName),
        ['ada@example.com'],
      );
      const page = await call(emu, 'GET', `${scim}/Users?count=1&startIndex=2`, { bearer: token });
      assert.equal(page.json.totalResults, 1, 'totalResults is the page size, not the total');
      assert.equal(page.json.itemsPerPage, 1);
      assert.equal(page.json.startIndex, 2);
      const v = await validate(token);
      assert.equal(v.status, 200);
      assert.equal((v.json.data as Obj).identifier, 'JWT_SCIM_DUMMY_ID_scim_sa');
      assert.equal((v.json.data as Obj).apiKeyType, 'SERVICE_ACCOUNT');
      const ecToken = signJwt(ec, claims());
      assert.equal((await call(emu, 'GET', `${scim}/Groups`, { bearer: ecToken })).status, 200);
      // Only a literal "Bearer " is read: any other spelling of the scheme is a 401, whatever the token.
      for (const scheme of ['bearer ', 'BEARER ', 'Bearer\t']) {
        assert.equal(
          (await call(emu, 'GET', `${scim}/ServiceProviderConfig`, { authorization: `${scheme}${token}` })).status,
          401,
          JSON.stringify(scheme),
        );
      }
      assert.equal(
        (await call(emu, 'GET', `${scim}/ServiceProviderConfig`, { authorization: `Bearer  ${token}` })).status,
        200,
        'a second space is trimmed',
      );
    });

    test('SCIM groups: create, list only externally managed, PATCH 204, unknown PUT 404 empty', async () => {
      const token = signJwt(rsa, claims());
      const g = await call(emu, 'POST', `${scim}/Groups`, {
        bearer: token,
        body: { displayName: 'Engineering', members: [] },
      });
      assert.equal(g.status, 201);
      const id = String(g.json.id);
      const patch = await call(emu, 'PATCH', `${scim}/Groups/${id}`, {
        bearer: token,
        body: { Operations: [{ op: 'Replace', path: 'displayName', value: 'Eng' }] },
      });
      assert.equal(patch.status, 204);
      const list = await call(emu, 'GET', `${scim}/Groups?filter=${encodeURIComponent('displayName eq "Eng"')}`, {
        bearer: token,
      });
      assert.equal((list.json.Resources as Obj[]).length, 1);
      const put = await call(emu, 'PUT', `${scim}/Groups/nope`, { bearer: token, body: { displayName: 'x' } });
      assert.equal(put.status, 404);
      assert.equal(put.text, '');
      const missingUser = await call(emu, 'GET', `${scim}/Users/nope`, { bearer: token });
      assert.equal(missingUser.status, 404);
      assert.deepEqual(missingUser.json.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
      assert.equal(missingUser.json.status, 404);
    });

    test('expired → 401 to SCIM, EXPIRED_TOKEN from token/validate; 30 s skew honoured', async () => {
      await expectRefused(signJwt(rsa, claims({ exp: nowSeconds() - 120 })), 'expired', 'EXPIRED_TOKEN', 401);
      const withinSkew = await call(emu, 'GET', `${scim}/ServiceProviderConfig`, {
        bearer: signJwt(rsa, claims({ exp: nowSeconds() - 10 })),
      });
      assert.equal(withinSkew.status, 200);
      await expectRefused(signJwt(rsa, claims({ exp: undefined })), 'exp-missing', 'INVALID_TOKEN', 401);
      await expectRefused(signJwt(rsa, claims({ nbf: nowSeconds() + 600 })), 'not-yet-valid', 'INVALID_TOKEN', 401);
    });

    test('claim rules: mismatch, literal untrimmed key, non-string claim, Harness issuer', async () => {
      await expectRefused(
        signJwt(rsa, claims({ client_id: 'someone-else' })),
        'claim-mismatch',
        'INVALID_INPUT_SET',
        400,
      );
      await expectRefused(
        signJwt(rsa, claims({ client_id: 'Harness-Scim' })),
        'claim-mismatch',
        'INVALID_INPUT_SET',
        400,
      );
      const padded = await call(emu, 'GET', `${scim}/ServiceProviderConfig`, {
        bearer: signJwt(rsa, claims({ client_id: '\tharness-scim  ' })),
      });
      assert.equal(padded.status, 200, 'both sides are trimmed before comparing');
      await expectRefused(
        signJwt(rsa, claims({ client_id: ['harness-scim'] })),
        'claim-not-string',
        'INVALID_TOKEN',
        401,
      );
      await expectRefused(signJwt(rsa, claims({ iss: 'Harness Inc' })), 'harness-issuer', 'UNEXPECTED', 400);
    });

    test('typ: missing → INVALID_TOKEN; without "jwt" or flag off → parsed as an API key (Token not found)', async () => {
      await expectRefused(signJwt(rsa, claims(), { typ: undefined }), 'typ-missing', 'INVALID_TOKEN', 401);
      await expectRefused(signJwt(rsa, claims(), { typ: 'JOSE' }), 'not-jwt-typ', 'INVALID_REQUEST', 400);
      const good = signJwt(rsa, claims(), { typ: 'at+jwt' });
      assert.equal((await call(emu, 'GET', `${scim}/ServiceProviderConfig`, { bearer: good })).status, 200);
      emu.setFeatureFlag(false);
      await expectRefused(good, 'not-jwt-flag-off', 'INVALID_REQUEST', 400);
      const v = await validate(good);
      assert.match(String(v.json.message), /^Invalid request: Invalid API token .+: Token not found$/);
    });

    test('key selection and signatures: unknown kid, wrong key, small RSA key, alg none', async () => {
      await expectRefused(signJwt(rsa, claims(), { kid: 'rotated-away' }), 'key-not-found', 'INVALID_TOKEN', 401);
      const other = rsaKey('rsa-1');
      await expectRefused(signJwt(other, claims()), 'signature', 'INVALID_TOKEN', 401);
      const noKid = await call(emu, 'GET', `${scim}/ServiceProviderConfig`, {
        bearer: signJwt(ec, claims(), { kid: undefined }),
      });
      assert.equal(noKid.status, 200, 'without kid the only EC key is chosen by kty');
      const small = rsaKey('small', 'RS256', 1024);
      jwks.serveKeys(small);
      const fresh = await startEmulator({ settingsCacheMs: 0 });
      try {
        fresh.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
        await configureScimJwt(fresh, {
          keyField: 'client_id',
          value: 'harness-scim',
          jwksUrl: jwks.url,
          serviceAccount: 'scim_sa',
        });
        await call(fresh, 'GET', `/ng/api/scim/account/${fresh.accountId}/ServiceProviderConfig`, {
          bearer: signJwt(small, claims()),
        });
        assert.equal(fresh.lastJwtFailure()?.reason, 'weak-key');
        const none = `${Buffer.from('{"typ":"JWT","alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
        await call(fresh, 'GET', `/ng/api/scim/account/${fresh.accountId}/ServiceProviderConfig`, { bearer: none });
        // Java's split drops the empty signature: 2 parts, not a JWT, and not an API key either: "Token length not
        // matching for API token" (HC 965-ng-filter/src/main/java/io/harness/token/TokenValidationHelper.java:116-120).
        assert.equal(fresh.lastJwtFailure()?.reason, 'api-key-invalid');
        assert.equal(
          fresh.lastJwtFailure()?.message,
          'Invalid request: Invalid API Token: Token length not matching for API token',
        );
        await call(fresh, 'GET', `/ng/api/scim/account/${fresh.accountId}/ServiceProviderConfig`, {
          bearer: `${none}AAAA`,
        });
        assert.equal(fresh.lastJwtFailure()?.reason, 'algorithm');
      } finally {
        await fresh.close();
      }
    });

    test('JWKS: body cached before parsing (an HTML page sticks), one fetch per URL string, new URL string refetches', async () => {
      const fresh = await startEmulator({ settingsCacheMs: 0 });
      try {
        fresh.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
        jwks.serve('<html><body>503 maintenance</body></html>', 503);
        await configureScimJwt(fresh, {
          keyField: 'client_id',
          value: 'harness-scim',
          jwksUrl: jwks.url,
          serviceAccount: 'scim_sa',
        });
        const path = `/ng/api/scim/account/${fresh.accountId}/ServiceProviderConfig`;
        const token = signJwt(rsa, claims());
        assert.equal((await call(fresh, 'GET', path, { bearer: token })).status, 401);
        assert.equal(fresh.lastJwtFailure()?.reason, 'jwks-invalid');
        jwks.serveKeys(rsa);
        assert.equal((await call(fresh, 'GET', path, { bearer: token })).status, 401, 'the cached HTML is still used');
        assert.equal(fresh.lastJwtFailure()?.reason, 'jwks-invalid');
        assert.equal(fresh.jwksFetchCount(), 1);
        await configureScimJwt(fresh, {
          keyField: 'client_id',
          value: 'harness-scim',
          jwksUrl: `${jwks.url}?v=2`,
          serviceAccount: 'scim_sa',
        });
        assert.equal((await call(fresh, 'GET', path, { bearer: token })).status, 200);
        assert.equal((await call(fresh, 'GET', path, { bearer: token })).status, 200);
        assert.equal(fresh.jwksFetchCount(), 2);
        await configureScimJwt(fresh, {
          keyField: 'client_id',
          value: 'harness-scim',
          jwksUrl: 'http://127.0.0.1:1/unreachable',
          serviceAccount: 'scim_sa',
        });
        const v = await call(fresh, 'POST', `/ng/api/token/validate?accountIdentifier=${fresh.accountId}`, {
          key: fresh.adminKey,
          text: token,
        });
        assert.equal(v.status, 400);
        assert.equal(v.json.code, 'INVALID_INPUT_SET');
        // The whole text of JWTTokenFlowAuthFilterUtils.java:322-323's format string: the IOException's own text is not appended.
        assert.equal(
          v.json.message,
          `NG_SCIM_JWT: Error connecting to public keys URL: http://127.0.0.1:1/unreachable, or URL not reachable for account ${fresh.accountId}: `,
        );
      } finally {
        await fresh.close();
      }
    });

    test('settings reach the JWT flow only after the cache lag; an unset setting is a 500 inside', async () => {
      const fresh = await startEmulator({ settingsCacheMs: 60_000 });
      try {
        fresh.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
        const path = `/ng/api/scim/account/${fresh.accountId}/ServiceProviderConfig`;
        const token = signJwt(rsa, claims());
        assert.equal((await call(fresh, 'GET', path, { bearer: token })).status, 401);
        assert.equal(fresh.lastJwtFailure()?.reason, 'setting-unset');
        const v = await call(fresh, 'POST', `/ng/api/token/validate?accountIdentifier=${fresh.accountId}`, {
          key: fresh.adminKey,
          text: token,
        });
        assert.equal(v.status, 500);
        const put = await call(fresh, 'PUT', `/ng/api/settings?accountIdentifier=${fresh.accountId}`, {
          key: fresh.adminKey,
          body: [
            ['scim_jwt_token_key_field', 'client_id'],
            ['scim_jwt_token_value_field', 'harness-scim'],
            ['scim_jwt_token_jwks_keys_url', jwks.url],
            ['scim_jwt_token_service_account_id', 'scim_sa'],
          ].map(([identifier, value]) => ({ identifier, value, allowOverrides: false, updateType: 'UPDATE' })),
        });
        assert.equal(put.status, 200);
        assert.equal(
          (await call(fresh, 'GET', path, { bearer: token })).status,
          401,
          'still the cached (empty) settings',
        );
        assert.equal(fresh.lastJwtFailure()?.reason, 'setting-unset');
        fresh.advanceClock(61_000);
        assert.equal(
          (await call(fresh, 'GET', path, { bearer: token })).status,
          200,
          'after the lag the new settings apply',
        );
      } finally {
        await fresh.close();
      }
    });

    test('service account missing → INVALID_ARGUMENT; RBAC failure → 403 ErrorDTO', async () => {
      const fresh = await startEmulator({ settingsCacheMs: 0 });
      try {
        const path = `/ng/api/scim/account/${fresh.accountId}`;
        await configureScimJwt(fresh, {
          keyField: 'client_id',
          value: 'harness-scim',
          jwksUrl: jwks.url,
          serviceAccount: 'ghost',
        });
        const token = signJwt(rsa, claims());
        const v = await call(fresh, 'POST', `/ng/api/token/validate?accountIdentifier=${fresh.accountId}`, {
          key: fresh.adminKey,
          text: token,
        });
        assert.equal(v.status, 400);
        assert.equal(v.json.code, 'INVALID_ARGUMENT');
        assert.equal(
          v.json.message,
          `Invalid argument(s): Service account 'ghost' doesn't exist in account '${fresh.accountId}'`,
        );
        fresh.addApiKey({ kind: 'sat', principal: 'ghost', permissions: ['core_user_view'] });
        assert.equal(
          (await call(fresh, 'GET', `${path}/ServiceProviderConfig`, { bearer: token })).status,
          200,
          'authentication needs no permission',
        );
        assert.equal((await call(fresh, 'GET', `${path}/Users?count=1`, { bearer: token })).status, 200);
        const denied = await call(fresh, 'GET', `${path}/Groups`, { bearer: token });
        assert.equal(denied.status, 403);
        assert.equal(denied.json.code, 'NG_ACCESS_DENIED');
        assert.match(String(denied.json.message), /core_usergroup_view permission on account/);
      } finally {
        await fresh.close();
      }
    });
  },
);
