/**
 * The key-rotation forecast: a record for every catalogue entry, a source for every fact, a sentence
 * about Harness that follows from the facts, and the same words in the hover, the form's Fill from
 * a token and the doctor.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { doctorMarkdown } from '../../../src/core/doctor';
import { doctorProvider } from '../../../src/core/doctor/provider';
import {
  CATALOGUE,
  REFRESH_KEY_SET_CLI,
  REFRESH_KEY_SET_TITLE,
  ROTATION,
  UNKNOWN,
  recogniseToken,
  rotationForecast,
  rotationForecastFor,
  rotationUnknown,
  suggestionView,
  suggestSettings,
  type IdpMatch,
  type RotationFacts,
} from '../../../src/core/idp';
import { hoverMarkdown, inspectHttpText, type RulesChoice } from '../../../src/core/inspect';
import { JwksCache } from '../../../src/core/jwt';
import { Commands } from '../../../src/platform/ids';
import { mdText } from '../../../src/core/markdown';
import { jwksJson, NOW, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';
import { PROFILES, profileToken } from './profiles';

const records = (): [string, RotationFacts][] => Object.entries(ROTATION);
const match = (id: string): IdpMatch => {
  const entry = CATALOGUE.find((e) => e.id === id);
  if (!entry) throw new Error(id);
  return { entry, by: 'issuer' };
};

suite('key-rotation forecast: the table', () => {
  test('every catalogue entry has a record', () => {
    const missing = CATALOGUE.filter((e) => ROTATION[e.id] === undefined).map((e) => e.id);
    assert.deepEqual(missing, [], 'add a record to ROTATION in src/core/idp/rotation.ts');
  });

  test('every record that states a fact names an https source; sources are https URLs', () => {
    for (const [id, r] of records()) {
      if (!rotationUnknown(r)) assert.ok(r.sources.length > 0, `${id}: a fact without a source`);
      for (const s of r.sources) assert.match(s, /^https:\/\/[^\s]+$/, `${id}: ${s}`);
    }
  });

  test('a fact the documentation does not give is "unknown", never an empty string', () => {
    for (const [id, r] of records()) {
      assert.ok(r.cadence.trim().length > 0, `${id}: empty cadence`);
      assert.ok(r.provider.trim().length > 0, `${id}: no provider name`);
    }
    assert.equal(rotationUnknown({ ...ROTATION.onelogin! }), true);
    assert.equal(rotationUnknown({ ...ROTATION.onelogin!, automatic: true }), false);
  });

  test('the refresh is named by the title its VS Code command has', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as {
      contributes: { commands: { command: string; title: string }[] };
    };
    const command = pkg.contributes.commands.find((c) => c.command === Commands.refreshKeySet);
    assert.equal(command?.title, REFRESH_KEY_SET_TITLE);
  });

  test('entries of one provider share one record', () => {
    assert.equal(ROTATION['okta-custom'], ROTATION['okta-org']);
    assert.equal(ROTATION['entra-v1'], ROTATION['entra-v2']);
    assert.equal(ROTATION.auth0, ROTATION['auth0-rfc9068']);
  });
});

suite('key-rotation forecast: the words follow from the facts', () => {
  test('each text names the provider, the one-step refresh by its title and CLI flag, and 401', () => {
    for (const [id, r] of records()) {
      const text = rotationForecastFor(id)?.text ?? '';
      assert.ok(text.includes(r.provider), `${id}: ${text}`);
      assert.ok(text.includes(REFRESH_KEY_SET_TITLE), `${id}: ${text}`);
      assert.ok(text.includes(REFRESH_KEY_SET_CLI), `${id}: ${text}`);
      assert.ok(text.includes('401 "Token is not valid."'), `${id}: ${text}`);
      assert.ok(!text.includes('undefined') && !text.includes(UNKNOWN), `${id}: ${text}`);
    }
  });

  test('an early-published next key is said to stay unseen until the URL changes, and only then', () => {
    for (const [id, r] of records()) {
      const text = rotationForecastFor(id)?.text ?? '';
      const unseen = text.includes('will not see a key published early until the URL changes');
      assert.equal(unseen, r.publishesNextEarly === true, `${id}: ${text}`);
    }
  });

  test('the same facts under another provider give the same sentence about Harness', () => {
    const [, okta] = records().find(([id]) => id === 'okta-custom') ?? [];
    const [, duende] = records().find(([id]) => id === 'duende') ?? [];
    assert.ok(okta && duende);
    const harnessPart = (id: string): string => (rotationForecastFor(id)?.text ?? '').replace(/^[^.]*\. /, '');
    // Both publish early; their Harness sentences are derived, so they are identical.
    assert.equal(harnessPart('okta-custom'), harnessPart('duende'));
    assert.notEqual(harnessPart('okta-custom'), harnessPart('keycloak'));
  });

  test('a provider with no documented facts says so rather than guessing', () => {
    const text = rotationForecastFor('jumpcloud')?.text ?? '';
    assert.match(text, /^How often JumpCloud rotates signing keys is not in its documentation\./);
    assert.match(text, /if the keys change/);
  });

  test('an id without a record gives nothing; a provider Harness refuses anyway gives nothing', () => {
    assert.equal(rotationForecastFor('no-such-provider'), undefined);
    assert.equal(rotationForecast(undefined), undefined);
    assert.equal(match('okta-custom').entry.harness, 'no');
    assert.equal(rotationForecast(match('okta-custom')), undefined);
    assert.equal(rotationForecast(match('keycloak'))?.text, rotationForecastFor('keycloak')?.text);
  });
});

suite('key-rotation forecast: the same words in the hover, the form and the doctor', () => {
  let key: TestKey;
  let cache: JwksCache;
  suiteSetup(() => {
    key = rsaKey(2048);
    cache = new JwksCache({ http: testHttp() });
  });
  suiteTeardown(async () => {
    await cache.close();
  });

  for (const id of ['auth0', 'keycloak', 'google']) {
    test(`${id}: hover, Fill from a token and the doctor show the forecast`, async () => {
      const p = PROFILES.find((x) => x.id === id);
      assert.ok(p);
      const token = profileToken(p, key.privateKey);
      const expected = rotationForecast(recogniseToken(token))?.text;
      assert.ok(expected !== undefined, id);

      const rules: RulesChoice = {
        kind: 'rules',
        keys: { kind: 'inline', json: jwksJson({ ...key.jwk, use: 'sig' }) },
        rules: { keyField: 'sub', value: 'x' },
        origin: { kind: 'command-line' },
      };
      const text = `### t\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer ${token}\n`;
      const { inspections } = await inspectHttpText(
        text,
        {},
        { rules, cache, network: false, at: NOW, noNetworkReason: 'offline' },
      );
      const [i] = inspections;
      assert.ok(i);
      assert.ok(hoverMarkdown(i).includes(`Key rotation: ${mdText(expected)}`), 'hover');

      const view = suggestionView(await suggestSettings(token, { network: false, cache, now: NOW }));
      assert.equal(view.provider?.rotation, expected, 'form');

      const doctor = doctorProvider(token);
      assert.equal(doctor?.report.rotation, expected, 'doctor');
    });
  }

  test('the doctor report prints the forecast under the provider, and omits it when there is none', () => {
    const report = {
      baseUrl: 'https://h',
      accountId: 'acc',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:01Z',
      steps: [],
      summary: { pass: 0, fail: 0, warn: 0, skip: 0 },
      ok: true,
      provider: {
        id: 'keycloak',
        name: 'Keycloak',
        label: 'Keycloak',
        recognisedBy: 'issuer' as const,
        harness: 'yes' as const,
        harnessText: 'Yes.',
        rotation: rotationForecastFor('keycloak')?.text ?? '',
      },
    };
    assert.match(doctorMarkdown(report), /\nKey rotation: Keycloak rotates signing keys /);
    const { rotation: _, ...without } = report.provider;
    assert.doesNotMatch(doctorMarkdown({ ...report, provider: without }), /Key rotation:/);
  });
});
