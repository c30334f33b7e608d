/**
 * The doctor's report: one row per link of the SCIM JWT chain (docs/harness-contract.md, "The diagnostic ladder"), each with what
 * was seen and what to do about it. The VS Code command, the CLI's text and its `--json` all read
 * this one shape; keep names stable.
 */

import { THE_SCIM_PERMISSIONS } from '../harness';
import type { HarnessSupport } from '../idp';
import { SCIM_JWT_SETTING_IDS } from '../harness';
import { countWord } from '../countWords';
import type { StaleKeySetFinding } from '../setup';

export type StepStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** The eight links, in the order they are checked. */
export type StepId =
  'key' | 'settings' | 'jwks' | 'serviceAccount' | 'verdict' | 'tokenValidate' | 'scim' | 'reminders';

export const STEP_ORDER: readonly StepId[] = [
  'key',
  'settings',
  'jwks',
  'serviceAccount',
  'verdict',
  'tokenValidate',
  'scim',
  'reminders',
];

export const STEP_TITLE: Readonly<Record<StepId, string>> = {
  key: 'API key works and can read the settings',
  settings: `The ${countWord(SCIM_JWT_SETTING_IDS.length)} SCIM JWT settings are set`,
  jwks: 'The JWKS URL answers a key set',
  serviceAccount: `The service account exists and holds ${THE_SCIM_PERMISSIONS}`,
  verdict: "The token passes Harness's rules (local verdict)",
  tokenValidate: 'Harness token/validate agrees',
  scim: 'SCIM ServiceProviderConfig and Users accept the token',
  reminders: 'Things that cannot be checked from outside',
};

/**
 * What went wrong, named: tests and UIs match on these rather than on text. A step that fails
 * always carries one; a warning may.
 */
export type DoctorProblem =
  | 'key-rejected'
  | 'key-forbidden'
  | 'harness-unreachable'
  | 'harness-error'
  | 'settings-missing'
  | 'jwks-unreachable'
  | 'jwks-invalid'
  | 'jwks-not-https'
  | 'jwks-not-public'
  | 'jwks-slow'
  | 'service-account-missing'
  | 'permissions-missing'
  | 'permissions-uncertain'
  /** The SCIM service account holds more than the five SCIM permissions: the IdP's token can do that too. */
  | 'permissions-excess'
  /** The local verdict refused the token; `verdictCode` says why. */
  | 'token-refused'
  | 'flag-off'
  | 'token-validate-refused'
  | 'token-validate-forbidden'
  | 'engines-disagree'
  /**
   * Harness still uses the key set it downloaded before the provider rotated its keys: the token
   * verifies against the key set as it is now, token/validate answers as for a key it cannot find
   * (docs/key-rotation.md). Always an inference; the fix is "Make Harness re-read the key set".
   */
  | 'key-set-stale'
  | 'scim-unauthenticated'
  | 'scim-forbidden'
  | 'scim-error'
  | 'settings-too-new';

export interface DoctorStep {
  id: StepId;
  /** 1–8, as shown. */
  number: number;
  title: string;
  status: StepStatus;
  /** What was seen, in plain words; never a whole token or key. */
  detail: string;
  /** What to do, for fail and warn. */
  fix?: string;
  problem?: DoctorProblem;
  /** Further observations (warnings of the verdict, keys found, timings). */
  notes: string[];
  /** The verdict engine's code, on the verdict step. */
  verdictCode?: string;
  /** token/validate's reason, on the token/validate step. */
  harnessReason?: string;
  /** Milliseconds the step took (network included). */
  elapsedMs: number;
}

export interface DoctorSummary {
  pass: number;
  fail: number;
  warn: number;
  skip: number;
}

/** The identity provider the catalogue recognised in the token (docs/identity-providers.md). */
export interface DoctorProvider {
  id: string;
  name: string;
  /** The name, with "(recognised by the token's shape…)" when the issuer did not say. */
  label: string;
  recognisedBy: 'issuer' | 'shape';
  harness: HarnessSupport;
  harnessText: string;
  /** How the provider rotates its keys and what that means for Harness (docs/key-rotation.md); absent when unknown to the table or moot. */
  rotation?: string;
}

export interface DoctorReport {
  baseUrl: string;
  accountId: string;
  /** The token's identity provider, when one was recognised. */
  provider?: DoctorProvider;
  /** Where the token came from ("pasted", "scim.http line 12", "client credentials at …"); absent when none was given. */
  tokenSource?: string;
  startedAt: string;
  finishedAt: string;
  steps: DoctorStep[];
  summary: DoctorSummary;
  /** Harness's key-set cache is behind the provider's rotation (an inference; see `basis`). */
  staleKeySet?: StaleKeySetFinding & {
    /** The command line that re-reads it (`scim-jwt setup … --refresh-key-set`). */
    refreshCommand: string;
  };
  /** No step failed (warnings and skips allowed). */
  ok: boolean;
}
