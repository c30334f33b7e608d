// The setup form's controller, driven through a fake UI (what the panel would do with VS Code) and
// a fake Harness: each webview message in, the messages the form would be posted out.
import * as assert from 'node:assert/strict';
import { HarnessClient } from '../../../src/core/harness';
import { JwksCache } from '../../../src/core/jwt';
import { silentLogger } from '../../../src/core/log';
import { createUndiciClient } from '../../../src/core/net';
import type { ScimJwtSettings } from '../../../src/core/setup';
import type { ToWebview, ToWebviewType } from '../../../src/features/setup/protocol';
import {
  SetupController,
  type PickedToken,
  type SetupConnection,
  type SetupFormDeps,
  type SetupUi,
} from '../../../src/features/setup/setupController';
import { FakeHarness } from './fakeHarness';

/** The panel's side, in memory: what was posted, copied and saved, and what the user would answer. */
class FakeUi implements SetupUi {
  readonly posted: ToWebview[] = [];
  readonly copied: string[] = [];
  readonly saved: { name: string; content: string }[] = [];
  saveAnswer = true;
  trusted = true;
  picked: PickedToken = { kind: 'cancelled' };

  post(message: ToWebview): void {
    this.posted.push(message);
  }
  copyText(text: string): Promise<void> {
    this.copied.push(text);
    return Promise.resolve();
  }
  saveFile(suggestedName: string, content: string): Promise<boolean> {
    this.saved.push({ name: suggestedName, content });
    return Promise.resolve(this.saveAnswer);
  }
  workspaceTrusted(): boolean {
    return this.trusted;
  }
  pickToken(): Promise<PickedToken> {
    return Promise.resolve(this.picked);
  }

  types(): ToWebviewType[] {
    return this.posted.map((m) => m.type);
  }
  last<T extends ToWebviewType>(type: T): Extract<ToWebview, { type: T }> {
    const found = this.posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type).at(-1);
    assert.ok(found, `a "${type}" message was posted (posted: ${this.types().join(', ')})`);
    return found;
  }
  clear(): void {
    this.posted.length = 0;
  }
}

// Never sends: the fake Harness stands in for what the client would reach, and no test puts a
// well-formed JWKS URL in the form's checks.
const http = createUndiciClient();
const ACCOUNT: SetupConnection = {
  client: new HarnessClient({
    baseUrl: 'https://app.harness.io/gateway',
    apiKey: 'pat.acct1.key.secret',
    accountId: 'acct1',
    http,
  }),
  accountId: 'acct1',
  baseUrl: 'https://app.harness.io/gateway',
};

const desired: ScimJwtSettings = {
  jwksUrl: 'https://idp.example.com/keys',
  keyField: 'client_id',
  value: 'harness-scim',
  serviceAccountId: 'scim_sa',
};

interface Setup {
  ui: FakeUi;
  harness: FakeHarness;
  controller: SetupController;
  settingsChanged: boolean[];
  connects: number;
}

function setUp(options: { connected?: boolean } = {}): Setup {
  const ui = new FakeUi();
  const harness = new FakeHarness();
  const state = { connected: options.connected ?? true };
  const result: Setup = { ui, harness, controller: undefined as never, settingsChanged: [], connects: 0 };
  const deps: SetupFormDeps = {
    logger: silentLogger,
    getConnection: () => Promise.resolve(state.connected ? ACCOUNT : undefined),
    jwksCache: new JwksCache({ http }),
    openHttpScratch: () => Promise.resolve(),
    createServiceAccount: () => Promise.resolve(),
    connect: () => {
      result.connects++;
      state.connected = true;
      return Promise.resolve();
    },
    onDidChangeConnection: () => ({ dispose: () => undefined }),
    settingsChanged: (configured) => {
      result.settingsChanged.push(configured);
    },
  };
  result.controller = new SetupController(deps, ui, undefined, undefined, () => harness);
  return result;
}

suite('setup: the form controller through a fake UI', () => {
  test('ready: init with the account and what Harness holds, then the service accounts and the checks', async () => {
    const { ui, harness, controller } = setUp();
    harness.values.set('scim_jwt_token_key_field', 'client_id');
    harness.serviceAccounts = [{ identifier: 'scim_sa', name: 'SCIM' }];
    await controller.handle({ type: 'ready', form: null });
    assert.deepEqual(ui.types().slice(0, 3), ['init', 'serviceAccounts', 'preview']);
    const init = ui.last('init');
    assert.deepEqual(init.account, { accountId: 'acct1', baseUrl: ACCOUNT.baseUrl });
    assert.equal(init.current?.keyField, 'client_id');
    assert.equal(init.form.keyField, 'client_id', 'the form is prefilled from what Harness holds');
    assert.deepEqual(ui.last('serviceAccounts').serviceAccounts, [{ identifier: 'scim_sa', name: 'SCIM' }]);
    assert.ok(ui.last('checks').checks.some((c) => c.field === 'keyField'));
  });

  test('signed out: init has no account, and a send says so instead of sending', async () => {
    const { ui, harness, controller } = setUp({ connected: false });
    await controller.handle({ type: 'ready', form: null });
    assert.equal(ui.last('init').account, null);
    assert.ok(!ui.types().includes('serviceAccounts'));
    await controller.handle({ type: 'send', form: desired, confirmed: false });
    const result = ui.last('sendResult').outcome;
    assert.ok(result.kind === 'failed' && result.failure.title === 'Not connected' && result.failure.reconnect);
    assert.equal(harness.sent.length, 0);
  });

  test('"Connect" runs the connect flow and initialises again with the new account', async () => {
    const setup = setUp({ connected: false });
    await setup.controller.handle({ type: 'ready', form: null });
    setup.ui.clear();
    await setup.controller.handle({ type: 'connect' });
    assert.equal(setup.connects, 1);
    assert.equal(setup.ui.last('init').account?.accountId, 'acct1');
  });

  test('a send that overwrites values asks first; confirmed, it sends, reports and tells the sidebar', async () => {
    const setup = setUp();
    const { ui, harness, controller } = setup;
    harness.values.set('scim_jwt_token_value_field', 'old-value');
    await controller.handle({ type: 'ready', form: null });
    ui.clear();
    await controller.handle({ type: 'send', form: desired, confirmed: false });
    assert.deepEqual(ui.types(), ['confirmNeeded']);
    assert.equal(ui.last('confirmNeeded').operation, 'update');
    assert.equal(harness.sent.length, 0, 'nothing is sent before the confirmation');
    ui.clear();
    await controller.handle({ type: 'send', form: desired, confirmed: true });
    assert.deepEqual(ui.types(), ['busy', 'sendResult', 'current', 'preview']);
    const outcome = ui.last('sendResult').outcome;
    assert.ok(outcome.kind === 'sent' && outcome.allSucceeded);
    assert.equal(harness.sent.length, 1);
    assert.deepEqual(setup.settingsChanged, [true]);
    assert.equal(ui.last('current').current?.value, 'harness-scim');
  });

  test('a form that would send an invalid value is refused with the fields to fix', async () => {
    const { ui, harness, controller } = setUp();
    await controller.handle({
      type: 'send',
      form: { ...desired, jwksUrl: 'not a url', keyField: '' },
      confirmed: true,
    });
    assert.deepEqual(ui.types(), ['checks', 'notice']);
    assert.equal(ui.last('notice').level, 'error');
    assert.match(ui.last('notice').message, /these 2 fields/);
    assert.equal(harness.sent.length, 0);
  });

  test('copy and save go through the UI; a cancelled save says nothing', async () => {
    const { ui, controller } = setUp();
    await controller.handle({ type: 'ready', form: null });
    ui.clear();
    await controller.handle({ type: 'copyCurl', form: desired });
    assert.equal(ui.copied.length, 1);
    assert.match(ui.copied[0] ?? '', /acct1/);
    assert.ok(!(ui.copied[0] ?? '').includes('harnessApiKey'), 'the curl reads the key from the environment');
    assert.equal(ui.last('notice').level, 'info');
    ui.clear();
    ui.saveAnswer = false;
    await controller.handle({ type: 'saveHttp', form: desired });
    assert.deepEqual(
      ui.saved.map((s) => s.name),
      ['scim-jwt-settings.http'],
    );
    assert.deepEqual(ui.posted, []);
  });

  test('Terraform: the preview carries the module; the checkbox adds the service account with what Harness holds imported; copy says which key to set', async () => {
    const { ui, harness, controller } = setUp();
    await controller.handle({ type: 'ready', form: null });
    await controller.handle({ type: 'formChanged', form: desired });
    const plain = ui.last('preview').terraform;
    assert.match(plain, /resource "harness_platform_setting" /);
    assert.doesNotMatch(plain, /local-exec|curl/);
    assert.match(plain, /value += "scim_sa"/);
    assert.ok(!plain.includes('harness_platform_service_account'), 'off by default');
    assert.deepEqual(harness.terraformReads, [], 'nothing read for the settings alone');

    harness.terraformExisting = {
      serviceAccount: { name: 'SCIM', email: 'scim_sa@service.harness.io' },
      role: { name: 'SCIM JWT provisioner' },
      roleAssignmentId: 'ra_1',
    };
    ui.clear();
    await controller.handle({ type: 'terraformOptions', withServiceAccount: true, form: desired });
    // At once without imports, then again once the read answered.
    await new Promise((r) => setImmediate(r));
    const previews = ui.posted.filter((m) => m.type === 'preview');
    assert.equal(previews.length, 2);
    const withSa = ui.last('preview').terraform;
    assert.match(withSa, /resource "harness_platform_service_account" "scim_sa"/);
    assert.match(withSa, /value += harness_platform_service_account\.scim_sa\.identifier/);
    assert.match(
      withSa,
      /import \{\n {2}to = harness_platform_role_assignments\.scim_sa_scim_jwt_provisioner\n {2}id = "ra_1"/,
    );
    await controller.handle({ type: 'formChanged', form: { ...desired, value: 'other' } });
    assert.deepEqual(harness.terraformReads, ['scim_sa'], 'read once per service account, not per keystroke');

    ui.clear();
    await controller.handle({ type: 'copyTerraform', withServiceAccount: true, form: desired });
    assert.equal(ui.copied.length, 1);
    assert.match(ui.copied[0] ?? '', /id = "ra_1"/);
    assert.match(ui.last('notice').message, /HARNESS_PLATFORM_API_KEY/);
    await controller.handle({ type: 'copyTerraform', withServiceAccount: false, form: desired });
    assert.ok(!(ui.copied[1] ?? '').includes('harness_platform_service_account'));
  });

  test('"Fill from a token" from the files: the reason when there is none, nothing when cancelled', async () => {
    const { ui, controller } = setUp();
    ui.picked = { kind: 'unavailable', message: 'nothing to pick' };
    await controller.handle({ type: 'pickTokenToFill' });
    assert.deepEqual(ui.posted, [{ type: 'notice', level: 'info', message: 'nothing to pick' }]);
    ui.clear();
    ui.picked = { kind: 'cancelled' };
    await controller.handle({ type: 'pickTokenToFill' });
    assert.deepEqual(ui.posted, []);
  });

  test('an empty token to fill from asks for one and reads nothing', async () => {
    const { ui, controller } = setUp();
    await controller.handle({ type: 'fillFromToken', token: '  ' });
    assert.equal(ui.posted.length, 1);
    assert.equal(ui.last('notice').level, 'error');
  });
});
