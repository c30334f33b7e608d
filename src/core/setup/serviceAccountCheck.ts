/**
 * The service account check: Harness resolves the setting at account scope and then evaluates
 * every SCIM call as that account (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 11–12; "Authentication on SCIM endpoints"), so it must exist there
 * and hold the five SCIM permissions through an account-wide resource group.
 */
import { SCIM_PERMISSION_COUNT_WORD, THE_SCIM_PERMISSIONS } from '../harness';
import type { ScimPermissionReport } from '../harness';
import { capList, firstFew, inline } from '../listCap';
import { checkServiceAccountFormat } from './fieldChecks';
import { JWT_REACH_NOTE } from './reachNote';
import type { FieldCheck } from './types';

export type ServiceAccountFinding =
  | { found: false }
  | {
      found: true;
      name: string;
      report: ScimPermissionReport;
      /** What could not be checked (assignments' enabled state, a role, a resource group), in words. */
      notes?: string[];
    };

/** What a permission id means in the Harness UI (Access Control → Roles). */
const PERMISSION_LABEL: Readonly<Record<string, string>> = {
  core_user_view: 'Users: View',
  core_user_manage: 'Users: Manage',
  core_user_invite: 'Users: Invite',
  core_usergroup_view: 'User Groups: View',
  core_usergroup_manage: 'User Groups: Manage',
};

export function permissionLabel(permission: string): string {
  const label = PERMISSION_LABEL[permission];
  return label === undefined ? permission : `${label} (${permission})`;
}

// In a file of its own: the sidebar shows it from activation on, the check loads with the form.
export { JWT_REACH_NOTE } from './reachNote';

/** The first few lines of an input-sized list, then one line counting the rest. */
export function capLines(lines: readonly string[], rest: (more: number) => string): string[] {
  const { shown, more } = firstFew(lines);
  return more > 0 ? [...shown, rest(more)] : shown;
}

/** One line per assignment that grants more than SCIM needs (the first few), for the doctor, the form and the tree. */
export function extraPermissionLines(report: ScimPermissionReport): string[] {
  return capLines(
    report.extra.map(
      (e) =>
        `Role ${inline(e.roleIdentifier)} on ${inline(e.resourceGroupIdentifier)} also grants ${e.permissions.length} other permission${e.permissions.length === 1 ? '' : 's'}: ${capList(e.permissions, { show: (p) => inline(p) })}.`,
    ),
    (more) => `…and ${more} more assignment${more === 1 ? '' : 's'} granting other permissions.`,
  );
}

/**
 * What Harness answers without them: a 403 for the read and manage checks; for core_user_invite,
 * checked inside the invitation, a 409 SCIM error on creating a user (HC
 * 120-ng-manager/src/main/java/io/harness/ng/scim/resource/NGScimUserResource.java:98-109).
 */
function refusalOf(missing: readonly string[]): string {
  const parts: string[] = [];
  if (missing.some((p) => p !== 'core_user_invite')) parts.push('SCIM calls needing them would get 403');
  if (missing.includes('core_user_invite')) parts.push('creating a user would get 409 naming core_user_invite');
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * What the check reads: the account-scope assignments of the service account. Harness also lets an
 * account-level service account be given roles inside an organization or a project (HC
 * access-control/service/src/main/java/io/harness/accesscontrol/roleassignments/api/RoleAssignmentApiUtils.java:198-232),
 * and the IdP's token could use those too; they are not read, and the user is told so.
 */
export const SCOPE_NOTE =
  "Roles given to it inside organizations or projects are not read here; the IdP's token could use those too.";

const LEAST_PRIVILEGE = `Give it only a role holding ${THE_SCIM_PERMISSIONS} (Users View/Manage/Invite, User Groups View/Manage) on "All Account Level Resources", and remove the broader roles.`;

export function describeServiceAccount(id: string, finding: ServiceAccountFinding): FieldCheck {
  const trimmed = id.trim();
  if (!finding.found) {
    return {
      field: 'serviceAccountId',
      level: 'error',
      message: `No service account "${trimmed}" at account scope. Harness would refuse every token ("Service account '${trimmed}' doesn't exist"). Organization and project service accounts do not count.`,
      details: [],
      actions: [{ kind: 'create-service-account' }],
    };
  }
  const { report } = finding;
  const details: string[] = capLines(finding.notes ?? [], (more) => `…and ${more} more notes like these.`);
  details.push(
    ...capLines(
      report.disabled.map(
        (d) =>
          `Role ${inline(d.roleIdentifier)} on ${inline(d.resourceGroupIdentifier)} is assigned but disabled: Harness grants nothing through it.`,
      ),
      (more) => `…and ${more} more disabled assignment${more === 1 ? '' : 's'}.`,
    ),
  );
  details.push(
    ...capLines(
      report.uncertain.map(
        (u) =>
          `Role ${inline(u.roleIdentifier)} on resource group ${inline(u.resourceGroupIdentifier)} grants ${capList(u.permissions)}, but whether that group covers account-level users and user groups could not be verified.`,
      ),
      (more) =>
        `…and ${more} more assignment${more === 1 ? '' : 's'} through resource groups that could not be verified.`,
    ),
  );
  if (report.unknownRoles.length > 0)
    details.push(
      `Could not read the role(s) ${capList(report.unknownRoles, { show: (r) => inline(r) })}; their permissions are not counted.`,
    );
  const extras = extraPermissionLines(report);
  const who = `"${inline(finding.name)}" (${trimmed})`;
  if (report.allHeld) {
    if (extras.length > 0) {
      return {
        field: 'serviceAccountId',
        level: 'warning',
        message: `${who} holds ${THE_SCIM_PERMISSIONS}, and more than SCIM needs. ${JWT_REACH_NOTE} ${LEAST_PRIVILEGE} ${SCOPE_NOTE}`,
        details: [...extras, ...details],
        actions: [],
      };
    }
    return {
      field: 'serviceAccountId',
      level: details.length > 0 ? 'warning' : 'ok',
      message: `${who} exists at account scope and holds ${THE_SCIM_PERMISSIONS}, and no more at account scope. ${SCOPE_NOTE}`,
      details,
      actions: [],
    };
  }
  const unverified = new Set(report.uncertain.flatMap((u) => u.permissions));
  if (report.missing.every((p) => unverified.has(p))) {
    // Custom resource groups Harness may well honour: a warning, not a failure, when they could not be read.
    return {
      field: 'serviceAccountId',
      level: 'warning',
      message: `${who} gets ${report.missing.map(permissionLabel).join(', ')} only through a custom resource group this key could not verify; SCIM works if that group includes all account-level users and user groups.`,
      details: [...extras, ...details],
      actions: [],
    };
  }
  return {
    field: 'serviceAccountId',
    level: 'error',
    message: `${who} exists but lacks ${report.missing.length} of ${THE_SCIM_PERMISSIONS}: ${report.missing.map(permissionLabel).join(', ')}. ${refusalOf(report.missing)} Assign a role that grants exactly these ${SCIM_PERMISSION_COUNT_WORD} on "All Account Level Resources" (a custom SCIM role; "Create a Service Account for SCIM" makes one), or create a service account that has them.`,
    details: [...extras, ...details],
    actions: [{ kind: 'create-service-account' }],
  };
}

/** Shape first; the lookup only for a well-formed identifier. */
export async function checkServiceAccount(
  id: string,
  lookup: (id: string) => Promise<ServiceAccountFinding>,
): Promise<FieldCheck> {
  const shape = checkServiceAccountFormat(id);
  if (shape.level === 'error') return shape;
  return describeServiceAccount(id, await lookup(id.trim()));
}
