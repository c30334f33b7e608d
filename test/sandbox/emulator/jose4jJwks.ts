/**
 * `new JsonWebKeySet(body)` as jose4j 0.9.3 builds it (org/jose4j/jwk/JsonWebKeySet.java:37), for
 * the emulator, on node:crypto and independently of src/core/jwt: the body parsed by JsonUtil
 * (jsonSimple.ts), `keys` cast to a List and each entry to a Map outside the per-key try (a
 * ClassCastException Harness does not catch), and each key built by JsonWebKey.Factory.newJwk inside
 * it — a key that throws is left out, whatever comes after it.
 */
import { createHash, createPublicKey, createSecretKey, X509Certificate, type KeyObject } from 'node:crypto';
import { parseJsonSimple } from './jsonSimple';

/** jose4j's Base64 (a commons-codec copy): both alphabets, anything else skipped, '=' ends the data. */
export function jose4jBase64Decode(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let count = 0;
  for (const ch of Buffer.from(text, 'utf8')) {
    if (ch === 0x3d) break;
    let v = -1;
    if (ch >= 0x41 && ch <= 0x5a) v = ch - 0x41;
    else if (ch >= 0x61 && ch <= 0x7a) v = ch - 0x61 + 26;
    else if (ch >= 0x30 && ch <= 0x39) v = ch - 0x30 + 52;
    else if (ch === 0x2b || ch === 0x2d) v = 62;
    else if (ch === 0x2f || ch === 0x5f) v = 63;
    if (v < 0) continue;
    bits = (bits << 6) | v;
    count++;
    if (count % 4 === 0) {
      bytes.push((bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
      bits = 0;
    }
  }
  if (count % 4 === 2) bytes.push((bits >> 4) & 0xff);
  if (count % 4 === 3) bytes.push((bits >> 10) & 0xff, (bits >> 2) & 0xff);
  return Buffer.from(bytes);
}

/** One key jose4j built: its parameters, the key, and what the selector reads from it. */
export interface Jose4jJwk {
  params: Record<string, unknown>;
  key: KeyObject;
  /** x5t / x5t#S256 from the members, else from the first x5c certificate. */
  thumbs: { sha1?: string; sha256?: string };
  /** Set when the JDK built the key but refuses it at Signature.initVerify (an Edwards y too large, not a point). */
  unusable?: string;
}

export type Jose4jJwks = { ok: true; keys: Jose4jJwk[] } | { ok: false; uncaught: boolean; detail: string };

function bigEndian(value: unknown, name: string): Buffer {
  if (typeof value !== 'string') throw new Error(`missing or non-string ${name}`);
  const b = jose4jBase64Decode(value);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`ClassCastException: ${name}`);
  return v;
}

const CURVE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 };

/** JsonWebKey.Factory.newJwk: throws for anything jose4j would throw for. */
function newJwk(params: Record<string, unknown>): Jose4jJwk {
  const kty = params.kty;
  if (typeof kty !== 'string') throw new Error('kty');
  for (const name of ['use', 'kid', 'alg']) optionalString(params, name);
  if (params.key_ops !== undefined && params.key_ops !== null && !Array.isArray(params.key_ops))
    throw new Error('key_ops');
  let key: KeyObject;
  let unusable: string | undefined;
  if (kty === 'oct') {
    if (typeof params.k !== 'string') throw new Error('k');
    const secret = jose4jBase64Decode(params.k);
    // javax.crypto.spec.SecretKeySpec throws on an empty key.
    if (secret.length === 0) throw new Error('Empty key');
    return { params, key: createSecretKey(secret), thumbs: {} };
  }
  for (const name of ['x5t', 'x5t#S256', 'x5u']) optionalString(params, name);
  if (kty === 'RSA') {
    const n = bigEndian(params.n, 'n');
    const bits = n.length === 0 ? 0 : (n.length - 1) * 8 + (n[0] ?? 0).toString(2).length;
    if (bits < 512 || bits > 16384) throw new Error('RSA key length');
    const e = bigEndian(params.e, 'e');
    const asNumber = (b: Buffer): bigint => b.reduce((acc, x) => acc * 256n + BigInt(x), 0n);
    // RSAPublicKeyImpl.checkExponentRange (JDK 17).
    if (asNumber(e) < 3n) throw new Error('exponent is smaller than 3');
    if (asNumber(e) >= asNumber(n)) throw new Error('exponent is larger than modulus');
    key = createPublicKey({ key: { kty, n: n.toString('base64url'), e: e.toString('base64url') }, format: 'jwk' });
    rsaPrivatePart(params);
  } else if (kty === 'EC') {
    const crv = params.crv;
    const size = typeof crv === 'string' ? CURVE_BYTES[crv] : undefined;
    if (typeof crv !== 'string' || size === undefined) throw new Error('crv');
    const coord = (v: unknown, name: string): string => {
      const b = bigEndian(v, name);
      if (b.length > size) throw new Error(name);
      return Buffer.concat([Buffer.alloc(size - b.length), b]).toString('base64url');
    };
    key = createPublicKey({ key: { kty, crv, x: coord(params.x, 'x'), y: coord(params.y, 'y') }, format: 'jwk' });
    if ('d' in params && typeof params.d !== 'string') throw new Error('d');
  } else if (kty === 'OKP') {
    const crv = params.crv;
    if (crv !== 'Ed25519' && crv !== 'Ed448' && crv !== 'X25519' && crv !== 'X448') throw new Error('crv');
    if (typeof params.x !== 'string') throw new Error('x');
    const raw = jose4jBase64Decode(params.x);
    if (crv === 'Ed25519' || crv === 'Ed448') {
      const point = edwardsPoint(raw, crv);
      key = point.key;
      unusable = point.unusable;
      // EdECPrivateKeySpec: "key length is N, key length must be 32" (57 for Ed448).
      if (typeof params.d === 'string' && jose4jBase64Decode(params.d).length !== EDWARDS_FIELD[crv].size)
        throw new Error('InvalidKeySpecException: key length');
    } else key = createPublicKey({ key: { kty, crv, x: raw.toString('base64url') }, format: 'jwk' });
    // OctetKeyPairJsonWebKey.java:85: containsKey("d"), then a null or non-string d cannot be decoded.
    if ('d' in params && typeof params.d !== 'string') throw new Error('d');
  } else throw new Error(`Unknown key type algorithm: '${kty}'`);
  const thumbs: Jose4jJwk['thumbs'] = {
    sha1: optionalString(params, 'x5t'),
    sha256: optionalString(params, 'x5t#S256'),
  };
  const x5c = params.x5c;
  if (x5c !== undefined && x5c !== null) {
    if (!Array.isArray(x5c)) throw new Error('x5c');
    const certs = x5c.map((entry) => {
      if (typeof entry !== 'string') throw new Error('x5c entry');
      return new X509Certificate(jose4jBase64Decode(entry));
    });
    const leaf = certs[0];
    if (leaf) {
      const spki = (k: KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });
      if (!spki(leaf.publicKey).equals(spki(key)))
        throw new Error('The key in the first certificate MUST match the bare public key');
      thumbs.sha1 ??= createHash('sha1').update(leaf.raw).digest('base64url');
      thumbs.sha256 ??= createHash('sha256').update(leaf.raw).digest('base64url');
    }
  }
  return unusable === undefined ? { params, key, thumbs } : { params, key, thumbs, unusable };
}

/**
 * RsaJsonWebKey's private part (RsaJsonWebKey.java:74-90): "d" read as a string; with "p" as well, the
 * CRT spec, whose members are read the same way and whose missing ones are a NullPointerException.
 */
function rsaPrivatePart(params: Record<string, unknown>): void {
  if (!('d' in params)) return;
  if (typeof params.d !== 'string') throw new Error('d');
  // Only with "p" are the other private members read (the CRT form).
  if ('p' in params && ['p', 'q', 'dp', 'dq', 'qi'].some((name) => typeof params[name] !== 'string'))
    throw new Error('NullPointerException or ClassCastException: RSAPrivateCrtKeySpec');
}

const EDWARDS_FIELD: Record<'Ed25519' | 'Ed448', { size: number; p: bigint }> = {
  Ed25519: { size: 32, p: (1n << 255n) - 19n },
  Ed448: { size: 57, p: (1n << 448n) - (1n << 224n) - 1n },
};

/**
 * EdDsaKeyUtil.publicKey then the JDK's EdECPublicKeyImpl: x's last byte gives the parity bit (cleared
 * from y), the bytes reversed are y; the JDK encodes y in the curve's length (high bytes beyond it
 * lost) with the parity on top, and refuses the key at initVerify when y is not below the field
 * prime or the point is not on the curve. An empty x indexes byte -1: an exception, the key dropped.
 */
function edwardsPoint(x: Buffer, crv: 'Ed25519' | 'Ed448'): { key: KeyObject; unusable?: string } {
  if (x.length === 0) throw new Error('ArrayIndexOutOfBoundsException');
  const field = EDWARDS_FIELD[crv];
  const parity = (x[x.length - 1] ?? 0) >> 7;
  const reversed = Buffer.from(x).reverse();
  reversed[0] = (reversed[0] ?? 0) & 0x7f;
  const y = BigInt(`0x${reversed.toString('hex')}`);
  const encoded = Buffer.alloc(field.size);
  let rest = y;
  for (let i = 0; i < field.size; i++, rest >>= 8n) encoded[i] = Number(rest % 256n);
  encoded[field.size - 1] = (encoded[field.size - 1] ?? 0) | (parity << 7);
  const placeholder = (): KeyObject =>
    createPublicKey({ key: { kty: 'OKP', crv, x: Buffer.alloc(field.size).toString('base64url') }, format: 'jwk' });
  if (y >= field.p) return { key: placeholder(), unusable: 'y value is too large' };
  try {
    return { key: createPublicKey({ key: { kty: 'OKP', crv, x: encoded.toString('base64url') }, format: 'jwk' }) };
  } catch {
    return { key: placeholder(), unusable: 'Invalid point' };
  }
}

/** The key set Harness would build from `body` (OkHttp's string() has already dropped a BOM). */
export function buildJose4jJwks(body: string): Jose4jJwks {
  const parsed = parseJsonSimple(body);
  if (!parsed.ok) return { ok: false, uncaught: false, detail: `Parsing error: ${parsed.detail}` };
  const list = parsed.value.keys;
  if (list === undefined || list === null)
    return { ok: false, uncaught: false, detail: 'The JSON JWKS content does not include the keys member.' };
  if (!Array.isArray(list)) return { ok: false, uncaught: true, detail: 'ClassCastException: keys is not a List' };
  const keys: Jose4jJwk[] = [];
  for (const entry of list as unknown[]) {
    if (entry !== null && (typeof entry !== 'object' || Array.isArray(entry)))
      return { ok: false, uncaught: true, detail: 'ClassCastException: a keys entry is not a Map' };
    try {
      if (entry === null) throw new Error('NullPointerException');
      keys.push(newJwk(entry as Record<string, unknown>));
    } catch {
      // "Ignoring an individual JWK in a JWKS due to a problem processing it".
    }
  }
  return { ok: true, keys };
}
