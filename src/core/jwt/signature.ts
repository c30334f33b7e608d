/**
 * Signature verification as jose4j 0.9.3 does it on Java 17 (Harness's runtime), with node:crypto:
 *
 * - RS256/384/512: the JDK's RSASignature decodes the DigestInfo and accepts its AlgorithmIdentifier
 *   with or without the NULL parameter, so a signature whose DigestInfo lacks the NULL verifies
 *   (OpenSSL refuses it; we check the decoded DigestInfo ourselves when OpenSSL says no);
 * - ES256/384/512: EcdsaUsingShaAlgorithm.verifySignature (org/jose4j/jws/EcdsaUsingShaAlgorithm.java)
 *   refuses only a signature longer than R‖S of the curve, splits the bytes in two halves, refuses
 *   R or S ≡ 0 mod n, and hands the halves to the JDK as DER — so a short signature still verifies;
 * - RS* and PS*: the JDK refuses a signature whose length is not the modulus's
 *   (RSASignature/RSAPSSSignature "Bad signature length", a SignatureException jose4j turns into
 *   false, jws/BaseSignatureAlgorithm.java:61-66), which OpenSSL's raw decrypt would accept;
 * - EdDSA: the JDK's EdDSA verifies Ed25519 and Ed448 keys alike, and splits a signature into R (the
 *   first key-length bytes) and S (the rest, little-endian, below the group order): one extra zero
 *   byte at the end still verifies, any other extra byte is refused;
 * - PS*: RSASSA-PSS with MGF1 and a salt as long as the hash; HS*: HMAC compared in full.
 *
 * The key checks jose4j makes first (RSA ≥ 2048 bits, EC curve of the algorithm, HMAC key length)
 * stay in verify.ts, where their verdict codes are chosen.
 */
import {
  constants,
  createHash,
  createHmac,
  createPublicKey,
  createSecretKey,
  publicDecrypt,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { JwkEntry } from './jose4jJwk';

const HASHES: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
/** DER of the AlgorithmIdentifier OIDs of SHA-256/384/512 (2.16.840.1.101.3.4.2.1/2/3). */
const HASH_OID: Readonly<Record<string, string>> = {
  sha256: '0609608648016503040201',
  sha384: '0609608648016503040202',
  sha512: '0609608648016503040203',
};
const HASH_BYTES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };
/** R‖S length and group order of each curve. */
const CURVES: Readonly<Record<string, { bytes: number; order: bigint }>> = {
  ES256: { bytes: 64, order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  ES384: {
    bytes: 96,
    order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  ES512: {
    bytes: 132,
    order:
      0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
};

const keys = new WeakMap<JwkEntry, KeyObject>();

function keyFor(entry: JwkEntry): KeyObject {
  let key = keys.get(entry);
  if (!key) {
    const jwk = entry.publicJwk ?? { kty: entry.kty };
    key =
      entry.kty === 'oct'
        ? createSecretKey(Buffer.from(typeof jwk.k === 'string' ? jwk.k : '', 'base64url'))
        : createPublicKey({ key: jwk, format: 'jwk' });
    keys.set(entry, key);
  }
  return key;
}

/** `viaJdkLeniency`: verified only because Java is more lenient than OpenSSL (a DigestInfo without NULL). */
export type SignatureResult =
  | { ok: true; viaJdkLeniency?: boolean }
  | { ok: false; importFailed: boolean; why: string; rsaLength?: { got: number; want: number } };

/** Encoded key (and R) length of each Edwards curve. */
const EDDSA_KEY_BYTES: Readonly<Record<string, number>> = { Ed25519: 32, Ed448: 57 };

/** JDK 17's split of an EdDSA signature: 2L bytes, or 2L + 1 whose last byte is zero (S is read little-endian). */
export function eddsaAsJdkSplits(signature: Buffer, crv: string | undefined): Buffer {
  const l = EDDSA_KEY_BYTES[crv ?? ''];
  if (l !== undefined && signature.length === 2 * l + 1 && signature[2 * l] === 0) return signature.subarray(0, 2 * l);
  return signature;
}

/** A DigestInfo the JDK accepts for `hash`: AlgorithmIdentifier with the NULL parameter, or without it. */
function digestInfos(hash: string, digest: Buffer): Buffer[] {
  const oid = HASH_OID[hash] ?? '';
  const octets = Buffer.concat([Buffer.from([0x04, digest.length]), digest]);
  const build = (algId: string): Buffer => {
    const alg = Buffer.from(algId, 'hex');
    const inner = Buffer.concat([Buffer.from([0x30, alg.length]), alg, octets]);
    return Buffer.concat([Buffer.from([0x30, inner.length]), inner]);
  };
  return [build(`${oid}0500`), build(oid)];
}

/** 'strict' when OpenSSL verifies it, 'jdk' when only the JDK's DigestInfo decoding does, else false. */
function rsaPkcs1(hash: string, input: Buffer, key: KeyObject, sig: Buffer): 'strict' | 'jdk' | false {
  if (verify(hash, input, key, sig)) return 'strict';
  let decoded: Buffer;
  try {
    decoded = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, sig);
  } catch {
    return false;
  }
  const digest = createHash(hash).update(input).digest();
  return digestInfos(hash, digest).some((d) => d.equals(decoded)) ? 'jdk' : false;
}

function unsigned(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

/** A DER INTEGER of a big-endian unsigned value, as convertConcatenatedToDer builds it. */
function derInteger(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let v = bytes.subarray(i);
  if (v.length === 0) v = Buffer.from([0]);
  if ((v[0] ?? 0) & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return Buffer.concat([Buffer.from([0x02, v.length]), v]);
}

function ecdsa(alg: string, hash: string, input: Buffer, key: KeyObject, sig: Buffer): boolean {
  const curve = CURVES[alg];
  if (!curve || sig.length > curve.bytes) return false;
  const half = Math.floor(sig.length / 2);
  if (
    unsigned(sig.subarray(0, half)) % curve.order === 0n ||
    unsigned(sig.subarray(half, half * 2)) % curve.order === 0n
  )
    return false;
  const body = Buffer.concat([derInteger(sig.subarray(0, half)), derInteger(sig.subarray(half, half * 2))]);
  const der =
    body.length < 128
      ? Buffer.concat([Buffer.from([0x30, body.length]), body])
      : Buffer.concat([Buffer.from([0x30, 0x81, body.length]), body]);
  return verify(hash, input, { key, dsaEncoding: 'der' }, der);
}

/** Verifies `signature` over `input` (the JWS signing input bytes) with the chosen key, as jose4j on Java 17. */
export function verifySignature(input: Buffer, signature: Buffer, entry: JwkEntry, alg: string): SignatureResult {
  if (entry.refusedAtVerify !== undefined) return { ok: false, importFailed: true, why: entry.refusedAtVerify };
  let key: KeyObject;
  try {
    key = keyFor(entry);
  } catch (e) {
    return { ok: false, importFailed: true, why: e instanceof Error ? e.message : String(e) };
  }
  const hash = HASHES[alg.slice(2)] ?? 'sha256';
  if ((alg.startsWith('RS') || alg.startsWith('PS')) && entry.rsaBits !== undefined) {
    const want = Math.ceil(entry.rsaBits / 8);
    if (signature.length !== want)
      return {
        ok: false,
        importFailed: false,
        why: 'bad signature length',
        rsaLength: { got: signature.length, want },
      };
  }
  let ok = false;
  let viaJdkLeniency = false;
  try {
    if (alg.startsWith('RS')) {
      const rsa = rsaPkcs1(hash, input, key, signature);
      ok = rsa !== false;
      viaJdkLeniency = rsa === 'jdk';
    } else if (alg.startsWith('PS'))
      ok = verify(
        hash,
        input,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_BYTES[hash] ?? 32 },
        signature,
      );
    else if (alg.startsWith('ES')) ok = ecdsa(alg, hash, input, key, signature);
    else if (alg === 'EdDSA') ok = verify(null, input, key, eddsaAsJdkSplits(signature, entry.crv));
    else if (alg.startsWith('HS')) {
      const mac = createHmac(hash, key).update(input).digest();
      ok = mac.length === signature.length && timingSafeEqual(mac, signature);
    }
  } catch (e) {
    return { ok: false, importFailed: false, why: e instanceof Error ? e.message : String(e) };
  }
  if (!ok) return { ok: false, importFailed: false, why: 'signature mismatch' };
  return viaJdkLeniency ? { ok: true, viaJdkLeniency } : { ok: true };
}
