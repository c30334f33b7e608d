/**
 * The setup as Terraform (docs/terraform.md; docs/harness-contract.md, "Terraform provider"):
 * the four settings as `harness_platform_setting` resources at account scope and, optionally, the
 * service account, its role with exactly the five SCIM permissions and the assignment, all
 * resources of Harness's own provider. What already exists in Harness comes out as `import` blocks
 * (Terraform 1.5) with the id the provider's importer reads (account level: the identifier), so
 * adopting it recreates nothing. Nothing here runs a shell. The form's bundle carries this file,
 * so it stays small.
 *
 * Every value from the form or the account goes through `hclString`: nothing typed can end a
 * string, start an interpolation (`${`) or a directive (`%{`). No user text is written in comments.
 */
import {
  isNotFound,
  SCIM_PERMISSIONS,
  SCIM_RESOURCE_GROUP,
  SCIM_ROLE_DESCRIPTION,
  SCIM_ROLE_ID,
  SCIM_ROLE_NAME,
  SCIM_SERVICE_ACCOUNT_DESCRIPTION,
  SETTINGS_PROPAGATION_SECONDS,
  THE_SCIM_PERMISSIONS,
  type CallOptions,
  type HarnessClient,
} from '../harness';
import { countWord } from '../countWords';
import { valuesToSend } from './model';
import { SETTING_ID_OF, SETUP_FIELDS, type ScimJwtSettings } from './types';
import type { ExportTarget } from './exporters';

/**
 * The provider releases the export accepts (docs/harness-contract.md, "Terraform provider"):
 * `harness_platform_setting` is absent at v0.45.1 and present at the pinned later commit, whose
 * release number could not be sourced; so any later 0.x release.
 */
export const HARNESS_PROVIDER_VERSION = '> 0.45.1, < 1.0.0';
/** The provider reads its API key from this variable. */
export const TERRAFORM_API_KEY_VARIABLE = 'HARNESS_PLATFORM_API_KEY';

/** What Harness already holds (read when connected); a part not read, or not there, is absent. */
export interface TerraformExisting {
  /** The account's current SCIM JWT settings. */
  settings?: ScimJwtSettings;
  serviceAccount?: { name: string; email: string; description?: string | undefined };
  role?: { name: string; description?: string | undefined };
  /** The identifier Harness gave the SCIM role's assignment on the account-level resource group. */
  roleAssignmentId?: string;
}

export interface TerraformRequest {
  target: ExportTarget;
  settings: ScimJwtSettings;
  /** Also write the service account, its SCIM role and the assignment (the checkbox / --create-service-account). */
  withServiceAccount: boolean;
  existing?: TerraformExisting;
}

/** An HCL quoted string: escapes, and `${` / `%{` doubled so that nothing is interpolated. */
export function hclString(value: string): string {
  const escaped = value
    .replace(/[\\"\p{Cc}\u2028\u2029]/gu, (ch) => {
      const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
      return named[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    })
    .replace(/([$%])\{/g, '$1$1{');
  return `"${escaped}"`;
}

/** A valid HCL (and Terraform resource) name from any text: letters, digits, `_`, `-`; never starting with a digit or `-`. */
export function hclName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 64);
  return name === '' ? 'scim_jwt' : /^[a-z_]/.test(name) ? name : `_${name}`;
}

export function terraformNames(serviceAccountId: string): { serviceAccount: string; roleAssignment: string } {
  const sa = hclName(serviceAccountId);
  return { serviceAccount: sa, roleAssignment: hclName(`${sa}_${SCIM_ROLE_ID}`) };
}

/** One attribute: a string literal, or (`[expression]`) an HCL expression written as it is. */
type Value = string | [string];
const hcl = (v: Value): string => (typeof v === 'string' ? hclString(v) : v[0]);

/** `key = value` lines with the `=` aligned, as `terraform fmt` writes them. */
function attributes(indent: string, rows: [string, Value][]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)} = ${hcl(v)}`);
}

export function buildTerraform({ target, settings, withServiceAccount, existing = {} }: TerraformRequest): string {
  const values = valuesToSend(settings);
  const id = values.serviceAccountId;
  const names = terraformNames(id);
  const sa = `harness_platform_service_account.${names.serviceAccount}`;
  const role = `harness_platform_roles.${SCIM_ROLE_ID}`;
  const assignment = `harness_platform_role_assignments.${names.roleAssignment}`;
  const resource = (type: string, name: string, rows: [string, Value][], nested: string[] = []): string[] => [
    `resource "${type}" "${name}" {`,
    ...attributes('  ', rows),
    ...nested,
    '}',
    '',
  ];
  const imports = (to: string, importId: string | undefined): string[] =>
    importId === undefined ? [] : ['import {', `  to = ${to}`, `  id = ${hclString(importId)}`, '}', ''];
  const out = [
    `# SCIM JWT authentication for Harness account ${hclString(target.accountId)} (scim-jwt). Set HARNESS_ACCOUNT_ID`,
    `# and ${TERRAFORM_API_KEY_VARIABLE}; Harness uses new settings up to ${SETTINGS_PROPAGATION_SECONDS} s after the apply.`,
    '',
    'terraform {',
    '  required_version = ">= 1.5.0"',
    '  required_providers {',
    '    harness = {',
    ...attributes('      ', [
      ['source', 'harness/harness'],
      ['version', HARNESS_PROVIDER_VERSION],
    ]),
    '    }',
    '  }',
    '}',
    '',
  ];
  if (withServiceAccount) {
    const { serviceAccount: found, role: foundRole } = existing;
    out.push(
      `# The service account, a role with exactly ${THE_SCIM_PERMISSIONS}, and its assignment.`,
      ...resource('harness_platform_service_account', names.serviceAccount, [
        ['identifier', id],
        ['name', found?.name ?? id],
        ['email', found?.email ?? `${id.toLowerCase()}@service.harness.io`],
        ['description', found?.description ?? SCIM_SERVICE_ACCOUNT_DESCRIPTION],
        ['account_id', target.accountId],
      ]),
      ...resource('harness_platform_roles', SCIM_ROLE_ID, [
        ['identifier', SCIM_ROLE_ID],
        ['name', foundRole?.name ?? SCIM_ROLE_NAME],
        ['description', foundRole?.description ?? SCIM_ROLE_DESCRIPTION],
        [
          'permissions',
          // One line per permission keeps the reviewed diff readable.
          [`[\n${SCIM_PERMISSIONS.map((p) => `    ${hclString(p)},\n`).join('')}  ]`],
        ],
        ['allowed_scope_levels', ['["account"]']],
      ]),
      ...resource(
        'harness_platform_role_assignments',
        names.roleAssignment,
        [
          ['resource_group_identifier', SCIM_RESOURCE_GROUP],
          ['role_identifier', [`${role}.identifier`]],
          ['disabled', ['false']],
          ['managed', ['false']],
        ],
        [
          '  principal {',
          ...attributes('    ', [
            ['identifier', [`${sa}.identifier`]],
            ['type', 'SERVICE_ACCOUNT'],
            ['scope_level', 'account'],
          ]),
          '  }',
        ],
      ),
      ...imports(sa, found && id),
      ...imports(role, foundRole && SCIM_ROLE_ID),
      ...imports(assignment, existing.roleAssignmentId),
    );
  }
  const same = SETUP_FIELDS.every((f) => existing.settings?.[f] === values[f]);
  out.push(
    `# The ${countWord(SETUP_FIELDS.length)} settings at account scope; destroying one restores its inherited value.`,
    ...(same ? ['# Harness already holds these values.'] : []),
  );
  for (const field of SETUP_FIELDS) {
    const setting = `harness_platform_setting.${hclName(SETTING_ID_OF[field])}`;
    out.push(
      ...resource('harness_platform_setting', hclName(SETTING_ID_OF[field]), [
        ['identifier', SETTING_ID_OF[field]],
        ['value', field === 'serviceAccountId' && withServiceAccount ? [`${sa}.identifier`] : values[field]],
        ['allow_overrides', ['false']],
      ]),
      // A setting Harness holds no value for is not set at account scope: there is nothing to import.
      ...imports(setting, existing.settings?.[field] ? SETTING_ID_OF[field] : undefined),
    );
  }
  return out.join('\n');
}

/**
 * What the export imports instead of creating: the service account (its aggregate also lists the
 * SCIM role's assignment on the account-level group with its identifier, HC
 * 123-ng-core-user/src/main/java/io/harness/ng/core/dto/RoleAssignmentMetadataDTO.java:24-31) and
 * the SCIM role. What is not found is created; other failures are thrown to the caller.
 */
export async function readTerraformExisting(
  client: HarnessClient,
  serviceAccountId: string,
  options: CallOptions = {},
): Promise<TerraformExisting> {
  const found = <T>(read: Promise<T>): Promise<T | undefined> =>
    read.catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
  const aggregate = await found(client.getServiceAccountAggregate(serviceAccountId.trim(), undefined, options));
  const role = (await found(client.getRole(SCIM_ROLE_ID, undefined, options)))?.role;
  const assigned = aggregate?.roleAssignmentsMetadataDTO.find(
    (a) => a.roleIdentifier === SCIM_ROLE_ID && a.resourceGroupIdentifier === SCIM_RESOURCE_GROUP,
  );
  return {
    ...(aggregate && { serviceAccount: aggregate.serviceAccount }),
    ...(role && { role }),
    ...(assigned && { roleAssignmentId: assigned.identifier }),
  };
}
