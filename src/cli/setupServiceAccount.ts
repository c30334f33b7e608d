/**
 * `scim-jwt setup`'s service account path: the lookup that checks --service-account, what
 * --create-service-account will find before it runs, and the provisioning itself.
 */
import { THE_SCIM_PERMISSIONS } from '../core/harness';
import type { CallOptions, HarnessClient } from '../core/harness';
import { provisionScimServiceAccount, ProvisionError, type ProvisionStep } from '../core/harness';
import { redact } from '../core/redact';
import {
  checkServiceAccount,
  describeFailure,
  type FailureReport,
  type FieldCheck,
  type SetupHarnessPort,
} from '../core/setup';

/** A failed service account lookup is not a verdict on the account: a warning, as in the form. */
function lookupFailed(e: unknown): FieldCheck {
  const f = describeFailure('service-account', e);
  return {
    field: 'serviceAccountId',
    level: 'warning',
    message: `${f.title}: ${f.message}`,
    details: [f.whatToDo],
    actions: [],
  };
}

export async function serviceAccountCheck(
  port: SetupHarnessPort,
  id: string,
  options: CallOptions,
): Promise<{ check: FieldCheck; answered: boolean }> {
  try {
    return { check: await checkServiceAccount(id, (sid) => port.findServiceAccount(sid, options)), answered: true };
  } catch (e) {
    return { check: lookupFailed(e), answered: false };
  }
}

/**
 * Before --create-service-account has run, what it will find: an account that already holds the
 * five is reused as is; anything short of that is what the create step makes, not an error yet.
 */
export function beforeCreate(found: { check: FieldCheck; answered: boolean }, id: string): FieldCheck {
  const check = found.check;
  if (!found.answered) return check;
  if (check.level !== 'error') return { ...check, message: `${check.message} --create-service-account reuses it.` };
  return {
    field: 'serviceAccountId',
    level: 'info',
    message: `--create-service-account makes what "${id}" is missing: the service account, the role holding ${THE_SCIM_PERMISSIONS}, and its assignment (what exists is reused).`,
    details: [check.message],
    actions: [],
  };
}

/** Why --create-service-account could not prepare the account: the report's failure, the next step, the cause. */
export interface PreparationFailure {
  failure: FailureReport;
  next: string;
  cause: unknown;
}

/**
 * Creates (or reuses) the service account, its SCIM role and assignment; each step is pushed onto
 * `steps` as it is reported. Returns what went wrong, or undefined when the account is ready.
 */
export async function prepareServiceAccount(
  client: HarnessClient,
  identifier: string,
  role: string | undefined,
  steps: ProvisionStep[],
  options: CallOptions,
): Promise<PreparationFailure | undefined> {
  try {
    // Steps are collected as they are reported, so whatever else the result carries is not relied on.
    await provisionScimServiceAccount(
      client,
      { identifier, name: identifier, email: `${identifier.toLowerCase()}@service.harness.io` },
      (s) => {
        steps.push({ id: s.id, status: s.status, message: redact(s.message) });
      },
      { ...options, ...(role !== undefined ? { roleIdentifier: role } : {}) },
    );
    return undefined;
  } catch (e) {
    if (e instanceof ProvisionError && steps.length === 0)
      steps.push(...e.steps.map((s) => ({ id: s.id, status: s.status, message: redact(s.message) })));
    const cause = e instanceof ProvisionError ? e.cause : e;
    // The provisioning error's own text names the steps already done; the advice follows its cause.
    const offers = e instanceof ProvisionError ? e.offers : [];
    const failure = describeFailure('service-account', cause);
    return {
      failure: {
        ...failure,
        title: `Could not prepare service account ${identifier} for SCIM`,
        message: redact(e instanceof Error ? e.message : String(e)),
        // No role is ever chosen for the user: the one that fits is named with --role, deliberately.
        ...(offers.length > 0
          ? {
              whatToDo: `Run again with --role ${offers[0]?.identifier ?? 'ROLE'} (or another role listed above), knowing the IdP's token can use every extra permission it grants.`,
            }
          : {}),
      },
      next:
        offers.length > 0
          ? 'Run it again with --role ROLE, naming one of the roles listed; what was made is reused.'
          : 'Running the same command again reuses what was made.',
      cause,
    };
  }
}
