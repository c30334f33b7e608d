/**
 * The setup as Terraform (docs/terraform.md; docs/harness-contract.md, "Terraform provider"):
 * the service account, its role with exactly the five SCIM permissions and the assignment, as
 * resources of Harness's own provider, and the four settings as the same PUT the form sends.
 *
 * Harness's provider (harness/terraform-provider-harness at v0.45.1) has no resource for account
 * settings, so the four settings are a `terraform_data` whose `local-exec` provisioner sends the
 * PUT with curl; the values travel in its environment (never inside the shell command), and a
 * change of any value replaces it, which sends the PUT again. What already exists in Harness comes
 * out as `import` blocks (Terraform 1.5) with the id the provider's importer reads, so adopting it
 * recreates nothing. The form's bundle carries this file, so it stays small.
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
import { settingsUrl } from './requestBody';
import { SETTING_ID_OF, SETUP_FIELDS, type ScimJwtSettings } from './types';
import type { ExportTarget } from './exporters';

/** The provider release whose schema the export follows (docs/harness-contract.md, "Terraform provider"). */
export const HARNESS_PROVIDER_VERSION = '~> 0.45.1';
/** The provider reads this variable for its key; the PUT reads it too, so one environment serves both. */
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

/**
 * The local-exec command. Constant: the URL, body and key come from the environment, so no value
 * reaches the shell's parser. Harness answers 200 even when an item fails, so the answer is searched
 * for an item whose `updateStatus` is false (docs/harness-contract.md, "Setting update semantics").
 */
const PUT_COMMAND = `out=$(curl -sS --fail-with-body -X PUT "$SCIM_JWT_SETTINGS_URL" \\
  -H "x-api-key: $${TERRAFORM_API_KEY_VARIABLE}" -H 'Content-Type: application/json' \\
  --data-raw "$SCIM_JWT_SETTINGS_BODY") || { printf '%s\\n' "$out" >&2; exit 1; }
if printf '%s' "$out" | grep -Eq '"updateStatus"[[:space:]]*:[[:space:]]*false'; then
  printf 'Harness did not save every setting: %s\\n' "$out" >&2; exit 1
fi`;

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
    `# The ${countWord(SETUP_FIELDS.length)} settings: the provider has no resource for them, so this sends the form's PUT`,
    '# (curl and a POSIX shell where you apply); a changed value sends it again.',
    ...(same ? ['# Harness already holds these values.'] : []),
    'locals {',
    '  scim_jwt_settings = [',
    ...SETUP_FIELDS.flatMap((field) => [
      '    {',
      ...attributes('      ', [
        ['identifier', SETTING_ID_OF[field]],
        ['value', field === 'serviceAccountId' && withServiceAccount ? [`${sa}.identifier`] : values[field]],
        ['allowOverrides', ['false']],
        ['updateType', 'UPDATE'],
      ]),
      '    },',
    ]),
    '  ]',
    '}',
    '',
    ...resource(
      'terraform_data',
      'scim_jwt_settings',
      [['triggers_replace', ['local.scim_jwt_settings']]],
      [
        '',
        '  provisioner "local-exec" {',
        `    command = <<-EOT\n${PUT_COMMAND.replace(/^/gm, '      ')}\n    EOT`,
        '    environment = {',
        ...attributes('      ', [
          ['SCIM_JWT_SETTINGS_URL', settingsUrl(target.baseUrl, target.accountId)],
          ['SCIM_JWT_SETTINGS_BODY', ['jsonencode(local.scim_jwt_settings)']],
        ]),
        '    }',
        '  }',
      ],
    ),
  );
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
