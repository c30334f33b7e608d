/**
 * docs/doctor-json.md describes what `scim-jwt doctor --json` prints: every step id, every problem id
 * and the exit codes of cli/io.ts must be in it, and the JSON must carry the fields it promises.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { doctorJson, DOCTOR_JSON_SCHEMA_VERSION, STEP_ORDER, type DoctorReport } from '../../../src/core/doctor';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from '../../../src/cli/io';

const root = resolve(__dirname, '../../../..');
const doc = readFileSync(resolve(root, 'docs/doctor-json.md'), 'utf8');

suite('docs/doctor-json.md', () => {
  test('names every step id and every problem id of DoctorProblem', () => {
    for (const id of STEP_ORDER) assert.ok(doc.includes(`\`${id}\``), `step id ${id}`);
    const types = readFileSync(resolve(root, 'src/core/doctor/types.ts'), 'utf8');
    const union = /export type DoctorProblem =([\s\S]*?);\n/.exec(types)?.[1] ?? '';
    const problems = [...union.matchAll(/\|\s*'([a-z-]+)'/g)].map((m) => m[1] ?? '');
    assert.ok(problems.length > 20, `read ${problems.length} problem ids`);
    for (const p of problems) assert.ok(doc.includes(`\`${p}\``), `problem id ${p} is not documented`);
  });

  test('the exit codes are those of the CLI', () => {
    const table = /## Exit codes[\s\S]*?\n\n([\s\S]*?)\n\n/.exec(doc)?.[1] ?? '';
    const codes = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    assert.deepEqual(codes, [EXIT_OK, EXIT_REFUSED, EXIT_USAGE]);
  });

  test('the JSON carries schemaVersion, exitCode, problems (once each) and staleKeySet null when there is none', () => {
    const step = (id: DoctorReport['steps'][number]['id'], status: 'pass' | 'fail' | 'warn', problem?: string) => ({
      id,
      number: STEP_ORDER.indexOf(id) + 1,
      title: id,
      status,
      detail: '',
      notes: [],
      elapsedMs: 0,
      ...(problem !== undefined ? { problem: problem as 'scim-error' } : {}),
    });
    const report: DoctorReport = {
      baseUrl: 'http://h',
      accountId: 'a',
      startedAt: '',
      finishedAt: '',
      steps: [
        step('key', 'pass'),
        step('jwks', 'warn', 'jwks-not-public'),
        step('tokenValidate', 'fail', 'scim-error'),
        step('scim', 'fail', 'scim-error'),
      ],
      summary: { pass: 1, fail: 2, warn: 1, skip: 0 },
      ok: false,
    };
    const json = doctorJson(report, EXIT_REFUSED);
    assert.equal(json.schemaVersion, DOCTOR_JSON_SCHEMA_VERSION);
    assert.equal(json.exitCode, 1);
    assert.deepEqual(json.problems, ['jwks-not-public', 'scim-error']);
    assert.equal(json.staleKeySet, null);
    assert.equal(json.baseUrl, 'http://h', 'the report fields stay where they were');
  });
});
