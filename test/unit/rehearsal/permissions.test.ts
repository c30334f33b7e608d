/**
 * Each of the five SCIM permissions removed in turn: the step that needs it fails and names it,
 * the steps after it are skipped, and the account holds exactly what it held before.
 */
import * as assert from 'node:assert/strict';
import { HarnessApiError, type ScimClient } from '../../../src/core/harness';
import { memoryLeftoversStore, rehearsalMarkdown, rehearsalSummary, runRehearsal } from '../../../src/core/rehearsal';
import { startIdp, type Idp } from '../../sandbox/idp';
import { CLAIM, holdings, rehearse, SCIM_PERMISSIONS, scimAccount } from './fixtures';

/**
 * Which step first needs each permission, and how Harness refuses it: a 403 ErrorDTO naming it
 * (harness-core 1dcec145 NGScimUserResource.java:84-85, NGScimGroupResource.java:56-57), except
 * core_user_invite, checked inside the invitation a create makes: a 409 SCIM error naming it
 * (NGScimUserResource.java:104-109; InviteServiceImpl.java:1070-1073).
 */
const FAILS_AT: Readonly<Record<string, { step: number; status: number }>> = {
  core_user_view: { step: 2, status: 403 },
  core_user_manage: { step: 3, status: 403 },
  core_user_invite: { step: 3, status: 409 },
  core_usergroup_manage: { step: 6, status: 403 },
  core_usergroup_view: { step: 8, status: 403 },
};

suite('SCIM rehearsal: a permission missing', () => {
  let idp: Idp;
  let token: string;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
  });
  suiteTeardown(async () => {
    await idp.close();
  });

  for (const missing of SCIM_PERMISSIONS) {
    test(`without ${missing}: step ${FAILS_AT[missing]?.step ?? '?'} fails naming it (HTTP ${FAILS_AT[missing]?.status ?? '?'}), and the account is as it was`, async () => {
      const a = await scimAccount(
        idp,
        SCIM_PERMISSIONS.filter((p) => p !== missing),
      );
      try {
        const before = holdings(a.emu);
        const store = memoryLeftoversStore();
        const r = await rehearse(a, token, store);
        const failed = r.steps.filter((s) => s.outcome === 'fail');
        assert.equal(failed.length, 1);
        const step = failed[0];
        if (step === undefined) throw new Error('no failed step');
        assert.equal(step.step, FAILS_AT[missing]?.step);
        assert.equal(step.status, FAILS_AT[missing]?.status);
        assert.equal(step.problem, 'permission-missing');
        assert.equal(step.missingPermission, missing);
        assert.equal(step.permissionInferred, false);
        assert.match(step.message, new RegExp(`lacks ${missing}`));
        assert.match(step.fix ?? '', new RegExp(`role that contains ${missing}`));
        assert.ok(r.steps.slice(step.step).every((s) => s.outcome === 'skip'));
        assert.equal(r.outcome, 'step-failed');
        assert.deepEqual(r.leftovers, []);
        assert.ok(r.cleanup.every((c) => c.ok));
        assert.deepEqual(holdings(a.emu), before);
        assert.deepEqual(store.entries(), []);
        assert.match(rehearsalMarkdown(r), new RegExp(`\\*\\*missing ${missing}\\*\\*`));
        assert.match(
          rehearsalSummary(r),
          new RegExp(`step ${step.step} .* failed: missing ${missing}\\. Everything created was deleted\\.$`),
        );
      } finally {
        await a.close();
      }
    });
  }

  test("a 403 that names no permission: the step's permissions are given, marked inferred", async () => {
    const a = await scimAccount(
      idp,
      SCIM_PERMISSIONS.filter((p) => p !== 'core_user_invite'),
    );
    try {
      // POST Users answered by a bare 403 ErrorDTO whose message names nothing, as a gateway could.
      const scim = Object.create(a.conn.scim) as ScimClient;
      scim.createUser = () =>
        Promise.reject(
          new HarnessApiError({
            kind: 'harness-error',
            message: 'denied',
            request: { method: 'POST', path: '/x' },
            httpStatus: 403,
            code: 'NG_ACCESS_DENIED',
          }),
        );
      const r = await runRehearsal({
        scim,
        token,
        target: { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId },
        store: memoryLeftoversStore(),
      });
      const step = r.steps[2];
      assert.equal(step?.outcome, 'fail');
      assert.equal(step.missingPermission, 'core_user_manage or core_user_invite');
      assert.equal(step.permissionInferred, true);
      assert.match(step.message, /names no permission, so this is inferred from the call/);
    } finally {
      await a.close();
    }
  });
});
