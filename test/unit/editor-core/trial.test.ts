/** "Test against Harness" against the emulator: accepted, the opaque 401 explained with the inner reason, 403 on Users. */
import * as assert from 'node:assert/strict';
import { runHarnessTrial, type HarnessTrialPort } from '../../../src/core/inspect';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import {
  configureScimJwt,
  nowSeconds,
  rsaKey,
  signJwt,
  startJwksHost,
  type JwksHost,
  type TestKey,
} from '../emulator/helpers';
import { type TestHarnessClient, harnessClient } from '../testHttp';

const FIVE = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];

suite('editor-core: test a token against Harness (emulator)', () => {
  let emu: Emulator;
  let jwks: JwksHost;
  let key: TestKey;
  let client: TestHarnessClient;
  let port: HarnessTrialPort;
  const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: 'https://idp.example',
    client_id: 'harness-scim',
    exp: nowSeconds() + 600,
    ...extra,
  });

  suiteSetup(async () => {
    key = rsaKey('k1');
    jwks = await startJwksHost();
    jwks.serveKeys(key);
    emu = await startEmulator();
    emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: FIVE });
    emu.addApiKey({ kind: 'sat', principal: 'weak_sa', permissions: ['core_usergroup_view'] });
    await configureScimJwt(emu, {
      keyField: 'client_id',
      value: 'harness-scim',
      jwksUrl: jwks.url,
      serviceAccount: 'scim_sa',
    });
    client = harnessClient({ baseUrl: emu.baseUrl, apiKey: emu.adminKey });
    port = {
      serviceProviderConfig: (t, o) => client.scim.serviceProviderConfig(t, o),
      listUsers: (t, p, o) => client.scim.listUsers(t, p, o),
      validateToken: (t, o) => client.validateToken(t, o),
    };
  });
  suiteTeardown(async () => {
    await client.close();
    await emu.close();
    await jwks.close();
  });

  test('a good token: both calls answer 200', async () => {
    const outcome = await runHarnessTrial(port, signJwt(key, claims()), undefined);
    assert.equal(outcome.result, 'accepted');
    assert.deepEqual(
      outcome.steps.map((s) => [s.call, s.ok]),
      [
        ['ServiceProviderConfig', true],
        ['Users?count=1', true],
      ],
    );
  });

  test('the opaque 401 is explained by Harness inner reason from token/validate', async () => {
    const outcome = await runHarnessTrial(port, signJwt(key, claims({ client_id: 'abc' })), undefined);
    assert.equal(outcome.result, 'refused');
    assert.equal(outcome.steps[0]?.httpStatus, 401);
    assert.equal(outcome.steps.length, 1, 'Users is not called after a refusal');
    assert.equal(outcome.innerReason?.reason, 'claim-mismatch');
    assert.ok(outcome.details.some((d) => d.includes('inner reason')));
  });

  test('without token/validate the refusal names the local verdict and how to learn more', async () => {
    const noAdmin: HarnessTrialPort = { serviceProviderConfig: port.serviceProviderConfig, listUsers: port.listUsers };
    const local = { accepted: false, code: 'claim-mismatch', message: 'Claim "client_id" is "abc".' } as Parameters<
      typeof runHarnessTrial
    >[2];
    const outcome = await runHarnessTrial(noAdmin, signJwt(key, claims({ client_id: 'abc' })), local);
    assert.equal(outcome.result, 'refused');
    assert.deepEqual(outcome.details, [
      'Local verdict (claim-mismatch): Claim "client_id" is "abc".',
      'Connect with an admin API key to ask Harness for the inner reason (token/validate).',
    ]);
  });

  test('a service account without core_user_view: authenticated, then 403 on Users', async () => {
    await configureScimJwt(emu, {
      keyField: 'client_id',
      value: 'harness-scim',
      jwksUrl: jwks.url,
      serviceAccount: 'weak_sa',
    });
    try {
      const outcome = await runHarnessTrial(port, signJwt(key, claims()), undefined);
      assert.equal(outcome.result, 'accepted-without-permission');
      assert.equal(outcome.steps[1]?.httpStatus, 403);
    } finally {
      await configureScimJwt(emu, {
        keyField: 'client_id',
        value: 'harness-scim',
        jwksUrl: jwks.url,
        serviceAccount: 'scim_sa',
      });
    }
  });
});
