import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../sandbox/emulator';
import type { ExtensionApi } from '../../src/extension';
import { EXTENSION_ID } from '../../src/platform/ids';
import { openForm } from './support/setupForm';
import type { ExplorerNode } from '../../src/features/explorer/explorerNodes';
import { children, eventually, extensionApi, label, putSettings, signOutAll } from './support/harness';

const SA_SETTING = 'scim_jwt_token_service_account_id';

function findFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findFiles(p, out);
    else if (e.isFile() && fs.statSync(p).size < 50 * 1024 * 1024) out.push(p);
  }
  return out;
}

suite('Sidebar: connect, the account tree, and its actions (against the Harness emulator)', () => {
  let emulator: Emulator;
  let api: ExtensionApi;
  const keysUsed: string[] = [];

  suiteSetup(async () => {
    emulator = await startEmulator();
    api = await extensionApi();
    await signOutAll();
  });
  suiteTeardown(async () => {
    await signOutAll();
    await emulator.close();
  });

  const group = async (id: string): Promise<ExplorerNode> => {
    const node = (await children(api)).find((n) => n.kind === 'group' && n.id === id);
    assert.ok(node, `group ${id}`);
    return node;
  };

  test('signed out, the tree is empty so the view shows its welcome (Connect)', async () => {
    assert.deepEqual(await children(api), []);
  });

  test('a key Harness refuses is not saved', async () => {
    const bad = `pat.${emulator.accountId}.nosuchtoken.wrongsecret`;
    keysUsed.push(bad);
    const account: unknown = await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: bad,
    });
    assert.equal(account, undefined);
    assert.deepEqual(await children(api), []);
  });

  test('a key that cannot read account settings (403) is not saved', async () => {
    const { key } = emulator.addApiKey({ kind: 'sat', principal: 'no_settings_view', permissions: ['core_user_view'] });
    keysUsed.push(key);
    const account: unknown = await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: key,
    });
    assert.equal(account, undefined);
    assert.deepEqual(await children(api), []);
  });

  test('a good key connects; the tree shows the SCIM group with 4 of 4 missing', async () => {
    keysUsed.push(emulator.adminKey);
    const account = await vscode.commands.executeCommand<{ accountId: string } | undefined>('scimJwt.account.connect', {
      baseUrl: emulator.baseUrl,
      apiKey: emulator.adminKey,
    });
    assert.equal(account?.accountId, emulator.accountId);
    const roots = await eventually(async () => {
      const r = await children(api);
      return r.length ? r : undefined;
    }, 'the tree to fill');
    assert.deepEqual(
      roots.map((n) => label(api, n).label),
      ['SCIM JWT authentication', 'Service accounts', 'Account settings'],
    );
    const settings = await children(api, await group('scim'));
    assert.deepEqual(
      settings.map((n) => label(api, n)),
      [
        { label: 'JWKS URL', description: 'not set' },
        { label: 'Claim name', description: 'not set' },
        { label: 'Claim value', description: 'not set' },
        { label: 'Service account', description: 'not set' },
      ],
    );
    assert.equal(label(api, await group('scim')).description, '4 of 4 missing');
  });

  test("the account is in VS Code's Accounts menu (authentication provider) and copy/use actions work", async () => {
    const accounts = await vscode.authentication.getAccounts('harness-scim-jwt');
    assert.deepEqual(
      accounts.map((a) => a.label),
      [`Emulated Account (${new URL(emulator.baseUrl).host})`],
    );
    assert.equal(api.statusBar.text, '$(shield) Emulated Account');
    const scimSettings = await children(api, await group('scim'));
    const jwks = scimSettings[0];
    assert.ok(jwks);
    await vscode.commands.executeCommand('scimJwt.item.copyIdentifier', jwks);
    assert.equal(await vscode.env.clipboard.readText(), 'scim_jwt_token_jwks_keys_url');
  });

  test("account settings: Harness's category names in its page's order, no empty category, no error row", async () => {
    const categories = await children(api, await group('settings'));
    // The emulator's catalogue has settings in these seven; the other fourteen are empty and hidden.
    assert.deepEqual(
      categories.map((c) => label(api, c).label),
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
    assert.ok(
      categories.every((c) => c.kind === 'category'),
      'every row is a category: none errors, none is unavailable',
    );
    const notifications = categories.find((c) => label(api, c).label === 'Notifications');
    assert.ok(notifications);
    const rows = (await children(api, notifications)).map((n) => label(api, n));
    assert.equal(rows.length, 9);
    assert.ok(
      rows.some((r) => r.label === 'Enable Slack Notifications' && r.description === 'true · default'),
      JSON.stringify(rows),
    );
  });

  test('create a service account for SCIM: service account, role, assignment; it then holds all five permissions', async () => {
    const steps = await vscode.commands.executeCommand<{ id: string; status: string }[]>(
      'scimJwt.serviceAccount.createForScim',
      { name: 'SCIM Provisioner', identifier: 'scim_provisioner' },
    );
    assert.deepEqual(
      steps.map((s) => `${s.id}:${s.status}`),
      ['service-account:created', 'role:created', 'role-assignment:created'],
    );
    // A second service account with only two of the five (Users View, User Groups View).
    keysUsed.push(
      emulator.addApiKey({
        kind: 'sat',
        principal: 'scim_partial',
        permissions: ['core_user_view', 'core_usergroup_view'],
      }).key,
    );
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, { [SA_SETTING]: 'scim_provisioner' });
    await vscode.commands.executeCommand('scimJwt.view.refresh', 'scim');
    await children(api, await group('scim'));
    const accounts = await children(api, await group('serviceAccounts'));
    const full = accounts.find(
      (n) => n.kind === 'serviceAccount' && n.status.aggregate.serviceAccount.identifier === 'scim_provisioner',
    );
    const partial = accounts.find(
      (n) => n.kind === 'serviceAccount' && n.status.aggregate.serviceAccount.identifier === 'scim_partial',
    );
    assert.ok(full && partial);
    assert.equal(label(api, full).description, 'scim_provisioner · all 5 permissions · used for SCIM JWT');
    assert.equal(label(api, partial).description, 'missing 3 of 5');
    assert.equal(api.explorer.getTreeItem(full).contextValue, 'serviceAccount.configured');
    const roles = await children(api, full);
    assert.deepEqual(
      roles.map((r) => label(api, r)),
      [{ label: 'SCIM JWT provisioner', description: 'All Account Level Resources' }],
    );
    // "Use for SCIM JWT" opens the setup form with this service account chosen.
    const handle = await openForm('scimJwt.serviceAccount.useForScim', partial);
    assert.ok(handle);
    await handle.post({ type: 'ready', form: null });
    const init = await handle.waitFor('init');
    assert.equal(init.form.serviceAccountId, 'scim_partial');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('running "create" again reuses what exists; a failure half way says what was done', async () => {
    const again = await vscode.commands.executeCommand<{ id: string; status: string }[]>(
      'scimJwt.serviceAccount.createForScim',
      { name: 'SCIM Provisioner', identifier: 'scim_provisioner' },
    );
    assert.deepEqual(
      again.map((s) => s.status),
      ['reused', 'reused', 'reused'],
    );
    emulator.injectFault({ path: /\/authz\/api\/roleassignments$/, kind: '5xx', times: 5 });
    const failed: unknown = await vscode.commands.executeCommand('scimJwt.serviceAccount.createForScim', {
      name: 'Half Made',
      identifier: 'half_made',
    });
    emulator.clearFaults();
    assert.equal(failed, undefined);
    const state = emulator.snapshot();
    assert.ok(
      state.serviceAccounts.some((s) => s.identifier === 'half_made'),
      'the service account was created',
    );
    assert.ok(!state.roleAssignments.some((a) => a.principal.identifier === 'half_made'), 'no assignment was made');
    const log = fs.readFileSync(findFiles(api.storagePaths.log).find((f) => f.endsWith('.log')) ?? '', 'utf8');
    assert.match(log, /Already done: service account half_made created; role scim_jwt_provisioner reused/);
  });

  test('on a plan without custom roles, "create" still works where the SCIM role exists: it reuses that role and assigns nothing broader', async () => {
    // Custom roles are Enterprise-only in Harness (platform_features.yml CUSTOM_ROLES); assigning an existing one is not.
    emulator.setProfile({ plan: 'TEAM' });
    try {
      const steps = await vscode.commands.executeCommand<{ id: string; status: string }[]>(
        'scimJwt.serviceAccount.createForScim',
        { name: 'Team Plan', identifier: 'team_plan' },
      );
      assert.deepEqual(
        steps.map((s) => `${s.id}:${s.status}`),
        ['service-account:created', 'role:reused', 'role-assignment:created'],
      );
      const assigned = emulator
        .snapshot()
        .roleAssignments.filter((a) => a.principal.identifier === 'team_plan')
        .map((a) => a.roleIdentifier);
      assert.deepEqual(assigned, ['scim_jwt_provisioner']);
    } finally {
      emulator.setProfile({ plan: 'ENTERPRISE' });
    }
  });

  test('a configured service account that does not exist is shown as a problem', async () => {
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, { [SA_SETTING]: 'ghost_account' });
    await vscode.commands.executeCommand('scimJwt.view.refresh', 'scim');
    await children(api, await group('scim'));
    const accounts = await children(api, await group('serviceAccounts'));
    assert.equal(accounts[0]?.kind, 'missingServiceAccount');
    assert.equal(label(api, accounts[0]).description, 'configured, but no such service account');
  });

  test('one group failing shows an error row with retry and leaves the others', async () => {
    emulator.injectFault({ path: /\/serviceaccount\/aggregate/, kind: '5xx', times: 10 });
    await vscode.commands.executeCommand('scimJwt.view.refresh', 'serviceAccounts');
    const failedRows = await children(api, await group('serviceAccounts'));
    emulator.clearFaults();
    assert.equal(failedRows.length, 1);
    assert.equal(failedRows[0]?.kind, 'error');
    assert.equal(api.explorer.getTreeItem(failedRows[0]).command?.command, 'scimJwt.view.refresh');
    assert.equal((await children(api, await group('scim'))).length, 4, 'the SCIM group still shows');
    const retried = await children(api, await group('serviceAccounts'));
    assert.ok(
      retried.some((n) => n.kind === 'serviceAccount'),
      'retry loads again',
    );
  });

  test('the JWKS URL row offers "Make Harness Re-read the Key Set" (inline and in its menu), and still Copy Value and Restore', async () => {
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_jwks_keys_url: 'https://idp.example.com/keys',
    });
    await vscode.commands.executeCommand('scimJwt.view.refresh', 'scim');
    const rows = await children(api, await group('scim'));
    const jwks = rows.find((n) => n.kind === 'scimSetting' && n.identifier === 'scim_jwt_token_jwks_keys_url');
    assert.ok(jwks);
    const contextValue = api.explorer.getTreeItem(jwks).contextValue ?? '';
    assert.equal(contextValue, 'scimSetting.set.jwksUrl');
    const manifest = JSON.parse(
      fs.readFileSync(
        path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'package.json'),
        'utf8',
      ),
    ) as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } };
    const refresh =
      manifest.contributes.menus['view/item/context']?.filter((m) => m.command === 'scimJwt.keySet.refresh') ?? [];
    assert.deepEqual(
      refresh.map((m) => m.group?.split('@')[0]),
      ['inline', '3_edit'],
    );
    for (const m of refresh)
      assert.match(m.when ?? '', new RegExp(`viewItem == ${contextValue.replace(/\./g, '\\.')}$`));
    // Copy Value and Restore still apply to it.
    const copy = manifest.contributes.menus['view/item/context']?.find((m) => m.command === 'scimJwt.item.copyValue');
    assert.match(contextValue, new RegExp((/viewItem =~ \/(.*)\//.exec(copy?.when ?? '') ?? [])[1] ?? '^$'));
    const restored = await vscode.commands.executeCommand<boolean>('scimJwt.setting.restore', jwks, {
      confirmed: true,
    });
    assert.equal(restored, true);
  });

  test('restore a SCIM setting to default', async () => {
    await putSettings(emulator.baseUrl, emulator.accountId, emulator.adminKey, {
      scim_jwt_token_key_field: 'client_id',
    });
    await vscode.commands.executeCommand('scimJwt.view.refresh', 'scim');
    const before = await children(api, await group('scim'));
    const keyField = before.find((n) => n.kind === 'scimSetting' && n.identifier === 'scim_jwt_token_key_field');
    assert.ok(keyField);
    assert.equal(label(api, keyField).description, 'client_id');
    assert.equal(api.explorer.getTreeItem(keyField).contextValue, 'scimSetting.set');
    const restored = await vscode.commands.executeCommand<boolean>('scimJwt.setting.restore', keyField, {
      confirmed: true,
    });
    assert.equal(restored, true);
    const after = await children(api, await group('scim'));
    assert.equal(
      label(
        api,
        after.find((n) => n.kind === 'scimSetting' && n.identifier === 'scim_jwt_token_key_field') ?? after[0]!,
      ).description,
      'not set',
    );
    assert.match(label(api, await group('scim')).description, /^3 of 4 missing · takes effect at /);
  });

  test('when Harness starts refusing the saved key, the tree gives way to the "connect again" welcome', async () => {
    assert.equal((await children(api)).length, 3);
    // As if the key had been revoked: every call now answers 401.
    emulator.injectFault({ kind: '5xx', status: 401, times: 100 });
    await vscode.commands.executeCommand('scimJwt.view.refresh');
    const rows = await children(api, await group('scim')).catch(() => []);
    assert.equal(rows[0]?.kind, 'error');
    assert.deepEqual(
      await eventually(async () => {
        const r = await children(api);
        return r.length === 0 ? r : undefined;
      }, 'the tree to empty'),
      [],
    );
    assert.equal(api.statusBar.text, '$(shield) Emulated Account $(error)', 'the status bar shows the refusal');
    assert.match(api.statusBar.accessibilityInformation?.label ?? '', /Harness refused the key$/);
    emulator.clearFaults();
    await vscode.commands.executeCommand('scimJwt.view.refresh');
    assert.equal((await children(api)).length, 3, 'Retry brings the tree back once Harness answers');
    assert.equal(api.statusBar.text, '$(shield) Emulated Account');
  });

  test('no API key is left in settings, state, logs or any file VS Code wrote', () => {
    const userData = path.resolve(api.storagePaths.globalStorage, '../../..');
    const files = [...findFiles(userData), ...findFiles(api.storagePaths.log)];
    assert.ok(files.length > 3, `searched ${files.length} files under ${userData}`);
    console.log(`      secret-leak check: ${files.length} files under ${userData}`);
    const secrets = keysUsed.map((k) => k.split('.').at(-1) ?? k);
    for (const f of files) {
      const text = fs.readFileSync(f).toString('latin1');
      for (const s of secrets) assert.ok(!text.includes(s), `a key's secret is in ${f}`);
    }
  });
});
