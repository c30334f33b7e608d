/**
 * A module's SCIM JWT settings as the `.tf` checks read them: tree-sitter's HCL grammar (WebAssembly)
 * parses, and values resolve as Terraform would before apply (literals, templates, heredocs,
 * locals, variables from the variable files in Terraform's precedence, then defaults), or are
 * unknown with what they wait for.
 */
import * as assert from 'node:assert/strict';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { SETUP_FIELDS, SETTING_ID_OF } from '../../../src/core/setup';
import { GOOD_MODULE, known, settingOf } from './fixtures';
import {
  analyseModule,
  autoVarFilesInOrder,
  loadHclParser,
  MAX_TF_FILE_BYTES,
  type HclParser,
  type TfValue,
} from '../../../src/core/terraform';

let parser: HclParser;

function unknownReason(v: TfValue | undefined): string {
  assert.equal(v?.kind, 'unknown', `expected an unknown value, got ${JSON.stringify(v)}`);
  return (v as { reason: string }).reason;
}

const setting = (field: (typeof SETUP_FIELDS)[number], value: string, extra = ''): string =>
  `resource "harness_platform_setting" "${field}" {\n  identifier = "${SETTING_ID_OF[field]}"\n  value = ${value}\n${extra}}\n`;

suite('terraform: parser and analyseModule', () => {
  suiteSetup(async () => {
    parser = await loadHclParser();
  });

  test('the parser loads once per process', async () => {
    assert.equal(await loadHclParser(), parser);
  });

  test('a good module: the four settings with their literal values, in file order, none missing', () => {
    const m = analyseModule(parser, [{ path: '/m/main.tf', text: GOOD_MODULE }]);
    assert.deepEqual(
      m.settings.map((s) => s.field),
      SETUP_FIELDS,
    );
    assert.deepEqual(m.missing, []);
    assert.deepEqual(m.syntaxErrors, []);
    assert.equal(known(settingOf(m, 'jwksUrl').value), 'https://login.example.com/oauth2/v1/keys');
    assert.equal(known(settingOf(m, 'serviceAccountId').value), 'scim_jwt_sa');
    const jwks = settingOf(m, 'jwksUrl');
    assert.equal(jwks.address, 'harness_platform_setting.jwks');
    assert.equal(jwks.allowOverrides, false);
    assert.deepEqual(jwks.block, {
      file: '/m/main.tf',
      range: {
        start: { line: 6, character: 0 },
        end: { line: 6, character: 'resource "harness_platform_setting" "jwks" {'.length },
      },
    });
    assert.equal(jwks.valueAt?.range.start.line, 8);
    assert.equal(jwks.orgId, undefined);
  });

  test('positions are UTF-16 columns: non-ASCII text before a value moves it by code units, not bytes', () => {
    const text = `# é😀\nresource "harness_platform_setting" "v" { identifier = "${SETTING_ID_OF.value}"\n  /* 中文é😀 */ value = "naïve 😀" }\n`;
    const m = analyseModule(parser, [{ path: 'a.tf', text }]);
    const s = settingOf(m, 'value');
    const line = text.split('\n')[2]!;
    assert.equal(s.valueAt?.range.start.character, line.indexOf('value'));
    assert.equal(s.valueAt.range.end.character, line.lastIndexOf('"') + 1);
    assert.equal(known(s.value), 'naïve 😀');
  });

  test('missing settings and a setting written twice', () => {
    const text = setting('jwksUrl', '"https://a.example/keys"') + setting('jwksUrl', '"https://b.example/keys"');
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.deepEqual(m.missing, ['keyField', 'value', 'serviceAccountId']);
    assert.equal(m.settings.length, 2);
  });

  test('other settings and other resources are not SCIM JWT settings', () => {
    const text = `resource "harness_platform_setting" "x" {\n identifier = "disable_harness_built_in_secret_manager"\n value = "true"\n}\nresource "harness_platform_roles" "r" { identifier = "${SETTING_ID_OF.value}" }\n`;
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.deepEqual(m.settings, []);
    assert.equal(m.missing.length, SETUP_FIELDS.length);
  });

  test('escapes in quoted strings, $${ and %%{, numbers and bools as Terraform converts them', () => {
    const text =
      setting('value', '"a\\"b\\\\c\\n\\t\\u00e9\\U0001F600 $${x} %%{y}"') +
      setting('keyField', '5.0') +
      setting('jwksUrl', 'true', '  allow_overrides = "false"\n');
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.equal(known(settingOf(m, 'value').value), 'a"b\\c\n\té😀 ${x} %{y}');
    assert.equal(known(settingOf(m, 'keyField').value), '5');
    assert.equal(known(settingOf(m, 'jwksUrl').value), 'true');
    assert.equal(settingOf(m, 'jwksUrl').allowOverrides, false);
    assert.equal(settingOf(m, 'value').allowOverrides, 'absent');
  });

  test('runs of $ and % before { read as HashiCorp reads them (tree-sitter alone would see an interpolation)', async () => {
    const text =
      setting('value', '"a$$${x} b%%%{y} c$$$${z} d${local.w}"') +
      setting('keyField', '<<EOT\n$$${x}\nEOT') +
      'locals {\n  w = "W"\n}\n';
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.deepEqual(m.syntaxErrors, []);
    assert.equal(known(settingOf(m, 'value').value), 'a$${x} b%%{y} c$$${z} dW');
    assert.equal(known(settingOf(m, 'keyField').value), '$${x}\n');
    // HashiCorp's own parser takes "$$${" as a complete literal: no interpolation is opened there.
    assert.deepEqual(await hcl2json('m.tf', 'a = "$$${"\n'), { a: '$$${' });
    await assert.rejects(hcl2json('m.tf', 'a = "${"\n'));
  });

  test('heredocs: literal backslashes, $${ escapes, and <<- removes the common indentation', () => {
    const text =
      setting('value', '<<EOT\n  two \\n spaces\n$${x}\nEOT') +
      setting('keyField', '<<-EOT\n    a\n      b ${local.c}\n\n    d\n    EOT') +
      'locals {\n  c = "C"\n}\n';
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.equal(known(settingOf(m, 'value').value), '  two \\n spaces\n${x}\n');
    assert.equal(known(settingOf(m, 'keyField').value), 'a\n  b C\n\nd\n');
  });

  test('locals, templates of known parts, and variables from defaults', () => {
    const text = `variable "base" {\n  type = string\n  default = "https://login.example.com"\n}\nlocals {\n  keys = "\${var.base}/oauth2/v1/keys"\n  claim = local.other\n  other = "sub"\n}\n${setting('jwksUrl', 'local.keys')}${setting('keyField', '"${local.claim}"')}`;
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    const jwks = settingOf(m, 'jwksUrl');
    assert.equal(known(jwks.value), 'https://login.example.com/oauth2/v1/keys');
    assert.deepEqual(
      jwks.value?.origin.map((o) => o.what),
      ['local.keys', 'var.base', 'default'],
    );
    assert.equal(known(settingOf(m, 'keyField').value), 'sub');
  });

  test("variable files in Terraform's precedence: terraform.tfvars < terraform.tfvars.json < *.auto.tfvars in name order", () => {
    const text = `variable "a" { default = "from-default" }\nvariable "b" {}\nvariable "c" {}\nvariable "e" {\n  nullable = false\n  default = "e-default"\n}\nvariable "d" { default = "d-default" }\n${setting('jwksUrl', 'var.a')}${setting('keyField', 'var.b')}${setting('value', 'var.c')}${setting('serviceAccountId', 'var.d')}${setting('jwksUrl', 'var.e')}`;
    const vars = [
      { path: '/m/z.auto.tfvars', text: 'a = "z-auto"\n' },
      { path: '/m/terraform.tfvars', text: 'a = "tfvars"\nb = "tfvars-b"\nc = "tfvars-c"\n' },
      { path: '/m/terraform.tfvars.json', text: '{ "b": "json-b", "c": null, "e": null }' },
      { path: '/m/b.auto.tfvars.json', text: '{"a": "b-auto-json"}' },
      { path: '/m/prod.tfvars', text: 'd = "only-with-var-file"\n' },
    ];
    assert.deepEqual(
      autoVarFilesInOrder(vars).map((f) => f.path),
      ['/m/terraform.tfvars', '/m/terraform.tfvars.json', '/m/b.auto.tfvars.json', '/m/z.auto.tfvars'],
    );
    const m = analyseModule(parser, [{ path: '/m/main.tf', text }], vars);
    const a = settingOf(m, 'jwksUrl').value;
    assert.equal(known(a), 'z-auto');
    assert.deepEqual(
      a?.origin.map((o) => o.what),
      ['var.a', 'z.auto.tfvars'],
    );
    assert.equal(known(settingOf(m, 'keyField').value), 'json-b');
    const json = settingOf(m, 'keyField').value?.origin[1];
    assert.deepEqual(json?.at.range.start, { line: 0, character: 2 });
    // null in a variable file is kept over earlier files (and the default): no value.
    assert.match(unknownReason(settingOf(m, 'value').value), /null/);
    // A JSON variable file's strings are verbatim (no evaluation context): ${ and $${ are plain text.
    const fromJson = (v: string): TfValue | undefined =>
      settingOf(
        analyseModule(
          parser,
          [{ path: 'm.tf', text: `variable "x" {}\n${setting('value', 'var.x')}` }],
          [{ path: 'terraform.tfvars.json', text: JSON.stringify({ x: v }) }],
        ),
        'value',
      ).value;
    assert.equal(known(fromJson('a$${b}%%{c}\\"')), 'a$${b}%%{c}\\"');
    assert.equal(known(fromJson('a${b}')), 'a${b}');
    // ...unless the variable is not nullable: then the default stands.
    assert.equal(known(m.settings[4]?.value), 'e-default');
    // A file read only with -var-file does not beat the default.
    assert.equal(known(settingOf(m, 'serviceAccountId').value), 'd-default');
  });

  test('unknown until apply, each naming what it waits for', () => {
    const text = `variable "nodefault" {}\nvariable "only_prod" {}\ndata "harness_platform_service_account" "d" { identifier = "x" }\nlocals { f = lower("X") }\n${setting('jwksUrl', 'var.nodefault')}${setting('keyField', 'local.f')}${setting('value', 'data.harness_platform_service_account.d.identifier')}${setting('serviceAccountId', 'var.only_prod', '  org_id = module.org.id\n  allow_overrides = var.nodefault\n')}`;
    const m = analyseModule(
      parser,
      [{ path: 'main.tf', text }],
      [
        { path: 'prod.tfvars', text: 'only_prod = "a"\n' },
        { path: 'staging.tfvars', text: 'only_prod = "b"\n' },
      ],
    );
    assert.match(unknownReason(settingOf(m, 'jwksUrl').value), /var\.nodefault has no default.*TF_VAR_nodefault/);
    assert.match(unknownReason(settingOf(m, 'keyField').value), /lower\(\)/);
    assert.match(unknownReason(settingOf(m, 'value').value), /data source/);
    assert.match(unknownReason(settingOf(m, 'serviceAccountId').value), /prod\.tfvars.*-var-file/);
    assert.match(unknownReason(settingOf(m, 'serviceAccountId').orgId), /module\.org\.id.*known at apply/);
    assert.equal(settingOf(m, 'serviceAccountId').allowOverrides, 'unknown');
  });

  test('a reference to a service account resource in the module: .identifier or .id', () => {
    const text = `resource "harness_platform_service_account" "scim" {\n  identifier = local.sa\n  name = "SCIM"\n}\nlocals { sa = "scim_sa" }\nresource "harness_platform_service_account" "open" {\n  identifier = var.sa_id\n}\nvariable "sa_id" {}\n${setting('serviceAccountId', 'harness_platform_service_account.scim.id')}${setting('value', 'harness_platform_service_account.open.identifier')}${setting('keyField', 'harness_platform_service_account.absent.identifier')}`;
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.deepEqual(
      settingOf(m, 'serviceAccountId').value && { ...settingOf(m, 'serviceAccountId').value, origin: [] },
      {
        kind: 'service-account',
        address: 'harness_platform_service_account.scim',
        identifier: 'scim_sa',
        origin: [],
      },
    );
    const open = settingOf(m, 'value').value;
    assert.equal(open?.kind, 'service-account');
    assert.equal(open.identifier, undefined);
    assert.match(
      unknownReason(settingOf(m, 'keyField').value),
      /harness_platform_service_account\.absent is not in this module/,
    );
    assert.deepEqual(
      m.serviceAccounts.map((s) => [s.address, s.identifier?.kind]),
      [
        ['harness_platform_service_account.scim', 'known'],
        ['harness_platform_service_account.open', 'unknown'],
      ],
    );
  });

  test('cycles and deep chains end as unknown, not as a stack overflow', () => {
    const chain = Array.from({ length: 200 }, (_, i) => `  l${i} = local.l${i + 1}`).join('\n');
    const text = `locals {\n  a = local.b\n  b = "\${local.a}x"\n${chain}\n  l200 = "end"\n  self = local.self\n}\n${setting('jwksUrl', 'local.a')}${setting('keyField', 'local.l0')}${setting('value', 'local.self')}`;
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.match(
      unknownReason(settingOf(m, 'jwksUrl').value),
      /local\.a refers to itself \(local\.a → local\.b → local\.a\)/,
    );
    assert.match(unknownReason(settingOf(m, 'keyField').value), /more than 32 references/);
    assert.match(unknownReason(settingOf(m, 'value').value), /local\.self refers to itself/);
  });

  test('a doubling chain of locals stays bounded in time and size', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `  d${i} = "\${local.d${i + 1}}\${local.d${i + 1}}"`).join('\n');
    const text = `locals {\n${lines}\n  d20 = "xxxxxxxxxx"\n}\n${setting('value', 'local.d0')}`;
    const started = Date.now();
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.match(unknownReason(settingOf(m, 'value').value), /longer than/);
    assert.ok(Date.now() - started < 2000);
  });

  test('malformed HCL: syntax errors with positions, and what parsed is still read', () => {
    const text = `${setting('jwksUrl', '"https://a.example/keys"')}resource "harness_platform_setting" "broken" {\n  identifier = "${SETTING_ID_OF.value}"\n  value = \n}\nresource "x" "y" { a = "unterminated\n`;
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.ok(m.syntaxErrors.length > 0);
    assert.ok(m.syntaxErrors.every((e) => e.file === 'main.tf' && e.range.start.line >= 4));
    assert.equal(known(settingOf(m, 'jwksUrl').value), 'https://a.example/keys');
    for (const junk of ['', '{{{{', '"', 'resource', '<<EOT\n', '${', '\u0000\uffff', 'a = (((((((((((', 'x = [for']) {
      const r = analyseModule(parser, [{ path: 'j.tf', text: junk }], [{ path: 'terraform.tfvars.json', text: junk }]);
      assert.deepEqual(r.settings, []);
    }
  });

  test('a file over 1 MB is not parsed: reported in unread, the other files still read', () => {
    const big = `# ${'x'.repeat(MAX_TF_FILE_BYTES)}\n${setting('value', '"v"')}`;
    const m = analyseModule(parser, [
      { path: 'big.tf', text: big },
      { path: 'main.tf', text: setting('jwksUrl', '"https://a.example/keys"') },
    ]);
    assert.deepEqual(
      m.unread?.map((u) => u.at.file),
      ['big.tf'],
    );
    assert.match(m.unread[0]?.reason ?? '', /1 MB/);
    assert.deepEqual(
      m.settings.map((s) => s.field),
      ['jwksUrl'],
    );
    // Multi-byte text counts in UTF-8 bytes, as on disk.
    const wide = analyseModule(parser, [{ path: 'w.tf', text: 'é'.repeat(MAX_TF_FILE_BYTES / 2 + 1) }]);
    assert.equal(wide.unread?.length, 1);
  });

  test('deeply nested expressions do not overflow the stack', () => {
    const text = setting('value', `${'('.repeat(5000)}"x"${')'.repeat(5000)}`);
    const m = analyseModule(parser, [{ path: 'main.tf', text }]);
    assert.equal(settingOf(m, 'value').value?.kind, 'unknown');
  });
});
