/**
 * The import rules of eslint.config.mjs, run as `npm run lint` runs them, on planted imports: a
 * feature reaches no other feature by any spelling of the path, and a core folder is reached from
 * outside only through its index.
 */
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '../../../..');
const FEATURE = 'A feature never imports another feature: move the shared need into src/platform or src/core.';
const CORE_INDEX = 'Import core/http through its index';

suite('lint: the import rules', function () {
  // Type-aware linting builds a program first: seconds, not milliseconds.
  this.timeout(180_000);
  let eslint: ESLint;

  suiteSetup(() => {
    eslint = new ESLint({
      cwd: root,
      // The planted files exist only in memory: give them a project of their own.
      overrideConfig: {
        languageOptions: {
          parserOptions: {
            projectService: { allowDefaultProject: ['src/features/planted/*.ts', 'src/core/planted/*.ts'] },
          },
        },
      },
    });
  });

  async function messages(from: string, importPath: string): Promise<string[]> {
    const code = `import * as planted from '${importPath}';\nexport const kept = planted;\n`;
    const [result] = await eslint.lintText(code, { filePath: resolve(root, from) });
    assert.ok(result);
    const fatal = result.messages.filter((m) => m.fatal === true);
    assert.deepEqual(fatal, [], 'the planted file was parsed');
    return result.messages.map((m) => m.message);
  }

  test('a feature importing another feature is refused, however the path is spelled', async () => {
    for (const importPath of [
      '../other/x',
      '../other',
      '../../features/other/x',
      '../../../src/features/other',
      '../../features/../features/other/x',
    ]) {
      const found = await messages('src/features/planted/planted.ts', importPath);
      assert.ok(found.includes(FEATURE), `${importPath}: ${found.join(' | ')}`);
    }
  });

  test('a feature importing itself, platform and core is allowed', async () => {
    for (const importPath of ['./x', '../planted/x', '../../platform/commands', '../../core/http']) {
      const found = await messages('src/features/planted/planted.ts', importPath);
      assert.ok(!found.includes(FEATURE), `${importPath}: ${found.join(' | ')}`);
    }
  });

  test("inside core, another folder's files are refused and its index is allowed", async () => {
    const from = 'src/core/planted/planted.ts';
    for (const importPath of ['../http/parse', '../../core/http/parse', '../http/types'])
      assert.ok(
        (await messages(from, importPath)).some((m) => m.startsWith(CORE_INDEX)),
        `${importPath} was not refused`,
      );
    for (const importPath of ['../http', '../http/index', './x', '../log']) {
      const found = await messages(from, importPath);
      assert.ok(!found.some((m) => m.startsWith('Import core/')), `${importPath}: ${found.join(' | ')}`);
    }
  });

  test("a feature reaching into a core folder's files is refused too", async () => {
    const found = await messages('src/features/planted/planted.ts', '../../core/http/parse');
    assert.ok(
      found.some((m) => m.startsWith(CORE_INDEX)),
      found.join(' | '),
    );
  });
});
