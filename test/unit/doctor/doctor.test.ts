/** The doctor's eight steps against the Harness emulator and a real IdP: each link broken in turn, and named. */
import * as assert from 'node:assert/strict';
import { doctorMarkdown } from '../../../src/core/doctor';
import { startIdp, type Idp } from '../../sandbox/idp';
import { account, CLAIM, run, SCIM_PERMISSIONS, settingsFor, shape, step, type Account } from './fixtures';

suite('doctor (emulator + IdP)', () => {
  let idp: Idp;
  let token: string;
  const open: Account[] = [];
  const make = async (...args: Parameters<typeof account> extends [Idp, ...infer R] ? R : never): Promise<Account> => {
    const a = await account(idp, ...args);
    open.push(a);
    return a;
  };

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
  });
  teardown(async () => {
    await Promise.all(open.splice(0).map((a) => a.close()));
  });
  suiteTeardown(async () => {
    await idp.close();
  });

  test('a working setup passes every step; the loopback JWKS URL is the one warning', async () => {
    const a = await make();
    const r = await run(a, token);
    assert.deepEqual(shape(r), [
      'key:pass',
      'settings:pass',
      'jwks:warn:jwks-not-public',
      'serviceAccount:pass',
      'verdict:pass',
      'tokenValidate:pass',
      'scim:pass',
      'reminders:pass',
    ]);
    assert.equal(r.ok, true);
    assert.deepEqual(r.summary, { pass: 7, fail: 0, warn: 1, skip: 0 });
    assert.match(step(r, 'tokenValidate').detail, /service account "scim_sa"/);
    assert.match(step(r, 'reminders').notes.join('\n'), /PL_SUPPORT_JWT_TOKEN_SCIM_API is on/);
  });

  test('no token: steps 5–7 are skipped, the rest still run', async () => {
    const a = await make();
    const r = await run(a);
    assert.deepEqual(
      r.steps.filter((s) => s.status === 'skip').map((s) => s.id),
      ['verdict', 'tokenValidate', 'scim'],
    );
    assert.equal(r.tokenSource, undefined);
    assert.equal(r.ok, true);
  });

  test('settings missing: step 2 fails naming the unset settings; dependent steps skip', async () => {
    const a = await make({ settings: false });
    const r = await run(a, token);
    const s2 = step(r, 'settings');
    assert.equal(s2.problem, 'settings-missing');
    assert.match(s2.detail, /4 of the four settings are not set/);
    assert.match(s2.detail, /scim_jwt_token_jwks_keys_url/);
    assert.ok(s2.fix?.includes('Set Up SCIM JWT Authentication'));
    // The same report is the CLI's: its own command is named too.
    assert.ok(s2.fix?.includes('scim-jwt setup'), s2.fix);
    assert.deepEqual(
      [step(r, 'jwks').status, step(r, 'serviceAccount').status, step(r, 'verdict').status],
      ['skip', 'skip', 'skip'],
    );
    // Harness itself refuses: an unset setting is a 500 inside token/validate, 401 at SCIM.
    assert.equal(step(r, 'tokenValidate').status, 'fail');
    assert.equal(step(r, 'scim').problem, 'scim-unauthenticated');
    assert.equal(r.ok, false);
  });

  test('settings unset: token/validate\'s 500 is named for what it is (an unset setting), not left as "see the message above"', async () => {
    // Harness collects the four settings with Collectors.toMap, which throws on a null value: a 500
    // (HC 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:297-300).
    const a = await make({ settings: false });
    const r = await run(a, token);
    const s6 = step(r, 'tokenValidate');
    assert.equal(s6.status, 'fail');
    assert.equal(s6.harnessReason, 'server-error');
    assert.equal(s6.problem, 'settings-missing');
    assert.match(s6.fix ?? '', /step 2/);
    assert.match(s6.detail, /unset/);
  });

  test('feature flag off: token/validate\'s "Token not found" is named flag-off, and reminded', async () => {
    const a = await make();
    a.emu.setFeatureFlag(false);
    const r = await run(a, token);
    assert.equal(step(r, 'verdict').status, 'pass', 'the token itself is fine');
    const s6 = step(r, 'tokenValidate');
    assert.equal(s6.problem, 'flag-off');
    assert.equal(s6.harnessReason, 'not-recognised');
    assert.match(s6.fix ?? '', /PL_SUPPORT_JWT_TOKEN_SCIM_API/);
    assert.equal(step(r, 'scim').problem, 'scim-unauthenticated');
    const s8 = step(r, 'reminders');
    assert.equal(s8.status, 'warn');
    assert.equal(s8.problem, 'flag-off');
  });

  test('service account without the permissions: step 4 fails naming the missing ones; SCIM Users still readable', async () => {
    const a = await make({ permissions: ['core_user_view'] });
    const r = await run(a, token);
    const s4 = step(r, 'serviceAccount');
    assert.equal(s4.problem, 'permissions-missing');
    assert.match(s4.detail, /lacks 4 of the five/);
    assert.match(s4.fix ?? '', /core_user_manage/);
    assert.equal(step(r, 'scim').status, 'pass');
  });

  test('service account holding more than the five: step 4 warns (permissions-excess), lists the extras and says the IdP token reaches any NG endpoint', async () => {
    const a = await make({ permissions: [...SCIM_PERMISSIONS, 'core_secret_view', 'core_pipeline_execute'] });
    const r = await run(a, token);
    const s4 = step(r, 'serviceAccount');
    assert.equal(s4.status, 'warn');
    assert.equal(s4.problem, 'permissions-excess');
    assert.match(s4.detail, /any Harness API, not only SCIM/);
    assert.match(s4.notes.join('\n'), /core_pipeline_execute, core_secret_view/);
    assert.doesNotMatch(`${s4.detail} ${s4.fix ?? ''}`, /account admin/i);
    assert.equal(step(r, 'scim').status, 'pass');
  });

  test('a disabled assignment grants nothing: step 4 fails though the aggregate lists the role', async () => {
    const a = await make({ permissions: [] });
    const res = await fetch(`${a.emu.baseUrl}/authz/api/roleassignments?accountIdentifier=${a.emu.accountId}`, {
      method: 'POST',
      headers: { 'x-api-key': a.emu.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceGroupIdentifier: '_all_account_level_resources',
        roleIdentifier: '_account_admin',
        principal: { identifier: 'scim_sa', type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
        disabled: true,
      }),
    });
    assert.equal(res.status, 200);
    const r = await run(a, token);
    const s4 = step(r, 'serviceAccount');
    assert.equal(s4.problem, 'permissions-missing');
    assert.match(s4.notes.join('\n'), /_account_admin .* disabled/);
  });

  test('the five through a custom resource group covering account users and user groups: step 4 passes (the group is read, not guessed)', async () => {
    const a = await make({ permissions: [] });
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${a.emu.baseUrl}${path}?accountIdentifier=${a.emu.accountId}`, {
        method: 'POST',
        headers: { 'x-api-key': a.emu.adminKey, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal(
      (
        await post('/authz/api/roles', {
          identifier: 'scim_five',
          name: 'SCIM five',
          permissions: SCIM_PERMISSIONS,
          allowedScopeLevels: ['account'],
        })
      ).status,
      200,
    );
    const scopes = [{ filter: 'EXCLUDING_CHILD_SCOPES', accountIdentifier: a.emu.accountId }];
    const resources = [{ resourceType: 'USER' }, { resourceType: 'USERGROUP' }];
    assert.equal(
      (
        await post('/resourcegroup/api/v2/resourcegroup', {
          resourceGroup: {
            identifier: 'people',
            name: 'People',
            includedScopes: scopes,
            resourceFilter: { includeAllResources: false, resources },
          },
        })
      ).status,
      200,
    );
    assert.equal(
      (
        await post('/authz/api/roleassignments', {
          resourceGroupIdentifier: 'people',
          roleIdentifier: 'scim_five',
          principal: { identifier: 'scim_sa', type: 'SERVICE_ACCOUNT', scopeLevel: 'account' },
          disabled: false,
        })
      ).status,
      200,
    );
    const r = await run(a, token);
    assert.equal(step(r, 'serviceAccount').status, 'pass', step(r, 'serviceAccount').detail);
    assert.equal(step(r, 'scim').status, 'pass');
  });

  test('service account missing (Harness: 400 INVALID_ARGUMENT): step 4 names it service-account-missing; token/validate agrees', async () => {
    const a = await make({ settings: settingsFor(idp, { sa: 'ghost_sa' }) });
    const r = await run(a, token);
    assert.equal(step(r, 'serviceAccount').problem, 'service-account-missing');
    assert.equal(step(r, 'tokenValidate').harnessReason, 'service-account-missing');
    assert.ok(
      step(r, 'serviceAccount').fix?.includes('scim-jwt setup --create-service-account'),
      step(r, 'serviceAccount').fix,
    );
  });

  test('service account missing while the local verdict accepts: token/validate is not an engines disagreement and does not advise waiting', async () => {
    // The local verdict never looks the service account up, so Harness refusing for it
    // (400 INVALID_ARGUMENT, HC ServiceAccountServiceImpl.java:244-254) is no disagreement.
    const a = await make({ settings: settingsFor(idp, { sa: 'ghost_sa' }) });
    const r = await run(a, token);
    assert.equal(step(r, 'verdict').status, 'pass');
    const s6 = step(r, 'tokenValidate');
    assert.equal(s6.status, 'fail');
    assert.equal(s6.problem, 'service-account-missing');
    assert.doesNotMatch(s6.detail, /cached earlier/);
    assert.doesNotMatch(s6.fix ?? '', /120 s|\?v=2/);
    assert.match(s6.fix ?? '', /step 4/);
    assert.match(s6.fix ?? '', /scim_jwt_token_service_account_id/);
  });

  test('SA lacking core_user_view: ServiceProviderConfig passes, Users is a 403 named scim-forbidden', async () => {
    const a = await make({ permissions: ['core_usergroup_view'] });
    const r = await run(a, token);
    const s7 = step(r, 'scim');
    assert.equal(s7.problem, 'scim-forbidden');
    assert.match(s7.detail, /^ServiceProviderConfig accepted the token, but GET Users\?count=1 answered 403/);
  });

  test('JWKS down: step 3 fails as unreachable, the verdict says why the token fails', async () => {
    const a = await make({ settings: settingsFor(idp, { jwks: 'http://127.0.0.1:9/jwks' }) });
    const r = await run(a, token);
    assert.equal(step(r, 'jwks').problem, 'jwks-unreachable');
    const s5 = step(r, 'verdict');
    assert.equal(s5.problem, 'token-refused');
    assert.equal(s5.verdictCode, 'jwks-unreachable');
    assert.equal(step(r, 'tokenValidate').harnessReason, 'jwks-unreachable');
  });

  test('JWKS URL serving a discovery document: step 3 fails as invalid and gives the jwks_uri', async () => {
    const a = await make({ settings: settingsFor(idp, { jwks: idp.discoveryUri }) });
    const r = await run(a, token);
    const s3 = step(r, 'jwks');
    assert.equal(s3.problem, 'jwks-invalid');
    assert.ok(s3.fix?.includes(idp.jwksUri));
  });

  test('claim mismatch: local verdict and token/validate both name it', async () => {
    const a = await make({ settings: settingsFor(idp, { value: 'someone-else' }) });
    const r = await run(a, token);
    const s5 = step(r, 'verdict');
    assert.equal(s5.verdictCode, 'claim-mismatch');
    assert.match(s5.detail, /someone-else/);
    const s6 = step(r, 'tokenValidate');
    assert.equal(s6.problem, 'token-validate-refused');
    assert.equal(s6.harnessReason, 'claim-mismatch');
    assert.match(s6.detail, /local verdict agrees \(claim-mismatch\)/);
  });

  test("settings changed a moment ago: reminded to wait for Harness's 120 s cache", async () => {
    const a = await make({ fresh: true });
    const r = await run(a, token);
    const s8 = step(r, 'reminders');
    assert.equal(s8.problem, 'settings-too-new');
    assert.match(s8.fix ?? '', /^Wait \d+ s/);
  });

  test('a refused API key fails step 1 and skips what needs it', async () => {
    const a = await make();
    const bad = `${a.emu.adminKey.slice(0, -4)}AAAA`;
    const other = await make({ apiKey: bad });
    const r = await run(other, token);
    assert.equal(step(r, 'key').problem, 'key-rejected');
    assert.deepEqual([step(r, 'settings').status, step(r, 'tokenValidate').status], ['skip', 'skip']);
  });

  test('the markdown has one table row per step, the fixes, and never the token', async () => {
    const a = await make({ settings: settingsFor(idp, { value: 'someone-else' }) });
    const md = doctorMarkdown(await run(a, token));
    for (let n = 1; n <= 8; n++) assert.match(md, new RegExp(`^\\| ${n} \\| `, 'm'));
    assert.match(md, /\*\*Fix:\*\* Make scim_jwt_token_value_field equal/);
    assert.ok(!md.includes(token), 'token not in the report');
    assert.ok(!md.includes(a.emu.adminKey), 'key not in the report');
  });
});
