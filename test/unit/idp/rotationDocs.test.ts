/**
 * docs/key-rotation.md, "Forecast per provider", is the table in src/core/idp/rotation.ts written
 * out: this test builds the rows from the table and fails, printing them, when the document differs.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROTATION, type RotationFacts } from '../../../src/core/idp';

const HEADING = '## Forecast per provider';
const HEAD = [
  '| Provider (catalogue entries) | Rotates | Next key published early | Automatic | Source | Details |',
  '|---|---|---|---|---|---|',
];

const EARLY: Record<`${RotationFacts['publishesNextEarly']}`, string> = {
  true: 'yes',
  false: 'no',
  unknown: 'unknown',
};
const AUTOMATIC: Record<`${RotationFacts['automatic']}`, string> = {
  true: 'yes',
  false: 'no, by hand',
  configurable: 'configurable',
  unknown: 'unknown',
};

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** One row per record, in the table's order; a record shared by several entries lists them all. */
function forecastRows(): string[] {
  const ids = new Map<RotationFacts, string[]>();
  for (const [id, r] of Object.entries(ROTATION)) ids.set(r, [...(ids.get(r) ?? []), id]);
  return [...ids].map(([r, of]) => {
    const sources = r.sources.length > 0 ? r.sources.map((s) => `<${s}>`).join(' ') : '(none found)';
    return `| ${cell(r.provider)} (${of.map((i) => `\`${i}\``).join(', ')}) | ${cell(r.cadence)} | ${EARLY[`${r.publishesNextEarly}`]} | ${AUTOMATIC[`${r.automatic}`]} | ${sources} | ${cell(r.note ?? '')} |`;
  });
}

suite('docs/key-rotation.md: the forecast table', () => {
  test('the section holds exactly the rows built from src/core/idp/rotation.ts', () => {
    const doc = readFileSync(resolve(__dirname, '../../../../docs/key-rotation.md'), 'utf8');
    const start = doc.indexOf(HEADING);
    assert.ok(start >= 0, `docs/key-rotation.md has no "${HEADING}" section`);
    const next = doc.indexOf('\n## ', start + HEADING.length);
    const section = doc.slice(start, next < 0 ? undefined : next);
    const table = section.split('\n').filter((l) => l.startsWith('|'));
    const expected = [...HEAD, ...forecastRows()];
    assert.deepEqual(table, expected, `replace the table with:\n${expected.join('\n')}\n`);
  });

  test('the rows change when the table changes (the check is not a copy of the document)', () => {
    const rows = forecastRows();
    assert.equal(rows.length, new Set(Object.values(ROTATION)).size);
    assert.ok(rows.some((r) => r.startsWith('| Okta (`okta-custom`, `okta-org`) | about four times a year | yes |')));
    assert.ok(
      rows.some((r) => r.startsWith('| JumpCloud (`jumpcloud`) | unknown | unknown | unknown | (none found) |')),
    );
  });
});
