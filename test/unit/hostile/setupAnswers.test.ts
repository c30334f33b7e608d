/**
 * Hostile input, how much Harness answers to the service account check and the create flow (issue
 * 29, class 4): the server decides how many roles, assignments, permissions and pages there are.
 * The lookups are bounded and every list shown is a few items and a count.
 */
import * as assert from 'node:assert/strict';
import { provisionScimServiceAccount, ProvisionError } from '../../../src/core/harness/scimServiceAccount';
import { testClient } from '../harness/fixtures';
import { cannedSetupSuite, FIVE, lyingHarness } from './harnessAnswers';
import { within } from './helpers';

suite('hostile input: Harness answers to setup', () => {
  const canned = cannedSetupSuite();

  test('5,000 assignments of distinct roles: a bounded number of role reads, a few kilobytes printed', async () => {
    const roles: Record<string, string[]> = {};
    const assignments: [string, string][] = [];
    for (let i = 0; i < 5000; i++) {
      roles[`role_${i}`] = [...FIVE, `core_extra_${i}`];
      assignments.push([`role_${i}`, i % 2 === 0 ? '_all_account_level_resources' : `custom_group_${i}`]);
    }
    canned.server.handle(lyingHarness({ roles, assignments }, canned.jwks));
    const before = canned.server.requests.length;
    const r = await within(20_000, 'setup', () => canned.setup());
    const sent = canned.server.requests.slice(before);
    const roleReads = sent.filter((q) => q.url.startsWith('/authz/api/roles/')).length;
    const groupReads = sent.filter((q) => q.url.startsWith('/resourcegroup/')).length;
    assert.ok(roleReads <= 100, `${roleReads} role reads`);
    assert.ok(groupReads <= 100, `${groupReads} resource group reads`);
    assert.ok(r.out.length < 20_000, `${r.out.length} chars printed`);
    assert.match(r.out, /more/);
  });

  test('a role with 10,000 permissions: the extra ones are listed as a few and a count', async () => {
    canned.server.handle(
      lyingHarness(
        {
          roles: { big: [...FIVE, ...Array.from({ length: 10_000 }, (_, i) => `core_p_${i}`)] },
          assignments: [['big', '_all_account_level_resources']],
        },
        canned.jwks,
      ),
    );
    const r = await within(10_000, 'setup', () => canned.setup());
    assert.ok(r.out.length < 10_000, `${r.out.length} chars`);
    assert.match(r.out, /10000 other permissions: core_p_0, core_p_1, [^\n]*and 9995 more/);
  });

  test('custom roles refused and 3,000 roles that hold the five: the offer lists a few and a count', async () => {
    const roles: Record<string, string[]> = {};
    for (let i = 0; i < 3000; i++)
      roles[`broad_${String(i).padStart(4, '0')}`] = [...FIVE, `core_extra_${i}`, 'core_secret_view'];
    canned.server.handle(lyingHarness({ roles, assignments: [], noCustomRoles: true }, canned.jwks));
    const client = testClient(canned.server.baseUrl);
    try {
      const e = await within(20_000, 'provision', () =>
        provisionScimServiceAccount(client, {
          identifier: 'scim_sa',
          name: 'scim_sa',
          email: 'scim_sa@service.harness.io',
        }).then(
          () => undefined,
          (x: unknown) => x,
        ),
      );
      assert.ok(e instanceof ProvisionError, String(e));
      assert.equal(e.offers.length, 3000);
      assert.ok(e.message.length < 5000, `${e.message.length} chars`);
      assert.match(e.message, /broad_0000[^;]*; .*and 2995 more/);
    } finally {
      await client.close();
    }
  });

  test('a /filter answer that always has another page stops after a bounded number of pages', async () => {
    canned.server.handle(
      lyingHarness(
        { roles: { other: [...FIVE] }, assignments: [['other', '_all_account_level_resources']], endlessPages: true },
        canned.jwks,
      ),
    );
    const before = canned.server.requests.length;
    await within(20_000, 'setup', () => canned.setup());
    const pages = canned.server.requests
      .slice(before)
      .filter((q) => q.url.startsWith('/authz/api/roleassignments/filter')).length;
    assert.ok(pages <= 50, `${pages} pages`);
  });
});
