/**
 * The emulated account's data: what Harness would keep in its databases. Kept in memory and, when a
 * state file is given, written to JSON after every change so a sandbox survives restarts. Caches
 * (settings, JWKS, service account) are deliberately not part of it: Harness loses them on release.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export type PrincipalType = 'USER' | 'SERVICE_ACCOUNT' | 'USER_GROUP';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  externalId: string | null;
  active: boolean;
  /** Provisioned through SCIM; only these are listed by SCIM GET /Users. */
  imported: boolean;
  createdAt: number;
  lastModifiedAt: number;
}

export interface UserGroupRecord {
  id: string;
  name: string;
  externalId: string | null;
  externallyManaged: boolean;
  memberIds: string[];
  createdAt: number;
  lastModifiedAt: number;
}

export interface ServiceAccountRecord {
  identifier: string;
  name: string;
  email: string;
  description: string | null;
  tags: Record<string, string>;
  orgIdentifier: string | null;
  projectIdentifier: string | null;
  createdAt: number;
  lastModifiedAt: number;
}

export interface RoleRecord {
  identifier: string;
  name: string;
  permissions: string[];
  allowedScopeLevels: string[];
  description: string | null;
  tags: Record<string, string>;
  createdAt: number;
  lastModifiedAt: number;
}

export interface RoleAssignmentRecord {
  identifier: string;
  roleIdentifier: string;
  resourceGroupIdentifier: string;
  principal: { identifier: string; type: PrincipalType; scopeLevel: string | null };
  disabled: boolean;
  managed: boolean;
  createdAt: number;
  lastModifiedAt: number;
}

export type ApiKeyKind = 'pat' | 'sat';

export interface ApiKeyRecord {
  tokenId: string;
  kind: ApiKeyKind;
  /** A user id for `pat`, a service account identifier for `sat`. */
  principalId: string;
  /** sha256 of the secret; Harness uses BCrypt, the point is the same: the secret itself is not kept. */
  secretSha256: string;
  name: string;
  validFrom: number;
  validTo: number | null;
}

export interface SettingRow {
  identifier: string;
  orgIdentifier: string | null;
  projectIdentifier: string | null;
  value: string | null;
  allowOverrides: boolean;
  lastModifiedAt: number;
}

export interface EmulatorState {
  version: 1;
  accountId: string;
  accountName: string;
  /** The admin PAT in full, so that a restarted sandbox can print it again (sandbox only). */
  adminKey: string;
  featureFlagOn: boolean;
  users: UserRecord[];
  userGroups: UserGroupRecord[];
  serviceAccounts: ServiceAccountRecord[];
  roles: RoleRecord[];
  roleAssignments: RoleAssignmentRecord[];
  apiKeys: ApiKeyRecord[];
  settings: SettingRow[];
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random text over [A-Za-z0-9] (plus `-_` when `urlSafe`), like Harness's ids and secrets. */
export function randomText(length: number, urlSafe = false): string {
  const alphabet = urlSafe ? `${ALNUM}-_` : ALNUM;
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length] ?? 'a';
  return out;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Creates a key record and returns it with the full key text, which exists only in the caller's hands. */
export function mintApiKey(
  accountId: string,
  kind: ApiKeyKind,
  principalId: string,
  now: number,
): { record: ApiKeyRecord; key: string } {
  const tokenId = randomBytes(12).toString('hex');
  const secret = randomText(20);
  const record: ApiKeyRecord = {
    tokenId,
    kind,
    principalId,
    secretSha256: sha256(secret),
    name: `${principalId}_token`,
    validFrom: now,
    validTo: null,
  };
  return { record, key: `${kind}.${accountId}.${tokenId}.${secret}` };
}

export const ADMIN_USER_ID = 'emulator_admin';

/** A fresh account: one admin user holding `_account_admin` over everything, and nothing configured. */
export function newState(now: number): EmulatorState {
  const accountId = randomText(22, true);
  const admin: UserRecord = {
    id: ADMIN_USER_ID,
    email: 'admin@example.com',
    name: 'Emulator Admin',
    givenName: 'Emulator',
    familyName: 'Admin',
    externalId: null,
    active: true,
    imported: false,
    createdAt: now,
    lastModifiedAt: now,
  };
  const { record, key } = mintApiKey(accountId, 'pat', ADMIN_USER_ID, now);
  return {
    version: 1,
    accountId,
    accountName: 'Emulated Account',
    adminKey: key,
    featureFlagOn: true,
    users: [admin],
    userGroups: [],
    serviceAccounts: [],
    roles: [],
    roleAssignments: [
      {
        identifier: `role_assignment_${randomText(20)}`,
        roleIdentifier: '_account_admin',
        resourceGroupIdentifier: '_all_resources_including_child_scopes',
        principal: { identifier: ADMIN_USER_ID, type: 'USER', scopeLevel: 'account' },
        disabled: false,
        managed: false,
        createdAt: now,
        lastModifiedAt: now,
      },
    ],
    apiKeys: [record],
    settings: [],
  };
}

function isEmulatorState(value: unknown): value is EmulatorState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<EmulatorState>;
  return (
    v.version === 1 &&
    typeof v.accountId === 'string' &&
    typeof v.adminKey === 'string' &&
    Array.isArray(v.users) &&
    Array.isArray(v.settings)
  );
}

/** Loads the state file if it exists; a file that is not ours is refused rather than overwritten. */
export function loadState(file: string | undefined, now: number): EmulatorState {
  if (file === undefined || !existsSync(file)) return newState(now);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isEmulatorState(parsed)) throw new Error(`${file} is not a Harness emulator state file (version 1)`);
  return parsed;
}

/** Writes through a temporary file so a crash mid-write never leaves half a state behind; the file is 0600. */
export function saveState(file: string | undefined, state: EmulatorState): void {
  if (file === undefined) return;
  const tmp = `${file}.tmp`;
  // The state holds the admin API key: readable by its owner only. A fresh file ('wx' after removing
  // any leftover), so neither an old file's mode nor a planted symlink decides where or how it lands.
  rmSync(tmp, { force: true });
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
}
