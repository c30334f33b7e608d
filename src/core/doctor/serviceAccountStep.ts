/** Step 4: the configured service account exists at account scope and holds the five SCIM permissions. */
import { THE_SCIM_PERMISSIONS } from '../harness';
import { checkServiceAccountFormat, describeServiceAccount, harnessSetupPort } from '../setup';
import { callFailure, callOptions, outcome, skipped, type DoctorContext, type StepOutcome } from './context';

export async function checkServiceAccountStep(ctx: DoctorContext): Promise<StepOutcome> {
  const id = (ctx.settings?.serviceAccountId ?? '').trim();
  if (id === '') return skipped('Skipped: scim_jwt_token_service_account_id is not set (step 2).');
  const shape = checkServiceAccountFormat(id);
  if (shape.level === 'error')
    return outcome('fail', shape.message, {
      problem: 'service-account-missing',
      fix: 'Set scim_jwt_token_service_account_id to the identifier (not the name) of an account-level service account.',
    });
  let finding;
  try {
    finding = await harnessSetupPort(ctx.client).findServiceAccount(id, callOptions(ctx));
  } catch (e) {
    return callFailure(e, `Looking up service account "${id}"`, ctx.client.baseUrl);
  }
  const check = describeServiceAccount(id, finding);
  const createFix =
    'Run "Harness SCIM JWT: Create a Service Account for SCIM" in VS Code, then set scim_jwt_token_service_account_id to it (`scim-jwt setup --create-service-account ID` does both).';
  if (!finding.found)
    return outcome('fail', check.message, { problem: 'service-account-missing', fix: createFix, notes: check.details });
  const missing = finding.report.missing;
  if (check.level === 'error') {
    return outcome('fail', check.message, {
      problem: 'permissions-missing',
      fix: `Assign "${id}" a role granting ${missing.join(', ')} on the resource group "All Account Level Resources", or ${createFix.charAt(0).toLowerCase()}${createFix.slice(1)}`,
      notes: check.details,
    });
  }
  if (check.level === 'warning' && finding.report.allHeld && finding.report.extra.length > 0) {
    return outcome('warn', check.message, {
      problem: 'permissions-excess',
      fix: `Assign "${id}" only a role with ${THE_SCIM_PERMISSIONS} on "All Account Level Resources" and remove its broader roles, or ${createFix.charAt(0).toLowerCase()}${createFix.slice(1)}`,
      notes: check.details,
    });
  }
  if (check.level === 'warning')
    return outcome('warn', check.message, {
      problem: 'permissions-uncertain',
      fix: 'Check the roles and resource groups named in the notes in Harness (Access Control).',
      notes: check.details,
    });
  return outcome('pass', check.message, { notes: check.details });
}
