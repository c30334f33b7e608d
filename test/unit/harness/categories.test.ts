/**
 * The setting categories: one list for the product and the emulator, every value the product asks
 * for answered by the emulator, and the account's settings read as Harness's own page shows them
 * (names, its order, no empty category, an unknown category set apart rather than an error).
 */
import * as assert from 'node:assert/strict';
import {
  HarnessApiError,
  SETTING_CATEGORIES,
  SETTING_CATEGORIES_IN_DISPLAY_ORDER,
  SETTING_CATEGORY_VALUES,
  loadAccountSettings,
  settingCategoryName,
} from '../../../src/core/harness';
import { SETTING_CATEGORIES as EMULATOR_CATEGORIES, SETTING_DEFINITIONS } from '../../sandbox/emulator/catalog';
import { type Emulator, startEmulator } from '../../sandbox/emulator';
import { testClient } from './fixtures';
import { type TestHarnessClient } from '../testHttp';

suite('setting categories: one list for the product and the emulator', () => {
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

  test('the emulator accepts exactly the categories the product sends', () => {
    assert.deepEqual([...EMULATOR_CATEGORIES], [...SETTING_CATEGORY_VALUES]);
    for (const def of SETTING_DEFINITIONS) {
      assert.ok(
        SETTING_CATEGORY_VALUES.includes(def.category),
        `the emulator's ${def.identifier} is in category ${def.category}, which the product never asks for`,
      );
    }
  });

  test('every category the product asks for is answered 200 by the emulator (NOTIFICATIONS, not NOTIFICATION)', async () => {
    for (const value of SETTING_CATEGORY_VALUES) {
      const res = await fetch(`${emu.baseUrl}/ng/api/settings?accountIdentifier=${emu.accountId}&category=${value}`, {
        headers: { 'x-api-key': emu.adminKey },
      });
      assert.equal(res.status, 200, `category ${value}`);
    }
    assert.ok(SETTING_CATEGORY_VALUES.includes('NOTIFICATIONS'));
    assert.ok(!SETTING_CATEGORY_VALUES.includes('NOTIFICATION'));
  });

  test("the list is Harness's enum (22 values, each once), each with a name", () => {
    assert.equal(SETTING_CATEGORIES.length, 22);
    assert.equal(new Set(SETTING_CATEGORY_VALUES).size, 22);
    assert.deepEqual(SETTING_CATEGORY_VALUES.slice(0, 3), ['CD', 'CI', 'CE']);
    for (const c of SETTING_CATEGORIES)
      assert.ok((c.displayName && c.displayName !== c.value) || c.value === 'SCIM', c.value);
    assert.equal(settingCategoryName('PMS'), 'Pipeline');
    assert.equal(settingCategoryName('SOMETHING_NEW'), 'SOMETHING_NEW');
  });

  test("display order: Harness's settings page first (General, Connectors, …), then the rest in enum order", () => {
    const names = SETTING_CATEGORIES_IN_DISPLAY_ORDER.map((c) => c.displayName);
    assert.deepEqual(names.slice(0, 9), [
      'General',
      'Connectors',
      'Continuous Deployment',
      'Git Experience',
      'Pipeline',
      'Cloud Cost Management',
      'Notifications',
      'Supply Chain Assurance',
      'Security Testing Orchestration',
    ]);
    assert.deepEqual(names.slice(9, 12), ['Continuous Integration', 'Service Reliability Management', 'Feature Flags']);
    assert.deepEqual(
      [...SETTING_CATEGORIES_IN_DISPLAY_ORDER].sort((a, b) => a.value.localeCompare(b.value)),
      [...SETTING_CATEGORIES].sort((a, b) => a.value.localeCompare(b.value)),
    );
  });

  test("an account's settings: only categories with settings, in display order, SCIM left to its own group", async () => {
    const { categories, unavailable } = await loadAccountSettings(admin);
    assert.deepEqual(
      categories.map((c) => c.category.displayName),
      [
        'General',
        'Connectors',
        'Continuous Deployment',
        'Git Experience',
        'Pipeline',
        'Notifications',
        'License Agreements',
      ],
    );
    assert.deepEqual(unavailable, []);
    const notifications = categories.find((c) => c.category.value === 'NOTIFICATIONS');
    assert.equal(notifications?.settings.length, 9);
    assert.ok(notifications.settings.every((s) => s.setting.groupIdentifier?.endsWith('_notification_settings')));
  });

  test('a category this Harness does not know is "not available", not an error, while the others load', async () => {
    const before = emu.requestCount('/ng/api/settings');
    const { categories, unavailable } = await loadAccountSettings(admin, {
      categories: [
        { value: 'CORE', displayName: 'General' },
        { value: 'NOTIFICATION', displayName: 'Misspelt' },
        { value: 'CI', displayName: 'Continuous Integration' },
      ],
    });
    assert.deepEqual(
      categories.map((c) => c.category.value),
      ['CORE'],
    );
    assert.deepEqual(
      unavailable.map((c) => c.value),
      ['NOTIFICATION'],
    );
    assert.equal(
      emu.requestCount('/ng/api/settings') - before,
      3,
      'one request per category, the refused one not retried',
    );
  });

  test('a refusal of every category, or of the key, is an error: nothing shows the category is the cause', async () => {
    await assert.rejects(
      loadAccountSettings(admin, {
        categories: [
          { value: 'NOPE', displayName: 'Nope' },
          { value: 'NADA', displayName: 'Nada' },
        ],
      }),
      (e: unknown) => e instanceof HarnessApiError && e.httpStatus === 400,
    );
    const { key } = emu.addApiKey({ kind: 'sat', principal: 'no_account_view', permissions: ['core_user_view'] });
    const weak = testClient(emu.baseUrl, { apiKey: key });
    try {
      await assert.rejects(
        loadAccountSettings(weak),
        (e: unknown) => e instanceof HarnessApiError && e.httpStatus === 403,
      );
    } finally {
      await weak.close();
    }
  });
});
