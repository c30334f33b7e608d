/** The values generated at send time for the three clients' system variables. */
import * as assert from 'node:assert/strict';
import { generateSystemVariable } from '../../../src/core/http/systemVariables';

const NOW = new Date('2026-12-01T10:20:30.456Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

suite('http: system variables generated at send time', () => {
  test('uuids: REST Client $guid, httpYac and JetBrains $uuid, JetBrains $random.uuid; fresh each time', () => {
    for (const inner of ['$guid', '$uuid', '$random.uuid'])
      assert.match(generateSystemVariable(inner, NOW) ?? '', UUID, inner);
    assert.notEqual(generateSystemVariable('$guid'), generateSystemVariable('$guid'));
  });

  test('times: $timestamp in seconds, with REST Client offsets; $isoTimestamp; $datetime iso8601 and rfc1123', () => {
    assert.equal(generateSystemVariable('$timestamp', NOW), '1796120430');
    assert.equal(generateSystemVariable('$timestamp -1 d', NOW), String(1796120430 - 86_400));
    assert.equal(generateSystemVariable('$timestamp 2 h', NOW), String(1796120430 + 7200));
    assert.equal(generateSystemVariable('$isoTimestamp', NOW), '2026-12-01T10:20:30.456Z');
    assert.equal(generateSystemVariable('$datetime iso8601', NOW), '2026-12-01T10:20:30.456Z');
    assert.equal(generateSystemVariable('$datetime rfc1123', NOW), 'Tue, 01 Dec 2026 10:20:30 GMT');
    assert.equal(generateSystemVariable('$datetime iso8601 1 y', NOW), '2027-12-01T10:20:30.456Z');
    assert.match(
      generateSystemVariable('$localDatetime iso8601', NOW) ?? '',
      /^2026-12-01T\d\d:\d\d:30\.456[+-]\d\d:\d\d$/,
    );
  });

  test('random numbers and strings stay in their ranges', () => {
    for (let i = 0; i < 200; i++) {
      const r = Number(generateSystemVariable('$randomInt 5 8', NOW));
      assert.ok(r >= 5 && r < 8, `REST Client's max is excluded: ${r}`);
      const j = Number(generateSystemVariable('$random.integer(-3, 3)', NOW));
      assert.ok(j >= -3 && j < 3, String(j));
      const k = Number(generateSystemVariable('$randomInt', NOW));
      assert.ok(k >= 0 && k <= 1000, String(k));
    }
    assert.match(generateSystemVariable('$random.alphabetic(12)', NOW) ?? '', /^[A-Za-z]{12}$/);
    assert.match(generateSystemVariable('$random.hexadecimal(8)', NOW) ?? '', /^[0-9a-f]{8}$/);
    assert.match(generateSystemVariable('$random.email', NOW) ?? '', /^[a-z]+@[a-z]+\.com$/);
  });

  test('forms not known here are not guessed', () => {
    for (const inner of [
      '$datetime "DD-MM-YYYY"',
      '$timestamp 1',
      '$timestamp 1 fortnights',
      '$randomInt 9 1',
      '$random.alphabetic(100000)',
      '$random.nope',
      '$processEnvX',
      '$guid extra',
    ]) {
      assert.equal(generateSystemVariable(inner, NOW), undefined, inner);
    }
  });
});
