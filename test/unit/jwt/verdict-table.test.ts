/**
 * Every verdict code and Harness's answer for it, over hand-made tokens. Cases marked "jose differs"
 * are those where jose's jwtVerify defaults would give the opposite answer to Harness's.
 */
import * as assert from 'node:assert/strict';
import {
  JwksCache,
  verifyForHarness,
  type HarnessJwtRules,
  type KeySource,
  type VerdictCode,
  type WarningCode,
} from '../../../src/core/jwt';
import {
  ecKey,
  edKey,
  goodPayload,
  jwksJson,
  makeToken,
  NOW,
  NOW_S,
  rawToken,
  rsaKey,
  RULES,
  type TestKey,
} from './fixtures';
import { testHttp } from '../testHttp';

interface Case {
  name: string;
  token: () => string;
  keys?: () => string;
  rules?: HarnessJwtRules;
  at?: Date;
  code: VerdictCode;
  harness?: [number, string];
  message?: RegExp;
  warnings?: WarningCode[];
  chosenKid?: string;
}

suite('jwt verdict table', () => {
  let rsaA: TestKey,
    rsaB: TestKey,
    weak: TestKey,
    ec: TestKey,
    ec384: TestKey,
    noKid1: TestKey,
    noKid2: TestKey,
    ed: TestKey;
  const cache = new JwksCache({ http: testHttp() });

  suiteSetup(() => {
    rsaA = rsaKey(2048, { kid: 'a', use: 'sig', alg: 'RS256' });
    rsaB = rsaKey(2048, { kid: 'b' });
    weak = rsaKey(1024, { kid: 'weak' });
    ec = ecKey('P-256', { kid: 'ec' });
    ec384 = ecKey('P-384');
    noKid1 = rsaKey(2048);
    noKid2 = rsaKey(2048);
    ed = edKey({ kid: 'ed' });
  });
  suiteTeardown(() => cache.close());

  const hdr = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    alg: 'RS256',
    typ: 'JWT',
    kid: 'a',
    ...extra,
  });
  const signedA = (payload: unknown, extra: Record<string, unknown> = {}): string =>
    makeToken(hdr(extra), payload, rsaA.privateKey);
  const setAB = (): string => jwksJson(rsaA, rsaB, ec);

  const cases: Case[] = [
    {
      name: 'RS256 with kid: accepted',
      token: () => signedA(goodPayload()),
      code: 'ok',
      harness: [200, 'SUCCESS'],
      chosenKid: 'a',
    },
    {
      name: 'ES256: accepted',
      token: () => makeToken({ alg: 'ES256', typ: 'JWT', kid: 'ec' }, goodPayload(), ec.privateKey),
      code: 'ok',
    },
    {
      name: 'PS256 with an RSA key: accepted',
      token: () => makeToken({ alg: 'PS256', typ: 'JWT', kid: 'b' }, goodPayload(), rsaB.privateKey),
      code: 'ok',
      chosenKid: 'b',
    },
    { name: 'typ "AT+JWT" (any case) counts', token: () => signedA(goodPayload(), { typ: 'AT+JWT' }), code: 'ok' },
    {
      name: 'EdDSA (Ed25519): accepted, as by Java 17',
      token: () => makeToken({ alg: 'EdDSA', typ: 'JWT', kid: 'ed' }, goodPayload(), ed.privateKey),
      keys: () => jwksJson(ed),
      code: 'ok',
    },
    // Format and typ: what Harness's isJWTTokenType decides.
    {
      name: 'two parts: handled as an API key',
      token: () => 'abc.def',
      code: 'malformed',
      harness: [400, 'INVALID_REQUEST'],
    },
    {
      name: 'Harness API key',
      token: () => 'pat.acc123.tok456.secret789',
      code: 'malformed',
      message: /Harness API key/,
    },
    {
      name: 'JWE, five parts',
      token: () => 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d',
      code: 'malformed',
      message: /encrypted/,
    },
    {
      name: 'header not base64url: a server error at Harness',
      token: () => 'ey+J.eyJ9.c2ln',
      code: 'malformed',
      harness: [500, 'UNKNOWN_ERROR'],
      message: /standard base64/,
    },
    {
      name: 'header not JSON',
      token: () => `${Buffer.from('{nope').toString('base64url')}.e30.c2ln`,
      code: 'malformed',
      harness: [401, 'INVALID_TOKEN'],
    },
    {
      name: 'typ missing (jose differs: it never requires typ)',
      token: () => makeToken({ alg: 'RS256', kid: 'a' }, goodPayload(), rsaA.privateKey),
      code: 'typ',
      harness: [401, 'INVALID_TOKEN'],
    },
    {
      name: 'typ without "jwt": treated as an API key',
      token: () => signedA(goodPayload(), { typ: 'JOSE' }),
      code: 'typ',
      harness: [400, 'INVALID_REQUEST'],
      message: /"JOSE"/,
    },
    { name: 'typ not a string', token: () => signedA(goodPayload(), { typ: 1 }), code: 'typ' },
    // Payload shape (after the key set is read, as jose4j parses it).
    {
      name: 'payload not JSON',
      token: () =>
        `${Buffer.from(JSON.stringify(hdr())).toString('base64url')}.${Buffer.from('nope').toString('base64url')}.c2ln`,
      code: 'malformed',
      harness: [401, 'INVALID_TOKEN'],
    },
    { name: 'payload an array', token: () => rawToken(hdr(), [1, 2]), code: 'malformed', message: /array/ },
    { name: 'sub not a string', token: () => signedA(goodPayload({ sub: 42 })), code: 'malformed', message: /sub/ },
    // Algorithms.
    {
      name: 'alg none with empty signature: two parts for Harness',
      token: () => rawToken({ alg: 'none', typ: 'JWT' }, goodPayload(), ''),
      code: 'algorithm',
      harness: [400, 'INVALID_REQUEST'],
    },
    {
      name: 'alg none with a signature part',
      token: () => rawToken({ alg: 'none', typ: 'JWT' }, goodPayload()),
      code: 'algorithm',
    },
    {
      name: 'HS256 refused',
      token: () => makeToken({ alg: 'HS256', typ: 'JWT' }, goodPayload(), 'secret'),
      code: 'algorithm',
      message: /HMAC/,
    },
    { name: 'unknown alg', token: () => rawToken({ alg: 'ES256K', typ: 'JWT' }, goodPayload()), code: 'algorithm' },
    {
      name: 'unknown crit header',
      token: () => signedA(goodPayload(), { crit: ['exp-ext'], 'exp-ext': 1 }),
      code: 'malformed',
      message: /critical/,
    },
    // Key choice as jose4j makes it.
    {
      name: 'kid not in the set',
      token: () => signedA(goodPayload(), { kid: 'rotated' }),
      code: 'key-not-found',
      message: /"rotated".*"a", "b"/,
    },
    {
      name: 'ES256 against RSA keys only',
      token: () => makeToken({ alg: 'ES256', typ: 'JWT' }, goodPayload(), ec.privateKey),
      keys: () => jwksJson(rsaA),
      code: 'key-not-found',
      message: /EC key/,
    },
    {
      name: 'only use "enc" keys',
      token: () => signedA(goodPayload(), { kid: 'x' }),
      keys: () => jwksJson({ ...rsaA.jwk, kid: 'x', use: 'enc' }),
      code: 'key-not-found',
      message: /use enc/,
    },
    {
      name: 'no kid, signed by the second key: Harness takes the first (jose differs: it tries each)',
      token: () => makeToken({ alg: 'RS256', typ: 'JWT' }, goodPayload(), noKid2.privateKey),
      keys: () => jwksJson(noKid1, noKid2),
      code: 'signature',
      warnings: ['no-kid-several-keys', 'keys-without-kid'],
      message: /never tries/,
    },
    {
      name: 'no kid, signed by the first key',
      token: () => makeToken({ alg: 'RS256', typ: 'JWT' }, goodPayload(), noKid1.privateKey),
      keys: () => jwksJson(noKid1, noKid2),
      code: 'ok',
      warnings: ['no-kid-several-keys'],
    },
    {
      name: 'no kid: JWK alg breaks the tie',
      token: () => makeToken({ alg: 'RS256', typ: 'JWT' }, goodPayload(), noKid2.privateKey),
      keys: () => jwksJson({ ...noKid1.jwk, alg: 'RS512' }, { ...noKid2.jwk, alg: 'RS256' }),
      code: 'ok',
    },
    {
      name: 'no kid: EC curve breaks the tie',
      token: () => makeToken({ alg: 'ES256', typ: 'JWT' }, goodPayload(), ec.privateKey),
      keys: () => jwksJson(ec384, { ...ec.jwk, kid: undefined }),
      code: 'ok',
    },
    {
      name: 'RSA 1024 refused (weak)',
      token: () => makeToken(hdr({ kid: 'weak' }), goodPayload(), weak.privateKey),
      keys: () => jwksJson(weak),
      code: 'weak-key',
      message: /1024 bits/,
    },
    {
      name: 'tampered payload',
      token: () => {
        const [h, , s] = signedA(goodPayload()).split('.');
        return `${h}.${Buffer.from(JSON.stringify(goodPayload({ client_id: 'x' }))).toString('base64url')}.${s}`;
      },
      code: 'signature',
    },
    {
      name: 'signed by another key under the same kid',
      token: () => makeToken(hdr(), goodPayload(), rsaB.privateKey),
      code: 'signature',
    },
    // Times.
    {
      name: 'no exp (jose differs: exp optional there)',
      token: () => signedA(goodPayload({ exp: undefined })),
      code: 'exp-missing',
      harness: [401, 'INVALID_TOKEN'],
    },
    {
      name: 'exp a string',
      token: () => signedA(goodPayload({ exp: String(NOW_S + 60) })),
      code: 'exp-missing',
      message: /not a number/,
    },
    {
      name: 'expired 31 s ago',
      token: () => signedA(goodPayload({ exp: NOW_S - 31 })),
      code: 'expired',
      harness: [401, 'EXPIRED_TOKEN'],
    },
    {
      name: 'expired 29 s ago: inside the 30 s skew (jose differs: 0 s)',
      token: () => signedA(goodPayload({ exp: NOW_S - 29 })),
      code: 'ok',
      warnings: ['expires-within-propagation'],
    },
    {
      name: 'nbf 31 s ahead',
      token: () => signedA(goodPayload({ nbf: NOW_S + 31 })),
      code: 'not-yet-valid',
      harness: [401, 'INVALID_TOKEN'],
    },
    { name: 'nbf 29 s ahead: inside the skew', token: () => signedA(goodPayload({ nbf: NOW_S + 29 })), code: 'ok' },
    {
      name: 'judged at an earlier time',
      token: () => signedA(goodPayload({ iat: NOW_S - 7200, exp: NOW_S - 3600 })),
      at: new Date((NOW_S - 3700) * 1000),
      code: 'ok',
    },
    // Issuer and claim.
    {
      name: 'issuer "Harness Inc"',
      token: () => signedA(goodPayload({ iss: 'Harness Inc' })),
      code: 'issuer',
      harness: [400, 'UNEXPECTED'],
    },
    {
      name: 'issuer not a string',
      token: () => signedA(goodPayload({ iss: ['a'] })),
      code: 'issuer',
      harness: [401, 'INVALID_TOKEN'],
    },
    { name: 'no iss at all is fine', token: () => signedA(goodPayload({ iss: undefined })), code: 'ok' },
    {
      name: 'aud is ignored (jose differs with an audience option)',
      token: () => signedA(goodPayload({ aud: 'someone-else' })),
      code: 'ok',
    },
    {
      name: 'claim missing',
      token: () => signedA(goodPayload({ client_id: undefined })),
      code: 'claim-missing',
      harness: [400, 'INVALID_INPUT_SET'],
    },
    {
      name: 'claim empty',
      token: () => signedA(goodPayload({ client_id: '' })),
      code: 'claim-missing',
      message: /empty/,
    },
    {
      name: 'claim an array holding the value',
      token: () => signedA(goodPayload({ client_id: ['harness-scim'] })),
      code: 'claim-not-string',
      harness: [401, 'INVALID_TOKEN'],
      message: /contains the wanted value/,
    },
    { name: 'claim a number', token: () => signedA(goodPayload({ client_id: 7 })), code: 'claim-not-string' },
    {
      name: 'claim differs in case',
      token: () => signedA(goodPayload({ client_id: 'Harness-SCIM' })),
      code: 'claim-mismatch',
      harness: [400, 'INVALID_INPUT_SET'],
      message: /"Harness-SCIM".*"harness-scim".*letter case/,
    },
    {
      name: 'values compared after trimming both',
      token: () => signedA(goodPayload({ client_id: ' harness-scim ' })),
      rules: { keyField: 'client_id', value: 'harness-scim  ' },
      code: 'ok',
    },
    {
      name: 'key field not trimmed',
      token: () => signedA(goodPayload()),
      rules: { keyField: ' client_id', value: 'harness-scim' },
      code: 'claim-missing',
      warnings: ['setting-whitespace'],
      message: /does not trim/,
    },
    {
      name: 'dotted key field is literal',
      token: () => signedA(goodPayload({ a: { b: 'harness-scim' } })),
      rules: { keyField: 'a.b', value: 'harness-scim' },
      code: 'claim-missing',
      message: /top-level/,
    },
    {
      name: 'empty settings',
      token: () => signedA(goodPayload()),
      rules: { keyField: '', value: ' ' },
      code: 'claim-missing',
      warnings: ['setting-empty'],
    },
    // Key sets that are not key sets.
    {
      name: 'discovery document instead of JWKS',
      token: () => signedA(goodPayload()),
      keys: () => JSON.stringify({ issuer: 'https://idp', jwks_uri: 'https://idp/keys' }),
      code: 'jwks-invalid',
      harness: [401, 'INVALID_TOKEN'],
      message: /jwks_uri.*https:\/\/idp\/keys/,
    },
    {
      name: 'empty key set',
      token: () => signedA(goodPayload()),
      keys: () => '{"keys":[]}',
      code: 'jwks-invalid',
      message: /no keys/,
    },
    {
      name: 'single JWK',
      token: () => signedA(goodPayload()),
      keys: () => JSON.stringify(rsaA.jwk),
      code: 'jwks-invalid',
      message: /single JWK/,
    },
    { name: 'not JSON', token: () => signedA(goodPayload()), keys: () => 'hello', code: 'jwks-invalid' },
    {
      name: 'unusable entries are skipped',
      token: () => signedA(goodPayload()),
      keys: () => jwksJson({ kty: 'XYZ', kid: 'odd' }, rsaA),
      code: 'ok',
      warnings: ['jwks-skipped-keys'],
    },
    // Warnings on accepted tokens.
    {
      name: 'expires in a minute',
      token: () => signedA(goodPayload({ exp: NOW_S + 60 })),
      code: 'ok',
      warnings: ['expires-within-propagation'],
    },
    {
      name: 'expires in five minutes',
      token: () => signedA(goodPayload({ exp: NOW_S + 300 })),
      code: 'ok',
      warnings: ['expires-soon'],
    },
    {
      name: 'lives two days',
      token: () => signedA(goodPayload({ exp: NOW_S + 2 * 86400 })),
      code: 'ok',
      warnings: ['long-lifetime'],
    },
    {
      name: 'iat in the future',
      token: () => signedA(goodPayload({ iat: NOW_S + 600 })),
      code: 'ok',
      warnings: ['iat-future'],
    },
    {
      name: 'Entra nonce header',
      token: () => signedA(goodPayload(), { nonce: 'abc' }),
      code: 'ok',
      warnings: ['entra-nonce'],
    },
    {
      name: 'Okta org issuer',
      token: () => signedA(goodPayload({ iss: 'https://dev-123456.okta.com' })),
      code: 'ok',
      warnings: ['okta-org-issuer'],
    },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const keys: KeySource = { kind: 'inline', json: c.keys ? c.keys() : setAB() };
      // One token per case: ES and PS signatures are randomised, so a second c.token() is another token.
      const token = c.token();
      const v = await verifyForHarness(token, { keys, rules: c.rules ?? RULES, cache, at: c.at ?? NOW });
      assert.equal(v.code, c.code, `${v.code}: ${v.message}`);
      assert.equal(v.accepted, c.code === 'ok');
      if (c.harness) assert.deepEqual([v.harnessError.httpStatus, v.harnessError.code], c.harness);
      if (c.message) assert.match(v.message, c.message);
      for (const w of c.warnings ?? [])
        assert.ok(
          v.warnings.some((x) => x.code === w),
          `warning ${w} missing; got ${v.warnings.map((x) => x.code).join(', ')}`,
        );
      if (c.chosenKid !== undefined) assert.equal(v.keysConsidered.find((k) => k.chosen)?.kid, c.chosenKid);
      const failed = v.checks.filter((x) => x.status === 'fail');
      assert.equal(failed.length, c.code === 'ok' ? 0 : 1, 'exactly one failed check on refusal');
      if (failed[0]) {
        const after = v.checks.slice(v.checks.indexOf(failed[0]) + 1);
        assert.ok(
          after.every((x) => x.status === 'skipped'),
          'checks after the failure are skipped',
        );
      }
      assert.ok(token.length < 40 || !v.message.includes(token), 'the message never carries the whole token');
      const signature = token.split('.')[2] ?? '';
      assert.ok(signature.length < 16 || !v.message.includes(signature), 'nor its signature');
    });
  }

  test('a warning-free accepted token has no token-specific warnings', async () => {
    const v = await verifyForHarness(signedA(goodPayload()), {
      keys: { kind: 'inline', json: setAB() },
      rules: RULES,
      cache,
      at: NOW,
    });
    assert.deepEqual(v.warnings, []);
    assert.deepEqual(
      v.checks.map((c) => c.status),
      [
        // header: sent as "Bearer <token>"
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'skipped',
        'skipped',
        'pass',
        'pass',
      ],
    );
  });
});
