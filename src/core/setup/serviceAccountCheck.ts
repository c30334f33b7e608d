/**
 * The service account check: Harness resolves the setting at account scope and then evaluates
 * every SCIM call as that account (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 11–12; "Authentication on SCIM endpoints"), so it must exist there
 * and hold the five SCIM permissions through an account-wide resource group.
 */
import type { ScimPermissionReport } from '../harness';
import { capList } from '../listCap';
import { checkServiceAccountFormat } from './fieldChecks';
import type { FieldCheck } from './types';

export type ServiceAccountFinding =
  | { found: false }
  | { found: true; name: string; report: ScimPermissionReport };

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
  const details: string[] = [];
  for (const u of report.uncertain) {
    details.push(`Role ${u.roleIdentifier} on resource group ${u.resourceGroupIdentifier} grants ${capList(u.permissions)}, but that group's coverage of account users is unknown; it is counted as missing.`);
  }
  if (report.unknownRoles.length > 0) details.push(`Could not read the role(s) ${capList(report.unknownRoles)}; their permissions are not counted.`);
  if (report.allHeld) {
    return { field: 'serviceAccountId', level: details.length > 0 ? 'warning' : 'ok', message: `"${finding.name}" (${trimmed}) exists at account scope and holds the five SCIM permissions.`, details, actions: [] };
  }
  return {
    field: 'serviceAccountId',
    level: 'error',
    message: `"${finding.name}" (${trimmed}) exists but lacks ${report.missing.length} of the five SCIM permissions: ${report.missing.map(permissionLabel).join(', ')}. SCIM calls would get 403. Assign a role that grants them on "All Account Level Resources" (e.g. Account Admin or a custom SCIM role), or create a service account that has them.`,
    details,
    actions: [{ kind: 'create-service-account' }],
  };
}

/** Shape first; the lookup only for a well-formed identifier. */
export async function checkServiceAccount(id: string, lookup: (id: string) => Promise<ServiceAccountFinding>): Promise<FieldCheck> {
  const shape = checkServiceAccountFormat(id);
  if (shape.level === 'error') return shape;
  return describeServiceAccount(id, await lookup(id.trim()));
}
