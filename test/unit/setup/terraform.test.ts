/**
 * The Terraform export: parsed by HashiCorp's own HCL parser (hashicorp/hcl compiled to WASM,
 * `@cdktf/hcl2json`), every attribute it writes checked against the schemas read from the
 * provider's source (test/fixtures/terraform/schema.json), and hostile values kept inside their strings.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { SCIM_PERMISSIONS, SCIM_RESOURCE_GROUP, SCIM_ROLE_ID } from '../../../src/core/harness';
import {
  buildTerraform,
  hclName,
  hclString,
  HARNESS_PROVIDER_VERSION,
  SETTING_ID_OF,
  SETUP_FIELDS,
  terraformNames,
  type ScimJwtSettings,
  type TerraformExisting,
} from '../../../src/core/setup';

interface AttributeSchema {
  type: string;
  required?: boolean;
  values?: string[];
}
interface BlockSchema {
  attributes: Record<string, AttributeSchema>;
  blocks?: Record<string, BlockSchema>;
}
const SCHEMA = JSON.parse(
  readFileSync(path.join(__dirname, '../../../../test/fixtures/terraform/schema.json'), 'utf8'),
) as { resources: Record<string, BlockSchema> };

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
// A recursive type: a Record alias cannot refer to itself.
// eslint-disable-next-line @typescript-eslint/consistent-indexed-object-style
interface Obj {
  [k: string]: Json;
}
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const TARGET = { baseUrl: 'https://app.harness.io/gateway', accountId: 'acc123' };
const SETTINGS: ScimJwtSettings = {
  jwksUrl: 'https://login.example.com/oauth2/v1/keys',
  keyField: 'client_id',
  value: 'scim-client',
  serviceAccountId: 'scim_jwt_sa',
};

async function hcl(text: string): Promise<Obj> {
  const parsed = (await parse('main.tf', text)) as Json;
  assert.ok(isObj(parsed));
  return parsed;
}

/** The single body of `resource "<type>" "<name>"`. */
function resource(doc: Obj, type: string, name: string): Obj {
  const byType = doc.resource;
  assert.ok(isObj(byType), 'no resource blocks');
  const byName = byType[type];
  assert.ok(isObj(byName), `no ${type}`);
  const bodies = byName[name];
  assert.ok(Array.isArray(bodies) && bodies.length === 1, `no ${type}.${name}`);
  const body = bodies[0];
  assert.ok(isObj(body));
  return body;
}

/** A literal HCL template string as hcl2json renders it: `${` and `%{` stay escaped. */
const asTemplate = (literal: string): string => literal.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');

const META = new Set(['lifecycle', 'depends_on', 'count', 'for_each', 'provider']);

/** Every attribute and block written is in the schema, with a value of its type; every required one is written. */
function checkAgainst(schema: BlockSchema, body: Obj, where: string): number {
  let checked = 0;
  for (const [key, value] of Object.entries(body)) {
    if (META.has(key)) continue;
    const nested = schema.blocks?.[key];
    if (nested) {
      assert.ok(Array.isArray(value), `${where}.${key} is a block`);
      for (const b of value) {
        assert.ok(isObj(b));
        checked += checkAgainst(nested, b, `${where}.${key}`);
      }
      continue;
    }
    const attr = schema.attributes[key];
    assert.ok(attr, `${where}.${key} is not in the provider's schema`);
    checked++;
    const isRef = typeof value === 'string' && /^\$\{[^}]*\}$/.test(value);
    if (attr.type === 'string') assert.equal(typeof value, 'string', `${where}.${key} is a string`);
    else if (attr.type === 'bool') assert.equal(typeof value, 'boolean', `${where}.${key} is a bool`);
    else if (attr.type.startsWith('set(') || attr.type.startsWith('list('))
      assert.ok(Array.isArray(value) && value.every((v) => typeof v === 'string'), `${where}.${key} is a list`);
    else if (attr.type.startsWith('map(')) assert.ok(isObj(value), `${where}.${key} is a map`);
    if (attr.values && !isRef)
      assert.ok(attr.values.includes(value as string), `${where}.${key}: ${JSON.stringify(value)}`);
  }
  for (const [key, attr] of Object.entries(schema.attributes))
    if (attr.required === true) assert.ok(key in body, `${where}: required ${key} missing`);
  return checked;
}

function checkDocument(doc: Obj): number {
  let checked = 0;
  const byType = doc.resource;
  assert.ok(isObj(byType));
  for (const [type, byName] of Object.entries(byType)) {
    const schema = SCHEMA.resources[type];
    assert.ok(schema, `resource type ${type} is not one whose schema was read`);
    assert.ok(isObj(byName));
    for (const [name, bodies] of Object.entries(byName)) {
      assert.match(name, /^[A-Za-z_][A-Za-z0-9_-]*$/);
      assert.ok(Array.isArray(bodies));
      for (const body of bodies) {
        assert.ok(isObj(body));
        checked += checkAgainst(schema, body, `${type}.${name}`);
      }
    }
  }
  return checked;
}

/** The four `harness_platform_setting` bodies, in form order. */
function settingResources(doc: Obj): Obj[] {
  return SETUP_FIELDS.map((f) => resource(doc, 'harness_platform_setting', hclName(SETTING_ID_OF[f])));
}

const settingTo = (f: (typeof SETUP_FIELDS)[number]): string =>
  `\${harness_platform_setting.${hclName(SETTING_ID_OF[f])}}`;

suite('Terraform export', () => {
  test('the settings alone: parses, the provider pinned, four account-level settings in form order with allow_overrides false, every attribute in the schema', async () => {
    const text = buildTerraform({ target: TARGET, settings: SETTINGS, withServiceAccount: false });
    const doc = await hcl(text);
    const tf = doc.terraform;
    assert.ok(Array.isArray(tf) && isObj(tf[0]));
    const providers = tf[0].required_providers;
    assert.ok(Array.isArray(providers) && isObj(providers[0]));
    assert.deepEqual(providers[0].harness, { source: 'harness/harness', version: HARNESS_PROVIDER_VERSION });
    assert.equal(checkDocument(doc), 3 * SETUP_FIELDS.length);
    assert.deepEqual(Object.keys(doc.resource as Obj), ['harness_platform_setting']);
    const settings = settingResources(doc);
    assert.deepEqual(
      settings.map((s) => s.identifier),
      SETUP_FIELDS.map((f) => SETTING_ID_OF[f]),
    );
    assert.deepEqual(
      settings.map((s) => s.value),
      SETUP_FIELDS.map((f) => SETTINGS[f]),
    );
    // Account scope: no org_id or project_id; child scopes cannot override.
    assert.ok(settings.every((s) => s.allow_overrides === false && !('org_id' in s) && !('project_id' in s)));
    assert.equal(doc.import, undefined, 'nothing to import');
    assert.doesNotMatch(text, /local-exec|terraform_data|curl/);
  });

  test('with the service account: the role holds exactly the five, the assignment is on the account-level group, and the setting refers to the account', async () => {
    const doc = await hcl(buildTerraform({ target: TARGET, settings: SETTINGS, withServiceAccount: true }));
    assert.ok(checkDocument(doc) >= 15);
    const names = terraformNames(SETTINGS.serviceAccountId);
    const sa = resource(doc, 'harness_platform_service_account', names.serviceAccount);
    assert.equal(sa.identifier, SETTINGS.serviceAccountId);
    assert.equal(sa.account_id, TARGET.accountId);
    assert.equal(sa.email, `${SETTINGS.serviceAccountId}@service.harness.io`);
    const role = resource(doc, 'harness_platform_roles', SCIM_ROLE_ID);
    assert.equal(role.identifier, SCIM_ROLE_ID);
    assert.deepEqual(role.permissions, [...SCIM_PERMISSIONS]);
    assert.deepEqual(role.allowed_scope_levels, ['account']);
    const ra = resource(doc, 'harness_platform_role_assignments', names.roleAssignment);
    assert.equal(ra.resource_group_identifier, SCIM_RESOURCE_GROUP);
    assert.equal(ra.role_identifier, `\${harness_platform_roles.${SCIM_ROLE_ID}.identifier}`);
    assert.equal(ra.disabled, false);
    assert.deepEqual(ra.principal, [
      {
        identifier: `\${harness_platform_service_account.${names.serviceAccount}.identifier}`,
        type: 'SERVICE_ACCOUNT',
        scope_level: 'account',
      },
    ]);
    const saSetting = settingResources(doc)[SETUP_FIELDS.indexOf('serviceAccountId')];
    assert.equal(saSetting?.value, `\${harness_platform_service_account.${names.serviceAccount}.identifier}`);
  });

  test('what Harness already holds comes out as import blocks with the ids the provider imports, and its names are kept', async () => {
    const existing: TerraformExisting = {
      settings: SETTINGS,
      serviceAccount: { name: 'SCIM (Okta)', email: 'scim@service.harness.io', description: 'made by hand' },
      role: { name: 'SCIM JWT provisioner' },
      roleAssignmentId: 'Xq3-assignment_1',
    };
    const text = buildTerraform({ target: TARGET, settings: SETTINGS, withServiceAccount: true, existing });
    const doc = await hcl(text);
    checkDocument(doc);
    const names = terraformNames(SETTINGS.serviceAccountId);
    // The account-level id of helpers.MultiLevelResourceImporter: the identifier alone.
    assert.deepEqual(doc.import, [
      { to: `\${harness_platform_service_account.${names.serviceAccount}}`, id: SETTINGS.serviceAccountId },
      { to: `\${harness_platform_roles.${SCIM_ROLE_ID}}`, id: SCIM_ROLE_ID },
      { to: `\${harness_platform_role_assignments.${names.roleAssignment}}`, id: 'Xq3-assignment_1' },
      ...SETUP_FIELDS.map((f) => ({ to: settingTo(f), id: SETTING_ID_OF[f] })),
    ]);
    const sa = resource(doc, 'harness_platform_service_account', names.serviceAccount);
    assert.equal(sa.name, 'SCIM (Okta)');
    assert.equal(sa.email, 'scim@service.harness.io');
    assert.equal(sa.description, 'made by hand');
    assert.match(text, /Harness already holds these values/);

    // Only what exists is imported: a setting Harness holds no value for is not set at account scope.
    const partial = await hcl(
      buildTerraform({
        target: TARGET,
        settings: { ...SETTINGS, value: 'other' },
        withServiceAccount: true,
        existing: {
          serviceAccount: { name: 'x', email: 'x@service.harness.io' },
          settings: { ...SETTINGS, keyField: '', serviceAccountId: '' },
        },
      }),
    );
    assert.deepEqual(partial.import, [
      { to: `\${harness_platform_service_account.${names.serviceAccount}}`, id: SETTINGS.serviceAccountId },
      { to: settingTo('jwksUrl'), id: SETTING_ID_OF.jwksUrl },
      { to: settingTo('value'), id: SETTING_ID_OF.value },
    ]);
  });

  test('hostile values stay inside their strings: quotes, backslashes, ${ and %{ sequences, newlines, EOT, control characters', async () => {
    const hostile = [
      'a"b',
      'back\\slash\\',
      '${file("/etc/passwd")}',
      '$${already}',
      '%{ if true }x%{ endif }',
      'line1\nline2\r\n}\nresource "x" "y" {',
      'EOT\n    EOT\n',
      '\u0000\u0007\u001b[31m\u007f\u2028\u2029é😀',
      '"\n}\n# ${x}',
      '$',
      '%',
      '\\${x}',
    ];
    for (const h of hostile) {
      const settings: ScimJwtSettings = {
        jwksUrl: `https://x.example/${h}`,
        keyField: h,
        value: h,
        serviceAccountId: h,
      };
      for (const withServiceAccount of [false, true]) {
        const text = buildTerraform({
          target: { baseUrl: TARGET.baseUrl, accountId: h },
          settings,
          withServiceAccount,
          existing: {
            serviceAccount: { name: h, email: h, description: h },
            role: { name: h, description: h },
            roleAssignmentId: h,
          },
        });
        const doc = await hcl(text);
        checkDocument(doc);
        const items = settingResources(doc);
        assert.equal(items[1]?.value, asTemplate(h), JSON.stringify(h));
        assert.equal(items[2]?.value, asTemplate(h), JSON.stringify(h));
        const names = terraformNames(h.trim());
        if (withServiceAccount) {
          const sa = resource(doc, 'harness_platform_service_account', names.serviceAccount);
          assert.equal(sa.identifier, asTemplate(h.trim()));
          assert.equal(sa.name, asTemplate(h));
          assert.equal(sa.account_id, asTemplate(h));
          const imports = doc.import;
          assert.ok(Array.isArray(imports) && imports.length === 3);
          assert.deepEqual(
            imports.map((i) => (isObj(i) ? i.id : null)),
            [h.trim(), SCIM_ROLE_ID, h].map(asTemplate),
          );
        } else {
          assert.equal(items[3]?.value, asTemplate(h.trim()));
        }
      }
    }
  });

  test('hclString and hclName', async () => {
    assert.equal(hclString('a"b\\c\n${x}%{y}'), '"a\\"b\\\\c\\n$${x}%%{y}"');
    assert.equal(hclString('\u0001\u2028'), '"\\u0001\\u2028"');
    for (const [input, name] of [
      ['scim_jwt_sa', 'scim_jwt_sa'],
      ['Scim$Account', 'scim_account'],
      ['9lives', '_9lives'],
      ['', 'scim_jwt'],
      ['"}\n${x}', 'x'],
      ['-a-', 'a'],
    ] as const)
      assert.equal(hclName(input), name);
    // Each one is a name HCL accepts.
    for (const n of ['Scim$Account', '9lives', '"}\n${x}', 'a'.repeat(300)]) {
      const doc = await hcl(`locals {\n  ${hclName(n)} = 1\n}\n`);
      assert.deepEqual(doc.locals, [{ [hclName(n)]: 1 }]);
    }
  });
});
