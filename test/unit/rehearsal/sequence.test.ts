/**
 * The rehearsal against the emulator answering as Harness's source does (harness-core 1dcec145 by
 * default; with PL_NEW_SCIM_STANDARDS, with PL_USER_DELETION_V2, and as the 2025 copy): twelve
 * passes in Harness's order (deactivation last, because it deletes the user), a report that says so
 * at the top, findings with their sources, and nothing left in the account.
 */
import * as assert from 'node:assert/strict';
import {
  memoryLeftoversStore,
  rehearsalMarkdown,
  rehearsalSummary,
  type RehearsalReport,
} from '../../../src/core/rehearsal';
import type { ProfileChange } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';
import { CLAIM, outcomes, rehearse, scimAccount, type ScimAccount } from './fixtures';

/** Harness's statuses for the sequence: deactivation answers 204 and a read of the user then 404. */
const STATUSES = [200, 200, 201, 200, 200, 201, 204, 200, 204, 204, 204, 404];

const PROFILES: readonly [string, ProfileChange][] = [
  ['the default profile (December 2023, flags off)', {}],
  ['PL_NEW_SCIM_STANDARDS on', { flags: { PL_NEW_SCIM_STANDARDS: true } }],
  ['PL_USER_DELETION_V2 on', { flags: { PL_USER_DELETION_V2: true } }],
  ['the 2025 source', { source: '2025' }],
];

suite('SCIM rehearsal: the sequence', () => {
  let idp: Idp;
  let token: string;
  let a: ScimAccount;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
    a = await scimAccount(idp);
  });
  suiteTeardown(async () => {
    await a.close();
    await idp.close();
  });
  teardown(() => {
    a.emu.setProfile({ source: '2023', flags: { PL_NEW_SCIM_STANDARDS: false, PL_USER_DELETION_V2: false } });
  });

  for (const [label, profile] of PROFILES) {
    test(`${label}: all 12 steps pass with Harness's statuses, deactivation deletes, and the account is exactly as it was`, async () => {
      a.emu.setProfile(profile);
      const before = a.emu.snapshot();
      const store = memoryLeftoversStore();
      const r: RehearsalReport = await rehearse(a, token, store);
      assert.equal(
        r.outcome,
        'passed',
        JSON.stringify(
          r.steps.filter((s) => s.outcome !== 'pass'),
          null,
          2,
        ),
      );
      assert.ok(r.ok);
      assert.deepEqual(
        outcomes(r),
        Array.from({ length: 12 }, (_, i) => `${i + 1}:pass`),
      );
      assert.deepEqual(
        r.steps.map((s) => s.status),
        STATUSES,
      );
      assert.equal(r.deactivationDeleted, true);
      const after = a.emu.snapshot();
      assert.deepEqual(after.users, before.users);
      assert.deepEqual(after.userGroups, before.userGroups);
      assert.deepEqual(after.roleAssignments, before.roleAssignments);
      assert.deepEqual(store.entries(), []);
      assert.deepEqual(r.leftovers, []);
      assert.deepEqual(r.cleanup, []);
    });
  }

  test('names, requests and permissions: no "+" in the address, lower case, displayName changed, deactivation last', async () => {
    const r = await rehearse(a, token);
    assert.match(r.userName, /^scim-rehearsal-[a-z0-9]{12}@example\.com$/);
    assert.match(
      r.steps[1]?.request ?? '',
      /^GET \/ng\/api\/scim\/account\/[^/]+\/Users\?filter=userName eq "scim-rehearsal-[a-z0-9]+@example\.com"$/,
    );
    assert.equal(r.steps[2]?.permission, 'core_user_manage + core_user_invite');
    assert.equal(r.steps[0]?.permission, 'none (authentication only)');
    assert.match(r.steps[4]?.message ?? '', /display name is now "SCIM Rehearsal [a-z0-9]{6}"/);
    assert.deepEqual(
      r.steps.slice(10).map((s) => s.id),
      ['deactivateUser', 'confirmUserDeleted'],
    );
    assert.match(r.steps[10]?.request ?? '', /^PATCH .*\/Users\/[^/]+$/);
    assert.match(r.steps[11]?.request ?? '', /^GET .*\/Users\/[^/]+$/);
    assert.match(
      r.steps[11]?.message ?? '',
      /deactivating it deleted it, with its group memberships and role bindings/,
    );
  });

  test('the Markdown report: deactivation deletes, said at the top; 12 steps; findings with sources; never the token', async () => {
    const r = await rehearse(a, token);
    const md = rehearsalMarkdown(r);
    assert.match(md, /^# SCIM provisioning rehearsal/);
    assert.match(md, /All 12 steps passed, and the account is as it was\./);
    const lines = md.split('\n');
    const warning = lines.findIndex((l) =>
      l.includes('Deactivating a user in your identity provider DELETES the Harness user'),
    );
    const table = lines.findIndex((l) => l.startsWith('| # |'));
    assert.ok(warning > 0 && warning < table, 'the deactivation warning comes before the step table');
    assert.match(lines[warning] ?? '', /group memberships and role bindings.*fresh invitation.*This run saw it/);
    assert.equal(lines.filter((l) => /^\| \d+ \| ✓ pass \|/.test(l)).length, 12);
    assert.match(
      md,
      /\| 7 \| ✓ pass \| `PATCH \/ng\/api\/scim\/account\/[^`]+\/Groups\/[^`]+` \| 204 \| \d+ ms \| core_usergroup_manage \|/,
    );
    assert.match(md, /## What your IdP will hit/);
    for (const id of [
      'username-is-email',
      'group-identifiers',
      'total-results',
      'plus-addresses',
      'external-id',
      'name-patches',
    ]) {
      const f = r.findings.find((x) => x.id === id);
      assert.ok(f, id);
      assert.match(f.source, /HC .*\.java:\d+/, `${id} names its Harness source`);
    }
    assert.ok(!md.includes(token));
    assert.match(rehearsalSummary(r), /deactivating a user in the IdP deletes them in Harness/);
  });

  test('findings are data: what this run saw in the account', async () => {
    // Account data the findings read: SCIM users with a "+" and with mixed case, colliding group names.
    const admin = a.conn.scim;
    const plus = await admin.createUser(token, { userName: 'Jane+Ops@Example.com', active: true });
    const other = await admin.createUser(token, { userName: 'bob@example.com', active: true });
    const group = await admin.createGroup(token, { displayName: 'Dev-Ops' });
    try {
      const r = await rehearse(a, token);
      const seen = (id: string): string => r.findings.find((f) => f.id === id)?.observed ?? '';
      assert.equal(
        seen('plus-addresses'),
        '1 of 2 SCIM users read have a "+"; an eq lookup of one, sent as IdPs send it, found nothing.',
      );
      assert.equal(
        seen('total-results'),
        'A one-user page said totalResults 1; the account has at least 2 SCIM users.',
      );
      assert.match(
        seen('group-identifiers'),
        /^the test group scim-rehearsal-[a-z0-9]+ got the id scim_rehearsal_[a-z0-9]+; 1 of 1 SCIM groups read have an id unlike the name\.$/,
      );
      assert.match(
        seen('username-is-email'),
        /^your token is from node oidc-provider: check which attribute it sends as userName; the test user came back as userName scim-rehearsal-[a-z0-9]+@example\.com; 0 of 2 SCIM users read have a userName that is not an e-mail address\.$/,
      );
      assert.equal(
        seen('external-id'),
        `Step 5 sent a new externalId; Harness answered scim-rehearsal-${r.userName.slice(15, 27)}.`,
      );
      assert.equal(seen('name-patches'), 'Step 5 sent name.givenName; Harness ignored it.');
    } finally {
      await admin.deleteGroup(token, group.id);
      await admin.deleteUser(token, plus.id);
      await admin.deleteUser(token, other.id);
    }
  });

  test('every run uses new names, so two runs never meet', async () => {
    const [r1, r2] = [await rehearse(a, token), await rehearse(a, token)];
    assert.notEqual(r1.userName, r2.userName);
    assert.notEqual(r1.groupName, r2.groupName);
  });
});
