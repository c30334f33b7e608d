/**
 * Signature verification with jose's primitives only (`importJWK` + `compactVerify`): no claim
 * defaults from `jwtVerify`, since Harness's claim rules are applied separately and in its order.
 */
import type * as Jose from 'jose';
import type { JWK } from 'jose';

let jose: typeof Jose | undefined;
/** jose, loaded on the first signature check rather than when the extension starts. */
function lazyJose(): typeof Jose {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jose ??= require('jose') as typeof Jose;
  return jose;
}
import type { JwkEntry } from './jwksParse';

type VerifyKey = Awaited<ReturnType<typeof Jose.importJWK>>;

/** Imported keys per JWK and algorithm: import costs more than a verification, and sets are reused. */
const imported = new WeakMap<JwkEntry, Map<string, Promise<VerifyKey>>>();

/** Only the public parameters: a published `alg`, `key_ops` or `ext` must not change what Harness would do. */
function publicJwk(entry: JwkEntry): JWK {
  const j = entry.jwk;
  const pick = (name: string): string | undefined => (typeof j[name] === 'string' ? j[name] : undefined);
  switch (entry.kty) {
    case 'RSA':
      return { kty: 'RSA', n: pick('n'), e: pick('e') };
    case 'EC':
      return { kty: 'EC', crv: pick('crv'), x: pick('x'), y: pick('y') };
    case 'OKP':
      return { kty: 'OKP', crv: pick('crv'), x: pick('x') };
    case 'oct':
      return { kty: 'oct', k: pick('k') };
    default:
      return { kty: entry.kty };
  }
}

function importFor(entry: JwkEntry, alg: string): Promise<VerifyKey> {
  let perAlg = imported.get(entry);
  if (!perAlg) {
    perAlg = new Map();
    imported.set(entry, perAlg);
  }
  let key = perAlg.get(alg);
  if (!key) {
    key = lazyJose().importJWK(publicJwk(entry), alg);
    perAlg.set(alg, key);
  }
  return key;
}

export type SignatureResult = { ok: true } | { ok: false; importFailed: boolean; why: string };

export async function verifySignature(compact: string, entry: JwkEntry, alg: string): Promise<SignatureResult> {
  let key: VerifyKey;
  try {
    key = await importFor(entry, alg);
  } catch (e) {
    return { ok: false, importFailed: true, why: e instanceof Error ? e.message : String(e) };
  }
  try {
    await lazyJose().compactVerify(compact, key, { algorithms: [alg] });
    return { ok: true };
  } catch (e) {
    return { ok: false, importFailed: false, why: e instanceof Error ? e.message : String(e) };
  }
}
