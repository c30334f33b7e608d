/**
 * Where the `.tf` checks must read a module exactly as Terraform does. Each expected value below was
 * produced by Terraform 1.11 itself (an `output` of the same expression, `terraform apply` on local
 * state) or is quoted from HashiCorp's source; docs/harness-contract.md, "Terraform checks", cites it.
 */
import * as assert from 'node:assert/strict';
import { SETTING_ID_OF, SETUP_FIELDS } from '../../../src/core/setup';
import {
  analyseModule,
  checkSettingOnline,
  loadHclParser,
  moduleFindings,
  type HclParser,
  type TfModule,
  type TfSourceFile,
  type TfValue,
} from '../../../src/core/terraform';
import { known, settingOf } from './fixtures';

let parser: HclParser;

const setting = (field: (typeof SETUP_FIELDS)[number], value: string, extra = '', name: string = field): string =>
  `resource "harness_platform_setting" "${name}" {\n  identifier = "${SETTING_ID_OF[field]}"\n  value = ${value}\n  allow_overrides = false\n${extra}}\n`;

const mod = (text: string, vars: TfSourceFile[] = [], more: TfSourceFile[] = []): TfModule =>
  analyseModule(parser, [{ path: '/m/main.tf', text }, ...more], vars);

const valueOf = (text: string, vars: TfSourceFile[] = []): TfValue | undefined =>
  settingOf(mod(text, vars), 'value').value;

function reason(v: TfValue | undefined): string {
  assert.equal(v?.kind, 'unknown', `expected an unknown value, got ${JSON.stringify(v)}`);
  return (v as { reason: string }).reason;
}

suite('terraform: values as Terraform reads them', () => {
  suiteSetup(async () => {
    parser = await loadHclParser();
  });

  test('a *.tfvars.json string is taken verbatim: ${ and $${ are plain text there (no evaluation context)', () => {
    const v = valueOf(`variable "x" {}\n${setting('value', 'var.x')}`, [
      { path: '/m/terraform.tfvars.json', text: JSON.stringify({ x: 'a${b}$${c}%%{d}' }) },
    ]);
    assert.equal(known(v), 'a${b}$${c}%%{d}');
  });

  test('strings are NFC-normalized, as every cty string is', () => {
    const decomposed = 'cafe\u0301';
    assert.equal(known(valueOf(setting('value', `"${decomposed}"`))), 'caf\u00e9');
    assert.equal(known(valueOf(setting('value', `<<EOT\n${decomposed}\nEOT`))), 'caf\u00e9\n');
    assert.equal(known(valueOf(setting('value', '"${"e"}\u0301"'))), '\u00e9');
    const fromFiles = (vars: TfSourceFile[]): string =>
      known(valueOf(`variable "x" {}\n${setting('value', 'var.x')}`, vars));
    assert.equal(fromFiles([{ path: '/m/terraform.tfvars', text: `x = "${decomposed}"\n` }]), 'caf\u00e9');
    assert.equal(
      fromFiles([{ path: '/m/terraform.tfvars.json', text: JSON.stringify({ x: decomposed }) }]),
      'caf\u00e9',
    );
  });

  test('numbers become strings in decimal digits, exponents included, never through a double', () => {
    assert.equal(known(valueOf(setting('value', '1.5e-7'))), '0.00000015');
    assert.equal(known(valueOf(setting('value', '0.0000001'))), '0.0000001');
    assert.equal(known(valueOf(setting('value', '"${1.0E2}"'))), '100');
    // HCL reads 1e3 (an exponent without a fraction); the grammar alone would call it a syntax error.
    const m = mod(setting('value', '1e3') + setting('keyField', '"k${2e1}"'));
    assert.deepEqual(m.syntaxErrors, []);
    assert.equal(known(settingOf(m, 'value').value), '1000');
    assert.equal(known(settingOf(m, 'keyField').value), 'k20');
    const json = valueOf(`variable "x" {}\n${setting('value', 'var.x')}`, [
      { path: '/m/terraform.tfvars.json', text: '{"x": 12345678901234567891}' },
    ]);
    assert.equal(known(json), '12345678901234567891');
    // The grammar's hexadecimal literal is no HCL number.
    assert.match(reason(valueOf(setting('value', '0x10'))), /not a number/);
  });

  test('a variable of type number is converted before the string attribute reads it', () => {
    const text = `variable "x" {\n  type = number\n  default = "05"\n}\nvariable "y" {\n  type = number\n}\nvariable "z" {\n  type = number\n  default = "abc"\n}\n${setting('value', 'var.x')}${setting('keyField', 'var.y')}${setting('jwksUrl', 'var.z')}`;
    const m = mod(text, [{ path: '/m/terraform.tfvars', text: 'y = "1.50"\n' }]);
    assert.equal(known(settingOf(m, 'value').value), '5');
    assert.equal(known(settingOf(m, 'keyField').value), '1.5');
    assert.match(reason(settingOf(m, 'jwksUrl').value), /not a number.*Terraform refuses it/);
  });

  test('a later null replaces an earlier file value; with nullable = false the default then applies', () => {
    const vars = [
      { path: '/m/a.auto.tfvars', text: 'x = "07"\n' },
      { path: '/m/a.auto.tfvars.json', text: '{"x": null}' },
    ];
    const strict = mod(`variable "x" {\n  default = "dflt"\n  nullable = false\n}\n${setting('value', 'var.x')}`, vars);
    assert.equal(known(settingOf(strict, 'value').value), 'dflt');
    const loose = mod(`variable "x" {\n  default = "dflt"\n}\n${setting('value', 'var.x')}`, vars);
    assert.match(reason(settingOf(loose, 'value').value), /null/);
    // A default Terraform refuses makes the variable refused, whatever the files say.
    for (const declaration of ['default = null\n  nullable = false', 'type = number\n  default = "abc"'])
      assert.match(
        reason(
          valueOf(`variable "x" {\n  ${declaration}\n}\n${setting('value', 'var.x')}`, [
            { path: '/m/a.auto.tfvars', text: 'x = "5"\n' },
          ]),
        ),
        /Terraform refuses/,
      );
  });

  test('<<- heredocs: a line of nothing but spaces keeps its spaces and does not count', () => {
    assert.equal(known(valueOf(setting('value', '<<-EOT\n    a\n      \n    b\n    EOT'))), 'a\n      \nb\n');
    assert.equal(known(valueOf(setting('value', '<<-EOT\n    a\n  \n    b\n  EOT'))), 'a\n  \nb\n');
    assert.equal(known(valueOf(setting('value', '<<-EOT\r\n  a\r\n   \r\n    b\r\n  EOT'))), 'a\r\n   \r\n  b\r\n');
  });

  test('what HCL refuses and the grammar accepts is a syntax error, not a value', () => {
    for (const bad of ['"a\nb"', '"\\ud800"', '"\\U00110000"', '"\\uD83D\\uDE00"']) {
      const m = mod(setting('value', bad));
      assert.equal(m.syntaxErrors.length, 1, bad);
      assert.equal(settingOf(m, 'value').value?.kind, 'unknown', bad);
    }
    // An attribute set twice in one body ("Attribute redefined"), in a .tf file or a variable file.
    const twice = mod(`variable "x" {}\n${setting('value', '"a"', '  value = "b"\n')}${setting('keyField', 'var.x')}`, [
      { path: '/m/a.auto.tfvars', text: 'x = "a"\nx = "b"\n' },
    ]);
    assert.deepEqual(
      twice.syntaxErrors.map((e) => [e.file, e.range.start.line]),
      [
        ['/m/main.tf', 5],
        ['/m/a.auto.tfvars', 1],
      ],
    );
    // Escapes and $${ are read in one pass, where each starts: $\u0024{ is the text $${.
    assert.equal(known(valueOf(setting('value', '"$\\u0024{x} \\u0024${"y"}"'))), '$${x} $y');
  });
});

suite('terraform: the module as Terraform assembles it', () => {
  suiteSetup(async () => {
    parser = await loadHclParser();
  });

  test('override files merge into the resource they name: their value is the one checked, no duplicate', () => {
    const main = setting('jwksUrl', '"https://login.example.com/keys"', '', 'jwks');
    const override = {
      path: '/m/override.tf',
      text: 'resource "harness_platform_setting" "jwks" {\n  value = "http://evil.example/keys"\n}\n',
    };
    const m = mod(main, [], [override]);
    assert.equal(m.settings.length, 1);
    const s = settingOf(m, 'jwksUrl');
    assert.equal(known(s.value), 'http://evil.example/keys');
    assert.equal(s.valueAt?.file, '/m/override.tf');
    assert.equal(s.block.file, '/m/main.tf');
    assert.equal(s.allowOverrides, false);
    assert.ok(!moduleFindings(m).some((f) => f.message.includes('again')));
    // Later override files (by name) win; locals and variable defaults are merged too.
    const m2 = mod(
      `variable "v" { default = "main" }\nlocals { l = "main" }\n${setting('value', 'var.v')}${setting('keyField', 'local.l')}`,
      [],
      [
        { path: '/m/b_override.tf', text: 'variable "v" { default = "b" }\nlocals { l = "b" }\n' },
        { path: '/m/a_override.tf', text: 'variable "v" { default = "a" }\nlocals { l = "a" }\n' },
      ],
    );
    assert.equal(known(settingOf(m2, 'value').value), 'b');
    assert.equal(known(settingOf(m2, 'keyField').value), 'b');
    // A block in an override file with nothing to merge into is not a resource of its own.
    const m3 = mod(main, [], [{ path: '/m/x_override.tf', text: setting('value', '"v"') }]);
    assert.deepEqual(
      m3.settings.map((x) => x.field),
      ['jwksUrl'],
    );
  });

  test('hidden files and editor backups are not read, as Terraform does not read them', () => {
    const m = mod(
      setting('jwksUrl', '"https://a.example/keys"'),
      [],
      [
        { path: '/m/.main.tf', text: setting('jwksUrl', '"https://b.example/keys"', '', 'other') },
        { path: '/m/#main.tf#', text: setting('keyField', '"sub"') },
      ],
    );
    assert.equal(m.settings.length, 1);
  });

  test('count = 0: the resource makes no instance, so the setting is missing', () => {
    const m = mod(
      setting('jwksUrl', '"https://a.example/keys"', '  count = 0\n') + setting('keyField', '"sub"', '  count = 1\n'),
    );
    assert.deepEqual(
      m.settings.map((s) => s.field),
      ['keyField'],
    );
    assert.ok(m.missing.includes('jwksUrl'));
  });

  test('org_id = "" is no organization: the provider sends only a set scope (d.GetOk)', () => {
    const m = mod(setting('jwksUrl', '"https://a.example/keys"', '  org_id = ""\n  project_id = null\n'));
    assert.equal(settingOf(m, 'jwksUrl').orgId, undefined);
    assert.ok(!moduleFindings(m).some((f) => f.message.includes('org_id')));
    // Known only at apply, it may yet be "" or null: a warning, not a certain failure.
    const later = mod(`variable "org" {}\n${setting('jwksUrl', '"https://a.example/keys"', '  org_id = var.org\n')}`);
    const scope = moduleFindings(later).filter((f) => f.message.includes('org_id'));
    assert.deepEqual(
      scope.map((f) => f.level),
      ['warning'],
    );
    assert.match(scope[0]?.message ?? '', /known only at apply.*unless it is then null or ""/);
  });

  test("another attribute of the module's service account is what the block writes, and is checked as such", () => {
    const text = `resource "harness_platform_service_account" "sa" {\n  identifier = "scim_sa"\n  name = "SCIM service account"\n  email = "scim@example.com"\n  account_id = "acc"\n}\n${setting('serviceAccountId', 'harness_platform_service_account.sa.name')}`;
    const m = mod(text);
    const v = settingOf(m, 'serviceAccountId').value;
    assert.equal(known(v), 'SCIM service account');
    assert.equal(v?.origin[0]?.what, 'harness_platform_service_account.sa.name');
    assert.ok(moduleFindings(m).some((f) => f.field === 'serviceAccountId' && f.level === 'error'));
  });

  test('a JWKS URL with spaces at the ends: the provider sends them (the form would not), Harness trims them', async () => {
    const m = mod(setting('jwksUrl', '" https://login.example.com/keys\\n"'));
    const [finding] = moduleFindings(m).filter((f) => f.field === 'jwksUrl');
    assert.equal(finding?.level, 'info');
    assert.match(finding.message, /Terraform sends the URL as written/);
    assert.doesNotMatch(finding.message, /removed before sending/);
    const online = await checkSettingOnline(settingOf(m, 'jwksUrl'), m);
    assert.ok(online.details.some((d) => d.includes('Terraform sends the URL as written')));
    assert.ok(!online.details.some((d) => d.includes('removed before sending')));
  });

  test('for_each over a map written in the module: one setting per instance, each.key / each.value read', () => {
    const text = `locals {\n  scim = {\n    ${SETTING_ID_OF.keyField} = { v = "sub" }\n    "${SETTING_ID_OF.value}" = { v = "scim-client" }\n  }\n}\nresource "harness_platform_setting" "all" {\n  for_each = {\n    ${SETTING_ID_OF.jwksUrl} = "https://login.example.com/keys"\n    "${SETTING_ID_OF.serviceAccountId}" = "scim_sa"\n  }\n  identifier = each.key\n  value = each.value\n  allow_overrides = false\n}\nresource "harness_platform_setting" "nested" {\n  for_each = local.scim\n  identifier = each.key\n  value = each.value.v\n  allow_overrides = false\n}\n`;
    const m = mod(text);
    assert.deepEqual(m.missing, []);
    assert.deepEqual(
      m.settings.map((x) => [x.address, known(x.value)]),
      [
        [`harness_platform_setting.all["${SETTING_ID_OF.jwksUrl}"]`, 'https://login.example.com/keys'],
        [`harness_platform_setting.all["${SETTING_ID_OF.serviceAccountId}"]`, 'scim_sa'],
        [`harness_platform_setting.nested["${SETTING_ID_OF.keyField}"]`, 'sub'],
        [`harness_platform_setting.nested["${SETTING_ID_OF.value}"]`, 'scim-client'],
      ],
    );
    // each is the resource's own: a local that names it is not read with the instance's values.
    const leak = mod(
      `locals { v = each.value }\nresource "harness_platform_setting" "x" {\n  for_each = { ${SETTING_ID_OF.value} = "a" }\n  identifier = each.key\n  value = local.v\n}\n`,
    );
    assert.equal(settingOf(leak, 'value').value?.kind, 'unknown');
    // A map not known before apply (a function, a variable): the identifier stays unknown, as before.
    assert.deepEqual(
      mod(
        `resource "harness_platform_setting" "x" {\n  for_each = toset(["a"])\n  identifier = each.key\n  value = "v"\n}\n`,
      ).settings,
      [],
    );
  });

  test('a service account with count or for_each is many: a reference without an instance key is refused', () => {
    const text = `resource "harness_platform_service_account" "sa" {\n  count = 1\n  identifier = "scim_sa"\n}\n${setting('serviceAccountId', 'harness_platform_service_account.sa.id')}`;
    assert.match(reason(settingOf(mod(text), 'serviceAccountId').value), /has count.*instance/);
  });
});
