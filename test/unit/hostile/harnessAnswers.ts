/**
 * A Harness that lies, for the hostile suite: a canned server answering the setup and doctor reads
 * (settings, a service account aggregate, role assignments through /filter, roles, resource groups)
 * with whatever a test gives it, plus a JWKS at /jwks.
 */
import type { RecordedRequest } from '../harness/cannedServer';
import { json, ok, startCannedServer, type CannedServer } from '../harness/cannedServer';
import type * as http from 'node:http';
import { runInProcess, type CliRun } from '../cli/inProcess';
import { API_KEY } from '../harness/fixtures';
import { jwksJson, rsaKey } from '../jwt/fixtures';
import { SCIM_PERMISSIONS } from '../../../src/core/harness/permissions';
import { type TestScimConnection, scimConnection } from '../testHttp';

/** The five SCIM permissions, as a role of a lying Harness holds them. */
export const FIVE: readonly string[] = SCIM_PERMISSIONS;

export interface CannedSetupSuite {
  /** Started in suiteSetup, closed in suiteTeardown. */
  server: CannedServer;
  /** A key set the canned server can serve at /jwks. */
  jwks: unknown;
  /** `scim-jwt setup --dry-run` against the canned server, with extra flags. */
  setup(extra?: string[]): Promise<CliRun>;
}

/** For one suite: a canned Harness, a key set for it, and `scim-jwt setup` pointed at it. */
export function cannedSetupSuite(): CannedSetupSuite {
  const ctx = {
    setup: (extra: string[] = []): Promise<CliRun> =>
      runInProcess(
        [
          'setup',
          '--base-url',
          ctx.server.baseUrl,
          '--jwks-url',
          `${ctx.server.baseUrl}/jwks`,
          '--key-field',
          'sub',
          '--value',
          'v',
          '--service-account',
          'scim_sa',
          '--dry-run',
          ...extra,
        ],
        { env: { HARNESS_API_KEY: API_KEY } },
      ),
  } as CannedSetupSuite;
  suiteSetup(async () => {
    ctx.server = await startCannedServer();
    ctx.jwks = JSON.parse(jwksJson(rsaKey(2048, { kid: 'k' }))) as unknown;
  });
  suiteTeardown(async () => {
    await ctx.server.close();
  });
  return ctx;
}

export interface LyingHarness {
  /** role id → its permissions. */
  roles: Record<string, string[]>;
  /** [roleIdentifier, resourceGroupIdentifier] pairs assigned to the service account. */
  assignments: [string, string][];
  serviceAccountName?: string;
  /** Answers every page of /filter with totalPages one more than asked (a paging loop). */
  endlessPages?: boolean;
  /** Refuses custom roles as a plan without CUSTOM_ROLES does, and lists `roles` as the account's roles. */
  noCustomRoles?: boolean;
}

export function lyingHarness(h: LyingHarness, jwks: unknown): (req: RecordedRequest, res: http.ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = url.pathname;
    if (p === '/jwks') {
      json(res, 200, jwks);
      return;
    }
    if (p === '/ng/api/settings' && req.method === 'GET') {
      ok(res, []);
      return;
    }
    if (p.startsWith('/ng/api/serviceaccount/aggregate/')) {
      const id = decodeURIComponent(p.slice('/ng/api/serviceaccount/aggregate/'.length));
      ok(res, {
        serviceAccount: {
          identifier: id,
          name: h.serviceAccountName ?? id,
          email: `${id}@service.harness.io`,
          accountIdentifier: 'AccT3st',
        },
        roleAssignmentsMetadataDTO: h.assignments.map(([r, g], i) => ({
          identifier: `ra${i}`,
          roleIdentifier: r,
          resourceGroupIdentifier: g,
        })),
      });
      return;
    }
    if (p === '/authz/api/roleassignments/filter') {
      const pageIndex = Number(url.searchParams.get('pageIndex') ?? '0');
      const content = h.endlessPages
        ? []
        : h.assignments.map(([r, g], i) => ({
            roleAssignment: {
              identifier: `ra${i}`,
              roleIdentifier: r,
              resourceGroupIdentifier: g,
              principal: { identifier: 'scim_sa', type: 'SERVICE_ACCOUNT' },
              disabled: false,
            },
          }));
      const items = h.endlessPages
        ? [
            {
              roleAssignment: {
                roleIdentifier: 'x',
                resourceGroupIdentifier: 'y',
                principal: { identifier: 'other', type: 'USER' },
              },
            },
          ]
        : content;
      ok(res, {
        totalPages: h.endlessPages ? pageIndex + 2 : 1,
        totalItems: items.length,
        pageItemCount: items.length,
        pageSize: 100,
        content: items,
        pageIndex,
      });
      return;
    }
    if (p === '/ng/api/serviceaccount' && req.method === 'POST') {
      const body = JSON.parse(req.body) as Record<string, unknown>;
      ok(res, { ...body, accountIdentifier: 'AccT3st' });
      return;
    }
    if (p === '/authz/api/roles' && req.method === 'POST' && h.noCustomRoles === true) {
      json(res, 400, {
        status: 'ERROR',
        code: 'INVALID_REQUEST',
        message: 'Invalid request: [CUSTOM_ROLES] Feature is not enabled',
      });
      return;
    }
    if (p === '/authz/api/roles' && req.method === 'GET') {
      const pageIndex = Number(url.searchParams.get('pageIndex') ?? '0');
      const all = Object.entries(h.roles).map(([identifier, permissions]) => ({
        role: { identifier, name: identifier, permissions, allowedScopeLevels: ['account'] },
        harnessManaged: false,
      }));
      const content = all.slice(pageIndex * 100, pageIndex * 100 + 100);
      ok(res, {
        totalPages: Math.ceil(all.length / 100),
        totalItems: all.length,
        pageItemCount: content.length,
        pageSize: 100,
        content,
        pageIndex,
      });
      return;
    }
    if (p.startsWith('/authz/api/roles/')) {
      const id = decodeURIComponent(p.slice('/authz/api/roles/'.length));
      const permissions = h.roles[id];
      if (permissions === undefined) {
        json(res, 400, { status: 'FAILURE', code: 'RESOURCE_NOT_FOUND_EXCEPTION', message: 'not found' });
        return;
      }
      ok(res, {
        role: { identifier: id, name: id, permissions, allowedScopeLevels: ['account'] },
        harnessManaged: false,
      });
      return;
    }
    if (p.startsWith('/resourcegroup/api/v2/resourcegroup/')) {
      const id = decodeURIComponent(p.slice('/resourcegroup/api/v2/resourcegroup/'.length));
      ok(res, {
        resourceGroup: {
          identifier: id,
          includedScopes: [{ filter: 'EXCLUDING_CHILD_SCOPES', accountIdentifier: 'AccT3st' }],
          resourceFilter: { includeAllResources: true },
        },
      });
      return;
    }
    json(res, 404, { status: 'ERROR', code: 'RESOURCE_NOT_FOUND', message: `no ${p}` });
  };
}

export interface CannedScimSuite {
  /** Started in suiteSetup, closed in suiteTeardown. */
  server: CannedServer;
  /** SCIM over the canned server, account `ACC`, one attempt per call. */
  conn: TestScimConnection;
}

/** For one suite: a canned Harness and a SCIM connection to it that never retries. */
export function cannedScimSuite(): CannedScimSuite {
  const ctx = {} as CannedScimSuite;
  suiteSetup(async () => {
    ctx.server = await startCannedServer();
    ctx.conn = scimConnection({
      baseUrl: ctx.server.baseUrl,
      accountId: 'ACC',
      env: {},
      retries: { maxAttempts: 1 },
    });
  });
  suiteTeardown(async () => {
    await ctx.conn.close();
    await ctx.server.close();
  });
  return ctx;
}
