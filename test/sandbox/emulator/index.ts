/**
 * The Harness emulator: a local NG API (settings, service accounts, access control, token/validate,
 * SCIM with the JWT flow) on node:http, or node:https when given a certificate, for tests and the
 * sandbox. See README.md beside this file for every place it is unsure of or differs from real Harness.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { accountRoutes } from './account';
import { authzRoutes } from './authz';
import { DEFAULT_PROFILE, type EmulatorCore, type HarnessProfile, type TokenFailure } from './core';
import type { Route } from './http';
import { jwksEntryExpired } from './jwks';
import { Knobs, type FaultSpec } from './knobs';
import { loadState, mintApiKey, saveState, type ApiKeyKind, type EmulatorState } from './model';
import { scimGroupRoutes } from './scimGroups';
import { scimUserRoutes } from './scimUsers';
import { serviceAccountRoutes, setServiceAccountPolicy } from './serviceAccounts';
import { settingRoutes } from './settings';
import { createDispatcher } from './server';
import { tokenValidateRoutes } from './tokenValidate';

export type { FaultKind, FaultSpec } from './knobs';
export type { HarnessPlan, HarnessProfile, HarnessSource, TokenFailure, TokenFailureReason } from './core';

export interface EmulatorOptions {
  port?: number;
  host?: '127.0.0.1';
  /** JSON file holding the account; loaded at start if it exists, rewritten after every change. */
  stateFile?: string;
  /** How long the JWT flow reuses a settings read (default 120 000, Harness's 2 minutes). */
  settingsCacheMs?: number;
  /** Connect/read timeout of the JWKS fetch (default 10 000, as Harness). */
  jwksTimeoutMs?: number;
  /** Delay added before every answer. */
  latencyMs?: number;
  /** Feature flag PL_SUPPORT_JWT_TOKEN_SCIM_API (default on). Persisted with the state. */
  featureFlagOn?: boolean;
  /** PEM certificate and private key (e.g. test/fixtures/tls/server.pem): serve HTTPS, and `baseUrl` is `https://…`. */
  tls?: { cert: string; key: string };
  /**
   * Host name put in `baseUrl` instead of the address listened on (still `host`), e.g.
   * `harness.emulator.test`: for clients that reach the emulator through a test proxy mapping
   * that name to 127.0.0.1, as a company's clients reach Harness through theirs.
   */
  publicHost?: string;
  /** Which Harness to behave as: source copy, plan, feature flags (default: 2023, ENTERPRISE, flags off). */
  profile?: ProfileChange;
}

export interface ProfileChange {
  source?: HarnessProfile['source'];
  plan?: HarnessProfile['plan'];
  flags?: Partial<HarnessProfile['flags']>;
}

function applyProfile(base: HarnessProfile, change: ProfileChange | undefined): HarnessProfile {
  return {
    source: change?.source ?? base.source,
    plan: change?.plan ?? base.plan,
    flags: { ...base.flags, ...change?.flags },
  };
}

export interface AddApiKeyOptions {
  kind: ApiKeyKind;
  /** A user id (`pat`) or a service account identifier (`sat`); created at account scope when missing. */
  principal: string;
  /** When given, a custom role with exactly these permissions is bound to the principal over `_all_account_level_resources`. */
  permissions?: string[];
  /** Expiry in epoch ms (emulator clock). */
  validTo?: number;
}

export interface Emulator {
  /**
   * e.g. `http://127.0.0.1:43123`, or `https://harness.emulator.test:43123` with `tls` and `publicHost`;
   * serves `/ng/api/…`, `/authz/api/…` and the same under `/gateway`.
   */
  baseUrl: string;
  accountId: string;
  /** A PAT of a user holding `_account_admin` over all resources. */
  adminKey: string;
  addApiKey(options: AddApiKeyOptions): { key: string; tokenId: string };
  setFeatureFlag(on: boolean): void;
  /** Changes which Harness the emulator behaves as (source copy, plan, SCIM feature flags). */
  setProfile(change: ProfileChange): void;
  profile(): HarnessProfile;
  /** 2025 source only: an OPA policy refusing every new service account with this message; undefined removes it. */
  setServiceAccountPolicy(message: string | undefined): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Requests received whose path (as sent, or without `/gateway`) starts with the prefix; all when absent. */
  requestCount(pathPrefix?: string): number;
  jwksFetchCount(): number;
  /**
   * What the key-set cache holds for the account (docs/harness-contract.md, "The three caches at a
   * glance"): the URL string, the body as downloaded and when it was last used (emulator clock).
   * Undefined when there is no live entry.
   */
  jwksCacheEntry(): { url: string; body: string; lastAccessedAt: number } | undefined;
  /**
   * A new Harness release: every cache key carries the build number, so entries written by the
   * previous build are never read again (HarnessCacheManagerImpl.java:60-65, VersionedCache.java:37-49).
   * Empties the three caches.
   */
  newRelease(): void;
  /** Why the most recent token validation failed (undefined if it succeeded); the docs/harness-contract.md, "The token/validate diagnostic" inner reason. */
  lastJwtFailure(): TokenFailure | undefined;
  /**
   * Makes the next `PUT /ng/api/settings` item with this identifier fail on its own: that item answers
   * `updateStatus: false` with `errorMessage` and is not stored; the other items of the batch succeed
   * and the HTTP answer stays 200, as Harness's per-item results do. One use per call.
   */
  failSettingItem(identifier: string, errorMessage: string): void;
  /** Makes the JWT flow's next settings read see the current settings (as if 120 s had passed). */
  advanceSettingsCache(): void;
  /**
   * Moves the emulator's clock forward (cache expiry, token validity, lastModifiedAt): the settings
   * cache expires 2 minutes after it was filled, the key-set and service-account caches 5 days after
   * their last use, so a test can rotate keys at the IdP and see the old set kept while it is used.
   */
  advanceClock(ms: number): void;
  /**
   * Adds a user group made in Harness's UI, not by SCIM (`externallyManaged: false`), for the SCIM
   * behaviours that depend on one (GET reads it, 2025 SCIM creates take it over).
   */
  addLocalUserGroup(identifier: string, name: string, memberIds?: string[]): void;
  /** A deep copy of the stored account, for assertions. */
  snapshot(): EmulatorState;
  close(): Promise<void>;
}

function ensurePrincipal(core: EmulatorCore, kind: ApiKeyKind, id: string): void {
  const now = core.now();
  if (kind === 'pat' && !core.state.users.some((u) => u.id === id)) {
    core.state.users.push({
      id,
      email: `${id}@example.com`,
      name: id,
      givenName: null,
      familyName: null,
      externalId: null,
      active: true,
      imported: false,
      createdAt: now,
      lastModifiedAt: now,
    });
  }
  if (kind === 'sat' && !core.state.serviceAccounts.some((s) => s.identifier === id && s.orgIdentifier === null)) {
    core.state.serviceAccounts.push({
      identifier: id,
      name: id,
      email: `${id}@service.harness.io`,
      description: null,
      tags: {},
      orgIdentifier: null,
      projectIdentifier: null,
      createdAt: now,
      lastModifiedAt: now,
    });
  }
}

function grant(core: EmulatorCore, kind: ApiKeyKind, id: string, permissions: string[]): void {
  const roleId = `emu_${id.replace(/[^0-9a-zA-Z_]/g, '_')}_permissions`;
  const now = core.now();
  const existing = core.state.roles.find((r) => r.identifier === roleId);
  if (existing) existing.permissions = [...permissions];
  else
    core.state.roles.push({
      identifier: roleId,
      name: `Emulator permissions of ${id}`,
      permissions: [...permissions],
      allowedScopeLevels: ['account'],
      description: null,
      tags: {},
      createdAt: now,
      lastModifiedAt: now,
    });
  const type = kind === 'pat' ? 'USER' : 'SERVICE_ACCOUNT';
  if (
    !core.state.roleAssignments.some(
      (a) => a.roleIdentifier === roleId && a.principal.identifier === id && a.principal.type === type,
    )
  ) {
    core.state.roleAssignments.push({
      identifier: `role_assignment_${roleId}`,
      roleIdentifier: roleId,
      resourceGroupIdentifier: '_all_account_level_resources',
      principal: { identifier: id, type, scopeLevel: 'account' },
      disabled: false,
      managed: false,
      createdAt: now,
      lastModifiedAt: now,
    });
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  let clockOffsetMs = 0;
  const now = (): number => Date.now() + clockOffsetMs;
  const state = loadState(options.stateFile, now());
  if (options.featureFlagOn !== undefined) state.featureFlagOn = options.featureFlagOn;
  const core: EmulatorCore = {
    state,
    profile: applyProfile(DEFAULT_PROFILE, options.profile),
    options: { settingsCacheMs: options.settingsCacheMs ?? 120_000, jwksTimeoutMs: options.jwksTimeoutMs ?? 10_000 },
    jwt: {
      settingsCache: new Map(),
      jwksCache: new Map(),
      serviceAccountCache: new Map(),
      jwksFetches: 0,
      lastFailure: undefined,
    },
    settingItemFailures: new Map(),
    now,
    persist: () => {
      saveState(options.stateFile, state);
    },
  };
  core.persist();
  const knobs = new Knobs(options.latencyMs ?? 0);
  const routes: Route[] = [
    ...accountRoutes(core),
    ...settingRoutes(core),
    ...serviceAccountRoutes(core),
    ...authzRoutes(core),
    ...tokenValidateRoutes(core),
    ...scimUserRoutes(core),
    ...scimGroupRoutes(core),
  ];
  // Jetty's maxRequestHeaderSize in ng-manager's config.yml: 100 KiB of request headers (Node's default is 16 KiB).
  const maxHeaderSize = 100 * 1024;
  const dispatch = createDispatcher(routes, knobs);
  const server = options.tls
    ? createHttpsServer({ maxHeaderSize, cert: options.tls.cert, key: options.tls.key }, dispatch)
    : createHttpServer({ maxHeaderSize }, dispatch);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `${options.tls ? 'https' : 'http'}://${options.publicHost ?? host}:${port}`,
    accountId: state.accountId,
    adminKey: state.adminKey,
    addApiKey: (o) => {
      ensurePrincipal(core, o.kind, o.principal);
      if (o.permissions) grant(core, o.kind, o.principal, o.permissions);
      const { record, key } = mintApiKey(state.accountId, o.kind, o.principal, now());
      record.validTo = o.validTo ?? null;
      state.apiKeys.push(record);
      core.persist();
      return { key, tokenId: record.tokenId };
    },
    setFeatureFlag: (on) => {
      state.featureFlagOn = on;
      core.persist();
    },
    setProfile: (change) => {
      core.profile = applyProfile(core.profile, change);
    },
    profile: () => structuredClone(core.profile),
    setServiceAccountPolicy: (message) => {
      setServiceAccountPolicy(core, message);
    },
    injectFault: (spec) => {
      knobs.inject(spec);
    },
    clearFaults: () => {
      knobs.clear();
    },
    setLatency: (ms) => {
      knobs.latencyMs = ms;
    },
    requestCount: (prefix) => knobs.count(prefix),
    jwksFetchCount: () => core.jwt.jwksFetches,
    jwksCacheEntry: () => {
      const entry = core.jwt.jwksCache.get(core.state.accountId);
      return entry && !jwksEntryExpired(entry, now()) ? { ...entry } : undefined;
    },
    newRelease: () => {
      core.jwt.settingsCache.clear();
      core.jwt.jwksCache.clear();
      core.jwt.serviceAccountCache.clear();
    },
    lastJwtFailure: () => core.jwt.lastFailure,
    failSettingItem: (identifier, errorMessage) => {
      core.settingItemFailures.set(identifier, errorMessage);
    },
    advanceSettingsCache: () => {
      core.jwt.settingsCache.clear();
    },
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    addLocalUserGroup: (identifier, name, memberIds = []) => {
      const t = now();
      state.userGroups.push({
        id: identifier,
        name,
        externalId: null,
        externallyManaged: false,
        memberIds: [...memberIds],
        createdAt: t,
        lastModifiedAt: t,
      });
      core.persist();
    },
    snapshot: () => structuredClone(state),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
