/**
 * jose4j's part of the SCIM JWT flow, rewritten on node:crypto alone (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 9):
 * `JwtConsumer.process` as Harness builds it — compact serialization, lenient base64, the header and
 * claims through jose4j's JSON parser, `b64`, nested tokens by `cty`, VerificationJwkSelector's key
 * choice (kid, kty, use, key_ops, thumbprints; alg and curve to break ties; first wins), the key
 * checks, `crit`, the signature as Java 17 verifies it, and the default validators with 30 s skew.
 *
 * Deliberately independent of src/core/jwt and of the `jose` package, so that tests comparing the
 * extension's verdict with this emulator compare two implementations, not one with itself.
 */
import { constants, createHash, createHmac, publicDecrypt, timingSafeEqual, verify } from 'node:crypto';
import type { TokenFailureReason } from './core';
import { jose4jBase64Decode, type Jose4jJwk } from './jose4jJwks';
import { parseJsonSimple } from './jsonSimple';
import { jose4jValidators } from './jwtValidators';

export type JwsOutcome =
  { ok: true; claims: Record<string, unknown> } | { ok: false; reason: TokenFailureReason; detail: string };

/** Java's Base64.getUrlDecoder(): only the URL alphabet, optional padding, no impossible lengths. */
export function decodeBase64UrlStrict(segment: string): Buffer | undefined {
  const m = /^([A-Za-z0-9_-]*)(={0,2})$/.exec(segment);
  if (!m) return undefined;
  const data = m[1] ?? '';
  const padding = (m[2] ?? '').length;
  if (data.length % 4 === 1) return undefined;
  if (padding > 0 && (data.length + padding) % 4 !== 0) return undefined;
  return Buffer.from(data, 'base64url');
}

interface AlgorithmSpec {
  kty: 'RSA' | 'EC' | 'oct' | 'OKP';
  hash: string | null;
  pss?: number;
  curve?: string;
  /** R‖S length and the group order, for ECDSA. */
  ec?: { bytes: number; n: bigint };
  minOctBytes?: number;
}

const P256N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P384N = 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n;
const P521N =
  0x01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n;

const ALGORITHMS: Readonly<Record<string, AlgorithmSpec>> = {
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: 32 },
  PS384: { kty: 'RSA', hash: 'sha384', pss: 48 },
  PS512: { kty: 'RSA', hash: 'sha512', pss: 64 },
  ES256: { kty: 'EC', hash: 'sha256', curve: 'P-256', ec: { bytes: 64, n: P256N } },
  ES384: { kty: 'EC', hash: 'sha384', curve: 'P-384', ec: { bytes: 96, n: P384N } },
  ES512: { kty: 'EC', hash: 'sha512', curve: 'P-521', ec: { bytes: 132, n: P521N } },
  HS256: { kty: 'oct', hash: 'sha256', minOctBytes: 32 },
  HS384: { kty: 'oct', hash: 'sha384', minOctBytes: 48 },
  HS512: { kty: 'oct', hash: 'sha512', minOctBytes: 64 },
  EdDSA: { kty: 'OKP', hash: null },
};

/** VerificationJwkSelector.selectList, then `get(0)`. */
export function selectKey(
  header: Record<string, unknown>,
  spec: AlgorithmSpec,
  alg: string,
  keys: Jose4jJwk[],
): Jose4jJwk | undefined {
  const kid = header.kid as string | undefined;
  const x5t = header.x5t as string | undefined;
  const x5tS256 = header['x5t#S256'] as string | undefined;
  let list = keys.filter((k) => {
    const p = k.params;
    if (typeof kid === 'string' && p.kid !== kid) return false;
    if (typeof x5t === 'string' && k.thumbs.sha1 !== undefined && k.thumbs.sha1 !== x5t) return false;
    if (typeof x5tS256 === 'string' && k.thumbs.sha256 !== undefined && k.thumbs.sha256 !== x5tS256) return false;
    if (Array.isArray(p.key_ops) && !(p.key_ops as unknown[]).includes('verify')) return false;
    return p.kty === spec.kty && (p.use === undefined || p.use === null || p.use === 'sig');
  });
  if (list.length > 1)
    list = list.filter((k) => k.params.alg === undefined || k.params.alg === null || k.params.alg === alg);
  if (list.length > 1 && spec.kty === 'EC') list = list.filter((k) => k.params.crv === spec.curve);
  if (list.length > 1 && spec.kty === 'OKP')
    list = list.filter((k) => k.params.crv === 'Ed25519' || k.params.crv === 'Ed448');
  return list[0];
}

/** The key checks jose4j runs before verifying; a failure is an InvalidJwtException like a bad signature. */
function keyProblem(spec: AlgorithmSpec, alg: string, jwk: Jose4jJwk): string | undefined {
  const details = jwk.key.asymmetricKeyDetails;
  if (spec.kty === 'RSA' && (details?.modulusLength ?? 0) < 2048)
    return `RSA key of ${details?.modulusLength ?? 0} bits; jose4j requires at least 2048`;
  if (spec.kty === 'EC' && jwk.params.crv !== spec.curve)
    return `${alg} needs a ${spec.curve ?? ''} key, the selected key is ${String(jwk.params.crv)}`;
  if (spec.kty === 'OKP' && jwk.key.asymmetricKeyType !== 'ed25519' && jwk.key.asymmetricKeyType !== 'ed448')
    return 'EdDSA needs an Edwards-curve key';
  if (spec.kty === 'oct' && (jwk.key.symmetricKeySize ?? 0) < (spec.minOctBytes ?? 0))
    return `${alg} needs a key of at least ${(spec.minOctBytes ?? 0) * 8} bits`;
  return undefined;
}

/** DER of each digest's OBJECT IDENTIFIER, tag and length included. */
const DIGEST_OIDS: Record<string, string> = {
  sha256: '0609608648016503040201',
  sha384: '0609608648016503040202',
  sha512: '0609608648016503040203',
};
const derLength = (hex: string): string => (hex.length / 2).toString(16).padStart(2, '0');

/** Java 17's RSASignature: the DigestInfo's AlgorithmIdentifier may carry NULL parameters or none. */
function rsaPkcs1v15(hash: string, jwk: Jose4jJwk, input: Buffer, signature: Buffer): boolean {
  if (verify(hash, input, jwk.key, signature)) return true;
  let info: Buffer;
  try {
    info = publicDecrypt({ key: jwk.key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  const digest = createHash(hash).update(input).digest().toString('hex');
  const oid = DIGEST_OIDS[hash] ?? '';
  const octets = `04${derLength(digest)}${digest}`;
  const algIdNoNull = `30${derLength(oid)}${oid}`;
  const infoNoNull = `${algIdNoNull}${octets}`;
  return info.toString('hex') === `30${derLength(infoNoNull)}${infoNoNull}`;
}

/** EcdsaUsingShaAlgorithm.verifySignature: not longer than R‖S, halves, neither ≡ 0 mod n, then DER to the JDK. */
function ecdsaJava(spec: AlgorithmSpec, jwk: Jose4jJwk, input: Buffer, signature: Buffer): boolean {
  const ec = spec.ec;
  if (!ec || signature.length > ec.bytes) return false;
  const raw = Math.floor(signature.length / 2);
  const toBig = (b: Buffer): bigint => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);
  if (toBig(signature.subarray(0, raw)) % ec.n === 0n || toBig(signature.subarray(raw, 2 * raw)) % ec.n === 0n)
    return false;
  const integer = (b: Buffer): Buffer => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    const body = (v[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.of(0), v]) : v;
    return Buffer.concat([Buffer.of(2, body.length), body]);
  };
  const seq = Buffer.concat([integer(signature.subarray(0, raw)), integer(signature.subarray(raw, 2 * raw))]);
  const der = Buffer.concat([seq.length < 128 ? Buffer.of(0x30, seq.length) : Buffer.of(0x30, 0x81, seq.length), seq]);
  return verify(spec.hash, input, { key: jwk.key, dsaEncoding: 'der' }, der);
}

/**
 * JDK 17's Ed25519/Ed448 verification takes R from the first key-length bytes and S, little-endian,
 * from all the rest: an S one byte longer verifies when that byte is zero (S's value is unchanged),
 * and any other length is "incorrect length" or "s is too large".
 */
function eddsaJava(jwk: Jose4jJwk, input: Buffer, signature: Buffer): boolean {
  const size = jwk.key.asymmetricKeyType === 'ed448' ? 57 : 32;
  let sig = signature;
  if (sig.length === 2 * size + 1 && sig[sig.length - 1] === 0x00) sig = sig.subarray(0, 2 * size);
  return verify(null, input, jwk.key, sig);
}

/** The JDK's RSA signatures must be exactly as long as the modulus ("Bad signature length"). */
function rsaLengthRight(jwk: Jose4jJwk, signature: Buffer): boolean {
  const bits = jwk.key.asymmetricKeyDetails?.modulusLength ?? 0;
  return signature.length === Math.ceil(bits / 8);
}

function signatureValid(spec: AlgorithmSpec, jwk: Jose4jJwk, input: Buffer, signature: Buffer): boolean {
  // A key the JDK built but cannot verify with (InvalidKeyException in initVerify).
  if (jwk.unusable !== undefined) return false;
  if (spec.kty === 'RSA' && !rsaLengthRight(jwk, signature)) return false;
  try {
    switch (spec.kty) {
      case 'oct': {
        const mac = createHmac(spec.hash ?? 'sha256', jwk.key)
          .update(input)
          .digest();
        return mac.length === signature.length && timingSafeEqual(mac, signature);
      }
      case 'RSA':
        return spec.pss === undefined
          ? rsaPkcs1v15(spec.hash ?? 'sha256', jwk, input, signature)
          : verify(
              spec.hash,
              input,
              { key: jwk.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss },
              signature,
            );
      case 'EC':
        return ecdsaJava(spec, jwk, input, signature);
      case 'OKP':
        return eddsaJava(jwk, input, signature);
    }
  } catch {
    return false;
  }
}

interface JoseObject {
  header: Record<string, unknown>;
  input: Buffer;
  signature: Buffer;
}

/** JsonWebStructure.fromCompactSerialization for a JWS, or why it throws. */
function fromCompactSerialization(cs: string): { jws: JoseObject; payload: string } | string {
  const parts = cs.split(/\./);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (cs.endsWith('.')) parts.push('');
  if (parts.length !== 3) return `Invalid JOSE Compact Serialization: ${parts.length} parts`;
  const [h, p, s] = parts as [string, string, string];
  const header = parseJsonSimple(jose4jBase64Decode(h).toString('utf8'));
  if (!header.ok) return `header: ${header.detail}`;
  const unencoded = header.value.b64 === false;
  const ascii = (t: string): Buffer =>
    Buffer.from(Array.from(t, (c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : 63)));
  return {
    jws: {
      header: header.value,
      input: unencoded ? Buffer.concat([ascii(h), Buffer.from('.'), Buffer.from(p, 'utf8')]) : ascii(`${h}.${p}`),
      signature: jose4jBase64Decode(s),
    },
    payload: unencoded ? p : jose4jBase64Decode(p).toString('utf8'),
  };
}

function stringHeader(header: Record<string, unknown>, name: string): string | undefined {
  const v = header[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new TypeError(`ClassCastException: header ${name}`);
  return v;
}

/** `JwtConsumer.process(token)` with Harness's configuration, against an already built key set. */
export function verifyJws(token: string, keys: Jose4jJwk[], nowMs: number): JwsOutcome {
  const objects: JoseObject[] = [];
  let working = token;
  let claims: ReturnType<typeof parseJsonSimple> | undefined;
  try {
    while (claims === undefined) {
      const read = fromCompactSerialization(working);
      if (typeof read === 'string') return { ok: false, reason: 'malformed', detail: read };
      objects.push(read.jws);
      const cty = stringHeader(read.jws.header, 'cty');
      if (cty !== undefined && ['jwt', 'application/jwt'].includes(cty.toLowerCase())) working = read.payload;
      else claims = parseJsonSimple(read.payload);
    }
    if (!claims.ok)
      return {
        ok: false,
        reason: 'malformed',
        detail: `Unable to parse what was expected to be the JWT Claim Set JSON: ${claims.detail}`,
      };
    for (const jws of objects) {
      const failed = processOne(jws, keys);
      if (failed) return failed;
    }
  } catch (e) {
    return { ok: false, reason: 'malformed', detail: e instanceof Error ? e.message : String(e) };
  }
  return jose4jValidators(claims.value, claims.literals, nowMs);
}

/** processContext for one JWS: constraints, key resolution, key validation, crit, signature. */
function processOne(jws: JoseObject, keys: Jose4jJwk[]): JwsOutcome | undefined {
  const header = jws.header;
  const alg = stringHeader(header, 'alg');
  if (alg === undefined) return { ok: false, reason: 'algorithm', detail: 'Signature algorithm header (alg) not set.' };
  if (alg === 'none') return { ok: false, reason: 'algorithm', detail: "'none' is a blocked algorithm" };
  // commonFilterForInbound reads kid and the thumbprints before it asks the algorithm for its key type.
  for (const name of ['kid', 'x5t', 'x5t#S256']) stringHeader(header, name);
  const spec = ALGORITHMS[alg];
  if (!spec)
    return { ok: false, reason: 'algorithm', detail: `${alg} is an unknown, unsupported or unavailable alg algorithm` };
  const jwk = selectKey(header, spec, alg, keys);
  if (!jwk) {
    const kid = typeof header.kid === 'string' ? ` kid '${header.kid}'` : '';
    return {
      ok: false,
      reason: 'key-not-found',
      detail: `Unable to find a suitable verification key for JWS w/ alg ${alg}${kid} among ${keys.length} key(s)`,
    };
  }
  const problem = keyProblem(spec, alg, jwk);
  if (problem !== undefined) return { ok: false, reason: 'weak-key', detail: problem };
  const crit = header.crit;
  if (crit !== undefined && crit !== null) {
    if (!Array.isArray(crit)) return { ok: false, reason: 'malformed', detail: 'crit header value not an array' };
    const unknown = (crit as unknown[]).find((c) => c !== 'b64');
    if (unknown !== undefined)
      return {
        ok: false,
        reason: 'malformed',
        detail: `Unrecognized header ${JSON.stringify(unknown)} marked as critical.`,
      };
  }
  if (!signatureValid(spec, jwk, jws.input, jws.signature)) {
    return {
      ok: false,
      reason: 'signature',
      detail: `JWS signature is invalid (alg ${alg}, kid ${typeof jwk.params.kid === 'string' ? jwk.params.kid : '(none)'})`,
    };
  }
  return undefined;
}
