/**
 * What a failed step means and how to fix it. Harness's answers differ by call (docs/harness-contract.md,
 * "SCIM base URL and resources" and "SCIM error bodies"): a failed POST is a 409 whose SCIM error says `status: 404`, reads answer SCIM errors,
 * PATCH and DELETE answer Harness ErrorDTOs, and a 403 is an ErrorDTO without
 * `failedPermissionChecks` whose message names the permission; a missing `core_user_invite` is the
 * create's 409 SCIM error, whose detail names it.
 */
import { HarnessAccessDeniedError, HarnessApiError, HarnessScimError } from '../harness';
import type { StepDefinition } from './steps';
import type { RehearsalProblem } from './types';

export interface FailureExplanation {
  problem: RehearsalProblem;
  status: number | undefined;
  message: string;
  fix: string;
  missingPermission?: string;
  permissionInferred?: boolean;
}

const SA_SETTING = 'scim_jwt_token_service_account_id';

function permissionFailure(
  def: StepDefinition,
  error: HarnessApiError,
  fromDetail: readonly string[] = [],
): FailureExplanation {
  const named = error instanceof HarnessAccessDeniedError ? error.missingPermissions : fromDetail;
  const fromHarness = named.filter((p) => def.permissions.includes(p));
  const inferred = fromHarness.length === 0;
  const candidates = inferred ? [...def.permissions] : fromHarness;
  const missing = candidates.join(' or ');
  const text = error.serverMessage ?? (error instanceof HarnessScimError ? error.detail : undefined);
  const said = text !== undefined ? ` Harness said: "${text}".` : '';
  const status = error.httpStatus ?? 403;
  const how = inferred
    ? ` Harness's answer names no permission, so this is inferred from the call: it needs ${def.permissions.join(' and ')}.`
    : '';
  return {
    problem: 'permission-missing',
    status: error.httpStatus,
    missingPermission: missing,
    permissionInferred: inferred,
    message:
      `Harness accepted the token but refused the call (HTTP ${status}): the service account lacks ${missing}.${how}${said} ` +
      `An identity provider that ${def.idpAction} fails the same way, usually with a bare "${status === 409 ? '409 Conflict' : '403 Forbidden'}" in its logs.`,
    fix:
      `Give the service account named in ${SA_SETTING} a role that contains ${missing}, assigned at account scope on a resource group ` +
      'that covers account-level users and user groups (for example All Account Level Resources). A role on an organization- or ' +
      'project-level resource group does not count: Harness checks SCIM calls at account scope.',
  };
}

/**
 * The invitation a SCIM create makes checks `core_user_invite` inside the create, so its refusal is
 * the create's 409 SCIM error with the access-control client's text: "Principal of type … : Missing
 * permission core_user_invite on user" (harness-core 1dcec145
 * 120-ng-manager/src/main/java/io/harness/ng/scim/resource/NGScimUserResource.java:104-109;
 * 120-ng-manager/src/main/java/io/harness/ng/core/invites/api/impl/InviteServiceImpl.java:1070-1073;
 * clients/access-control/sdk/src/main/java/io/harness/accesscontrol/clients/AbstractAccessControlClient.java:184-194).
 */
function missingPermissionIn(detail: string): string | undefined {
  return /Missing permission (core_[a-z_]+)/.exec(detail)?.[1];
}

function inviteRefused(def: StepDefinition, error: HarnessScimError, permission: string): FailureExplanation {
  // Same advice as a 403; Harness checks this one inside the invitation and answers the create's 409.
  const as403 = permissionFailure(def, error, [permission]);
  return { ...as403, message: `${as403.message} Harness checks it inside the invitation, hence not a 403.` };
}

function scimErrorFailure(def: StepDefinition, error: HarnessScimError): FailureExplanation {
  const detail = error.detail ?? 'no detail given';
  const named = missingPermissionIn(detail);
  if (named !== undefined && def.permissions.includes(named)) return inviteRefused(def, error, named);
  if (def.id === 'createUser' || def.id === 'createGroup') {
    const what = def.id === 'createUser' ? 'user' : 'group';
    return {
      problem: 'harness-error',
      status: error.httpStatus,
      message: `Harness could not create the test ${what}: "${detail}" (HTTP ${error.httpStatus ?? 409}; the SCIM error's status ${error.scimStatus ?? '404'} is hard-coded, the detail counts).`,
      fix:
        def.id === 'createUser'
          ? "Read the detail above. Causes in Harness's source: no free user seat, or a display name with : < > = / or over 256 characters. " +
            'Other account policies may also refuse an invitation. Fix it in Harness and run again.'
          : "Read the detail above. A group whose name normalises to the same identifier causes it, but the rehearsal's names are unique.",
    };
  }
  return {
    problem: error.httpStatus === 404 || error.scimStatus === '404' ? 'unexpected-answer' : 'harness-error',
    status: error.httpStatus,
    message: `Harness answered with a SCIM error (HTTP ${error.httpStatus ?? '?'}): "${detail}".`,
    fix: notFoundFix(def),
  };
}

function notFoundFix(def: StepDefinition): string {
  const object = def.step <= 5 || def.step >= 11 ? 'user' : 'group';
  return (
    `The ${object} created a moment ago was not found. Check that the base URL is the account's own cluster: Harness documents that ` +
    'calling another cluster can answer without effect. If the cluster is right, run again; report it if it persists.'
  );
}

export function explainFailure(def: StepDefinition, error: unknown): FailureExplanation {
  if (!(error instanceof HarnessApiError)) {
    const text = error instanceof Error ? error.message : String(error);
    return {
      problem: 'harness-error',
      status: undefined,
      message: `The step stopped with an unexpected error: ${text}`,
      fix: 'Run again; if it persists, report it with the log.',
    };
  }
  const status = error.httpStatus;
  switch (error.kind) {
    case 'cancelled':
      return { problem: 'cancelled', status, message: 'Cancelled.', fix: 'Run the rehearsal again when ready.' };
    case 'timeout':
    case 'connection':
    case 'html-page':
      return {
        problem: 'unreachable',
        status,
        message: `${error.message}${def.step >= 3 ? ' The call may still have taken effect in Harness; the cleanup looked for the test objects by their unique names.' : ''}`,
        fix:
          def.step === 1
            ? 'Check the base URL (SaaS URLs end in /gateway), the network and any proxy, then run again.'
            : 'Harness answered the earlier steps, so the URL is right: Harness or a proxy in between was slow or dropped this call. Run again later.',
      };
    case 'access-denied':
      return permissionFailure(def, error);
    case 'scim-error':
      return error instanceof HarnessScimError
        ? scimErrorFailure(def, error)
        : { problem: 'harness-error', status, message: error.message, fix: notFoundFix(def) };
    case 'unexpected-shape':
    case 'invalid-json':
      return {
        problem: 'unexpected-answer',
        status,
        message: error.message,
        fix: 'Harness answered something the contract does not describe; run again, and report it with the log if it persists.',
      };
    default:
      break;
  }
  if (status === 401) {
    return {
      problem: 'token-refused',
      status,
      message: `Harness refused the token (HTTP 401${error.serverMessage !== undefined ? `: ${error.serverMessage}` : ''}). It gives this one answer for every JWT problem${def.step > 1 ? '; the token passed step 1, so it probably expired during the run' : ''}.`,
      fix:
        def.step > 1
          ? 'Get a fresh token and run again.'
          : 'Run the doctor (in the editor, or `scim-jwt doctor`) to find which link of the JWT chain fails.',
    };
  }
  if (status === 403) return permissionFailure(def, error);
  if (status === 404) return { problem: 'unexpected-answer', status, message: error.message, fix: notFoundFix(def) };
  if (status !== undefined && status >= 500) {
    return {
      problem: 'harness-error',
      status,
      message: `Harness failed on this call (HTTP ${status}). An identity provider would retry it later.${error.correlationId !== undefined ? ` Correlation id: ${error.correlationId}.` : ''}`,
      fix: 'Run again later; if it keeps failing at this step, give Harness support the correlation id.',
    };
  }
  return {
    problem: 'harness-error',
    status,
    message: error.message,
    fix: "Read Harness's answer above; run again, and report it with the log if it persists.",
  };
}
