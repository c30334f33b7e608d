/**
 * Issue 27's promise: adding a setting to the form touches the settings table and nothing else in
 * src/. A copy of src/ gets a fifth row in src/core/scimJwtSettings.ts only; the copy must
 * type-check (extension, CLI and the webview's browser code alike), and, compiled, the form's
 * fields, the request body, the diff, the doctor's settings step and the tree's rows must carry
 * the fifth setting.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../../..');
const TABLE = 'src/core/scimJwtSettings.ts';

const FIFTH = `  {
    id: 'scim_jwt_token_fifth_setting',
    field: 'fifthSetting',
    label: 'Fifth setting',
    treeLabel: 'Fifth',
    hint: 'The fifth hint.',
    help: 'The fifth help.',
    trimmed: true,
    cli: { flag: 'fifth', arg: 'VALUE', help: 'the fifth value' },
  },
`;

/** The table's source with one more row before its closing bracket. */
export function withFifthRow(source: string): string {
  const end = source.lastIndexOf('] as const satisfies');
  assert.ok(end > 0, `${TABLE} no longer ends with "] as const satisfies": update this test`);
  return source.slice(0, end) + FIFTH + source.slice(end);
}

function diagnostics(configPath: string, options: ts.CompilerOptions = {}): { program: ts.Program; errors: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(configPath, options, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  return { program, errors };
}

suite('derive: a fifth setting touches only the settings table', function () {
  this.timeout(120_000);
  let dir = '';

  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-jwt-fifth-'));
    fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'tsconfig.base.json'), path.join(dir, 'tsconfig.base.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { outDir: 'out', rootDir: '.', types: ['node'] },
        include: ['src'],
        exclude: ['src/features/setup/ui'],
      }),
    );
    const table = path.join(dir, TABLE);
    fs.writeFileSync(table, withFifthRow(fs.readFileSync(table, 'utf8')));
  });

  suiteTeardown(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the planted row is appended to the table', () => {
    const source = fs.readFileSync(path.join(ROOT, TABLE), 'utf8');
    const planted = withFifthRow(source);
    assert.ok(planted.includes("field: 'fifthSetting'"));
    assert.equal(planted.length, source.length + FIFTH.length);
  });

  test("the webview's browser code type-checks with the fifth row", () => {
    const { errors } = diagnostics(path.join(dir, 'src/features/setup/ui/tsconfig.json'));
    assert.deepEqual(errors, []);
  });

  test('the extension and the CLI type-check and compile with the fifth row, and carry it', () => {
    const { program, errors } = diagnostics(path.join(dir, 'tsconfig.json'));
    assert.deepEqual(errors, []);
    const emitted = program.emit();
    assert.equal(emitted.emitSkipped, false);
    const out = (p: string): string => path.join(dir, 'out/src', p);
    const load = createRequire(__filename);

    const types = load(out('core/setup/types.js')) as typeof import('../../../src/core/setup/types');
    assert.deepEqual(types.SETUP_FIELDS, ['jwksUrl', 'keyField', 'value', 'serviceAccountId', 'fifthSetting']);
    const fifth = types.SETUP_FIELDS[4];
    assert.ok(fifth !== undefined);
    assert.equal(types.FIELD_LABEL[fifth], 'Fifth setting');
    assert.equal(types.EMPTY_SETTINGS[fifth], '');
    assert.equal(types.settingOf(fifth).hint, 'The fifth hint.');

    const setup = load(out('core/setup/index.js')) as typeof import('../../../src/core/setup');
    const desired = { ...setup.EMPTY_SETTINGS, [fifth]: '  five  ' };
    const body = setup.buildUpdateBody(desired);
    assert.deepEqual(body.at(-1), {
      identifier: 'scim_jwt_token_fifth_setting',
      value: 'five',
      allowOverrides: false,
      updateType: 'UPDATE',
    });
    const diff = setup.diffSettings(setup.UNSET_SETTINGS, desired);
    assert.equal(diff.length, 5);
    assert.equal(diff[4]?.change, 'new');
    const current = setup.currentFromSettings([
      { setting: { identifier: 'scim_jwt_token_fifth_setting', value: 'held' } } as never,
    ]);
    assert.equal(current[fifth], 'held');

    const doctor = load(out('core/doctor/accountSteps.js')) as typeof import('../../../src/core/doctor/accountSteps');
    const settings = {
      ...setup.UNSET_SETTINGS,
      jwksUrl: 'https://k',
      keyField: 'sub',
      value: 'v',
      serviceAccountId: 'sa',
    };
    const step = doctor.checkSettings({ settings } as never);
    assert.equal(step.status, 'fail');
    assert.match(step.detail, /^1 of the five settings is not set: scim_jwt_token_fifth_setting \(Fifth setting\)\./);
    assert.ok(step.notes?.includes('Fifth setting: (unset)'));
    const doctorTypes = load(out('core/doctor/types.js')) as typeof import('../../../src/core/doctor/types');
    assert.equal(doctorTypes.STEP_TITLE.settings, 'The five SCIM JWT settings are set');

    const cli = load(out('cli/setupCommand.js')) as typeof import('../../../src/cli/setupCommand');
    assert.match(cli.setupCommand.summary, /^Write the five SCIM JWT settings,/);
    // The CLI takes the fifth setting's flag, asks for it like the others, and sends what it was given.
    const args = load(out('cli/setupArgs.js')) as typeof import('../../../src/cli/setupArgs');
    assert.match(args.HELP, /--value VALUE --fifth VALUE\n/);
    assert.match(args.HELP, /\n {2}--fifth VALUE {9}the fifth value\n/);
    const given = { 'jwks-url': 'https://k', 'key-field': 'sub', value: 'v', 'service-account': 'sa' };
    assert.throws(() => args.desiredFrom(given), /missing --fifth/);
    const fromFlags = args.desiredFrom({ ...given, fifth: 'five' });
    assert.equal((fromFlags?.settings as Record<string, string> | undefined)?.fifthSetting, 'five');

    const nodes = load(
      out('features/explorer/explorerNodes.js'),
    ) as typeof import('../../../src/features/explorer/explorerNodes');
    const rows = nodes.scimSettingNodes([]);
    assert.equal(rows.length, 5);
    assert.deepEqual(rows[4], {
      kind: 'scimSetting',
      id: 'scim/scim_jwt_token_fifth_setting',
      identifier: 'scim_jwt_token_fifth_setting',
      response: undefined,
    });
    assert.deepEqual(nodes.SCIM_SETTING_HELP.scim_jwt_token_fifth_setting, {
      label: 'Fifth',
      help: 'The fifth help.',
    });
  });
});
