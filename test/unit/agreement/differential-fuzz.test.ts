/**
 * Differential fuzz (issues 13 and 24): seeded, bounded mutations of valid tokens and key sets (fuzzMutants.ts)
 * judged by the verdict engine and by the emulator's independent check, which must agree on every
 * mutant as the agreement tests define it (pair.ts `disagreement`). The seed and the counts are fixed,
 * so a failure names a mutant that can be replayed; set FUZZ_SETS and FUZZ_SEED locally to search further.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { JwksCache } from '../../../src/core/jwt';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { configureScimJwt } from '../emulator/helpers';
import { selfSignedCertificate } from '../jwt/certFixture';
import { signWith } from '../jwt/fixtures';
import {
  claimVariant,
  encodeSegment,
  HEADER_VARIANTS,
  jose4jSigningInput,
  KEY_VARIANTS,
  keyBend,
  mutateJson,
  Picker,
  rng,
  SCHEMES,
} from './fuzzMutants';
import { disagreement, judgeBoth, startKeySetHost, type KeySetHost } from './pair';
import { testHttp } from '../testHttp';

const SEED = Number(process.env.FUZZ_SEED ?? 0x13);
const KEY_SETS = Number(process.env.FUZZ_SETS ?? 20);
const TOKENS_PER_SET = 12;
const RULES = { keyField: 'client_id', value: 'harness-scim' };
const SERVICE_ACCOUNT = 'scim_sa';

interface Signer {
  alg: string;
  kid: string;
  key: KeyObject;
  jwk: Record<string, unknown>;
}

function makeSigners(): Signer[] {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');
  const ed448 = generateKeyPairSync('ed448');
  const jwk = (k: KeyObject, kid: string): Record<string, unknown> => ({
    ...(k.export({ format: 'jwk' }) as Record<string, unknown>),
    kid,
  });
  const rsaJwk = {
    ...jwk(rsa.publicKey, 'a'),
    use: 'sig',
    x5c: [selfSignedCertificate(rsa.publicKey, rsa.privateKey)],
  };
  return [
    { alg: 'RS256', kid: 'a', key: rsa.privateKey, jwk: rsaJwk },
    { alg: 'PS256', kid: 'a', key: rsa.privateKey, jwk: rsaJwk },
    { alg: 'ES256', kid: 'ec', key: ec.privateKey, jwk: jwk(ec.publicKey, 'ec') },
    { alg: 'EdDSA', kid: 'ed', key: ed.privateKey, jwk: jwk(ed.publicKey, 'ed') },
    { alg: 'EdDSA', kid: 'ed448', key: ed448.privateKey, jwk: jwk(ed448.publicKey, 'ed448') },
  ];
}

/** A key set: the signers' keys, some members bent, sometimes a broken twin first, as text perhaps bent too. */
function keySetMutant(p: Picker, signers: Signer[]): { text: string; applied: string[] } {
  const applied: string[] = [];
  const unique = [...new Map(signers.map((s) => [s.kid, s.jwk])).values()];
  const keys: unknown[] = unique.map((k) => {
    if (!p.chance(0.25)) return k;
    const [name, variant] = p.pick(KEY_VARIANTS);
    const value = keyBend(k, name, variant);
    applied.push(`key.${name}=${variant === undefined ? 'removed' : JSON.stringify(variant)}`);
    const bent = Object.fromEntries([
      ...Object.entries(k).filter(([n]) => n !== name),
      ...(value === undefined ? [] : [[name, value]]),
    ]) as Record<string, unknown>;
    // A private key's "p" goes with its "d" (RsaJsonWebKey builds the CRT form only then).
    if (name === 'p') bent.d = 'AQAB';
    return bent;
  });
  if (p.chance(0.15)) {
    keys.unshift({ ...p.pick(unique), n: '@@', x: '@@' });
    applied.push('brokenTwinFirst');
  }
  if (p.chance(0.06)) {
    keys.splice(p.int(keys.length + 1), 0, p.pick([null, 'x', 5, [1]]));
    applied.push('oddEntry');
  }
  let text = JSON.stringify({ keys });
  if (p.chance(0.3)) {
    const m = mutateJson(text, p, 1 + p.int(2));
    text = m.text;
    applied.push(...m.applied.map((a) => `set.${a}`));
  }
  if (p.chance(0.08)) {
    text = `\ufeff${text}`;
    applied.push('bom');
  }
  return { text, applied };
}

/** A token: a signer's valid token whose header, claims, encoding and framing may be bent. */
function tokenMutant(p: Picker, signers: Signer[]): { token: string; scheme: string; applied: string[] } {
  const applied: string[] = [];
  const s = p.pick(signers);
  const now = Math.floor(Date.now() / 1000);
  const header: Record<string, unknown> = { alg: s.alg, typ: 'JWT', kid: s.kid };
  if (p.chance(0.3)) {
    const [name, value] = p.pick(HEADER_VARIANTS);
    header[name] = value;
    applied.push(`header.${name}=${JSON.stringify(value)}`);
  }
  let claims = `{"iss":"https://idp.example.com","sub":"svc","client_id":"harness-scim","iat":${now - 60},"exp":${now + 600}}`;
  if (p.chance(0.4)) {
    const [name, value] = claimVariant(p, now);
    claims = claims.includes(`"${name}":`)
      ? claims.replace(new RegExp(`"${name}":("[^"]*"|[^,}]+)`), `"${name}":${value}`)
      : claims.replace(/}$/, `,"${name}":${value}}`);
    applied.push(`claim.${name}=${value}`);
  }
  let headerText = JSON.stringify(header);
  if (p.chance(0.2)) {
    const m = mutateJson(headerText, p, 1);
    headerText = m.text;
    applied.push(...m.applied.map((a) => `header.${a}`));
  }
  if (p.chance(0.35)) {
    const m = mutateJson(claims, p, 1 + p.int(2));
    claims = m.text;
    applied.push(...m.applied.map((a) => `claims.${a}`));
  }
  if (header.cty === 'JWT' && p.chance(0.6)) {
    const innerInput = `${Buffer.from(JSON.stringify({ alg: s.alg, kid: s.kid })).toString('base64url')}.${Buffer.from(claims).toString('base64url')}`;
    claims = `${innerInput}.${signWith(s.alg, innerInput, s.key).toString('base64url')}`;
    applied.push('nestedToken');
  }
  const h = p.chance(0.9)
    ? Buffer.from(headerText).toString('base64url')
    : encodeSegment(Buffer.from(headerText), p).text;
  let payload: string;
  if (header.b64 === false || (p.chance(0.05) && !claims.includes('.'))) payload = claims;
  else if (p.chance(0.2)) {
    const e = encodeSegment(Buffer.from(claims), p);
    payload = e.text;
    applied.push(`payload.${e.applied}`);
  } else payload = Buffer.from(claims).toString('base64url');
  const input = `${h}.${payload}`;
  // Non-ASCII in the signed parts: signed as jose4j rebuilds the input, or (sometimes) naively.
  const signedInput = /[\u0080-\uffff]/.test(input) && p.chance(0.8) ? jose4jSigningInput(input) : input;
  let signature = signWith(s.alg, signedInput, s.key);
  if (p.chance(0.05)) {
    signature = Buffer.concat([signature, Buffer.of(p.pick([0, 0, p.int(256)]))]);
    applied.push('signatureLonger');
  } else if (p.chance(0.04)) {
    signature = signature.subarray(1);
    applied.push('signatureShorter');
  } else if (s.alg.startsWith('RS') && signature[0] === 0 && p.chance(0.5)) {
    signature = signature.subarray(1);
    applied.push('leadingZeroDropped');
  }
  let sig = signature.toString('base64url');
  if (p.chance(0.15)) {
    const e = encodeSegment(signature, p);
    sig = e.text;
    applied.push(`signature.${e.applied}`);
  }
  let token = `${input}.${sig}`;
  const framing = p.int(40);
  if (framing === 0) token = `${token}\u00a0`;
  else if (framing === 1) token = `\u00a0${token}`;
  else if (framing === 2) token = `${token}.`;
  else if (framing === 3) token = `${token.slice(0, -4)}\u0001${token.slice(-4)}`;
  else if (framing === 4) token = `${token.slice(0, -4)}\u{1f600}${token.slice(-4)}`;
  if (framing < 5) applied.push(['nbspAfter', 'nbspBefore', 'trailingDot', 'controlChar', 'emoji'][framing] ?? '');
  const scheme = p.pick(SCHEMES);
  if (scheme !== 'Bearer ') applied.push(`scheme ${JSON.stringify(scheme)}`);
  return { token, scheme, applied };
}

suite('agreement: differential fuzz of engine and emulator (issue 13)', function () {
  this.timeout(300_000);
  let emu: Emulator;
  let host: KeySetHost;
  let signers: Signer[];
  const cache = new JwksCache({ timeoutMs: 3000, http: testHttp() });

  suiteSetup(async () => {
    signers = makeSigners();
    host = await startKeySetHost();
    emu = await startEmulator();
    emu.addApiKey({ kind: 'sat', principal: SERVICE_ACCOUNT, permissions: ['core_user_view'] });
  });
  suiteTeardown(async () => {
    await cache.close();
    await emu.close();
    await host.close();
  });

  test(`${KEY_SETS * TOKENS_PER_SET} seeded mutants (seed ${SEED}): engine and emulator agree on every one`, async () => {
    const p = new Picker(rng(SEED));
    const found: string[] = [];
    let run = 0;
    let accepted = 0;
    for (let set = 0; set < KEY_SETS; set++) {
      const keySet = keySetMutant(p, signers);
      const jwksUrl = host.publish({ status: 200, contentType: 'application/json', body: keySet.text });
      await configureScimJwt(emu, { ...RULES, jwksUrl, serviceAccount: SERVICE_ACCOUNT });
      for (let t = 0; t < TOKENS_PER_SET; t++) {
        // Sent as a client sends it: UTF-8 bytes, control characters too (pair.ts writes those raw).
        const mutant = tokenMutant(p, signers);
        const answer = await judgeBoth(mutant.token, {
          emu,
          cache,
          rules: RULES,
          jwksUrl,
          serviceAccount: SERVICE_ACCOUNT,
          configured: true,
          scheme: mutant.scheme,
        });
        run++;
        if (answer.engine.accepted) accepted++;
        const why = disagreement(answer);
        if (why !== undefined)
          found.push(`set ${set} [${keySet.applied.join(', ')}] token ${t} [${mutant.applied.join(', ')}]: ${why}`);
      }
    }
    assert.equal(run, KEY_SETS * TOKENS_PER_SET);
    // The mutants must exercise both answers, or the comparison proves little.
    assert.ok(accepted > run / 10 && accepted < run - run / 10, `accepted ${accepted} of ${run}`);
    assert.deepEqual(found.slice(0, 8), [], `${found.length} of ${run} mutants disagree`);
  });
});
