/**
 * jose4j's part of the SCIM JWT flow, rewritten on node:crypto alone (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 9):
 * JWK Set parsing that skips unusable keys, VerificationJwkSelector's key choice, the key checks
 * jose4j makes before verifying (RSA ≥ 2048 bits, EC curve of the algorithm, HMAC key length), the
 * signature, and the default claim validators with 30 s of skew and `exp` required.
 *
 * Deliberately independent of src/core/jwt and of the `jose` package, so that tests comparing the
 * extension's verdict with this emulator compare two implementations, not one with itself.
 */
import { constants, createHash, createHmac, createPublicKey, createSecretKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { TokenFailureReason } from './core';

export type JwsOutcome = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: TokenFailureReason; detail: string };

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

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function parseJoseHeader(segment: string): Record<string, unknown> | 'not-base64url' | 'not-json' {
  const bytes = decodeBase64UrlStrict(segment);
  if (!bytes) return 'not-base64url';
  return parseJsonObject(bytes) ?? 'not-json';
}

interface AlgorithmSpec {
  kty: 'RSA' | 'EC' | 'oct' | 'OKP';
  hash: string | null;
  pss?: number;
  curve?: string;
  minOctBytes?: number;
}

const ALGORITHMS: Readonly<Record<string, AlgorithmSpec>> = {
  RS256: { kty: 'RSA', hash: 'sha256' }, RS384: { kty: 'RSA', hash: 'sha384' }, RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: 32 }, PS384: { kty: 'RSA', hash: 'sha384', pss: 48 }, PS512: { kty: 'RSA', hash: 'sha512', pss: 64 },
  ES256: { kty: 'EC', hash: 'sha256', curve: 'P-256' }, ES384: { kty: 'EC', hash: 'sha384', curve: 'P-384' },
  ES512: { kty: 'EC', hash: 'sha512', curve: 'P-521' }, ES256K: { kty: 'EC', hash: 'sha256', curve: 'secp256k1' },
  HS256: { kty: 'oct', hash: 'sha256', minOctBytes: 32 }, HS384: { kty: 'oct', hash: 'sha384', minOctBytes: 48 }, HS512: { kty: 'oct', hash: 'sha512', minOctBytes: 64 },
  EdDSA: { kty: 'OKP', hash: null },
};

/** One usable JWK: its parameters and the key node:crypto made from them. */
export interface ParsedJwk {
  params: Record<string, unknown>;
  key: KeyObject;
}

function importJwk(params: Record<string, unknown>): KeyObject | undefined {
  try {
    if (params.kty === 'oct') return typeof params.k === 'string' ? createSecretKey(Buffer.from(params.k, 'base64url')) : undefined;
    if (params.kty !== 'RSA' && params.kty !== 'EC' && params.kty !== 'OKP') return undefined;
    return createPublicKey({ key: params as unknown as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** `new JsonWebKeySet(json)`: the body must be a JSON object with `keys`; keys jose4j cannot use are skipped. */
export function parseJwks(body: string): ParsedJwk[] | undefined {
  const doc = parseJsonObject(Buffer.from(body, 'utf8'));
  if (!doc || !Array.isArray(doc.keys)) return undefined;
  const keys: ParsedJwk[] = [];
  for (const entry of doc.keys) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const params = entry as Record<string, unknown>;
    const key = importJwk(params);
    if (key) keys.push({ params, key });
  }
  return keys;
}

function thumbprint(params: Record<string, unknown>, member: 'x5t' | 'x5t#S256', hash: 'sha1' | 'sha256'): string | undefined {
  if (typeof params[member] === 'string') return params[member];
  const chain = params.x5c;
  if (!Array.isArray(chain) || typeof chain[0] !== 'string') return undefined;
  return createHash(hash).update(Buffer.from(chain[0], 'base64')).digest('base64url');
}

/** VerificationJwkSelector.select: kid, x5t, kty, use; then alg and crv only to break ties; first wins. */
export function selectKey(header: Record<string, unknown>, spec: AlgorithmSpec, alg: string, keys: ParsedJwk[]): ParsedJwk | undefined {
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  let list = keys.filter((k) => {
    const p = k.params;
    if (kid !== undefined && p.kid !== kid) return false;
    if (x5t !== undefined) {
      const t = thumbprint(p, 'x5t', 'sha1');
      if (t !== undefined && t !== x5t) return false;
    }
    if (x5tS256 !== undefined) {
      const t = thumbprint(p, 'x5t#S256', 'sha256');
      if (t !== undefined && t !== x5tS256) return false;
    }
    return p.kty === spec.kty && (p.use === undefined || p.use === 'sig');
  });
  if (list.length > 1) list = list.filter((k) => k.params.alg === undefined || k.params.alg === alg);
  if (list.length > 1 && spec.kty === 'EC') list = list.filter((k) => k.params.crv === undefined || k.params.crv === spec.curve);
  return list[0];
}

/** The key checks jose4j runs before verifying; a failure is an InvalidJwtException like a bad signature. */
function keyProblem(spec: AlgorithmSpec, alg: string, jwk: ParsedJwk): string | undefined {
  const details = jwk.key.asymmetricKeyDetails;
  if (spec.kty === 'RSA' && (details?.modulusLength ?? 0) < 2048) return `RSA key of ${details?.modulusLength ?? 0} bits; jose4j requires at least 2048`;
  if (spec.kty === 'EC' && jwk.params.crv !== spec.curve) return `${alg} needs a ${spec.curve ?? ''} key, the selected key is ${String(jwk.params.crv)}`;
  if (spec.kty === 'oct' && (jwk.key.symmetricKeySize ?? 0) < (spec.minOctBytes ?? 0)) return `${alg} needs a key of at least ${(spec.minOctBytes ?? 0) * 8} bits`;
  return undefined;
}

function signatureValid(spec: AlgorithmSpec, jwk: ParsedJwk, input: Buffer, signature: Buffer): boolean {
  try {
    switch (spec.kty) {
      case 'oct': {
        const mac = createHmac(spec.hash ?? 'sha256', jwk.key).update(input).digest();
        return mac.length === signature.length && timingSafeEqual(mac, signature);
      }
      case 'RSA':
        return spec.pss === undefined
          ? verify(spec.hash, input, jwk.key, signature)
          : verify(spec.hash, input, { key: jwk.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss }, signature);
      case 'EC':
        return verify(spec.hash, input, { key: jwk.key, dsaEncoding: 'ieee-p1363' }, signature);
      case 'OKP':
        return verify(null, input, jwk.key, signature);
    }
  } catch {
    return false;
  }
}

const SKEW_SECONDS = 30;

/** jose4j's default validators; every issue is collected, as JwtConsumer does before throwing. */
function claimIssues(claims: Record<string, unknown>, nowMs: number): { reason: TokenFailureReason; detail: string }[] {
  const issues: { reason: TokenFailureReason; detail: string }[] = [];
  const now = Math.floor(nowMs / 1000);
  const numeric = (name: string): number | undefined | 'bad' => {
    const v = claims[name];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 'bad';
  };
  const exp = numeric('exp');
  if (exp === undefined) issues.push({ reason: 'exp-missing', detail: 'No Expiration Time (exp) claim present.' });
  else if (exp === 'bad') issues.push({ reason: 'malformed', detail: "The value of the 'exp' claim is not a number" });
  else if (now - SKEW_SECONDS >= exp) issues.push({ reason: 'expired', detail: `The JWT is no longer valid - the evaluation time ${now} is on or after the Expiration Time (exp=${exp}) claim value (even when providing ${SKEW_SECONDS} seconds of leeway to account for clock skew).` });
  const nbf = numeric('nbf');
  if (nbf === 'bad') issues.push({ reason: 'malformed', detail: "The value of the 'nbf' claim is not a number" });
  else if (nbf !== undefined && now + SKEW_SECONDS < nbf) issues.push({ reason: 'not-yet-valid', detail: `The JWT is not yet valid as the evaluation time ${now} is before the Not Before (nbf=${nbf}) claim time (even when providing ${SKEW_SECONDS} seconds of leeway to account for clock skew).` });
  if (numeric('iat') === 'bad') issues.push({ reason: 'malformed', detail: "The value of the 'iat' claim is not a number" });
  for (const name of ['iss', 'sub', 'jti']) {
    const v = claims[name];
    if (v !== undefined && v !== null && typeof v !== 'string') issues.push({ reason: 'malformed', detail: `The value of the '${name}' claim is not a string` });
  }
  return issues;
}

/** `JwtConsumer.process(token)` with Harness's configuration, against an already parsed key set. */
export function verifyJws(parts: [string, string, string], header: Record<string, unknown>, keys: ParsedJwk[], nowMs: number): JwsOutcome {
  const alg = header.alg;
  if (typeof alg !== 'string') return { ok: false, reason: 'algorithm', detail: 'the JOSE header has no alg' };
  if (alg === 'none') return { ok: false, reason: 'algorithm', detail: "alg 'none' is not permitted (AlgorithmConstraints.DISALLOW_NONE)" };
  const spec = ALGORITHMS[alg];
  if (!spec) return { ok: false, reason: 'algorithm', detail: `${alg} is an unknown, unsupported or unavailable alg algorithm` };
  if (Array.isArray(header.crit) && header.crit.length > 0) return { ok: false, reason: 'malformed', detail: `unrecognized critical header(s) ${JSON.stringify(header.crit)}` };
  const payload = decodeBase64UrlStrict(parts[1]);
  const signature = decodeBase64UrlStrict(parts[2]);
  if (!payload || !signature) return { ok: false, reason: 'malformed', detail: 'payload or signature is not base64url' };
  const jwk = selectKey(header, spec, alg, keys);
  if (!jwk) {
    const kid = typeof header.kid === 'string' ? ` kid '${header.kid}'` : '';
    return { ok: false, reason: 'key-not-found', detail: `Unable to find a suitable verification key for JWS w/ alg ${alg}${kid} among ${keys.length} key(s)` };
  }
  const problem = keyProblem(spec, alg, jwk);
  if (problem !== undefined) return { ok: false, reason: 'weak-key', detail: problem };
  if (!signatureValid(spec, jwk, Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), signature)) {
    return { ok: false, reason: 'signature', detail: `JWS signature is invalid (alg ${alg}, kid ${typeof jwk.params.kid === 'string' ? jwk.params.kid : '(none)'})` };
  }
  const claims = parseJsonObject(payload);
  if (!claims) return { ok: false, reason: 'malformed', detail: 'the payload is not a JSON object' };
  const issues = claimIssues(claims, nowMs);
  // Harness maps to EXPIRED_TOKEN whenever jose4j's message mentions expiry, even among other issues.
  const expired = issues.find((i) => i.reason === 'expired');
  const first = expired ?? issues[0];
  if (first) return { ok: false, reason: first.reason, detail: issues.map((i) => i.detail).join(' ') };
  return { ok: true, claims };
}
