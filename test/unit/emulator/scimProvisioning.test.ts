/**
 * The emulator's SCIM permission checks call by call (the table in its README), and faults aimed
 * at one call of a sequence. Statuses and bodies, call by call against Harness's source, are in
 * conformance.scim.test.ts.
 */
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { call } from './helpers';

const ALL = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];

suite('emulator: SCIM provisioning calls', () => {
  let emu: Emulator;
  let full: string;
  const scim = (rest: string): string => `/ng/api/scim/account/${emu.accountId}/${rest}`;

  suiteSetup(async () => {
    emu = await startEmulator();
    full = emu.addApiKey({ kind: 'sat', principal: 'sa_full', permissions: ALL }).key;
  });
  suiteTeardown(async () => {
    await emu.close();
  });
  teardown(() => {
    emu.clearFaults();
  });

  /** [method, resource, body, the permissions it needs, in the order they are checked] */
  const TABLE: readonly [string, (ids: { u: string; g: string }) => string, unknown, string[]][] = [
    ['GET', () => 'ServiceProviderConfig', undefined, []],
    ['GET', () => 'Users?filter=userName%20eq%20%22x%40example.com%22', undefined, ['core_user_view']],
    // core_user_invite is checked later, inside the invitation: a 409 SCIM error, not a 403 (conformance row R1).
    ['POST', () => 'Users', { userName: 'perm-check@example.com', active: true }, ['core_user_manage']],
    ['GET', (i) => `Users/${i.u}`, undefined, ['core_user_view']],
    [
      'PATCH',
      (i) => `Users/${i.u}`,
      { Operations: [{ op: 'replace', path: 'active', value: false }] },
      ['core_user_manage'],
    ],
    ['POST', () => 'Groups', { displayName: 'perm-check-group' }, ['core_usergroup_manage']],
    ['PATCH', (i) => `Groups/${i.g}`, { Operations: [] }, ['core_usergroup_manage']],
    ['GET', (i) => `Groups/${i.g}`, undefined, ['core_usergroup_view']],
    ['DELETE', (i) => `Groups/${i.g}`, undefined, ['core_usergroup_manage']],
    ['DELETE', (i) => `Users/${i.u}`, undefined, ['core_user_manage']],
  ];

  test('each call checks its permissions; a 403 is an ErrorDTO whose message alone names the permission', async () => {
    const u = (
      await call(emu, 'POST', scim('Users'), { bearer: full, body: { userName: 'target@example.com', active: true } })
    ).json.id as string;
    const g = (await call(emu, 'POST', scim('Groups'), { bearer: full, body: { displayName: 'target-group' } })).json
      .id as string;
    for (const [method, resource, body, needs] of TABLE) {
      for (const missing of needs) {
        const key = emu.addApiKey({
          kind: 'sat',
          principal: `sa_without_${missing}_${method}`,
          permissions: ALL.filter((p) => p !== missing),
        }).key;
        const r = await call(emu, method, scim(resource({ u, g })), {
          bearer: key,
          ...(body === undefined ? {} : { body }),
        });
        assert.equal(r.status, 403, `${method} ${resource({ u, g })} without ${missing}`);
        assert.equal(r.json.code, 'NG_ACCESS_DENIED');
        assert.equal(r.json.failedPermissionChecks, undefined);
        assert.match(String(r.json.message), new RegExp(`Token needs to have ${missing} permission`));
      }
    }
  });

  test('a fault aimed at the second PATCH of a user; a timeout carries the request out but never answers', async () => {
    const id = (
      await call(emu, 'POST', scim('Users'), {
        bearer: full,
        body: { userName: 'fault-user@example.com', active: true },
      })
    ).json.id as string;
    emu.injectFault({ method: 'PATCH', path: /\/Users\/[^/]+$/, skip: 1, kind: '5xx' });
    const patch = (v: boolean): Promise<{ status: number }> =>
      call(emu, 'PATCH', scim(`Users/${id}`), {
        bearer: full,
        body: { Operations: [{ op: 'replace', path: 'active', value: v }] },
      });
    assert.equal((await call(emu, 'GET', scim(`Users/${id}`), { bearer: full })).status, 200);
    assert.equal((await patch(true)).status, 200);
    assert.equal((await patch(true)).status, 503);
    assert.equal((await patch(true)).status, 200);
    emu.injectFault({ method: 'DELETE', path: /\/Users\//, kind: 'timeout', ms: 300 });
    await assert.rejects(call(emu, 'DELETE', scim(`Users/${id}`), { bearer: full }));
    assert.equal((await call(emu, 'GET', scim(`Users/${id}`), { bearer: full })).status, 404);
  });
});
