/** docs/identity-providers.md keeps up with the catalogue: a row and a source for every entry. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATALOGUE } from '../../../src/core/idp';

suite('docs/identity-providers.md', () => {
  const doc = readFileSync(resolve(__dirname, '../../../../docs/identity-providers.md'), 'utf8');

  test("one table row per catalogue entry, and each entry's first source cited", () => {
    const table = doc.slice(doc.indexOf('| Provider / token kind |'), doc.indexOf('## What holds for every provider'));
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Provider') && !l.startsWith('|---'));
    assert.equal(rows.length, CATALOGUE.length, 'add a row when adding a catalogue entry');
    for (const e of CATALOGUE) {
      const first = e.sources[0] ?? '';
      assert.ok(doc.includes(first), `${e.id}: ${first} is not cited`);
      const key = e.keyFields[0];
      if (key !== undefined)
        assert.ok(
          rows.some((r) => r.includes(`\`${key}\``)),
          `${e.id}: no row names ${key}`,
        );
    }
  });
});
