/**
 * What every route handler shares: the state, the emulator's clock, persistence, the options it was
 * started with, and the JWT flow's runtime (its three caches and what tests may inspect).
 */
import type { EmulatorState } from './model';

export interface ResolvedOptions {
  /** How long a settings read made by the JWT flow is reused (Harness: 120 000 ms, CreatedExpiryPolicy). */
  settingsCacheMs: number;
  /** Connect and read timeout of the JWKS fetch (Harness: 10 s each). */
  jwksTimeoutMs: number;
}

export interface JwksCacheEntry {
  url: string;
  /** The response body exactly as fetched, whether or not it is a key set. */
  body: string;
  lastAccessedAt: number;
}

export interface SettingsCacheEntry {
  values: Map<string, string | null>;
  createdAt: number;
}

export interface ServiceAccountCacheEntry {
  identifier: string;
  name: string;
  email: string;
  lastAccessedAt: number;
}

/** The inner reason of a refused token, as POST /ng/api/token/validate would tell it (docs/harness-contract.md, "The token/validate diagnostic"). */
export interface TokenFailure {
  reason: TokenFailureReason;
  httpStatus: number;
  code: string;
  message: string;
  /** What went wrong in plain words, with the values involved (never the token). */
  detail: string;
}

export type TokenFailureReason =
  | 'not-jwt-flag-off'
  | 'not-jwt-typ'
  | 'api-key-not-found'
  | 'api-key-invalid'
  | 'api-key-expired'
  | 'typ-missing'
  | 'header-not-base64url'
  | 'setting-unset'
  | 'setting-empty'
  | 'jwks-unreachable'
  | 'jwks-invalid'
  | 'jwks-server-error'
  | 'malformed'
  | 'algorithm'
  | 'key-not-found'
  | 'weak-key'
  | 'signature'
  | 'exp-missing'
  | 'expired'
  | 'not-yet-valid'
  | 'harness-issuer'
  | 'claim-not-string'
  | 'claim-mismatch'
  | 'service-account-missing';

export interface JwtRuntime {
  settingsCache: Map<string, SettingsCacheEntry>;
  jwksCache: Map<string, JwksCacheEntry>;
  serviceAccountCache: Map<string, ServiceAccountCacheEntry>;
  jwksFetches: number;
  lastFailure: TokenFailure | undefined;
}

/**
 * Which Harness the emulator is. Its source exists in two copies that differ in places
 * (docs/harness-contract.md names both): `2023` is harness-core at 1dcec145 (December 2023), `2025`
 * the later copy. Plans gate features (custom roles are Enterprise-only); the two feature flags
 * change SCIM answers. Defaults: 2023, ENTERPRISE, both flags off.
 */
export type HarnessSource = '2023' | '2025';
export type HarnessPlan = 'ENTERPRISE' | 'TEAM' | 'FREE' | 'COMMUNITY';

export interface HarnessProfile {
  source: HarnessSource;
  plan: HarnessPlan;
  flags: {
    /** Adds `meta`, `groups` and given/family names to SCIM users, `meta` to groups. */
    PL_NEW_SCIM_STANDARDS: boolean;
    /** Deactivation deletes directly; a PUT without `active` fails (2025 always behaves so). */
    PL_USER_DELETION_V2: boolean;
  };
}

export const DEFAULT_PROFILE: HarnessProfile = {
  source: '2023',
  plan: 'ENTERPRISE',
  flags: { PL_NEW_SCIM_STANDARDS: false, PL_USER_DELETION_V2: false },
};

export interface EmulatorCore {
  state: EmulatorState;
  options: ResolvedOptions;
  /** Which Harness to behave as; tests change it with `setProfile`. */
  profile: HarnessProfile;
  jwt: JwtRuntime;
  /**
   * Test knob `failSettingItem`: setting identifier → errorMessage. The next PUT item with that
   * identifier fails with `updateStatus: false` and this message (and is forgotten); others succeed.
   */
  settingItemFailures: Map<string, string>;
  /** Emulator time in epoch ms: the wall clock plus whatever tests advanced it by. */
  now(): number;
  /** Writes the state file, if any; called after every change. */
  persist(): void;
}
