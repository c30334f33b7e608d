/**
 * Hand-made keys and tokens for the verdict tests. Tokens are signed here with node:crypto directly
 * (not jose), so a header or payload can be anything at all and the engine under test is not used
 * to produce its own inputs.
 */
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestKey {
  kid?: string;
  privateKey: KeyObject;
  /** Public JWK as it would be published (kid/alg/use added by the fixture). */
  jwk: Record<string, unknown>;
}

export function rsaKey(bits: number, extra: Record<string, unknown> = {}): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), ...extra };
  return { kid: typeof extra.kid === 'string' ? extra.kid : undefined, privateKey, jwk };
}

export function ecKey(curve: 'P-256' | 'P-384', extra: Record<string, unknown> = {}): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), ...extra };
  return { kid: typeof extra.kid === 'string' ? extra.kid : undefined, privateKey, jwk };
}

export function edKey(extra: Record<string, unknown> = {}): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), ...extra };
  return { kid: typeof extra.kid === 'string' ? extra.kid : undefined, privateKey, jwk };
}

export function jwksJson(...keys: (TestKey | Record<string, unknown>)[]): string {
  return JSON.stringify({ keys: keys.map((k) => ('privateKey' in k ? k.jwk : k)) });
}

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** Signs `header.payload` with the named JWS algorithm (any header is accepted as given). */
export function signWith(alg: string, signingInput: string, key: KeyObject | string): Buffer {
  const hash = HASH[alg.slice(-3)] ?? 'sha256';
  const data = Buffer.from(signingInput);
  if (alg.startsWith('HS')) return createHmac(hash, key).update(data).digest();
  if (typeof key === 'string') throw new Error('asymmetric alg needs a key object');
  if (alg === 'EdDSA') return sign(null, data, key);
  if (alg.startsWith('RS')) return sign(hash, data, key);
  if (alg.startsWith('PS'))
    return sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(-3)) / 8 });
  return sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
}

export function makeToken(header: Record<string, unknown>, payload: unknown, key: KeyObject | string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const alg = typeof header.alg === 'string' ? header.alg : 'RS256';
  return `${input}.${signWith(alg, input, key).toString('base64url')}`;
}

/** An unsigned token with arbitrary segments (for malformed cases). */
export function rawToken(header: unknown, payload: unknown, signature = 'c2ln'): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

export const NOW = new Date('2025-06-01T12:00:00Z');
export const NOW_S = Math.floor(NOW.getTime() / 1000);
export const RULES = { keyField: 'client_id', value: 'harness-scim' };

/** A payload Harness accepts under RULES at NOW. */
export function goodPayload(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: 'https://idp.example.com/oauth2/default',
    sub: 'svc',
    client_id: 'harness-scim',
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    ...extra,
  };
}
