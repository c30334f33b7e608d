/**
 * One member of a key set turned into a key as jose4j's `JsonWebKey.Factory.newJwk` does
 * (org/jose4j/jwk/JsonWebKey.java `newJwk` and the constructors of RsaJsonWebKey, EllipticCurveJsonWebKey,
 * OctetKeyPairJsonWebKey, OctetSequenceJsonWebKey and PublicJsonWebKey). `new JsonWebKeySet(json)`
 * (org/jose4j/jwk/JsonWebKeySet.java:37) drops every member whose construction throws, so a broken
 * key disappears at parse time and a later good key with the same `kid` is the one selected:
 *
 * - `kty` must be a string naming a known type; `use`, `kid`, `alg`, `x5t`, `x5t#S256`, `x5u` must be
 *   strings when present (JsonHelp.getString casts); `key_ops` must be an array;
 * - the key parameters are read with jose4j's lenient base64 and must make a key the JDK accepts
 *   (RSA moduli of 512 to 16384 bits; an exponent of at least 3 and below the modulus, JDK 17
 *   RSAPublicKeyImpl "exponent is smaller than 3" / "larger than modulus");
 * - an OKP `x` of any non-zero length is read as EdDsaKeyUtil.publicKey reads it (keys/EdDsaKeyUtil.java:71-86):
 *   the last byte's top bit is x's parity, the rest is y little-endian; the JDK keeps y's low bytes
 *   in its encoding and refuses y beyond the field prime only when verifying. An empty `x` throws;
 * - private members are built too, and a key whose private part throws is dropped with it
 *   (RsaJsonWebKey.java:74-90: `p` without `q`, `dp`, `dq` or `qi` is a NullPointerException;
 *   OctetKeyPairJsonWebKey.java:85-89: a `d` not of the curve's key length; any private member
 *   that is not a string);
 * - `x5c` must be an array of base64 DER certificates, and the first one must hold the same public
 *   key as the bare parameters (PublicJsonWebKey.checkForBareKeyCertMismatch).
 */
import { createHash, createPublicKey, X509Certificate, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { decodeJose4jBase64 } from './base64Java';
import { jsonPreview } from '../jsonText';

/** One usable JWK of the set. `jwk` is the member as published. */
export interface JwkEntry {
  index: number;
  jwk: Record<string, unknown>;
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  crv?: string;
  /** RSA modulus size, computed once when the set is read. */
  rsaBits?: number;
  /** `key_ops` as published (jose4j's selector needs "verify" in it when present). */
  keyOps?: readonly unknown[];
  /** The public key as jose4j decoded it, re-encoded as plain base64url for importing (set by buildJwk). */
  publicJwk?: NodeJwk;
  /** x5t / x5t#S256 as the member gives them, or derived from the first x5c certificate. */
  x5t?: string;
  x5tS256?: string;
  /** The key is built, but the JDK refuses it when verifying (an OKP y beyond the field prime). */
  refusedAtVerify?: string;
}

export type JwkBuild = { ok: true; entry: JwkEntry } | { ok: false; why: string };

const EC_SIZES: Readonly<Record<string, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 };
const OKP_CURVES = new Set(['Ed25519', 'Ed448', 'X25519', 'X448']);
/** Read with string getters by JsonWebKey (all keys) and PublicJsonWebKey (all but oct). */
const STRING_MEMBERS = ['use', 'kid', 'alg'] as const;
const PUBLIC_STRING_MEMBERS = ['x5t', 'x5t#S256', 'x5u'] as const;

/** RSA modulus size in bits from big-endian bytes (leading zero bytes ignored). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] ?? 0));
}

/** BigEndianBigInteger.fromBase64Url then back: the minimal big-endian bytes of the number. */
function unsignedBytes(value: string): Buffer {
  const bytes = decodeJose4jBase64(value).bytes;
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

function fixedLength(bytes: Buffer, size: number): Buffer | undefined {
  if (bytes.length > size) return undefined;
  return bytes.length === size ? bytes : Buffer.concat([Buffer.alloc(size - bytes.length), bytes]);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The bare public key jose4j would build, as a JWK of canonical base64url values; a string says why not. */
function bareKey(m: Record<string, unknown>, kty: string): NodeJwk | string {
  const need = (name: string): string | undefined => str(m[name]);
  switch (kty) {
    case 'RSA': {
      const n = need('n');
      const e = need('e');
      if (n === undefined || e === undefined) return 'RSA key without string "n" and "e"';
      const nBytes = unsignedBytes(n);
      const bits = bitLength(nBytes);
      // The JDK's RSAKeyFactory.checkKeyLengths.
      if (bits < 512 || bits > 16384) return `RSA modulus of ${bits} bits, which the JDK refuses`;
      const eBytes = unsignedBytes(e);
      const eValue = BigInt(`0x${eBytes.toString('hex') || '0'}`);
      // JDK 17 RSAPublicKeyImpl.checkExponentRange.
      if (eValue < 3n || eValue >= BigInt(`0x${nBytes.toString('hex')}`))
        return 'an RSA exponent the JDK refuses (below 3, or not below the modulus)';
      return { kty, n: nBytes.toString('base64url'), e: eBytes.toString('base64url') };
    }
    case 'EC': {
      const crv = need('crv');
      const size = crv === undefined ? undefined : EC_SIZES[crv];
      if (crv === undefined || size === undefined)
        return `EC key with unsupported curve ${jsonPreview(m.crv, { maxChars: 80 })}`;
      const x = need('x');
      const y = need('y');
      if (x === undefined || y === undefined) return 'EC key without string "x" and "y"';
      const xb = fixedLength(unsignedBytes(x), size);
      const yb = fixedLength(unsignedBytes(y), size);
      if (!xb || !yb) return `EC coordinates longer than ${crv} allows`;
      return { kty, crv, x: xb.toString('base64url'), y: yb.toString('base64url') };
    }
    case 'OKP': {
      const crv = need('crv');
      if (crv === undefined || !OKP_CURVES.has(crv))
        return `OKP key with unsupported curve ${jsonPreview(m.crv, { maxChars: 80 })}`;
      const x = need('x');
      if (x === undefined) return 'OKP key without string "x"';
      const xb = decodeJose4jBase64(x).bytes;
      if (xb.length === 0) return 'OKP key with an empty "x"';
      // A y the JDK refuses only when verifying: a placeholder key stands in (refusedAtVerify is set).
      return {
        kty,
        crv,
        x: (okpAsJdkReadsIt(xb, crv) ?? Buffer.alloc(EDWARDS[crv]?.bytes ?? 32)).toString('base64url'),
      };
    }
    case 'oct': {
      const k = need('k');
      if (k === undefined) return 'oct key without string "k"';
      const secret = decodeJose4jBase64(k).bytes;
      // javax.crypto.spec.SecretKeySpec refuses an empty key.
      if (secret.length === 0) return 'oct key with an empty "k"';
      return { kty, k: secret.toString('base64url') };
    }
    default:
      return `unknown key type ${jsonPreview(kty, { maxChars: 80 })}`;
  }
}

/** The Edwards curves' encoded length and field prime. */
const EDWARDS: Readonly<Record<string, { bytes: number; prime: bigint }>> = {
  Ed25519: { bytes: 32, prime: 2n ** 255n - 19n },
  Ed448: { bytes: 57, prime: 2n ** 448n - 2n ** 224n - 1n },
};

/**
 * An Ed25519/Ed448 `x` of any length as jose4j and JDK 17 make it a key: parity from the last byte's
 * top bit, y little-endian from the rest, re-encoded in the curve's length. Undefined for a y the JDK
 * refuses at verification ("y value is too large"): such a key is built, selected, and fails.
 */
export function okpAsJdkReadsIt(x: Buffer, crv: string): Buffer | undefined {
  const curve = EDWARDS[crv];
  if (!curve) return x;
  const last = x[x.length - 1] ?? 0;
  let y = 0n;
  for (let i = x.length - 1; i >= 0; i--) y = (y << 8n) | BigInt(i === x.length - 1 ? last & 0x7f : (x[i] ?? 0));
  if (y >= curve.prime) return undefined;
  const out = Buffer.alloc(curve.bytes);
  for (let i = 0; i < curve.bytes; i++) {
    out[i] = Number(y & 0xffn);
    y >>= 8n;
  }
  out[curve.bytes - 1] = (out[curve.bytes - 1] ?? 0) | (last & 0x80);
  return out;
}

/**
 * Why jose4j fails to build the private part of a key-set member, if it has one: `d` must be a
 * string, and with `p` so must `p`, `q`, `dp`, `dq` and `qi` (RsaJsonWebKey.java:74-90; a missing one
 * is a NullPointerException in RSAPrivateCrtKeySpec); an Edwards `d` must be the curve's key length
 * (OctetKeyPairJsonWebKey.java:85-89, JDK "key length must be 32").
 */
function privateProblem(m: Record<string, unknown>, kty: string): string | undefined {
  if (!('d' in m)) return undefined;
  const read = kty === 'RSA' && 'p' in m ? ['d', 'p', 'q', 'dp', 'dq', 'qi'] : ['d'];
  const bad = read.find((name) => typeof m[name] !== 'string');
  if (bad !== undefined) return `its private key cannot be built ("${bad}")`;
  const want = kty === 'OKP' ? EDWARDS[String(m.crv)]?.bytes : undefined;
  if (want !== undefined && decodeJose4jBase64(String(m.d)).bytes.length !== want)
    return `its "d" is not ${want} bytes`;
  return undefined;
}

function importKey(jwk: NodeJwk): KeyObject | undefined {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

interface CertCheck {
  why?: string;
  leafDer?: Buffer;
}

/** PublicJsonWebKey's x5c handling: every entry a certificate, the first one holding this very key. */
function checkX5c(chain: unknown, key: KeyObject | undefined): CertCheck {
  if (!Array.isArray(chain)) return { why: '"x5c" is not an array' };
  let leafDer: Buffer | undefined;
  for (const [i, item] of chain.entries()) {
    if (typeof item !== 'string') return { why: `x5c[${i}] is not a string` };
    const der = decodeJose4jBase64(item).bytes;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(der);
    } catch {
      return { why: `x5c[${i}] is not a certificate` };
    }
    if (i === 0) {
      leafDer = der;
      const spki = (k: KeyObject): string => k.export({ format: 'der', type: 'spki' }).toString('base64');
      if (key === undefined || spki(cert.publicKey) !== spki(key))
        return { why: 'the first x5c certificate holds a different key than the JWK itself' };
    }
  }
  return { leafDer };
}

/** jose4j's construction of one key-set member, or why it throws (and the member is dropped). */
export function buildJwk(member: Record<string, unknown>, index: number): JwkBuild {
  const kty = member.kty;
  if (kty === undefined || kty === null) return { ok: false, why: 'no "kty"' };
  if (typeof kty !== 'string') return { ok: false, why: '"kty" is not a string' };
  for (const name of kty === 'oct' ? STRING_MEMBERS : [...STRING_MEMBERS, ...PUBLIC_STRING_MEMBERS]) {
    const v = member[name];
    if (v !== undefined && v !== null && typeof v !== 'string') return { ok: false, why: `"${name}" is not a string` };
  }
  const keyOps = member.key_ops;
  if (keyOps !== undefined && keyOps !== null && !Array.isArray(keyOps))
    return { ok: false, why: '"key_ops" is not an array' };
  const bare = bareKey(member, kty);
  if (typeof bare === 'string') return { ok: false, why: bare };
  const privateWhy = privateProblem(member, kty);
  const key = kty === 'oct' ? undefined : importKey(bare);
  // The JDK builds an Edwards point it cannot use and refuses it only when verifying ("Invalid point").
  const pointRefused = kty === 'OKP' && key === undefined && (bare.crv === 'Ed25519' || bare.crv === 'Ed448');
  if (kty !== 'oct' && key === undefined && !pointRefused)
    return { ok: false, why: `the ${kty} parameters do not make a valid public key` };
  let leafDer: Buffer | undefined;
  if (kty !== 'oct' && member.x5c !== undefined && member.x5c !== null) {
    const cert = checkX5c(member.x5c, key);
    if (cert.why !== undefined) return { ok: false, why: cert.why };
    leafDer = cert.leafDer;
  }
  // The private part is built after the public key and the certificate check (RsaJsonWebKey.java:74).
  if (privateWhy !== undefined) return { ok: false, why: privateWhy };
  const entry: JwkEntry = {
    index,
    jwk: member,
    kty,
    kid: str(member.kid),
    alg: str(member.alg),
    use: str(member.use),
    crv: str(member.crv),
    publicJwk: bare,
    keyOps: Array.isArray(keyOps) ? (keyOps as unknown[]) : undefined,
    x5t: str(member.x5t) ?? (leafDer ? createHash('sha1').update(leafDer).digest('base64url') : undefined),
    x5tS256:
      str(member['x5t#S256']) ?? (leafDer ? createHash('sha256').update(leafDer).digest('base64url') : undefined),
  };
  if (
    pointRefused ||
    (kty === 'OKP' && okpAsJdkReadsIt(decodeJose4jBase64(String(member.x)).bytes, String(entry.crv)) === undefined)
  )
    entry.refusedAtVerify = `its "x" is no ${String(entry.crv)} point the JDK verifies with`;
  if (kty === 'RSA' && typeof bare.n === 'string') entry.rsaBits = bitLength(Buffer.from(bare.n, 'base64url'));
  return { ok: true, entry };
}
