/**
 * Agreement: the verdict engine and the independently written Harness emulator judge the
 * same tokens, under the same settings and the same key-set URL, and must agree — accepted or
 * refused, the token/validate answer (docs/harness-contract.md, "The token/validate diagnostic"), the SCIM caller's status, and the
 * engine's code against the emulator's inner reason through the one mapping in mapping.ts. Each
 * case also names the code docs/harness-contract.md, "How Harness validates a SCIM JWT" calls for, so the two cannot drift away from the contract together.
 */
import * as assert from 'node:assert/strict';
import { JwksCache, type HarnessJwtRules, type VerdictCode } from '../../../src/core/jwt';
import { startIdp, type Idp } from '../../sandbox/idp';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { ecKey, jwksJson, makeToken, rsaKey, signWith, type TestKey } from '../jwt/fixtures';
import { ENGINE_TO_EMULATOR } from './mapping';
import { judgeBoth, startKeySetHost, unreachableUrl, type HostedBody, type KeySetHost } from './pair';
import { testHttp } from '../testHttp';

const SERVICE_ACCOUNT = 'scim_sa';
const RULES: HarnessJwtRules = { keyField: 'client_id', value: 'harness-scim' };

interface Keys {
  rsaA: TestKey;
  rsaB: TestKey;
  ec: TestKey;
  ec384: TestKey;
  weak: TestKey;
  noKid1: TestKey;
  noKid2: TestKey;
  idp: Idp;
  /** The set most cases use: the IdP's key first, then the hand-made keys. */
  mainSet: string;
}

type KeySetChoice = 'main' | 'unreachable' | 'idp-discovery' | HostedBody | ((k: Keys) => string);

interface Case {
  name: string;
  token: (k: Keys) => string | Promise<string>;
  keys?: KeySetChoice;
  rules?: HarnessJwtRules;
  /** The engine code docs/harness-contract.md, "How Harness validates a SCIM JWT" calls for. */
  expect: VerdictCode;
}

const nowS = (): number => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: 'https://idp.example.com',
  sub: 'svc',
  client_id: 'harness-scim',
  iat: nowS() - 5,
  exp: nowS() + 600,
  ...extra,
});
const withoutExp = (): Record<string, unknown> => {
  const { exp: _dropped, ...rest } = claims();
  return rest;
};
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const signedA = (k: Keys, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string =>
  makeToken({ alg: 'RS256', typ: 'JWT', kid: 'a', ...header }, payload, k.rsaA.privateKey);

const signedRaw = (k: Keys, input: string): string =>
  `${input}.${signWith('RS256', input, k.rsaA.privateKey).toString('base64url')}`;

const HMAC_SECRET = 'a shared secret that is long enough for HS256';
const SHORT_SECRET = 'sixteen byte key';
const octSet = (secret: string): string =>
  JSON.stringify({ keys: [{ kty: 'oct', kid: 'hs', k: Buffer.from(secret).toString('base64url') }] });

const HTML_PAGE: HostedBody = {
  status: 404,
  contentType: 'text/html',
  body: '<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>',
};

const CASES: Case[] = [
  // Tokens from a real IdP (oidc-provider, typ "at+jwt").
  { name: 'IdP access token (RS256, at+jwt)', token: (k) => k.idp.getToken(), expect: 'ok' },
  {
    name: 'IdP access token with a claim the setting does not want',
    token: (k) => k.idp.getToken(),
    rules: { keyField: 'client_id', value: 'other-client' },
    expect: 'claim-mismatch',
  },
  {
    name: 'IdP access token with a nested claim object',
    token: (k) => k.idp.getToken({ app: { client: 'harness-scim' } }),
    rules: { keyField: 'app.client', value: 'harness-scim' },
    expect: 'claim-missing',
  },
  // Hand-made tokens signed with node:crypto.
  { name: 'RS256 accepted', token: (k) => signedA(k, claims()), expect: 'ok' },
  {
    name: 'ES256 accepted',
    token: (k) => makeToken({ alg: 'ES256', typ: 'JWT', kid: 'ec' }, claims(), k.ec.privateKey),
    expect: 'ok',
  },
  {
    name: 'PS256 accepted',
    token: (k) => makeToken({ alg: 'PS256', typ: 'JWT', kid: 'b' }, claims(), k.rsaB.privateKey),
    expect: 'ok',
  },
  { name: 'expired', token: (k) => signedA(k, claims({ exp: nowS() - 120 })), expect: 'expired' },
  {
    name: 'exp 10 s ago, inside the 30 s skew',
    token: (k) => signedA(k, claims({ iat: nowS() - 60, exp: nowS() - 10 })),
    expect: 'ok',
  },
  { name: 'nbf 5 minutes ahead', token: (k) => signedA(k, claims({ nbf: nowS() + 300 })), expect: 'not-yet-valid' },
  { name: 'nbf 10 s ahead, inside the skew', token: (k) => signedA(k, claims({ nbf: nowS() + 10 })), expect: 'ok' },
  { name: 'exp missing', token: (k) => signedA(k, withoutExp()), expect: 'exp-missing' },
  {
    name: 'typ missing',
    token: (k) => makeToken({ alg: 'RS256', kid: 'a' }, claims(), k.rsaA.privateKey),
    expect: 'typ',
  },
  { name: 'typ "at+jwt"', token: (k) => signedA(k, claims(), { typ: 'at+jwt' }), expect: 'ok' },
  { name: 'typ without "jwt" (JOSE)', token: (k) => signedA(k, claims(), { typ: 'JOSE' }), expect: 'typ' },
  {
    name: 'claim with a different value',
    token: (k) => signedA(k, claims({ client_id: 'someone-else' })),
    expect: 'claim-mismatch',
  },
  {
    name: 'claim differing only in case',
    token: (k) => signedA(k, claims({ client_id: 'Harness-SCIM' })),
    expect: 'claim-mismatch',
  },
  { name: 'claim missing', token: (k) => signedA(k, claims({ client_id: undefined })), expect: 'claim-missing' },
  {
    name: 'claim with surrounding spaces (trimmed by Harness)',
    token: (k) => signedA(k, claims({ client_id: '  harness-scim\t' })),
    expect: 'ok',
  },
  {
    name: 'setting value with surrounding spaces',
    token: (k) => signedA(k, claims()),
    rules: { keyField: 'client_id', value: ' harness-scim ' },
    expect: 'ok',
  },
  // Java's String.trim removes only characters <= U+0020; a no-break space stays and the values differ.
  {
    name: 'claim with a no-break space (Java trim keeps it)',
    token: (k) => signedA(k, claims({ client_id: '\u00a0harness-scim' })),
    expect: 'claim-mismatch',
  },
  {
    name: 'setting value with a no-break space',
    token: (k) => signedA(k, claims()),
    rules: { keyField: 'client_id', value: 'harness-scim\u00a0' },
    expect: 'claim-mismatch',
  },
  {
    name: 'claim name setting with spaces (not trimmed)',
    token: (k) => signedA(k, claims()),
    rules: { keyField: ' client_id ', value: 'harness-scim' },
    expect: 'claim-missing',
  },
  {
    name: 'claim an array holding the value',
    token: (k) => signedA(k, claims({ client_id: ['harness-scim'] })),
    expect: 'claim-not-string',
  },
  {
    name: 'claim a number',
    token: (k) => signedA(k, claims({ client_id: 42 })),
    rules: { keyField: 'client_id', value: '42' },
    expect: 'claim-not-string',
  },
  {
    name: 'dotted claim name, nested object',
    token: (k) => signedA(k, claims({ app: { client: 'harness-scim' } })),
    rules: { keyField: 'app.client', value: 'harness-scim' },
    expect: 'claim-missing',
  },
  {
    name: 'dotted claim name, literal top-level claim',
    token: (k) => signedA(k, claims({ 'app.client': 'harness-scim' })),
    rules: { keyField: 'app.client', value: 'harness-scim' },
    expect: 'ok',
  },
  { name: 'iss "Harness Inc"', token: (k) => signedA(k, claims({ iss: 'Harness Inc' })), expect: 'issuer' },
  { name: 'iss not a string', token: (k) => signedA(k, claims({ iss: 7 })), expect: 'issuer' },
  { name: 'unknown kid', token: (k) => signedA(k, claims(), { kid: 'nope' }), expect: 'key-not-found' },
  {
    name: 'no kid, two keys, signed by the second',
    token: (k) => makeToken({ alg: 'RS256', typ: 'JWT' }, claims(), k.noKid2.privateKey),
    keys: (k) => jwksJson(k.noKid1, k.noKid2),
    expect: 'signature',
  },
  {
    name: 'no kid, two keys, signed by the first',
    token: (k) => makeToken({ alg: 'RS256', typ: 'JWT' }, claims(), k.noKid1.privateKey),
    keys: (k) => jwksJson(k.noKid1, k.noKid2),
    expect: 'ok',
  },
  {
    name: 'RSA 1024-bit key',
    token: (k) => makeToken({ alg: 'RS256', typ: 'JWT', kid: 'weak' }, claims(), k.weak.privateKey),
    expect: 'weak-key',
  },
  {
    name: 'alg none, empty signature',
    token: () => `${b64({ alg: 'none', typ: 'JWT', kid: 'a' })}.${b64(claims())}.`,
    expect: 'algorithm',
  },
  {
    name: 'alg none, some signature bytes',
    token: () => `${b64({ alg: 'none', typ: 'JWT', kid: 'a' })}.${b64(claims())}.c2ln`,
    expect: 'algorithm',
  },
  {
    name: 'ES256 header pointing at a P-384 key',
    token: (k) => makeToken({ alg: 'ES256', typ: 'JWT', kid: 'ec384' }, claims(), k.ec384.privateKey),
    expect: 'algorithm',
  },
  { name: 'exp a string', token: (k) => signedA(k, claims({ exp: String(nowS() + 600) })), expect: 'exp-missing' },
  // Signed, so both sides get past the signature (jose4j parses the claims only after verifying).
  {
    name: 'payload not JSON, correctly signed',
    token: (k) =>
      signedRaw(k, `${b64({ alg: 'RS256', typ: 'JWT', kid: 'a' })}.${Buffer.from('not json').toString('base64url')}`),
    expect: 'malformed',
  },
  { name: 'header in standard base64 (not base64url)', token: () => 'ey+J.eyJ9.c2ln', expect: 'malformed' },
  { name: 'two parts only', token: () => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims())}`, expect: 'malformed' },
  {
    name: 'HS256 against a public key set',
    token: () =>
      makeToken({ alg: 'HS256', typ: 'JWT', kid: 'a' }, claims(), 'a shared secret of some length, 32+ bytes'),
    expect: 'algorithm',
  },
  {
    name: 'HS256 with a shared secret published in the set',
    token: () => makeToken({ alg: 'HS256', typ: 'JWT', kid: 'hs' }, claims(), HMAC_SECRET),
    keys: () => octSet(HMAC_SECRET),
    expect: 'ok',
  },
  {
    name: 'HS256 with a 128-bit secret in the set',
    token: () => makeToken({ alg: 'HS256', typ: 'JWT', kid: 'hs' }, claims(), SHORT_SECRET),
    keys: () => octSet(SHORT_SECRET),
    expect: 'weak-key',
  },
  {
    name: 'bad signature',
    token: (k) => signedA(k, claims()).replace(/\.[^.]+$/, `.${Buffer.alloc(256, 7).toString('base64url')}`),
    expect: 'signature',
  },
  {
    name: 'unknown crit header',
    token: (k) => signedA(k, claims(), { crit: ['x-custom'], 'x-custom': 1 }),
    expect: 'malformed',
  },
  {
    name: 'JWKS URL answers an HTML page',
    token: (k) => signedA(k, claims()),
    keys: HTML_PAGE,
    expect: 'jwks-invalid',
  },
  {
    name: 'JWKS URL is the discovery document',
    token: (k) => signedA(k, claims()),
    keys: 'idp-discovery',
    expect: 'jwks-invalid',
  },
  { name: 'JWKS URL unreachable', token: (k) => signedA(k, claims()), keys: 'unreachable', expect: 'jwks-unreachable' },
];

suite(
  'agreement: verdict engine vs Harness emulator (docs/harness-contract.md, "How Harness validates a SCIM JWT")',
  function () {
    this.timeout(60_000);
    let emu: Emulator;
    let host: KeySetHost;
    let keys: Keys;
    const cache = new JwksCache({ timeoutMs: 3000, http: testHttp() });

    suiteSetup(async () => {
      const idp = await startIdp({ clientId: 'harness-scim' });
      const idpSet = (await (await fetch(idp.jwksUri)).json()) as { keys: Record<string, unknown>[] };
      const rsaA = rsaKey(2048, { kid: 'a', use: 'sig', alg: 'RS256' });
      const rsaB = rsaKey(2048, { kid: 'b' });
      const ec = ecKey('P-256', { kid: 'ec', use: 'sig' });
      const ec384 = ecKey('P-384', { kid: 'ec384' });
      const weak = rsaKey(1024, { kid: 'weak' });
      keys = {
        rsaA,
        rsaB,
        ec,
        ec384,
        weak,
        noKid1: rsaKey(2048),
        noKid2: rsaKey(2048),
        idp,
        mainSet: jwksJson(...idpSet.keys, rsaA, rsaB, ec, ec384, weak),
      };
      host = await startKeySetHost();
      emu = await startEmulator();
      emu.addApiKey({ kind: 'sat', principal: SERVICE_ACCOUNT, permissions: ['core_user_view'] });
    });
    suiteTeardown(async () => {
      await cache.close();
      await emu.close();
      await host.close();
      await keys.idp.close();
    });

    async function urlFor(choice: KeySetChoice): Promise<string> {
      if (choice === 'unreachable') return unreachableUrl();
      if (choice === 'idp-discovery') return keys.idp.discoveryUri;
      if (choice === 'main') return host.publish({ status: 200, contentType: 'application/json', body: keys.mainSet });
      if (typeof choice === 'function')
        return host.publish({ status: 200, contentType: 'application/json', body: choice(keys) });
      return host.publish(choice);
    }

    for (const c of CASES) {
      test(c.name, async () => {
        const token = await c.token(keys);
        const jwksUrl = await urlFor(c.keys ?? 'main');
        const { engine, emulator } = await judgeBoth(token, {
          emu,
          cache,
          rules: c.rules ?? RULES,
          jwksUrl,
          serviceAccount: SERVICE_ACCOUNT,
        });
        const inner = emulator.failure?.reason ?? 'accepted';
        const where = `engine ${engine.code} (${engine.message}) / emulator ${inner} (${emulator.failure?.detail ?? ''})`;

        assert.equal(
          engine.code,
          c.expect,
          `engine code per docs/harness-contract.md, "How Harness validates a SCIM JWT": ${where}`,
        );
        assert.equal(emulator.validateStatus === 200, engine.accepted, `accepted/refused: ${where}`);
        assert.equal(emulator.scimStatus, engine.accepted ? 200 : 401, `SCIM caller status: ${where}`);
        assert.equal(
          emulator.scimFailure?.reason,
          emulator.failure?.reason,
          'SCIM and token/validate run the same check',
        );
        assert.equal(emulator.validateStatus, engine.harnessError.httpStatus, `token/validate HTTP status: ${where}`);
        if (!engine.accepted) {
          assert.equal(emulator.validateCode, engine.harnessError.code, `token/validate code: ${where}`);
          assert.ok(emulator.failure, `the emulator records why: ${where}`);
          assert.ok(
            ENGINE_TO_EMULATOR[engine.code].includes(emulator.failure.reason),
            `mapping ${engine.code} → ${emulator.failure.reason}: ${where}`,
          );
        } else {
          assert.equal(emulator.failure, undefined);
        }
      });
    }

    test('the mapping is one table: every emulator JWT-flow reason is reachable from some engine code', () => {
      const mapped = new Set(Object.values(ENGINE_TO_EMULATOR).flat());
      // Reasons outside the token itself (settings, service account, flag, API keys) have no engine code.
      const jwtReasons = [
        'typ-missing',
        'header-not-base64url',
        'jwks-unreachable',
        'jwks-invalid',
        'jwks-server-error',
        'malformed',
        'algorithm',
        'key-not-found',
        'weak-key',
        'signature',
        'exp-missing',
        'expired',
        'not-yet-valid',
        'harness-issuer',
        'claim-not-string',
        'claim-mismatch',
        'not-jwt-typ',
      ] as const;
      for (const r of jwtReasons) assert.ok(mapped.has(r), r);
    });
  },
);
