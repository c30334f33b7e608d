/**
 * The emulator's SCIM Users/Groups against Harness's source, one row per behaviour: its id (the
 * source audit's C1–C31 confirmed, R1–R17 corrected, N1… behaviours an identity provider meets that
 * were not modelled before), what Harness does, where its source says so, and a check run against a
 * live emulator on 127.0.0.1. HC = harness-core 1dcec145 (line numbers at that commit); HC2 = the 2025
 * copy, cited by file and method. Short names:
 *   NGUserRes  = HC 120-ng-manager/src/main/java/io/harness/ng/scim/resource/NGScimUserResource.java
 *   NGGroupRes = HC 120-ng-manager/src/main/java/io/harness/ng/scim/resource/NGScimGroupResource.java
 *   NGStaticRes= HC 120-ng-manager/src/main/java/io/harness/ng/scim/resource/NGScimStaticResource.java
 *   NGUserSvc  = HC 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimUserServiceImpl.java
 *   NGGroupSvc = HC 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimGroupServiceImpl.java
 *   CGUserSvc  = HC 400-rest/src/main/java/software/wings/scim/ScimUserServiceImpl.java
 *   CGUserImpl = HC 400-rest/src/main/java/software/wings/service/impl/UserServiceImpl.java
 *   InviteSvc  = HC 120-ng-manager/src/main/java/io/harness/ng/core/invites/api/impl/InviteServiceImpl.java
 *   ACClient   = HC clients/access-control/sdk/src/main/java/io/harness/accesscontrol/clients/AbstractAccessControlClient.java
 */
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator, type ProfileChange } from '../../sandbox/emulator';

const ALL = ['core_user_view', 'core_user_manage', 'core_user_invite', 'core_usergroup_view', 'core_usergroup_manage'];

interface Answer {
  status: number;
  text: string;
  json: Record<string, unknown>;
  contentType: string;
}

interface Ctx {
  emu: Emulator;
  /** A service account key holding the five SCIM permissions. */
  key: string;
  /** A key for a service account holding exactly these permissions. */
  keyWith(permissions: string[]): string;
  /** `path` under /ng/api/scim/account/{acc}/. */
  call(
    method: string,
    path: string,
    o?: { body?: unknown; key?: string; headers?: Record<string, string>; prefix?: string },
  ): Promise<Answer>;
  user(userName: string, extra?: Record<string, unknown>): Promise<string>;
  group(displayName: string, members?: string[]): Promise<string>;
}

interface Row {
  id: string;
  behaviour: string;
  source: string;
  profile?: ProfileChange;
  check(c: Ctx): Promise<void>;
}

const q = (text: string): string => encodeURIComponent(text);
const ids = (a: Answer): string[] => ((a.json.Resources ?? []) as { id: string }[]).map((r) => r.id);
const members = (a: Answer): string[] => ((a.json.members ?? []) as { value: string }[]).map((m) => m.value);
const ops = (...o: Record<string, unknown>[]): Record<string, unknown> => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: o,
});

async function forbidden(c: Ctx, method: string, path: string, missing: string, body?: unknown): Promise<void> {
  const r = await c.call(method, path, { key: c.keyWith(ALL.filter((p) => p !== missing)), body });
  assert.equal(r.status, 403, `${method} ${path} without ${missing}: ${r.text}`);
  assert.match(String(r.json.message), new RegExp(`Token needs to have ${missing} permission`));
}

const ROWS: readonly Row[] = [
  // ---- Paths, transport, authentication
  {
    id: 'C1',
    behaviour: 'SCIM lives under /ng/api/scim/account/{acc}/, and under /gateway on SaaS',
    source: 'NGUserRes:55; NGGroupRes:46; NGStaticRes:26',
    check: async (c) => {
      assert.equal((await c.call('GET', 'ServiceProviderConfig')).status, 200);
      assert.equal((await c.call('GET', 'ServiceProviderConfig', { prefix: '/gateway' })).status, 200);
    },
  },
  {
    id: 'C2',
    behaviour: 'application/scim+json and application/json are both consumed and produced',
    source: 'NGUserRes:57-58; NGGroupRes:47-48',
    check: async (c) => {
      const r = await c.call('POST', 'Users', {
        body: { userName: 'ct@example.com' },
        headers: { 'content-type': 'application/scim+json', accept: 'application/scim+json' },
      });
      assert.equal(r.status, 201);
      assert.match(r.contentType, /application\/scim\+json/);
      assert.match(
        (await c.call('GET', 'ServiceProviderConfig', { headers: { accept: 'application/json' } })).contentType,
        /application\/json/,
      );
    },
  },
  {
    id: 'C3',
    behaviour: 'Only Authorization: Bearer is read on SCIM; x-api-key alone does not authenticate',
    source: 'HC 965-ng-filter/src/main/java/io/harness/security/NextGenAuthenticationFilter.java:73-75, :122-133',
    check: async (c) => {
      const r = await c.call('GET', 'ServiceProviderConfig', {
        key: '',
        headers: { 'x-api-key': c.key, authorization: 'Basic x' },
      });
      assert.equal(r.status, 401);
    },
  },
  // ---- Permissions
  {
    id: 'C4',
    behaviour: 'ServiceProviderConfig, ResourceTypes, Schemas need no permission',
    source: 'NGStaticRes:32-70; HC 120-ng-manager/src/main/resources/outputResourceTypes.json',
    check: async (c) => {
      const none = c.keyWith([]);
      for (const doc of ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'])
        assert.equal((await c.call('GET', doc, { key: none })).status, 200);
      // outputResourceTypes.json as served: startIndex 0, each type's own schema in `schemas`.
      const types = await c.call('GET', 'ResourceTypes', { key: none });
      assert.deepEqual([types.json.startIndex, types.json.totalResults], [0, 2]);
      assert.deepEqual((types.json.Resources as Record<string, unknown>[])[0]?.schemas, [
        'urn:ietf:params:scim:schemas:core:2.0:User',
      ]);
    },
  },
  {
    id: 'C5',
    behaviour: 'User reads need core_user_view',
    source:
      'NGUserRes:153-154, :187-188; HC 123-ng-core-user/src/main/java/io/harness/ng/accesscontrol/PlatformPermissions.java:29',
    check: async (c) => {
      const u = await c.user('c5@example.com');
      await forbidden(c, 'GET', 'Users', 'core_user_view');
      await forbidden(c, 'GET', `Users/${u}`, 'core_user_view');
    },
  },
  {
    id: 'C6',
    behaviour: 'User writes (POST, PUT, PATCH, DELETE) need core_user_manage, checked first',
    source: 'NGUserRes:98-99, :125-126, :217-218, :240-241; PlatformPermissions.java:30',
    check: async (c) => {
      const u = await c.user('c6@example.com');
      await forbidden(c, 'POST', 'Users', 'core_user_manage', { userName: 'c6b@example.com' });
      await forbidden(c, 'PUT', `Users/${u}`, 'core_user_manage', { userName: 'c6@example.com', active: true });
      await forbidden(
        c,
        'PATCH',
        `Users/${u}`,
        'core_user_manage',
        ops({ op: 'replace', path: 'displayName', value: 'x' }),
      );
      await forbidden(c, 'DELETE', `Users/${u}`, 'core_user_manage');
    },
  },
  {
    id: 'C7',
    behaviour: 'core_user_invite is checked when POST Users invites a new user, not when it re-adds a member',
    source: 'NGUserSvc:103-132; InviteSvc:217-218, :1070-1073; PlatformPermissions.java:31',
    check: async (c) => {
      await c.user('c7@example.com');
      const noInvite = c.keyWith(ALL.filter((p) => p !== 'core_user_invite'));
      assert.equal(
        (await c.call('POST', 'Users', { key: noInvite, body: { userName: 'c7@example.com' } })).status,
        201,
      );
      assert.equal(
        (await c.call('POST', 'Users', { key: noInvite, body: { userName: 'c7-new@example.com' } })).status,
        409,
      );
    },
  },
  {
    id: 'C8',
    behaviour: 'Group reads need core_usergroup_view, writes core_usergroup_manage',
    source: 'NGGroupRes:63-64, :84-85, :106-107, :125-126, :147-148, :161-162; PlatformPermissions.java:27-28',
    check: async (c) => {
      const g = await c.group('c8');
      await forbidden(c, 'GET', 'Groups', 'core_usergroup_view');
      await forbidden(c, 'GET', `Groups/${g}`, 'core_usergroup_view');
      await forbidden(c, 'POST', 'Groups', 'core_usergroup_manage', { displayName: 'c8b' });
      await forbidden(c, 'PATCH', `Groups/${g}`, 'core_usergroup_manage', ops());
      await forbidden(c, 'PUT', `Groups/${g}`, 'core_usergroup_manage', { displayName: 'c8' });
      await forbidden(c, 'DELETE', `Groups/${g}`, 'core_usergroup_manage');
    },
  },
  {
    id: 'C9',
    behaviour: 'A SCIM 403 is an ErrorDTO NG_ACCESS_DENIED "User not Authorized: …" without failedPermissionChecks',
    source:
      'NGUserRes:98-103; HC 960-ng-core-beans/.../WingsExceptionMapperV2.java:37-51; HC 980-commons/src/main/resources/response_messages.properties:279',
    check: async (c) => {
      const r = await c.call('GET', 'Users', { key: c.keyWith([]) });
      assert.equal(r.status, 403);
      assert.equal(r.json.code, 'NG_ACCESS_DENIED');
      assert.equal(r.json.failedPermissionChecks, undefined);
      assert.match(String(r.json.message), /^User not Authorized: /);
    },
  },
  // ---- ServiceProviderConfig
  {
    id: 'C10',
    behaviour: 'ServiceProviderConfig: patch yes, bulk no (maxOperations 1), filter yes (maxResults 1000), no schemas',
    source: 'HC 120-ng-manager/src/main/resources/outputServiceConfigProvider.json; NGStaticRes:32-44',
    check: async (c) => {
      const r = await c.call('GET', 'ServiceProviderConfig');
      assert.deepEqual(r.json.patch, { supported: true });
      assert.deepEqual(r.json.bulk, { supported: false, maxOperations: 1, maxPayloadSize: 0 });
      assert.deepEqual(r.json.filter, { supported: true, maxResults: 1000 });
      assert.equal(r.json.schemas, undefined);
      assert.equal(r.json.documentationUri, 'https://docs.harness.io/category/fe0577j8ie-access-management');
    },
  },
  // ---- Lists, paging, filters
  {
    id: 'C11',
    behaviour: 'A list is {schemas, totalResults, Resources, startIndex, itemsPerPage}',
    source: 'HC 947-scim-core/src/main/io/harness/scim/ScimListResponse.java',
    check: async (c) => {
      const r = await c.call('GET', 'Groups');
      assert.deepEqual(Object.keys(r.json).sort(), [
        'Resources',
        'itemsPerPage',
        'schemas',
        'startIndex',
        'totalResults',
      ]);
      assert.deepEqual(r.json.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    },
  },
  {
    id: 'C12',
    behaviour:
      'count defaults to 20, startIndex is 1-based, itemsPerPage is count; startIndex is always written (0 when absent)',
    source: 'CGUserSvc:70, :212-215, :241-243; NGGroupSvc:87-90, :115-117',
    check: async (c) => {
      for (const n of [1, 2, 3]) await c.user(`c12-${n}@example.com`);
      const all = await c.call('GET', 'Users');
      assert.equal(all.json.itemsPerPage, 20);
      assert.equal(all.json.startIndex, 0);
      const second = await c.call('GET', 'Users?startIndex=2&count=1');
      assert.deepEqual(ids(second), [ids(all)[1]]);
      assert.equal(second.json.startIndex, 2);
      assert.equal(second.json.itemsPerPage, 1);
    },
  },
  {
    id: 'C13',
    behaviour: 'Only users SCIM imported are listed',
    source: 'CGUserSvc:248-252; NGUserSvc:180-182, :196-217',
    check: async (c) => {
      const r = await c.call('GET', `Users?filter=${q('userName eq "admin@example.com"')}`);
      assert.equal(r.json.totalResults, 0);
    },
  },
  {
    id: 'C14',
    behaviour: 'An eq filter compares the e-mail whatever the attribute',
    source: 'CGUserSvc:224-226, :254-256',
    check: async (c) => {
      const u = await c.user('c14@example.com');
      assert.deepEqual(ids(await c.call('GET', `Users?filter=${q('emails.value eq "c14@example.com"')}`)), [u]);
      assert.deepEqual(ids(await c.call('GET', `Users?filter=${q('displayName eq "c14@example.com"')}`)), [u]);
    },
  },
  {
    id: 'C15',
    behaviour: 'A filter without " eq " is ignored: the list comes back unfiltered',
    source: 'CGUserSvc:222-229',
    check: async (c) => {
      await c.user('c15a@example.com');
      await c.user('c15b@example.com');
      assert.equal((await c.call('GET', `Users?filter=${q('userName co "c15"')}`)).json.totalResults, 2);
    },
  },
  {
    id: 'C16',
    behaviour: 'A group filter matches the name exactly; only externally managed groups are listed',
    source: 'NGGroupSvc:124-150',
    check: async (c) => {
      const g = await c.group('c16 team');
      c.emu.addLocalUserGroup('c16_local', 'c16 local');
      assert.deepEqual(ids(await c.call('GET', `Groups?filter=${q('displayName eq "c16 team"')}`)), [g]);
      assert.deepEqual(ids(await c.call('GET', `Groups?filter=${q('displayName eq "c16 local"')}`)), []);
      assert.deepEqual(ids(await c.call('GET', 'Groups')), [g]);
    },
  },
  // ---- Users
  {
    id: 'C17',
    behaviour: 'POST Users answers 201 with the user',
    source: 'NGUserSvc:117, :140',
    check: async (c) => {
      const r = await c.call('POST', 'Users', { body: { userName: 'c17@example.com', displayName: 'C 17' } });
      assert.equal(r.status, 201);
      assert.equal(r.json.userName, 'c17@example.com');
      assert.equal(r.json.displayName, 'C 17');
      assert.equal(r.json.active, true);
    },
  },
  {
    id: 'C18',
    behaviour: 'A failed create is HTTP 409 with a SCIM error whose status is the number 404',
    source:
      'NGUserRes:106-109; NGGroupRes:73-76; HC 947-scim-core/src/main/io/harness/scim/ScimResource.java, ScimError.java, ScimBaseResource.java',
    check: async (c) => {
      const r = await c.call('POST', 'Users', { body: { displayName: 'no user name' } });
      assert.equal(r.status, 409);
      assert.deepEqual(r.json.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
      assert.equal(r.json.status, 404);
      // ScimError is written without NON_NULL: the inherited id, externalId and meta are there as null.
      assert.deepEqual([r.json.id, r.json.externalId, r.json.meta], [null, null, null]);
    },
  },
  {
    id: 'C19',
    behaviour: 'POST of an e-mail already in the account re-adds it: 201, the same user',
    source: 'NGUserSvc:103-117',
    check: async (c) => {
      const u = await c.user('c19@example.com');
      const again = await c.call('POST', 'Users', { body: { userName: 'c19@example.com', displayName: 'Renamed' } });
      assert.equal(again.status, 201);
      assert.equal(again.json.id, u);
      assert.equal(again.json.displayName, 'Renamed');
    },
  },
  {
    id: 'C20',
    behaviour: 'GET Users/{id} answers 200; an unknown id is a 404 SCIM error',
    source: 'NGUserRes:159-166; NGUserSvc:159-174',
    check: async (c) => {
      const u = await c.user('c20@example.com');
      assert.equal((await c.call('GET', `Users/${u}`)).status, 200);
      const r = await c.call('GET', 'Users/nope');
      assert.equal(r.status, 404);
      assert.deepEqual(r.json.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    },
  },
  {
    id: 'C21',
    behaviour: 'PATCH Users that does not deactivate answers 200 with the user',
    source: 'NGUserRes:237-247; NGUserSvc:260',
    check: async (c) => {
      const u = await c.user('c21@example.com');
      const r = await c.call('PATCH', `Users/${u}`, {
        body: ops({ op: 'replace', path: 'displayName', value: 'C 21' }),
      });
      assert.equal(r.status, 200);
      assert.equal(r.json.id, u);
    },
  },
  {
    id: 'C22',
    behaviour: 'PATCH Users errors are Harness ErrorDTOs, not SCIM errors',
    source: 'NGUserRes:237-247 (no try)',
    check: async (c) => {
      const r = await c.call('PATCH', 'Users/nope', { body: ops({ op: 'replace', path: 'displayName', value: 'x' }) });
      assert.equal(r.json.status, 'ERROR');
      assert.equal(r.json.schemas, undefined);
    },
  },
  {
    id: 'C23',
    behaviour: 'DELETE Users of an existing user answers 204',
    source: 'NGUserRes:223-224',
    check: async (c) => {
      const u = await c.user('c23@example.com');
      const r = await c.call('DELETE', `Users/${u}`);
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
    },
  },
  // ---- Groups
  {
    id: 'C24',
    behaviour: 'POST Groups answers 201 with the group; a failure is a 409 SCIM error',
    source:
      'NGGroupRes:69-76; HC 123-ng-core-user/src/main/java/io/harness/ng/core/api/impl/UserGroupServiceImpl.java:183-184, :263-267',
    check: async (c) => {
      const r = await c.call('POST', 'Groups', { body: { displayName: 'c24' } });
      assert.equal(r.status, 201);
      assert.equal(r.json.displayName, 'c24');
      const bad = await c.call('POST', 'Groups', { body: { displayName: '' } });
      assert.equal(bad.status, 409);
      assert.equal(bad.json.status, 404);
      assert.equal(bad.json.detail, 'Create UserGroup- name: cannot be null or empty');
    },
  },
  {
    id: 'C25',
    behaviour: 'PATCH Groups add with path members and a value list answers 204 and adds',
    source: 'HC 947-scim-core/src/main/io/harness/scim/PatchOperation.java:20-28; NGGroupSvc:313-316, :378-389, :348',
    check: async (c) => {
      const u = await c.user('c25@example.com');
      const g = await c.group('c25');
      const r = await c.call('PATCH', `Groups/${g}`, {
        body: ops({ op: 'add', path: 'members', value: [{ value: u }] }),
      });
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.deepEqual(members(await c.call('GET', `Groups/${g}`)), [u]);
    },
  },
  {
    id: 'C26',
    behaviour: 'remove with path members[value eq "<id>"] removes that member',
    source: 'NGGroupSvc:318-321, :363-371',
    check: async (c) => {
      const u = await c.user('c26@example.com');
      const g = await c.group('c26', [u]);
      assert.equal(
        (await c.call('PATCH', `Groups/${g}`, { body: ops({ op: 'remove', path: `members[value eq "${u}"]` }) }))
          .status,
        204,
      );
      assert.deepEqual(members(await c.call('GET', `Groups/${g}`)), []);
    },
  },
  {
    id: 'C27',
    behaviour: 'PATCH Groups of an unknown group answers an empty 404',
    source: 'NGGroupSvc:291-293',
    check: async (c) => {
      const r = await c.call('PATCH', 'Groups/nope', { body: ops() });
      assert.equal(r.status, 404);
      assert.equal(r.text, '');
    },
  },
  {
    id: 'C28',
    behaviour:
      'GET Groups/{id}: members {value, display: e-mail, ref: ""}; unknown → 404 SCIM error; any group, managed or not',
    source: 'NGGroupRes:90-98; NGGroupSvc:152-192, :399-411',
    check: async (c) => {
      const u = await c.user('c28@example.com');
      const g = await c.group('c28', [u]);
      assert.deepEqual((await c.call('GET', `Groups/${g}`)).json.members, [
        { value: u, display: 'c28@example.com', ref: '' },
      ]);
      const missing = await c.call('GET', 'Groups/nope');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.detail, 'Group does not exist');
      c.emu.addLocalUserGroup('c28_local', 'c28 local');
      assert.equal((await c.call('GET', 'Groups/c28_local')).status, 200);
    },
  },
  {
    id: 'C29',
    behaviour: 'DELETE Groups of an existing group answers 204',
    source: 'NGGroupRes:112-113',
    check: async (c) => {
      const g = await c.group('c29');
      assert.equal((await c.call('DELETE', `Groups/${g}`)).status, 204);
    },
  },
  {
    id: 'C30',
    behaviour: 'PUT Groups answers 200 echoing the request; unknown → empty 404; a failure → 412 SCIM error',
    source:
      'NGGroupRes:167-172; NGGroupSvc:194-220; HC 947-scim-core/src/main/io/harness/scim/ScimGroup.java; HC 123-ng-core-user/src/main/java/io/harness/ng/core/api/impl/UserGroupServiceImpl.java:233-234, :291-295',
    check: async (c) => {
      const g = await c.group('c30');
      const r = await c.call('PUT', `Groups/${g}`, {
        body: { displayName: 'c30 renamed', members: [], unknownField: 1 },
      });
      assert.equal(r.status, 200);
      // The request read into a ScimGroup and written back: the default schemas appear, unknown fields go.
      assert.deepEqual(r.json, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'c30 renamed',
        members: [],
      });
      const missing = await c.call('PUT', 'Groups/nope', { body: { displayName: 'x' } });
      assert.equal(missing.status, 404);
      assert.equal(missing.text, '');
      const blank = await c.call('PUT', `Groups/${g}`, { body: { displayName: '' } });
      assert.deepEqual(
        [blank.status, blank.json.status, blank.json.detail],
        [412, 404, `Update UserGroup [${g}]- name: cannot be null or empty`],
      );
    },
  },
  // ---- Corrected behaviours
  {
    id: 'R1',
    behaviour: 'Missing core_user_invite on POST Users: 409 SCIM error whose detail names the permission',
    source: 'NGUserRes:104-109; InviteSvc:217-218, :1070-1073; ACClient:170-173, :177-200',
    check: async (c) => {
      const r = await c.call('POST', 'Users', {
        key: c.keyWith(ALL.filter((p) => p !== 'core_user_invite')),
        body: { userName: 'r1@example.com' },
      });
      assert.equal(r.status, 409);
      assert.equal(r.json.status, 404);
      assert.match(
        String(r.json.detail),
        /^Principal of type SERVICE_ACCOUNT with identifier \S+ : Missing permission core_user_invite on user$/,
      );
      assert.ok(!c.emu.snapshot().users.some((u) => u.email === 'r1@example.com'));
    },
  },
  {
    id: 'R2',
    behaviour: 'The SCIM 403 names the permission: "…SCIM user action" / "…SCIM UserGroup action"',
    source: 'NGUserRes:84-85; NGGroupRes:56-57',
    check: async (c) => {
      const none = c.keyWith([]);
      const acc = c.emu.accountId;
      assert.equal(
        (await c.call('GET', 'Users', { key: none })).json.message,
        `User not Authorized: Token needs to have core_user_view permission on account: ${acc} to perform SCIM user action`,
      );
      assert.equal(
        (await c.call('GET', 'Groups', { key: none })).json.message,
        `User not Authorized: Token needs to have core_usergroup_view permission on account: ${acc} to perform SCIM UserGroup action`,
      );
    },
  },
  {
    id: 'R3',
    behaviour: 'The filter is URL-decoded a second time: `+` becomes a space, %xx is decoded (users and groups)',
    source:
      'CGUserSvc:223; HC 930-ng-core-clients/src/main/java/io/harness/user/remote/UserClient.java:137-139; NGGroupSvc:97',
    check: async (c) => {
      const u = await c.user('r3+tag@example.com');
      assert.deepEqual(ids(await c.call('GET', `Users?filter=${q('userName eq "r3+tag@example.com"')}`)), []);
      assert.deepEqual(ids(await c.call('GET', `Users?filter=${q('userName eq "r3%2Btag@example.com"')}`)), [u]);
      const g = await c.group('r3 team');
      assert.deepEqual(ids(await c.call('GET', `Groups?filter=${q('displayName eq "r3+team"')}`)), [g]);
      // A malformed escape makes the decode throw: no filter at all.
      assert.equal((await c.call('GET', `Users?filter=${q('userName eq "100%"')}`)).json.totalResults, 1);
    },
  },
  {
    id: 'R4',
    behaviour: 'userName is lower-cased on create and PATCH; the filter compares case-sensitively',
    source: 'NGUserSvc:498-500, :382-386; CGUserSvc:255',
    check: async (c) => {
      const r = await c.call('POST', 'Users', { body: { userName: 'R4.Mixed@Example.COM' } });
      assert.equal(r.json.userName, 'r4.mixed@example.com');
      const u = String(r.json.id);
      assert.deepEqual(ids(await c.call('GET', `Users?filter=${q('userName eq "R4.Mixed@Example.COM"')}`)), []);
      assert.deepEqual(ids(await c.call('GET', `Users?filter=${q('userName eq "r4.mixed@example.com"')}`)), [u]);
      const p = await c.call('PATCH', `Users/${u}`, {
        body: ops({ op: 'replace', path: 'userName', value: 'R4.New@Example.com' }),
      });
      assert.equal(p.json.userName, 'r4.new@example.com');
    },
  },
  {
    id: 'R5',
    behaviour: 'The e-mail is always userName lower-cased; emails[] is ignored',
    source: 'NGUserSvc:86, :498-500',
    check: async (c) => {
      const r = await c.call('POST', 'Users', {
        body: { userName: 'r5@example.com', emails: [{ value: 'other@example.org', primary: true }] },
      });
      assert.deepEqual(r.json.emails, [{ value: 'r5@example.com', primary: true }]);
      const upn = await c.call('POST', 'Users', {
        body: { userName: 'R5-NotAnEmail', emails: [{ value: 'r5b@example.com', primary: true }] },
      });
      assert.equal(upn.json.userName, 'r5-notanemail');
    },
  },
  {
    id: 'R6',
    behaviour: "The user body's name is {displayName} only; given/family names are not returned",
    source:
      'NGUserSvc:437-496; HC 120-ng-manager/src/test/java/io/harness/ng/scim/NGScimUserServiceImplTest.java:157-205',
    check: async (c) => {
      const r = await c.call('POST', 'Users', {
        body: { userName: 'r6@example.com', displayName: 'R Six', name: { givenName: 'R', familyName: 'Six' } },
      });
      assert.deepEqual(r.json.name, { displayName: 'R Six' });
      assert.equal(r.json.meta, undefined);
      assert.equal(r.json.groups, undefined);
    },
  },
  {
    id: 'R6-flag',
    behaviour:
      'With PL_NEW_SCIM_STANDARDS: name gains givenName/familyName/formatted, users gain meta and groups, groups gain meta',
    source: 'NGUserSvc:446-494, :529-543; NGGroupSvc:177-188',
    profile: { flags: { PL_NEW_SCIM_STANDARDS: true } },
    check: async (c) => {
      const r = await c.call('POST', 'Users', {
        body: { userName: 'r6f@example.com', displayName: 'R Six', name: { givenName: 'R', familyName: 'Six' } },
      });
      assert.deepEqual(r.json.name, { displayName: 'R Six', givenName: 'R', familyName: 'Six', formatted: 'R, Six' });
      assert.equal((r.json.meta as { resourceType: string }).resourceType, 'User');
      const g = await c.group('r6 flag', [String(r.json.id)]);
      assert.deepEqual((await c.call('GET', `Users/${String(r.json.id)}`)).json.groups, [
        { value: g, ref: '', display: 'r6 flag' },
      ]);
      assert.equal(((await c.call('GET', `Groups/${g}`)).json.meta as { resourceType: string }).resourceType, 'Group');
      const bare = await c.call('POST', 'Users', {
        body: { userName: 'r6g@example.com', displayName: 'Only Display' },
      });
      assert.deepEqual(bare.json.name, {
        displayName: 'Only Display',
        givenName: 'Only Display',
        familyName: 'Only Display',
        formatted: 'Only Display, Only Display',
      });
    },
  },
  {
    id: 'R7',
    behaviour:
      'PATCH handles only displayName, active, userName and object values with displayName/active; name.givenName, externalId and the rest are ignored',
    source: 'NGUserSvc:357-416 ("Not supporting any other updates as of now"); CGUserSvc:307-334',
    profile: { flags: { PL_NEW_SCIM_STANDARDS: true } },
    check: async (c) => {
      const u = await c.user('r7@example.com', {
        displayName: 'Before',
        name: { givenName: 'Old', familyName: 'Name' },
        externalId: 'ext-r7',
      });
      const given = await c.call('PATCH', `Users/${u}`, {
        body: ops(
          { op: 'replace', path: 'name.givenName', value: 'New' },
          { op: 'replace', path: 'externalId', value: 'ext-other' },
        ),
      });
      assert.equal(given.status, 200);
      assert.equal((given.json.name as { givenName: string }).givenName, 'Old');
      assert.equal(given.json.externalId, 'ext-r7');
      const shown = await c.call('PATCH', `Users/${u}`, {
        body: ops({ op: 'replace', path: 'displayName', value: 'After' }),
      });
      assert.equal(shown.json.displayName, 'After');
      const object = await c.call('PATCH', `Users/${u}`, {
        body: ops({ op: 'replace', value: { displayName: 'Object' } }),
      });
      assert.equal(object.json.displayName, 'Object');
    },
  },
  {
    id: 'R8',
    behaviour: 'PATCH of an unknown user: 400 INVALID_REQUEST ErrorDTO "Invalid request: User does not exist"',
    source:
      'CGUserSvc:276-286; CGUserImpl:3547-3555; HC 970-ng-commons/src/main/java/io/harness/remote/client/CGRestUtils.java:94-104; HC 980-commons/.../eraro/ErrorCode.java:174; response_messages.properties:47',
    check: async (c) => {
      const r = await c.call('PATCH', 'Users/nope', { body: ops({ op: 'replace', path: 'displayName', value: 'x' }) });
      assert.equal(r.status, 400);
      assert.equal(r.json.code, 'INVALID_REQUEST');
      assert.equal(r.json.message, 'Invalid request: User does not exist');
    },
  },
  {
    id: 'R9',
    behaviour: 'PATCH active:false deletes the user: account membership, group memberships and role bindings go',
    source: 'NGUserSvc:338-355, :368-380, :219-226; CGUserImpl:3305-3334',
    check: async (c) => {
      const u = await c.user('r9@example.com');
      const g = await c.group('r9', [u]);
      c.emu.addApiKey({ kind: 'pat', principal: u, permissions: ['core_user_view'] });
      assert.ok(c.emu.snapshot().roleAssignments.some((a) => a.principal.identifier === u));
      const r = await c.call('PATCH', `Users/${u}`, { body: ops({ op: 'replace', path: 'active', value: false }) });
      assert.equal(r.status, 204);
      assert.equal((await c.call('GET', `Users/${u}`)).status, 404);
      assert.deepEqual(members(await c.call('GET', `Groups/${g}`)), []);
      const s = c.emu.snapshot();
      assert.ok(!s.users.some((x) => x.id === u));
      assert.ok(!s.roleAssignments.some((a) => a.principal.identifier === u));
    },
  },
  {
    id: 'R9-v2',
    behaviour: 'With PL_USER_DELETION_V2, deactivation deletes directly (also an object value {active:false})',
    source: 'NGUserSvc:368-373, :406-410',
    profile: { flags: { PL_USER_DELETION_V2: true } },
    check: async (c) => {
      const u = await c.user('r9v2@example.com');
      assert.equal(
        (await c.call('PATCH', `Users/${u}`, { body: ops({ op: 'replace', value: { active: false } }) })).status,
        204,
      );
      assert.equal((await c.call('GET', `Users/${u}`)).status, 404);
    },
  },
  {
    id: 'R9-2025',
    behaviour: 'The 2025 copy deletes on deactivation too',
    source: 'HC2 NGScimUserServiceImpl.changeScimUserDisabled',
    profile: { source: '2025' },
    check: async (c) => {
      const u = await c.user('r9y@example.com');
      assert.equal(
        (await c.call('PATCH', `Users/${u}`, { body: ops({ op: 'replace', path: 'active', value: 'False' }) })).status,
        204,
      );
      assert.equal((await c.call('GET', `Users/${u}`)).status, 404);
    },
  },
  {
    id: 'R10',
    behaviour: 'The deactivating PATCH answers 204 without a body (a user no other account holds)',
    // For path "active" with a boolean, patchOperationIncludesUserDeletion (:545-562) cannot map the
    // boolean to ScimUserValuedObject, catches the JsonProcessingException and answers false; the null
    // then comes from getUserInternal, because CG deleted a user no other account holds (CGUserImpl:3332-3335).
    // A user another account still holds would come back 200 with the user. :545-562 decides only for
    // an object value {active:false}.
    source: 'NGUserSvc:154-157, :257-260, :545-562; CGUserImpl:3332-3335; NGUserRes:237',
    check: async (c) => {
      const u = await c.user('r10@example.com');
      const r = await c.call('PATCH', `Users/${u}`, { body: ops({ op: 'replace', path: 'active', value: false }) });
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
    },
  },
  {
    id: 'R11',
    behaviour: 'Adding a member that is not a user is dropped silently, 204',
    source: 'NGGroupSvc:351-361, :348',
    check: async (c) => {
      const g = await c.group('r11');
      const r = await c.call('PATCH', `Groups/${g}`, {
        body: ops({ op: 'add', path: 'members', value: [{ value: 'gone-user' }] }),
      });
      assert.equal(r.status, 204);
      assert.deepEqual(members(await c.call('GET', `Groups/${g}`)), []);
    },
  },
  {
    id: 'R11-2025',
    behaviour:
      '2025: ids go on to UserGroupService.update unchecked; its handling is not in the copy (unsourced): the emulator drops them, 204',
    source: 'HC2 NGScimGroupServiceImpl.updateGroup(PatchRequest) (UserGroupUpdateRequest.usersToAdd)',
    profile: { source: '2025' },
    check: async (c) => {
      const g = await c.group('r11 y');
      assert.equal(
        (
          await c.call('PATCH', `Groups/${g}`, {
            body: ops({ op: 'add', path: 'members', value: [{ value: 'gone-user' }] }),
          })
        ).status,
        204,
      );
      assert.deepEqual(members(await c.call('GET', `Groups/${g}`)), []);
    },
  },
  {
    id: 'R12',
    behaviour:
      'DELETE of a user already gone: 400 INVALID_REQUEST "Invalid request: Token is not valid." (not 404, not 204)',
    source:
      'NGUserSvc:219-226; HC 400-rest/src/main/java/software/wings/resources/UserResourceNG.java:282-283; CGUserImpl:3281-3283, :3305-3307, :3442-3446; UnauthorizedException.java:18-19; CGRestUtils.java:94-104; NGUserRes:223',
    check: async (c) => {
      const u = await c.user('r12@example.com');
      assert.equal((await c.call('DELETE', `Users/${u}`)).status, 204);
      const again = await c.call('DELETE', `Users/${u}`);
      assert.equal(again.status, 400);
      assert.equal(again.json.code, 'INVALID_REQUEST');
      // CG's UnauthorizedException answers "Token is not valid."; CGRestUtils re-throws that text as INVALID_REQUEST.
      assert.equal(again.json.message, 'Invalid request: Token is not valid.');
    },
  },
  {
    id: 'R13',
    behaviour: 'PUT Users: unknown → empty 404; names replaced; active:false deletes and answers 200 without a body',
    source: 'NGUserSvc:268-336; NGUserRes:131-136',
    check: async (c) => {
      const missing = await c.call('PUT', 'Users/nope', { body: { userName: 'x@example.com', active: true } });
      assert.equal(missing.status, 404);
      assert.equal(missing.text, '');
      const u = await c.user('r13@example.com');
      const put = await c.call('PUT', `Users/${u}`, { body: { userName: 'r13@example.com', displayName: 'Put Name' } });
      assert.equal(put.status, 200);
      assert.equal(put.json.displayName, 'Put Name');
      const off = await c.call('PUT', `Users/${u}`, { body: { userName: 'r13@example.com', active: false } });
      assert.equal(off.status, 200);
      assert.equal(off.text, '');
      assert.equal((await c.call('GET', `Users/${u}`)).status, 404);
    },
  },
  {
    id: 'R13-v2',
    behaviour: 'PUT Users without active under PL_USER_DELETION_V2 unboxes null: a 404 SCIM error',
    source: 'NGUserSvc:284; NGUserRes:131-136',
    profile: { flags: { PL_USER_DELETION_V2: true } },
    check: async (c) => {
      const u = await c.user('r13v2@example.com');
      const r = await c.call('PUT', `Users/${u}`, { body: { userName: 'r13v2@example.com' } });
      assert.equal(r.status, 404);
      assert.deepEqual(r.json.schemas, ['urn:ietf:params:scim:api:messages:2.0:Error']);
    },
  },
  {
    id: 'R13-2025',
    behaviour: '2025: the same NPE path without the flag',
    source: 'HC2 NGScimUserServiceImpl.updateUser(String, String, ScimUser) (`if (scimUser.getActive())`)',
    profile: { source: '2025' },
    check: async (c) => {
      const u = await c.user('r13y@example.com');
      assert.equal((await c.call('PUT', `Users/${u}`, { body: { userName: 'r13y@example.com' } })).status, 404);
      assert.equal(
        (await c.call('PUT', `Users/${u}`, { body: { userName: 'r13y@example.com', active: true } })).status,
        200,
      );
    },
  },
  {
    id: 'R14',
    behaviour: 'A group id is its name normalised; names that normalise alike collide: 409',
    source:
      'NGGroupSvc:417-419; HC 980-commons/src/main/java/io/harness/utils/UuidAndIdentifierUtils.java:41-51, :70-71; HC 123-ng-core-user/.../api/impl/UserGroupServiceImpl.java:205-208',
    check: async (c) => {
      const r = await c.call('POST', 'Groups', { body: { displayName: 'Dev-Ops' } });
      assert.equal(r.json.id, 'Dev_Ops');
      const clash = await c.call('POST', 'Groups', { body: { displayName: 'Dev Ops' } });
      assert.equal(clash.status, 409);
      assert.equal(clash.json.detail, 'Try using different user group identifier, [Dev_Ops] cannot be used');
      assert.equal((await c.call('POST', 'Groups', { body: { displayName: '42 Café!' } })).json.id, '_Cafe');
    },
  },
  {
    id: 'R14-2025',
    behaviour:
      '2025: a colliding name returns the existing group (a local one is taken over); a leading digit gets a hash suffix',
    source: 'HC2 NGScimGroupServiceImpl.createGroup, .generateUserGroupIdentifier',
    profile: { source: '2025' },
    check: async (c) => {
      const first = await c.call('POST', 'Groups', { body: { displayName: 'Dev-Ops' } });
      const again = await c.call('POST', 'Groups', { body: { displayName: 'Dev.Ops' } });
      assert.equal(again.status, 201);
      assert.equal(again.json.id, first.json.id);
      assert.equal(again.json.displayName, 'Dev-Ops');
      const u = await c.user('r14@example.com');
      c.emu.addLocalUserGroup('Local_Team', 'Local Team');
      const took = await c.call('POST', 'Groups', { body: { displayName: 'Local Team', members: [{ value: u }] } });
      assert.equal(took.json.id, 'Local_Team');
      assert.deepEqual(members(took), [u]);
      assert.ok(c.emu.snapshot().userGroups.some((g) => g.id === 'Local_Team' && g.externallyManaged));
      assert.match(
        String((await c.call('POST', 'Groups', { body: { displayName: '42 Team' } })).json.id),
        /^_Team_[0-9a-f]{8}$/,
      );
    },
  },
  {
    id: 'R15',
    behaviour:
      '"Replace" of members is a 400 (only displayName can be replaced); "replace" with a member list changes nothing',
    source:
      'NGGroupSvc:246-274, :305-312; PatchOperation.java:20-28; NGGroupRes:153 (no try); response_messages.properties:47',
    check: async (c) => {
      const u = await c.user('r15@example.com');
      const g = await c.group('r15', [u]);
      const r = await c.call('PATCH', `Groups/${g}`, { body: ops({ op: 'Replace', path: 'members', value: [] }) });
      assert.equal(r.status, 400);
      assert.equal(r.json.code, 'INVALID_REQUEST');
      assert.equal(r.json.message, 'Invalid request: Failed to update group name');
      assert.equal(
        (
          await c.call('PATCH', `Groups/${g}`, {
            body: ops({ op: 'replace', path: 'members', value: [{ value: 'x' }] }),
          })
        ).status,
        204,
      );
      assert.deepEqual(members(await c.call('GET', `Groups/${g}`)), [u]);
      assert.equal(
        (
          await c.call('PATCH', `Groups/${g}`, {
            body: ops({ op: 'Replace', path: 'displayName', value: 'r15 renamed' }),
          })
        ).status,
        204,
      );
      assert.equal((await c.call('GET', `Groups/${g}`)).json.displayName, 'r15 renamed');
    },
  },
  {
    id: 'R15-2025',
    behaviour: '2025: replace of members is supported',
    source: 'HC2 NGScimGroupServiceImpl.processMemberReplaceOperation',
    profile: { source: '2025' },
    check: async (c) => {
      const a = await c.user('r15a@example.com');
      const b = await c.user('r15b@example.com');
      const g = await c.group('r15 y', [a]);
      assert.equal(
        (await c.call('PATCH', `Groups/${g}`, { body: ops({ op: 'replace', path: 'members', value: [{ value: b }] }) }))
          .status,
        204,
      );
      assert.deepEqual(members(await c.call('GET', `Groups/${g}`)), [b]);
    },
  },
  {
    id: 'R16',
    behaviour: 'DELETE of a group already gone: 401 ErrorDTO INVALID_TOKEN "Token is not valid."',
    source:
      'NGGroupSvc:231-233; HC 980-commons/.../exception/UnauthorizedException.java:18-19; response_messages.properties:56',
    check: async (c) => {
      const g = await c.group('r16');
      assert.equal((await c.call('DELETE', `Groups/${g}`)).status, 204);
      const again = await c.call('DELETE', `Groups/${g}`);
      assert.equal(again.status, 401);
      assert.equal(again.json.code, 'INVALID_TOKEN');
      assert.equal(again.json.message, 'Token is not valid.');
    },
  },
  {
    id: 'R17',
    behaviour:
      'The provisioning sequence as Harness answers it: 200/200/201/200/200/201/204/200/204/204, deactivation 204, then the user is gone (404)',
    source: 'as C4, C5, C17, C20, C21, C24, C25, C28, C26, C29; R10; NGUserSvc:159-174',
    check: async (c) => {
      const statuses: number[] = [];
      const s = async (p: Promise<Answer>): Promise<Answer> => {
        const a = await p;
        statuses.push(a.status);
        return a;
      };
      await s(c.call('GET', 'ServiceProviderConfig'));
      await s(c.call('GET', `Users?filter=${q('userName eq "r17@example.com"')}`));
      const u = String((await s(c.call('POST', 'Users', { body: { userName: 'r17@example.com' } }))).json.id);
      await s(c.call('GET', `Users/${u}`));
      await s(c.call('PATCH', `Users/${u}`, { body: ops({ op: 'replace', path: 'displayName', value: 'R17' }) }));
      const g = String((await s(c.call('POST', 'Groups', { body: { displayName: 'r17' } }))).json.id);
      await s(c.call('PATCH', `Groups/${g}`, { body: ops({ op: 'add', path: 'members', value: [{ value: u }] }) }));
      await s(c.call('GET', `Groups/${g}`));
      await s(c.call('PATCH', `Groups/${g}`, { body: ops({ op: 'remove', path: `members[value eq "${u}"]` }) }));
      await s(c.call('DELETE', `Groups/${g}`));
      await s(c.call('PATCH', `Users/${u}`, { body: ops({ op: 'replace', path: 'active', value: false }) }));
      await s(c.call('GET', `Users/${u}`));
      assert.deepEqual(statuses, [200, 200, 201, 200, 200, 201, 204, 200, 204, 204, 204, 404]);
    },
  },
  // ---- Behaviours an identity provider meets that were not modelled before
  {
    id: 'N3',
    behaviour:
      'externalId is stored once at create and returned; PATCH never changes it; a filter on it compares the e-mail',
    source: 'NGUserSvc:127, :444, :357-416; CGUserSvc:254-256',
    check: async (c) => {
      const u = await c.user('n3@example.com', { externalId: 'okta-00u1' });
      assert.equal((await c.call('GET', `Users/${u}`)).json.externalId, 'okta-00u1');
      assert.deepEqual(ids(await c.call('GET', `Users?filter=${q('externalId eq "okta-00u1"')}`)), []);
      const again = await c.call('POST', 'Users', { body: { userName: 'n3@example.com', externalId: 'okta-other' } });
      assert.equal(again.json.externalId, 'okta-00u1');
    },
  },
  {
    id: 'N5',
    behaviour: 'totalResults is the size of this page, not the total',
    source: 'CGUserSvc:243; NGGroupSvc:117',
    check: async (c) => {
      for (const n of [1, 2, 3]) await c.group(`n5 ${n}`);
      const r = await c.call('GET', 'Groups?count=2');
      assert.equal(r.json.totalResults, 2);
      assert.equal((await c.call('GET', 'Groups?count=2&startIndex=3')).json.totalResults, 1);
    },
  },
  {
    id: 'N12',
    behaviour: 'A user not created by SCIM is invisible to GET Users, and POST adopts it',
    source: 'CGUserSvc:248-252; NGUserSvc:103-117',
    check: async (c) => {
      const r = await c.call('POST', 'Users', { body: { userName: 'Admin@Example.com' } });
      assert.equal(r.status, 201);
      assert.equal(r.json.id, 'emulator_admin');
      assert.equal((await c.call('GET', `Users?filter=${q('userName eq "admin@example.com"')}`)).json.totalResults, 1);
    },
  },
  {
    id: 'N13',
    behaviour:
      "A new user's display name is validated by the invitation: over 255 characters or any of : < > = / → 409",
    source: 'HC 980-commons/src/main/java/io/harness/utils/UserUtils.java:25-38; InviteSvc:646-648; NGUserRes:104-109',
    check: async (c) => {
      const r = await c.call('POST', 'Users', { body: { userName: 'n13@example.com', displayName: 'Ops: on call' } });
      assert.equal(r.status, 409);
      assert.match(String(r.json.detail), /should not contain :, <, >, =, \//);
      assert.equal(
        (await c.call('POST', 'Users', { body: { userName: 'n13@example.com', displayName: 'x'.repeat(256) } })).status,
        409,
      );
      assert.equal(
        (await c.call('POST', 'Users', { body: { userName: 'n13@example.com', displayName: 'x'.repeat(255) } })).status,
        201,
      );
    },
  },
  {
    id: 'N14',
    behaviour:
      'A "Replace" rename reads only the path displayName; "replace" reads displayName from an object value, and a string value fails (400)',
    source:
      'NGGroupSvc:246-274; HC 947-scim-core/src/main/io/harness/scim/OktaReplaceOperation.java (getValue: treeToValue), ReplaceOperation.java (getValue refuses arrays), ScimMultiValuedObject.java; response_messages.properties:47',
    check: async (c) => {
      const g = await c.group('n14');
      assert.equal(
        (
          await c.call('PATCH', `Groups/${g}`, {
            body: ops({ op: 'replace', value: { id: g, displayName: 'n14 renamed' } }),
          })
        ).status,
        204,
      );
      assert.equal((await c.call('GET', `Groups/${g}`)).json.displayName, 'n14 renamed');
      // A bare string cannot be read as the object "replace" expects: "Failed to update group name".
      const bare = await c.call('PATCH', `Groups/${g}`, {
        body: ops({ op: 'replace', path: 'displayName', value: 'n14 again' }),
      });
      assert.deepEqual(
        [bare.status, bare.json.code, bare.json.message],
        [400, 'INVALID_REQUEST', 'Invalid request: Failed to update group name'],
      );
      // The strict mapping refuses an object with a field ScimMultiValuedObject lacks; "Replace" refuses an array value.
      assert.equal(
        (
          await c.call('PATCH', `Groups/${g}`, {
            body: ops({ op: 'replace', value: { displayName: 'x', externalId: 'e' } }),
          })
        ).status,
        400,
      );
      assert.equal(
        (await c.call('PATCH', `Groups/${g}`, { body: ops({ op: 'Replace', path: 'displayName', value: ['x'] }) }))
          .status,
        400,
      );
      assert.equal((await c.call('GET', `Groups/${g}`)).json.displayName, 'n14 renamed');
    },
  },
];

/**
 * Audit rows with no emulator behaviour to check, and why. Each is handled in the product instead.
 */
const PRODUCT_ONLY: readonly { id: string; reason: string }[] = [
  {
    id: 'C31',
    reason:
      'Harness may send an invitation e-mail on a SCIM create (InviteSvc:644-689, :660); the emulator sends no mail. The rehearsal uses example.com addresses and says so.',
  },
  {
    id: 'N10',
    reason:
      'harnessScopes on POST Groups (NGGroupSvc:429-445) creates org/project groups; the emulator keeps account-scope groups only, and the product never sends harnessScopes.',
  },
  {
    id: 'N13-seats',
    reason:
      'The seat limit (InviteSvc:412-414, :645, checkNgLimit) fails a create with 409; the emulator models no user seats, and the product only explains the 409 detail.',
  },
];

suite("emulator: SCIM conformance with Harness's source", () => {
  let emu: Emulator;
  let c: Ctx;
  let n = 0;

  setup(async () => {
    emu = await startEmulator();
    const key = emu.addApiKey({ kind: 'sat', principal: 'sa_full', permissions: ALL }).key;
    c = {
      emu,
      key,
      keyWith: (permissions) => emu.addApiKey({ kind: 'sat', principal: `sa_${++n}`, permissions }).key,
      call: async (method, path, o = {}) => {
        const headers: Record<string, string> = {
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...o.headers,
        };
        const bearer = o.key ?? key;
        if (bearer !== '' && headers.authorization === undefined) headers.authorization = `Bearer ${bearer}`;
        const res = await fetch(`${emu.baseUrl}${o.prefix ?? ''}/ng/api/scim/account/${emu.accountId}/${path}`, {
          method,
          headers,
          body: o.body === undefined ? undefined : JSON.stringify(o.body),
        });
        const text = await res.text();
        let json: Record<string, unknown> = {};
        try {
          json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
        } catch {
          json = {};
        }
        return { status: res.status, text, json, contentType: res.headers.get('content-type') ?? '' };
      },
      user: async (userName, extra = {}) => {
        const r = await c.call('POST', 'Users', { body: { userName, active: true, ...extra } });
        if (r.status !== 201) throw new Error(`create ${userName}: ${r.status} ${r.text}`);
        return String(r.json.id);
      },
      group: async (displayName, memberIds = []) => {
        const r = await c.call('POST', 'Groups', {
          body: { displayName, members: memberIds.map((value) => ({ value })) },
        });
        if (r.status !== 201) throw new Error(`create group ${displayName}: ${r.status} ${r.text}`);
        return String(r.json.id);
      },
    };
  });
  teardown(async () => {
    await emu.close();
  });

  test('every row names its Harness source; ids are unique; the product-only list is short and reasoned', () => {
    const all = [...ROWS.map((r) => r.id), ...PRODUCT_ONLY.map((p) => p.id)];
    assert.equal(new Set(all).size, all.length);
    for (const r of ROWS) assert.match(r.source, /(HC2? |:\d+|\.java|\.json)/, r.id);
    for (const id of [
      ...Array.from({ length: 31 }, (_, i) => `C${i + 1}`),
      ...Array.from({ length: 17 }, (_, i) => `R${i + 1}`),
    ]) {
      assert.ok(all.includes(id), `row ${id} is missing`);
    }
    assert.ok(PRODUCT_ONLY.length <= 4 && PRODUCT_ONLY.every((p) => p.reason.length > 40));
  });

  for (const row of ROWS) {
    test(`${row.id}: ${row.behaviour} (${row.source})`, async () => {
      if (row.profile) emu.setProfile(row.profile);
      await row.check(c);
    });
  }
});
