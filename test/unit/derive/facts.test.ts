import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { countWord } from '../../../src/core/countWords';
import { literalTexts, scanSource, scanTree } from './factScan';

const ROOT = path.resolve(__dirname, '../../../..');

suite('derive: no user-facing string types out a fact', () => {
  test('src/ has none', () => {
    const found = scanTree(ROOT);
    assert.deepEqual(
      found.map((v) => `${v.file}:${v.line} ${v.rule}: ${JSON.stringify(v.text)}`),
      [],
    );
  });

  test('only literal texts are read: comments and interpolations are not', () => {
    const source = [
      '// the settings cache lives 120 s',
      '/** eight steps, of 5, of 4 */',
      'const a = `wait ${SECONDS} s, then ${STEPS.length} steps`;',
      "import { x } from './scimJwt.thing';",
    ].join('\n');
    assert.deepEqual(scanSource('src/core/a.ts', source), []);
    assert.deepEqual(
      literalTexts('a.ts', 'const a = `one ${b} two ${c} three`;').map((l) => l.text),
      ['one ', ' two ', ' three'],
    );
  });

  test('a planted violation of each rule is found', () => {
    const planted: [string, string][] = [
      ["const a = 'then wait 120 s.';", 'the settings delay'],
      ['const a = `Harness may take 120s (${x})`;', 'the settings delay'],
      ["const a = 'up to two minutes';", 'the settings delay'],
      ["const a = 'runs the eight steps';", 'a count of steps'],
      ['const a = `all 12 steps passed ${x}`;', 'a count of steps'],
      ['const a = `${n} of 5 unverified`;', 'a count typed out'],
      ['const a = `${n} of 4 missing`;', 'a count typed out'],
      ['const a = `${s}/12 ${t}`;', 'a count of rehearsal steps'],
      ["const a = 'Write the four SCIM JWT settings';", 'a count of settings'],
      ['const a = `all 4 settings ${x}`;', 'a count of settings'],
      ["const a = 'Key field (claim name)';", "a setting's label"],
      [
        "const a = { help: 'The JWT claim Harness reads, by its exact name (not trimmed, top level only).' };",
        "a setting's label",
      ],
      ["run('scimJwt.setup.open');", 'an id outside'],
      ["const t = 'scimJwt.setup';", 'an id outside'],
    ];
    for (const [source, rule] of planted) {
      const found = scanSource('src/features/x/planted.ts', source);
      assert.equal(found.length, 1, `${source}: ${JSON.stringify(found)}`);
      assert.ok(found[0]?.rule.startsWith(rule), `${source}: ${found[0]?.rule}`);
      assert.equal(found[0]?.line, 1);
    }
  });

  test('the homes of the facts may hold them', () => {
    assert.deepEqual(scanSource('src/platform/ids.ts', "const t = 'scimJwt.setup';"), []);
    assert.deepEqual(scanSource('src/core/scimJwtSettings.ts', "const l = 'Key field (claim name)';"), []);
  });
});

suite('derive: countWord', () => {
  test('says small counts in words and larger ones in digits', () => {
    assert.equal(countWord(4), 'four');
    assert.equal(countWord(5), 'five');
    assert.equal(countWord(12), 'twelve');
    assert.equal(countWord(13), '13');
  });
});
