/**
 * "Would Harness accept a token of this shape once the settings match?", answered by the verdict
 * engine itself. With the provider's key set at hand the token is judged as it is. Without it
 * (offline, or the key set unreachable) we cannot check the provider's signature, so we judge the
 * shape: the very same header and payload segments, signed again with a throwaway key of the kind
 * the token's `alg` names and published under the token's own `kid`. Every rule then runs exactly
 * as Harness runs it — typ, alg, crit, key choice, exp/nbf, iss, the claim — except "was it the
 * provider's key", which no shape can tell. A provider that signs something other than what it
 * sends (Microsoft Graph's hashed nonce) is re-signed the same way, so the engine sees the failure.
 *
 * A token that has merely expired (or is not valid yet) is judged at an instant inside its own
 * lifetime: the question is about the shape, and the caller is told the token itself is stale.
 */
import { constants, createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  CLOCK_SKEW_SECONDS,
  curveForAlg,
  decodeForVerdict,
  verifyForHarness,
  type HarnessJwtRules,
  type JwksCache,
  type KeySource,
  type Verdict,
} from '../jwt';
import type { IdpEntry } from './types';

interface Throwaway {
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

type Family = 'RSA' | 'P-256' | 'P-384' | 'P-521' | 'Ed25519';

/** Generated once per process: an RSA key costs tens of milliseconds. */
const throwaways = new Map<Family, Throwaway>();

function familyFor(alg: unknown): Family {
  if (alg === 'EdDSA') return 'Ed25519';
  // RS*/PS*, and every alg a public key set cannot serve (HS*, none, unknown): an RSA set, as real providers publish.
  return (typeof alg === 'string' ? (curveForAlg(alg) as Family | undefined) : undefined) ?? 'RSA';
}

function throwaway(family: Family): Throwaway {
  const hit = throwaways.get(family);
  if (hit) return hit;
  const pair =
    family === 'RSA'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : family === 'Ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: family });
  const made = {
    privateKey: pair.privateKey,
    jwk: pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>,
  };
  throwaways.set(family, made);
  return made;
}

const HASH: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function signatureFor(alg: string, input: string, key: KeyObject): Buffer | undefined {
  const data = Buffer.from(input);
  const hash = HASH[alg.slice(-3)];
  if (alg === 'EdDSA') return sign(null, data, key);
  if (hash === undefined) return undefined;
  if (/^RS\d{3}$/.test(alg)) return sign(hash, data, key);
  if (/^PS\d{3}$/.test(alg))
    return sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  if (/^ES\d{3}$/.test(alg)) return sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
  return undefined;
}

/** The token with its own header and payload bytes and a throwaway signature, and the one-key set that verifies it. */
export function resignedForShape(token: string, entry?: IdpEntry): { token: string; keys: KeySource } {
  const d = decodeForVerdict(token);
  const header = d.header ?? {};
  const key = throwaway(familyFor(header.alg));
  const jwk: Record<string, unknown> = { ...key.jwk, use: 'sig' };
  if (typeof header.kid === 'string') jwk.kid = header.kid;
  const keys: KeySource = { kind: 'inline', json: JSON.stringify({ keys: [jwk] }) };
  const [h, p] = d.segments;
  if (
    d.kind !== 'jws' ||
    d.segments.length !== 3 ||
    h === undefined ||
    p === undefined ||
    typeof header.alg !== 'string'
  )
    return { token, keys };
  let signedHeader = h;
  if (entry?.signsTransformedNonce === true && typeof header.nonce === 'string') {
    // The provider signs a header whose nonce is replaced by its hash, then sends the original nonce.
    const hashed = { ...header, nonce: createHash('sha256').update(header.nonce).digest('base64url') };
    signedHeader = Buffer.from(JSON.stringify(hashed)).toString('base64url');
  }
  const sig = signatureFor(header.alg, `${signedHeader}.${p}`, key.privateKey);
  return { token: sig ? `${h}.${p}.${sig.toString('base64url')}` : token, keys };
}

export interface JudgeTime {
  at: Date;
  /** Set when the token itself is outside its lifetime at `now` and was judged inside it. */
  stale?: 'expired' | 'not-yet-valid';
}

/** `now` when the token is within its lifetime (with Harness's skew), else an instant inside it. */
export function judgeTime(payload: Record<string, unknown> | undefined, now: Date): JudgeTime {
  const exp = payload?.exp;
  const nbf = payload?.nbf;
  const t = now.getTime() / 1000;
  const expS = typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  const nbfS = typeof nbf === 'number' && Number.isFinite(nbf) ? nbf : undefined;
  if (expS !== undefined && t > expS + CLOCK_SKEW_SECONDS) {
    const inside = nbfS !== undefined && nbfS > expS - 1 ? nbfS : expS - 1;
    return { at: new Date(inside * 1000), stale: 'expired' };
  }
  if (nbfS !== undefined && t < nbfS - CLOCK_SKEW_SECONDS && (expS === undefined || nbfS <= expS))
    return { at: new Date(nbfS * 1000), stale: 'not-yet-valid' };
  return { at: now };
}

export interface Judgement {
  /** `key-set`: judged against a real key set; `shape`: the provider's signature could not be checked. */
  basis: 'key-set' | 'shape';
  /** Plain words: which key set, or why the shape only. */
  basisText: string;
  verdict: Verdict;
  time: JudgeTime;
}

export interface JudgeInput {
  token: string;
  rules: HarnessJwtRules;
  cache: JwksCache;
  now: Date;
  entry?: IdpEntry;
  /** A key set to judge against; absent: shape only. */
  keys?: KeySource;
  keysLabel?: string;
  /** For a key set URL that came from the token: where its download may go (see JwksCache.load). */
  gate?: ((url: URL) => Promise<string | undefined>) | undefined;
}

export async function judge(input: JudgeInput): Promise<Judgement> {
  const time = judgeTime(decodeForVerdict(input.token).payload, input.now);
  if (input.keys) {
    const verdict = await verifyForHarness(input.token, {
      keys: input.keys,
      rules: input.rules,
      cache: input.cache,
      at: time.at,
      gate: input.gate,
    });
    const unreadable = verdict.code === 'jwks-unreachable' || verdict.code === 'jwks-invalid';
    if (!unreadable)
      return {
        basis: 'key-set',
        basisText: `judged against the key set ${input.keysLabel ?? ''}`.trimEnd(),
        verdict,
        time,
      };
    const shape = await judgeShape(input, time);
    // A clause that reads whole after "Harness would accept …:" and capitalised as a sentence: the
    // message (often several sentences of its own) comes last, after a colon, never in brackets.
    return {
      ...shape,
      basisText: `judged the token's shape only, because the key set could not be read: ${verdict.message.replace(/[.\s]+$/, '')}`,
    };
  }
  return judgeShape(input, time);
}

async function judgeShape(input: JudgeInput, time: JudgeTime): Promise<Judgement> {
  const resigned = resignedForShape(input.token, input.entry);
  const verdict = await verifyForHarness(resigned.token, {
    keys: resigned.keys,
    rules: input.rules,
    cache: input.cache,
    at: time.at,
  });
  return {
    basis: 'shape',
    basisText: "judged the token's shape only: the provider's signature was not checked",
    verdict,
    time,
  };
}
