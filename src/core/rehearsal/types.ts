/**
 * The SCIM provisioning rehearsal's report and its leftovers store. The VS Code command, the CLI's
 * text and its `--json` all read these shapes; keep names stable.
 */
import type { RunOwner } from './owner';

/**
 * The twelve calls, in the order an identity provider makes them. Deactivation comes last because
 * Harness deletes a deactivated user; the last step reads the user back to prove it.
 */
export type RehearsalStepId =
  | 'serviceProviderConfig'
  | 'findUser'
  | 'createUser'
  | 'getUser'
  | 'renameUser'
  | 'createGroup'
  | 'addMember'
  | 'getGroup'
  | 'removeMember'
  | 'deleteGroup'
  | 'deactivateUser'
  | 'confirmUserDeleted';

export type StepOutcome = 'pass' | 'fail' | 'skip';

/** Why a step failed, named so UIs and tests match on it rather than on text. */
export type RehearsalProblem =
  /** 401: Harness did not accept the token at all. */
  | 'token-refused'
  /** 403, or the 409 of a create refused for `core_user_invite`: the service account lacks the step's permission. */
  | 'permission-missing'
  /** The rehearsal's own test user already exists: something is off, nothing is touched. */
  | 'name-taken'
  /** Harness answered, but not as the contract says (status, body, or the change did not stick). */
  | 'unexpected-answer'
  /** 5xx, or a 4xx the step cannot explain. */
  | 'harness-error'
  /** No answer: connection refused or reset, DNS, TLS, timeout, an HTML page from a gateway. */
  | 'unreachable'
  /** The leftovers store could not record a create, so it was not sent. */
  | 'store-failed'
  | 'cancelled';

export interface RehearsalStepResult {
  /** 1–12. */
  step: number;
  id: RehearsalStepId;
  title: string;
  /** `METHOD /ng/api/scim/account/{acc}/…` with the filter shown unencoded; never the token. */
  request: string;
  /** HTTP status of the answer; undefined when none came (or the step was skipped). */
  status: number | undefined;
  outcome: StepOutcome;
  elapsedMs: number;
  /** The permission(s) the step exercises, e.g. `core_user_view`, or `none (authentication only)`. */
  permission: string;
  /** What happened; for a failure, what it means. */
  message: string;
  /** How to fix a failure. */
  fix?: string;
  problem?: RehearsalProblem;
  /** On a refusal for a permission: the permission judged missing. */
  missingPermission?: string;
  /** True when Harness's 403 did not name the permission, so it was inferred from the step. */
  permissionInferred?: boolean;
  /** Where this step relies on Harness behaviour the contract infers rather than documents. */
  inferred: string[];
}

/** Something the rehearsal created (or may have created) in the account. */
export interface RehearsalLeftover {
  kind: 'user' | 'group';
  /** Its unique reserved name: the user's userName (an example.com address) or the group's displayName. */
  name: string;
  /** Harness's id, once the create answered; absent when the create was sent and its answer lost. */
  id?: string;
  /** Where: the normalized base URL and account, so a store shared by accounts keeps them apart. */
  baseUrl: string;
  accountId: string;
  /** ISO time it was recorded. */
  recordedAt: string;
  /** The run that recorded it: while that run goes on, the entry is its work, not a leftover. */
  owner?: RunOwner;
}

/**
 * Where leftovers survive a crash: the extension backs it with `globalState`, the CLI with a file in
 * the user's cache directory. `save` replaces the whole list; entries of other accounts must be kept.
 */
export interface LeftoversStore {
  load(): Promise<RehearsalLeftover[]>;
  save(leftovers: RehearsalLeftover[]): Promise<void>;
}

/** One delete made while cleaning up (this run's objects, or a previous run's). */
export interface CleanupAction {
  kind: 'user' | 'group';
  name: string;
  id: string | undefined;
  request: string;
  status: number | undefined;
  /** Gone (deleted now, or found already absent). */
  ok: boolean;
  message: string;
}

/**
 * Something an identity provider will meet in Harness, with where Harness's source says so and, when
 * the run could see it, what it saw in this account.
 */
export interface RehearsalFinding {
  id: 'username-is-email' | 'group-identifiers' | 'total-results' | 'plus-addresses' | 'external-id' | 'name-patches';
  title: string;
  /** What Harness does and what it means for the identity provider. */
  detail: string;
  /** Harness source, e.g. `harness-core 1dcec145 120-ng-manager/…/NGScimUserServiceImpl.java:338-355`. */
  source: string;
  /** What this run saw in the account (undefined when it had nothing to look at). */
  observed?: string;
}

export type RehearsalOutcome =
  /** All twelve steps passed and nothing is left. */
  | 'passed'
  /** A step failed; everything created was deleted. */
  | 'step-failed'
  /** Harness was not reached at all (step 1 got no answer). */
  | 'unreachable'
  /** Something created could not be deleted: see `leftovers`. */
  | 'cleanup-incomplete'
  | 'cancelled';

export interface RehearsalReport {
  baseUrl: string;
  accountId: string;
  startedAt: string;
  finishedAt: string;
  /** The reserved names this run used. */
  userName: string;
  groupName: string;
  /** Always twelve; after a failure the rest are `skip`. */
  steps: RehearsalStepResult[];
  /** A previous run's leftovers removed (or not) before this run started. */
  previousCleanup: CleanupAction[];
  /** This run's cleanup after a failure (empty when steps 10–12 removed everything). */
  cleanup: CleanupAction[];
  /** What is still in the account, recorded in the store for the next run; empty means "as it was". */
  leftovers: RehearsalLeftover[];
  /** "What your IdP will hit": Harness's handling of what identity providers send, checked where the run could. */
  findings: RehearsalFinding[];
  /** Whether step 12 saw the deactivated test user gone (true), still there (false), or did not get that far. */
  deactivationDeleted: boolean | undefined;
  outcome: RehearsalOutcome;
  ok: boolean;
}
