/**
 * Key choice exactly as jose4j's `VerificationJwkSelector.selectList` (org/jose4j/jwk/
 * VerificationJwkSelector.java, with SelectorSupport.filterForInboundSigned and SimpleJwkFilter)
 * makes it for Harness's `JwksVerificationKeyResolver` — deliberately not jose's: kid (required to
 * match when the token has one), key type, `use` "sig" or absent, `key_ops` containing "verify" or
 * absent, x5t / x5t#S256 (derived from x5c when the key has no thumbprint member); then, only to
 * break ties, the key's alg and curve. The first remaining key wins, so a token without `kid`
 * signed by the second RSA key of a set fails at Harness.
 */
import { jsonPreview } from '../jsonText';
import { capList, clip } from '../listCap';
import type { JwkEntry } from './jwksParse';

export { rsaModulusBits } from './jwksParse';

export type KeyType = 'RSA' | 'EC' | 'OKP' | 'oct';

/** Key type jose4j derives from the JWS `alg`. */
export function keyTypeForAlg(alg: string): KeyType | undefined {
  if (/^(RS|PS)(256|384|512)$/.test(alg)) return 'RSA';
  if (/^ES(256|384|512)$/.test(alg)) return 'EC';
  if (/^HS(256|384|512)$/.test(alg)) return 'oct';
  if (alg === 'EdDSA') return 'OKP';
  return undefined;
}

/** The curve an ECDSA algorithm needs. */
export function curveForAlg(alg: string): string | undefined {
  switch (alg) {
    case 'ES256':
      return 'P-256';
    case 'ES384':
      return 'P-384';
    case 'ES512':
      return 'P-521';
    default:
      return undefined;
  }
}

export interface KeySelection {
  chosen?: JwkEntry;
  /** Keys left after the kid / kty / use filters, before the alg and curve tie-breaks. */
  candidates: JwkEntry[];
  /** Why nothing was chosen, in plain words. */
  reason?: string;
}

function describeKids(keys: JwkEntry[]): string {
  return keys.length === 0
    ? 'none'
    : capList(keys, { max: 8, show: (k) => (k.kid === undefined ? '(no kid)' : jsonPreview(k.kid, { maxChars: 80 })) });
}

export function selectKey(header: Record<string, unknown>, alg: string, keys: JwkEntry[]): KeySelection {
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const kty = keyTypeForAlg(alg);
  let remaining = keys;
  if (kid !== undefined) {
    remaining = remaining.filter((k) => k.kid === kid);
    if (remaining.length === 0) {
      return {
        candidates: [],
        reason: `No key in the set has kid ${jsonPreview(kid, { maxChars: 80 })}; the set's kids are ${describeKids(keys)}.`,
      };
    }
  }
  const byKty = remaining.filter((k) => k.kty === kty);
  if (byKty.length === 0) {
    return {
      candidates: [],
      reason: `${alg} needs a ${kty ?? 'matching'} key, and the set has none${kid !== undefined ? ` with kid ${jsonPreview(kid, { maxChars: 80 })}` : ''} (key types: ${capList([...new Set(remaining.map((k) => k.kty))], { show: (t) => clip(t, 40) })}).`,
    };
  }
  const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const signing = byKty.filter(
    (k) => (k.use === undefined || k.use === 'sig') && (k.keyOps === undefined || k.keyOps.includes('verify')),
  );
  if (signing.length === 0) {
    const uses = capList([
      ...new Set(
        byKty.map((k) =>
          k.keyOps !== undefined
            ? `key_ops ${jsonPreview(k.keyOps, { maxChars: 60 })}`
            : `use ${clip(k.use ?? '(none)', 40)}`,
        ),
      ),
    ]);
    return {
      candidates: signing,
      reason: `The ${kty ?? ''} keys that match are not for verifying (${uses}; Harness needs use "sig" or none, and key_ops with "verify" or none).`,
    };
  }
  const candidates = signing.filter(
    (k) =>
      (x5t === undefined || k.x5t === undefined || k.x5t === x5t) &&
      (x5tS256 === undefined || k.x5tS256 === undefined || k.x5tS256 === x5tS256),
  );
  if (candidates.length === 0)
    return {
      candidates,
      reason: `No key of the set has the certificate thumbprint the token's header names (x5t / x5t#S256).`,
    };
  let narrowed = candidates;
  if (narrowed.length > 1) narrowed = narrowed.filter((k) => k.alg === undefined || k.alg === alg);
  const crv = curveForAlg(alg);
  if (narrowed.length > 1 && kty === 'EC' && crv !== undefined) narrowed = narrowed.filter((k) => k.crv === crv);
  if (narrowed.length > 1 && kty === 'OKP') narrowed = narrowed.filter((k) => k.crv === 'Ed25519' || k.crv === 'Ed448');
  const chosen = narrowed[0];
  if (chosen === undefined) {
    return {
      candidates,
      reason: `The set's ${kty ?? ''} signing keys are all declared for other algorithms or curves than ${alg}.`,
    };
  }
  return { chosen, candidates };
}

/** One line naming a key: `kid "abc" (RSA 2048, RS256)`. */
export function describeKey(k: JwkEntry): string {
  const size = k.rsaBits !== undefined ? ` ${k.rsaBits}` : k.crv !== undefined ? ` ${k.crv}` : '';
  const parts = [
    `${k.kty}${size}`,
    ...(k.alg !== undefined ? [k.alg] : []),
    ...(k.use !== undefined ? [`use ${k.use}`] : []),
  ];
  return `${k.kid !== undefined ? `kid ${jsonPreview(k.kid, { maxChars: 80 })}` : `key #${k.index + 1} (no kid)`} (${parts.join(', ')})`;
}
