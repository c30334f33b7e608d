/** The rehearsal against the emulator with a correctly set-up account: twelve passes, nothing left. */
import * as assert from 'node:assert/strict';
import { memoryLeftoversStore, rehearsalMarkdown, type RehearsalReport } from '../../../src/core/rehearsal';
import { startIdp, type Idp } from '../../sandbox/idp';
import { CLAIM, holdings, outcomes, rehearse, scimAccount, type ScimAccount } from './fixtures';

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

  test('all 12 steps pass with the statuses of the contract, and the account is as it was', async () => {
    const before = holdings(a.emu);
    const store = memoryLeftoversStore();
    const r: RehearsalReport = await rehearse(a, token, store);
    assert.equal(r.outcome, 'passed', JSON.stringify(r.steps.filter((s) => s.outcome !== 'pass'), null, 2));
    assert.ok(r.ok);
    assert.deepEqual(outcomes(r), Array.from({ length: 12 }, (_, i) => `${i + 1}:pass`));
    assert.deepEqual(r.steps.map((s) => s.status), [200, 200, 201, 200, 200, 200, 201, 204, 200, 204, 204, 204]);
    assert.deepEqual(holdings(a.emu), before);
    assert.deepEqual(store.entries(), []);
    assert.deepEqual(r.leftovers, []);
    assert.deepEqual(r.cleanup, []);
    assert.match(r.userName, /^scim-rehearsal\+[a-z0-9]{12}@example\.com$/);
    assert.match(r.steps[1]?.request ?? '', /^GET \/ng\/api\/scim\/account\/[^/]+\/Users\?filter=userName eq "scim-rehearsal\+/);
    assert.equal(r.steps[2]?.permission, 'core_user_manage + core_user_invite');
    assert.equal(r.steps[0]?.permission, 'none (authentication only)');
  });

  test('the Markdown report has the 12 steps in one table, the inferences, and never the token', async () => {
    const r = await rehearse(a, token);
    const md = rehearsalMarkdown(r);
    assert.match(md, /^# SCIM provisioning rehearsal/);
    assert.match(md, /All 12 steps passed, and the account is as it was\./);
    assert.equal(md.split('\n').filter((l) => /^\| \d+ \| ✓ pass \|/.test(l)).length, 12);
    assert.match(md, /\| 8 \| ✓ pass \| `PATCH \/ng\/api\/scim\/account\/[^`]+\/Groups\/[^`]+` \| 204 \| \d+ ms \| core_usergroup_manage \|/);
    assert.match(md, /## Where Harness's behaviour is inferred/);
    assert.ok(!md.includes(token));
  });

  test('every run uses new names, so two runs never meet', async () => {
    const [r1, r2] = [await rehearse(a, token), await rehearse(a, token)];
    assert.notEqual(r1.userName, r2.userName);
    assert.notEqual(r1.groupName, r2.groupName);
  });
});
