/**
 * "Create a service account for SCIM" against the emulator answering as harness-core does: a missing
 * role is a 400 FailureDTO RESOURCE_NOT_FOUND_EXCEPTION (RoleResourceImpl.java:129-133), a second
 * identical assignment a 500 (RoleAssignmentDaoImpl.java:53-57), custom roles Enterprise-only
 * (platform_features.yml:273-288).
 */
import * as assert from 'node:assert/strict';
import { SCIM_PERMISSIONS } from '../../../src/core/harness';
import type { RoleOffer } from '../../../src/core/harness/permissions';
import {
  ProvisionError,
  provisionScimServiceAccount,
  SCIM_RESOURCE_GROUP,
  SCIM_ROLE_ID,
  type ProvisionStep,
} from '../../../src/core/harness/scimServiceAccount';
import { type Emulator, startEmulator } from '../../sandbox/emulator';
import { json, startCannedServer } from './cannedServer';
import { ACCOUNT, API_KEY, testClient } from './fixtures';
import { type TestHarnessClient } from '../testHttp';

type Obj = Record<string, unknown>;

suite('provisionScimServiceAccount against the emulator (Harness as its source behaves)', () => {
  let emu: Emulator;
  let admin: TestHarnessClient;
  suiteSetup(async () => {
    emu = await startEmulator();
    admin = testClient(emu.baseUrl, { apiKey: emu.adminKey });
  });
  suiteTeardown(async () => {
    await admin.close();
    await emu.close();
  });
  const assignmentsOf = (sa: string): Obj[] =>
    emu.snapshot().roleAssignments.filter((a) => a.principal.identifier === sa) as unknown as Obj[];

  test('first run creates the service account, a role with exactly the five permissions, and its assignment', async () => {
    const seen: ProvisionStep[] = [];
    const result = await provisionScimServiceAccount(
      admin,
      { identifier: 'scim_first', name: 'SCIM first', email: 'scim_first@service.harness.io' },
      (s) => seen.push(s),
    );
    assert.deepEqual(
      result.map((s) => [s.id, s.status]),
      [
        ['service-account', 'created'],
        ['role', 'created'],
        ['role-assignment', 'created'],
      ],
    );
    assert.deepEqual(
      seen.map((s) => s.id),
      ['service-account', 'role', 'role-assignment'],
    );
    assert.deepEqual(result.serviceAccount, { identifier: 'scim_first', status: 'created' });
    assert.deepEqual(result.role, { identifier: SCIM_ROLE_ID, status: 'created', extra: [] });
    assert.equal(result.roleAssignment.status, 'created');
    const role = emu.snapshot().roles.find((r) => r.identifier === SCIM_ROLE_ID);
    assert.deepEqual([...(role?.permissions ?? [])].sort(), [...SCIM_PERMISSIONS].sort(), 'never more than the five');
    const assigned = assignmentsOf('scim_first');
    assert.deepEqual(
      assigned.map((a) => [a.roleIdentifier, a.resourceGroupIdentifier, a.disabled]),
      [[SCIM_ROLE_ID, SCIM_RESOURCE_GROUP, false]],
    );
  });

  test('second run reuses all three: no duplicate POST, so no 500 from Harness', async () => {
    const before = emu.requestCount('/authz/api/roleassignments');
    const posts = (): number => emu.snapshot().roleAssignments.length;
    const count = posts();
    const result = await provisionScimServiceAccount(admin, {
      identifier: 'scim_first',
      name: 'SCIM first',
      email: 'scim_first@service.harness.io',
    });
    assert.deepEqual(
      result.map((s) => [s.id, s.status]),
      [
        ['service-account', 'reused'],
        ['role', 'reused'],
        ['role-assignment', 'reused'],
      ],
    );
    assert.equal(result.roleAssignment.status, 'reused');
    assert.equal(posts(), count);
    assert.ok(emu.requestCount('/authz/api/roleassignments') > before, 'the existing assignment was looked up');
  });

  test('the emulator itself answers a duplicate assignment POST with a 500, as harness-core does since 2023-12-19', async () => {
    const res = await fetch(`${emu.baseUrl}/authz/api/roleassignments?accountIdentifier=${emu.accountId}`, {
      method: 'POST',
      headers: { 'x-api-key': emu.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceGroupIdentifier: SCIM_RESOURCE_GROUP,
        roleIdentifier: SCIM_ROLE_ID,
        principal: { identifier: 'scim_first', type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
        disabled: false,
      }),
    });
    assert.equal(res.status, 500);
  });

  test('a disabled existing assignment is not reported as reused: it grants nothing', async () => {
    // An account whose only assignment of the role is disabled (the aggregate cannot tell; the filter API can).
    await admin.createServiceAccount({
      identifier: 'scim_off',
      name: 'SCIM off',
      email: 'scim_off@service.harness.io',
    });
    await admin.createRoleAssignment({
      resourceGroupIdentifier: SCIM_RESOURCE_GROUP,
      roleIdentifier: SCIM_ROLE_ID,
      principal: { identifier: 'scim_off', type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
      disabled: true,
    });
    await assert.rejects(
      provisionScimServiceAccount(admin, {
        identifier: 'scim_off',
        name: 'SCIM off',
        email: 'scim_off@service.harness.io',
      }),
      (e: unknown) =>
        e instanceof ProvisionError && e.message.includes('disabled') && e.steps.at(-1)?.id === 'role-assignment',
    );
  });

  test('non-Enterprise plan: no custom role; existing roles holding the five are offered with their extras, and nothing is assigned without a choice', async () => {
    const fresh = await startEmulator({ profile: { plan: 'TEAM' } });
    const client = testClient(fresh.baseUrl, { apiKey: fresh.adminKey });
    try {
      let error: unknown;
      try {
        await provisionScimServiceAccount(client, {
          identifier: 'scim_team',
          name: 'SCIM team',
          email: 'scim_team@service.harness.io',
        });
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof ProvisionError, String(error));
      assert.match(error.message, /does not allow custom roles/);
      assert.ok(error.offers.length > 0);
      const admins = error.offers.find((o) => o.identifier === '_account_admin');
      assert.ok(admins && admins.extra.length > 0, 'the account admin role is offered with what else it grants');
      for (const o of error.offers)
        assert.ok(!(SCIM_PERMISSIONS as readonly string[]).some((p) => o.extra.includes(p)));
      assert.equal(fresh.snapshot().roles.length, 0, 'no custom role was made');
      assert.equal(
        fresh.snapshot().roleAssignments.filter((a) => a.principal.identifier === 'scim_team').length,
        0,
        'nothing assigned without a choice',
      );

      let offered: readonly RoleOffer[] = [];
      const result = await provisionScimServiceAccount(
        client,
        { identifier: 'scim_team', name: 'SCIM team', email: 'scim_team@service.harness.io' },
        undefined,
        {
          chooseRole: (offers) => {
            offered = offers;
            return Promise.resolve('_account_admin');
          },
        },
      );
      assert.deepEqual(
        offered.map((o) => o.extra.length),
        [...offered.map((o) => o.extra.length)].sort((a, b) => a - b),
        'fewest extras first',
      );
      assert.equal(result.serviceAccount.status, 'reused');
      assert.equal(result.role.identifier, '_account_admin');
      assert.ok(result.role.extra.length > 0, 'the extras of the chosen role are reported');
      assert.match(result.find((s) => s.id === 'role')?.message ?? '', /also grants/);
      assert.equal(result.roleAssignment.status, 'created');

      const declined = await provisionScimServiceAccount(
        client,
        { identifier: 'scim_team2', name: 'SCIM team2', email: 'scim_team2@service.harness.io' },
        undefined,
        {
          chooseRole: () => Promise.resolve(undefined),
        },
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(declined instanceof ProvisionError && declined.message.includes('No role was chosen'));
      assert.equal(fresh.snapshot().roleAssignments.filter((a) => a.principal.identifier === 'scim_team2').length, 0);
    } finally {
      await client.close();
      await fresh.close();
    }
  });

  test('an existing scim_jwt_provisioner role that grants more than the five is not assigned', async () => {
    const fresh = await startEmulator();
    const client = testClient(fresh.baseUrl, { apiKey: fresh.adminKey });
    try {
      await client.createRole({
        identifier: SCIM_ROLE_ID,
        name: 'too broad',
        permissions: [...SCIM_PERMISSIONS, 'core_secret_view'],
        allowedScopeLevels: ['account'],
      });
      await assert.rejects(
        provisionScimServiceAccount(client, {
          identifier: 'scim_broad',
          name: 'SCIM broad',
          email: 'scim_broad@service.harness.io',
        }),
        (e: unknown) => e instanceof ProvisionError && e.message.includes('core_secret_view'),
      );
      assert.equal(fresh.snapshot().roleAssignments.filter((a) => a.principal.identifier === 'scim_broad').length, 0);
    } finally {
      await client.close();
      await fresh.close();
    }
  });

  test('2025 copy: an OPA refusal answers 200 with an empty DTO holding governanceMetadata; the step fails naming the policy, not a broken API', async () => {
    // HC2 ServiceAccountServiceImpl.createServiceAccount returns opaValidationResponse on a policy error.
    const canned = await startCannedServer((_req, res) => {
      json(res, 200, {
        status: 'SUCCESS',
        data: { governanceMetadata: { deny: true, status: 'error', message: 'service accounts need an owner tag' } },
        correlationId: 'c-opa',
      });
    });
    const client = testClient(canned.baseUrl, { apiKey: API_KEY, accountId: ACCOUNT });
    try {
      const error = await provisionScimServiceAccount(client, {
        identifier: 'scim_opa',
        name: 'SCIM opa',
        email: 'scim_opa@service.harness.io',
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ProvisionError, String(error));
      assert.match(error.message, /governance \(OPA\) policy refused it: service accounts need an owner tag/);
      assert.doesNotMatch(error.message, /does not understand/);
      assert.equal(canned.requests.length, 1, 'nothing else is attempted');
    } finally {
      await client.close();
      await canned.close();
    }
  });

  test('2025 copy against the emulator: an OPA-refused service account stops the flow at its first step, named', async () => {
    emu.setProfile({ source: '2025' });
    emu.setServiceAccountPolicy('no service accounts on Fridays');
    try {
      const error = await provisionScimServiceAccount(admin, {
        identifier: 'scim_friday',
        name: 'SCIM friday',
        email: 'scim_friday@service.harness.io',
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ProvisionError, String(error));
      assert.deepEqual(
        error.steps.map((st) => [st.id, st.status]),
        [['service-account', 'failed']],
      );
      assert.match(error.message, /policy refused it: no service accounts on Fridays/);
    } finally {
      emu.setServiceAccountPolicy(undefined);
      emu.setProfile({ source: '2023' });
    }
  });
});
