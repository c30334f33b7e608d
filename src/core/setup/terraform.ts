/**
 * The setup as Terraform (docs/terraform.md; docs/harness-contract.md, "Terraform provider"):
 * the service account, its role with exactly the five SCIM permissions and the assignment, as
 * resources of Harness's own provider, and the four settings as the same PUT the form sends.
 *
 * Harness's provider (harness/terraform-provider-harness at v0.45.1) has no resource for account
 * settings, so the four settings are a `terraform_data` whose `local-exec` provisioner sends the
 * PUT with curl; the values travel in its environment (never inside the shell command), and a
 * change of any value replaces it, which sends the PUT again. What already exists in Harness comes
 * out as `import` blocks (Terraform 1.5) with the id format the provider's importer reads, so
 * adopting it recreates nothing.
 *
 * Every value from the form or the account goes through `hclString`: nothing typed can end a
 * string, start an interpolation (`${`) or a directive (`%{`). No user text is written in comments.
 */
import {
  isHarnessApiError,
  isNotFound,
  SCIM_PERMISSIONS,
  SCIM_RESOURCE_GROUP,
  SCIM_ROLE_ID,
  SETTINGS_PROPAGATION_SECONDS,
  THE_SCIM_PERMISSIONS,
  type CallOptions,
  type HarnessClient,
} from '../harness';
import { settingsUrl } from './requestBody';
import { countWord } from '../countWords';
import { currentFromSettings, prefillFrom, valuesToSend } from './model';
import { SETTING_ID_OF, SETUP_FIELDS, type ScimJwtSettings } from './types';
import type { ExportTarget } from './exporters';

/** The provider release whose schema the export follows (docs/harness-contract.md, "Terraform provider"). */
export const HARNESS_PROVIDER_SOURCE = 'harness/harness';
export const HARNESS_PROVIDER_VERSION = '~> 0.45.1';
/** `import` blocks need Terraform 1.5. */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.5.0';
/** The provider reads the same variables; the PUT uses them too, so one environment serves both. */
export const TERRAFORM_API_KEY_VARIABLE = 'HARNESS_PLATFORM_API_KEY';

/** What Harness already holds, as read when connected; a part not read is simply absent. */
export interface TerraformExisting {
  /** The account's current SCIM JWT settings, when read. */
  settings?: ScimJwtSettings;
  serviceAccount?: { name: string; email: string; description?: string | undefined };
  role?: { name: string; description?: string | undefined };
  /** The identifier Harness gave the SCIM role's assignment on the account-level resource group. */
  roleAssignmentId?: string;
  /** Lines for the header: what could not be read (written by us, never user text). */
  notes?: string[];
}

export interface TerraformRequest {
  target: ExportTarget;
  settings: ScimJwtSettings;
  /** Also write the service account, its SCIM role and the assignment (the checkbox / --create-service-account). */
  withServiceAccount: boolean;
  existing?: TerraformExisting;
}

// ----- HCL text -----

/** An HCL quoted string: escapes, and `${` / `%{` doubled so that nothing is interpolated. */
export function hclString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || (code >= 0x80 && code < 0xa0))
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** A valid HCL (and Terraform resource) name from any text: letters, digits, `_`, `-`; never starting with a digit or `-`. */
export function hclName(text: string, fallback = 'scim_jwt'): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 64)
    .toLowerCase();
  if (cleaned === '') return fallback;
  return /^[a-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** Comments carry only our own text, but a stray newline must still not end one. */
const comment = (text: string): string => `# ${text.replace(/[\p{Cc}\u2028\u2029]/gu, ' ')}`;

interface Value {
  hcl: string;
}
const ref = (expression: string): Value => ({ hcl: expression });
const lit = (text: string): Value => ({ hcl: hclString(text) });
const list = (items: readonly string[]): Value => ({ hcl: `[${items.map(hclString).join(', ')}]` });

/** `key = value` lines with the `=` aligned, as `terraform fmt` writes them. */
function attributes(indent: string, rows: readonly (readonly [string, Value])[]): string[] {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v.hcl}`);
}

function block(header: string, rows: readonly (readonly [string, Value])[], nested: string[] = []): string[] {
  return [`${header} {`, ...attributes('  ', rows), ...nested, '}'];
}

function importBlock(address: string, id: string): string[] {
  return ['import {', `  to = ${address}`, `  id = ${hclString(id)}`, '}'];
}

// ----- the settings' PUT -----

/**
 * The local-exec command. Constant: the URL, body and key come from the environment, so no value
 * reaches the shell's parser. Harness answers 200 even when an item fails, so the answer is read
 * for an item whose `updateStatus` is false (docs/harness-contract.md, "Setting update semantics").
 */
const PUT_COMMAND = [
  'out=$(curl -sS --fail-with-body -X PUT "$SCIM_JWT_SETTINGS_URL" \\',
  `  -H "x-api-key: $${TERRAFORM_API_KEY_VARIABLE}" -H 'Content-Type: application/json' \\`,
  '  --data-raw "$SCIM_JWT_SETTINGS_BODY") || { printf \'%s\\n\' "$out" >&2; exit 1; }',
  'case "$out" in',
  `  *'"updateStatus":false'*) printf 'Harness did not save every setting: %s\\n' "$out" >&2; exit 1 ;;`,
  'esac',
];

// ----- the export -----

export interface TerraformNames {
  serviceAccount: string;
  role: string;
  roleAssignment: string;
  settings: string;
}

export function terraformNames(serviceAccountId: string): TerraformNames {
  const sa = hclName(serviceAccountId);
  return {
    serviceAccount: sa,
    role: hclName(SCIM_ROLE_ID),
    roleAssignment: hclName(`${sa}_${SCIM_ROLE_ID}`),
    settings: 'scim_jwt_settings',
  };
}

export function buildTerraform(request: TerraformRequest): string {
  const { target, withServiceAccount } = request;
  const existing = request.existing ?? {};
  const values = valuesToSend(request.settings);
  const names = terraformNames(values.serviceAccountId);
  const saAddress = `harness_platform_service_account.${names.serviceAccount}`;
  const roleAddress = `harness_platform_roles.${names.role}`;
  const assignmentAddress = `harness_platform_role_assignments.${names.roleAssignment}`;

  const out: string[] = [
    comment(`SCIM JWT authentication for Harness account ${target.accountId}, as Terraform (scim-jwt).`),
    comment(`Set HARNESS_ACCOUNT_ID and ${TERRAFORM_API_KEY_VARIABLE} (and HARNESS_ENDPOINT outside app.harness.io),`),
    comment(
      `review, then terraform plan and apply. Harness uses new settings up to ${SETTINGS_PROPAGATION_SECONDS} s after the apply.`,
    ),
    ...(existing.notes ?? []).map(comment),
    '',
    'terraform {',
    `  required_version = ${hclString(TERRAFORM_REQUIRED_VERSION)}`,
    '  required_providers {',
    '    harness = {',
    ...attributes('      ', [
      ['source', lit(HARNESS_PROVIDER_SOURCE)],
      ['version', lit(HARNESS_PROVIDER_VERSION)],
    ]),
    '    }',
    '  }',
    '}',
    '',
  ];

  if (withServiceAccount) {
    const id = values.serviceAccountId;
    const sa = existing.serviceAccount;
    out.push(
      comment(`The service account SCIM calls run as, a role with exactly ${THE_SCIM_PERMISSIONS}, and`),
      comment('its assignment on all account-level resources: what "Create a Service Account for SCIM" makes.'),
      ...block(`resource "harness_platform_service_account" ${hclString(names.serviceAccount)}`, [
        ['identifier', lit(id)],
        ['name', lit(sa?.name ?? id)],
        ['email', lit(sa?.email ?? `${id.toLowerCase()}@service.harness.io`)],
        ['description', lit(sa?.description ?? 'SCIM provisioning through IdP JWTs')],
        ['account_id', lit(target.accountId)],
      ]),
      '',
      ...block(`resource "harness_platform_roles" ${hclString(names.role)}`, [
        ['identifier', lit(SCIM_ROLE_ID)],
        ['name', lit(existing.role?.name ?? 'SCIM JWT provisioner')],
        [
          'description',
          lit(
            existing.role?.description ??
              'Users View/Manage/Invite and User Groups View/Manage, for SCIM calls authenticated by IdP JWTs',
          ),
        ],
        ['permissions', list(SCIM_PERMISSIONS)],
        ['allowed_scope_levels', list(['account'])],
      ]),
      '',
      ...block(
        `resource "harness_platform_role_assignments" ${hclString(names.roleAssignment)}`,
        [
          ['resource_group_identifier', lit(SCIM_RESOURCE_GROUP)],
          ['role_identifier', ref(`${roleAddress}.identifier`)],
          ['disabled', ref('false')],
          ['managed', ref('false')],
        ],
        [
          '  principal {',
          ...attributes('    ', [
            ['identifier', ref(`${saAddress}.identifier`)],
            ['type', lit('SERVICE_ACCOUNT')],
            ['scope_level', lit('account')],
          ]),
          '  }',
        ],
      ),
      '',
    );
    const imports: string[][] = [];
    if (existing.serviceAccount) imports.push(importBlock(saAddress, id));
    if (existing.role) imports.push(importBlock(roleAddress, SCIM_ROLE_ID));
    if (existing.roleAssignmentId !== undefined)
      imports.push(importBlock(assignmentAddress, existing.roleAssignmentId));
    if (imports.length > 0) {
      out.push(comment('Already in Harness: adopted into the state, not created again.'));
      for (const i of imports) out.push(...i, '');
    }
  }

  const settingValue = (field: (typeof SETUP_FIELDS)[number]): Value =>
    field === 'serviceAccountId' && withServiceAccount ? ref(`${saAddress}.identifier`) : lit(values[field]);
  const items = SETUP_FIELDS.map((field) => [
    '    {',
    ...attributes('      ', [
      ['identifier', lit(SETTING_ID_OF[field])],
      ['value', settingValue(field)],
      ['allowOverrides', ref('false')],
      ['updateType', lit('UPDATE')],
    ]),
    '    },',
  ]).flat();
  const same =
    existing.settings !== undefined && SETUP_FIELDS.every((f) => (existing.settings?.[f] ?? '') === values[f]);
  out.push(
    comment(
      `The ${countWord(SETUP_FIELDS.length)} SCIM JWT settings. The provider has no resource for account settings, so this sends`,
    ),
    comment('the PUT /ng/api/settings the setup form sends (curl and a POSIX shell on the machine that applies).'),
    comment(
      'A changed value replaces this resource, which sends the PUT again; destroying it changes nothing in Harness.',
    ),
    ...(same ? [comment('Harness already holds these values: the first apply writes the same values again.')] : []),
    'locals {',
    '  scim_jwt_settings = [',
    ...items,
    '  ]',
    '}',
    '',
    ...block(
      `resource "terraform_data" ${hclString(names.settings)}`,
      [['triggers_replace', ref('local.scim_jwt_settings')]],
      [
        '',
        '  provisioner "local-exec" {',
        '    command = <<-EOT',
        ...PUT_COMMAND.map((l) => `      ${l}`),
        '    EOT',
        '    environment = {',
        ...attributes('      ', [
          ['SCIM_JWT_SETTINGS_URL', lit(settingsUrl(target.baseUrl, target.accountId))],
          ['SCIM_JWT_SETTINGS_BODY', ref('jsonencode(local.scim_jwt_settings)')],
        ]),
        '    }',
        '  }',
      ],
    ),
    '',
  );
  return out.join('\n');
}

// ----- what Harness holds -----

const cancelled = (e: unknown): boolean =>
  (isHarnessApiError(e) && e.kind === 'cancelled') || (e instanceof Error && e.name === 'AbortError');

/**
 * Reads what the export would otherwise create: the settings, and with the service account the
 * account itself, the SCIM role and its assignment on the account-level group (the filter API,
 * HC RoleAssignmentResourceImpl.java:174-185). A read that fails leaves that part out and says so
 * in `notes`: the plan then shows a create, which the reviewer sees before applying.
 */
export async function readTerraformExisting(
  client: HarnessClient,
  serviceAccountId: string,
  withServiceAccount: boolean,
  options: CallOptions = {},
): Promise<TerraformExisting> {
  const existing: TerraformExisting = {};
  const notes: string[] = [];
  const attempt = async (what: string, read: () => Promise<void>): Promise<void> => {
    try {
      await read();
    } catch (e) {
      if (cancelled(e)) throw e;
      if (!isNotFound(e)) notes.push(`Could not read ${what} from Harness: if it exists, add its import block.`);
    }
  };
  await attempt('the current settings', async () => {
    existing.settings = prefillFrom(currentFromSettings(await client.scimJwtSettings(options)));
  });
  if (withServiceAccount) {
    const id = serviceAccountId.trim();
    await attempt('the service account', async () => {
      const sa = (await client.getServiceAccountAggregate(id, undefined, options)).serviceAccount;
      existing.serviceAccount = { name: sa.name, email: sa.email, description: sa.description ?? undefined };
    });
    await attempt('the SCIM role', async () => {
      const role = (await client.getRole(SCIM_ROLE_ID, undefined, options)).role;
      existing.role = { name: role.name, description: role.description ?? undefined };
    });
    if (existing.serviceAccount !== undefined && existing.role !== undefined)
      await attempt('the role assignment', async () => {
        const found = (
          await client.allRoleAssignments(
            {
              principalFilter: [{ identifier: id, type: 'SERVICE_ACCOUNT' }],
              roleFilter: [SCIM_ROLE_ID],
              resourceGroupFilter: [SCIM_RESOURCE_GROUP],
            },
            undefined,
            options,
          )
        )
          .map((r) => r.roleAssignment)
          .find(
            (a) =>
              a.principal.identifier === id &&
              a.principal.type === 'SERVICE_ACCOUNT' &&
              a.roleIdentifier === SCIM_ROLE_ID &&
              a.resourceGroupIdentifier === SCIM_RESOURCE_GROUP &&
              a.identifier !== undefined,
          );
        if (found?.identifier !== undefined) existing.roleAssignmentId = found.identifier;
      });
  }
  if (notes.length > 0) existing.notes = notes;
  return existing;
}
