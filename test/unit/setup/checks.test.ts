import * as assert from 'node:assert/strict';
import {
  checkJwksUrl,
  checkKeyField,
  checkServiceAccount,
  checkValue,
  describeKeySet,
  enabledState,
  type KeySetLoader,
  type ServiceAccountFinding,
} from '../../../src/core/setup';
import type { KeySetResult, KeySource } from '../../../src/core/jwt';
import { SCIM_PERMISSIONS, scimPermissionReport } from '../../../src/core/harness';

const info = { sourceLabel: 'u', warnings: [], fetchedAt: new Date(0), redirects: [] };

function loader(result: KeySetResult): KeySetLoader & { loaded: KeySource[] } {
  const loaded: KeySource[] = [];
  return {
    loaded,
    load: (s) => {
      loaded.push(s);
      return Promise.resolve(result);
    },
  };
}

const rsa = { index: 0, jwk: {}, kty: 'RSA', kid: 'k1', alg: 'RS256', use: 'sig' };

suite('setup: JWKS URL check', () => {
  test('empty, relative and non-http URLs are errors and fetch nothing', async () => {
    const l = loader({ ...info, ok: true, keys: [rsa] });
    for (const u of ['', '   ', 'idp.example.com/keys', 'ftp://idp.example.com/keys']) {
      const c = await checkJwksUrl(u, l);
      assert.equal(c.level, 'error', u);
    }
    assert.equal(l.loaded.length, 0);
  });

  test('a key set lists its keys (kid, kty, alg, use) and passes', async () => {
    const l = loader({ ...info, ok: true, keys: [rsa, { index: 1, jwk: {}, kty: 'EC', kid: 'k2' }], httpStatus: 200 });
    const c = await checkJwksUrl('  https://idp.example.com/keys ', l);
    assert.equal(c.level, 'warning'); // the ends spaces note
    assert.deepEqual(l.loaded, [{ kind: 'url', url: 'https://idp.example.com/keys' }]);
    assert.deepEqual(c.keys, [
      { kid: 'k1', kty: 'RSA', alg: 'RS256', use: 'sig' },
      { kid: 'k2', kty: 'EC' },
    ]);
    assert.match(c.message, /2 signing keys/);
    const clean = await checkJwksUrl('https://idp.example.com/keys', l);
    assert.equal(clean.level, 'ok');
  });

  test('plain http is a warning, not an error', async () => {
    const c = await checkJwksUrl('http://idp.example.com/keys', loader({ ...info, ok: true, keys: [rsa] }));
    assert.equal(c.level, 'warning');
    assert.ok(c.details.some((d) => d.includes('plain http')));
  });

  test('a discovery document offers its jwks_uri in one click', () => {
    const c = describeKeySet(
      { ...info, ok: false, code: 'jwks-invalid', message: 'discovery', discoveredJwksUri: 'https://idp/jwks' },
      [],
    );
    assert.equal(c.level, 'error');
    assert.deepEqual(c.actions, [{ kind: 'use-jwks-uri', url: 'https://idp/jwks' }]);
  });

  test('an unreachable URL and an HTML page are errors that say why', () => {
    const down = describeKeySet(
      { ...info, ok: false, code: 'jwks-unreachable', message: 'The host name idp does not resolve.' },
      [],
    );
    assert.equal(down.level, 'error');
    assert.match(down.message, /does not resolve.*401/);
    const html = describeKeySet(
      {
        ...info,
        ok: false,
        code: 'jwks-invalid',
        message: 'The JWKS URL answered an HTML page ("Login") (HTTP 404; …)',
      },
      [],
    );
    assert.match(html.message, /HTML page/);
  });

  test('a set of encryption-only keys cannot verify anything', () => {
    const c = describeKeySet({ ...info, ok: true, keys: [{ ...rsa, use: 'enc' }] }, []);
    assert.equal(c.level, 'error');
    assert.match(c.message, /none for signatures/);
  });
});

suite('setup: key field and value checks', () => {
  test('an empty key field is an error with the common claims suggested', () => {
    const c = checkKeyField('');
    assert.equal(c.level, 'error');
    assert.deepEqual(
      c.actions.map((a) => (a.kind === 'use-suggestion' ? a.value : a.kind)),
      ['sub', 'client_id', 'azp', 'appid', 'email'],
    );
  });

  test('spaces around the claim name are flagged and the trimmed name offered first', () => {
    const c = checkKeyField(' client_id ');
    assert.equal(c.level, 'warning');
    assert.match(c.message, /does not trim/);
    assert.deepEqual(c.actions[0], { kind: 'use-suggestion', value: 'client_id' });
  });

  test('a usual claim in another case is a warning offering the usual spelling (Harness looks claims up by exact name)', () => {
    for (const [typed, usual] of [
      ['Sub', 'sub'],
      ['CLIENT_ID', 'client_id'],
      ['Email', 'email'],
      ['appId', 'appid'],
    ] as const) {
      const c = checkKeyField(typed);
      assert.equal(c.level, 'warning', typed);
      assert.match(c.message, /case-sensitive/);
      assert.ok(c.message.includes(`"${usual}"`), c.message);
      assert.deepEqual(c.actions[0], { kind: 'use-suggestion', value: usual });
    }
    // Spaces are the first problem named; a name of no usual claim stays a note.
    assert.match(checkKeyField(' Sub').message, /does not trim/);
    assert.equal(checkKeyField('Tenant').level, 'info');
  });

  test('a common claim passes; an unusual one is informational; a dotted one is explained', () => {
    assert.equal(checkKeyField('azp').level, 'ok');
    assert.equal(checkKeyField('tenant').level, 'info');
    assert.ok(checkKeyField('a.b').details.some((d) => d.includes('top-level')));
  });

  test('value: empty is an error, ends spaces are a note (Harness trims), otherwise ok', () => {
    assert.equal(checkValue('').level, 'error');
    assert.equal(checkValue('  ').level, 'error');
    const spaced = checkValue(' harness ');
    assert.equal(spaced.level, 'info');
    assert.match(spaced.message, /trims/);
    assert.equal(checkValue('harness').level, 'ok');
  });
});

suite('setup: service account check', () => {
  const lookupOf = (finding: ServiceAccountFinding) => {
    const asked: string[] = [];
    return {
      asked,
      lookup: (id: string) => {
        asked.push(id);
        return Promise.resolve(finding);
      },
    };
  };

  test('an empty or malformed identifier is an error without a lookup', async () => {
    const l = lookupOf({ found: false });
    assert.equal((await checkServiceAccount('', l.lookup)).level, 'error');
    assert.equal((await checkServiceAccount('SCIM SA', l.lookup)).level, 'error');
    assert.equal((await checkServiceAccount('9abc', l.lookup)).level, 'error');
    assert.deepEqual(l.asked, []);
  });

  test('a missing service account is an error offering "create one"', async () => {
    const l = lookupOf({ found: false });
    const c = await checkServiceAccount(' scim_sa ', l.lookup);
    assert.deepEqual(l.asked, ['scim_sa']);
    assert.equal(c.level, 'error');
    assert.match(c.message, /No service account "scim_sa" at account scope/);
    assert.deepEqual(c.actions, [{ kind: 'create-service-account' }]);
  });

  test('a role with exactly the five passes without warnings, saying that roles inside organizations and projects are not read', async () => {
    const report = scimPermissionReport({
      assignments: [{ roleIdentifier: 'scim_role', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [{ identifier: 'scim_role', permissions: [...SCIM_PERMISSIONS] }],
    });
    const c = await checkServiceAccount('scim_sa', lookupOf({ found: true, name: 'SCIM', report }).lookup);
    assert.equal(c.level, 'ok');
    // An account-level service account can hold roles inside an organization or a project too; the check reads account scope only and says so.
    assert.match(
      c.message,
      /no more at account scope\. Roles given to it inside organizations or projects are not read here/,
    );
  });

  test("an account admin holds the five and much more: a warning that lists the extras and the token's reach, never advice to use it", async () => {
    const report = scimPermissionReport({
      assignments: [{ roleIdentifier: '_account_admin', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [
        { identifier: '_account_admin', permissions: [...SCIM_PERMISSIONS, 'core_secret_view', 'core_role_edit'] },
      ],
    });
    const c = await checkServiceAccount('scim_sa', lookupOf({ found: true, name: 'SCIM', report }).lookup);
    assert.equal(c.level, 'warning');
    assert.match(c.message, /more than SCIM needs/);
    assert.match(c.message, /any Harness API, not only SCIM/);
    assert.match(c.details.join('\n'), /_account_admin .* core_role_edit, core_secret_view/);
  });

  test('a custom resource group that could not be read is a warning ("could not verify"), not an error', async () => {
    const report = scimPermissionReport({
      assignments: [{ roleIdentifier: '_account_admin', resourceGroupIdentifier: 'my_users' }],
      roles: [{ identifier: '_account_admin', permissions: [...SCIM_PERMISSIONS] }],
    });
    const c = await checkServiceAccount(
      'scim_sa',
      lookupOf({
        found: true,
        name: 'SCIM',
        report,
        notes: ['Could not read resource group my_users (HTTP 403 NG_ACCESS_DENIED)'],
      }).lookup,
    );
    assert.equal(c.level, 'warning');
    assert.match(c.message, /could not verify/);
  });

  test('a viewer lacks three permissions, named', async () => {
    const report = scimPermissionReport({
      assignments: [{ roleIdentifier: '_account_viewer', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [],
    });
    const c = await checkServiceAccount('scim_sa', lookupOf({ found: true, name: 'SCIM', report }).lookup);
    assert.equal(c.level, 'error');
    assert.match(c.message, /lacks 3 of the five/);
    assert.match(c.message, /core_user_manage/);
    assert.match(c.message, /core_user_invite/);
    assert.match(c.message, /core_usergroup_manage/);
    assert.doesNotMatch(c.message, /core_user_view\)/);
    assert.doesNotMatch(c.message, /account admin/i);
  });

  test('only core_user_invite missing: the consequence is a 409 on creating a user, not a 403', async () => {
    // Harness checks the invite permission inside the invitation; NGScimUserResource's catch turns the
    // NGAccessDeniedException into a 409 SCIM error (HC 120-ng-manager/src/main/java/io/harness/ng/scim/resource/NGScimUserResource.java:104-109).
    const four = SCIM_PERMISSIONS.filter((p) => p !== 'core_user_invite');
    const report = scimPermissionReport({
      assignments: [{ roleIdentifier: 'r4', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [{ identifier: 'r4', permissions: four }],
    });
    const c = await checkServiceAccount('scim_sa', lookupOf({ found: true, name: 'SCIM', report }).lookup);
    assert.equal(c.level, 'error');
    assert.match(c.message, /core_user_invite/);
    assert.doesNotMatch(c.message, /403/);
    assert.match(c.message, /409/);
  });

  test('a missing read or manage permission still says 403', async () => {
    const report = scimPermissionReport({
      assignments: [{ roleIdentifier: '_account_viewer', resourceGroupIdentifier: '_all_account_level_resources' }],
      roles: [],
    });
    const c = await checkServiceAccount('scim_sa', lookupOf({ found: true, name: 'SCIM', report }).lookup);
    assert.match(c.message, /403/);
    assert.match(c.message, /409/, 'core_user_invite is missing too');
  });

  test('enabled state comes from the filter API only when it shows every assignment the aggregate lists', () => {
    const meta = [{ roleIdentifier: 'r', resourceGroupIdentifier: '_all_account_level_resources' }];
    const row = (disabled: boolean, id = 'scim_sa') => ({
      roleAssignment: {
        resourceGroupIdentifier: '_all_account_level_resources',
        roleIdentifier: 'r',
        principal: { identifier: id, type: 'SERVICE_ACCOUNT' },
        disabled,
      },
    });
    assert.deepEqual(enabledState(meta, [row(true)], 'scim_sa'), [
      { roleIdentifier: 'r', resourceGroupIdentifier: '_all_account_level_resources', disabled: true },
    ]);
    // The filter shows only principal types the caller may view: an empty answer is not "no assignments".
    assert.equal(enabledState(meta, [], 'scim_sa'), undefined);
    assert.equal(enabledState(meta, [row(false, 'someone_else')], 'scim_sa'), undefined);
  });
});
