/**
 * One signed layer through jose4j's `JwtConsumer.processContext` (org/jose4j/jwt/consumer/
 * JwtConsumer.java `processContext`) as Harness configures it: `alg` present and not "none" (DISALLOW_NONE), an
 * algorithm jose4j knows, the key chosen by JwksVerificationKeyResolver/VerificationJwkSelector, the
 * key validated for the algorithm, `crit` checked, then the signature. A nested token runs this for
 * every layer, outermost first, each against the same key set.
 */
import { INVALID_TOKEN } from './harnessErrors';
import type { JwkEntry } from './jose4jJwk';
import { critProblem, nonStringKeyMember } from './jose4jHeader';
import type { JoseLayer } from './joseRead';
import { curveForAlg, describeKey, selectKey } from './keySelect';
import { verifySignature } from './signature';
import type { Verdict } from './types';
import type { VerdictBuilder } from './verdictBuilder';

const SUPPORTED_ALGS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'HS256',
  'HS384',
  'HS512',
]);
const HMAC_ALG = /^HS(256|384|512)$/;
const MIN_RSA_BITS = 2048;

function octKeyBits(entry: JwkEntry): number {
  const k = entry.publicJwk?.k;
  return typeof k === 'string' ? Buffer.from(k, 'base64url').length * 8 : 0;
}

/** jose4j's validateVerificationKey for the chosen key; a Verdict when it refuses. */
function checkKeyStrength(chosen: JwkEntry, alg: string, b: VerdictBuilder): Verdict | undefined {
  if (chosen.kty === 'RSA') {
    const bits = chosen.rsaBits ?? 0;
    if (bits < MIN_RSA_BITS)
      return b.fail(
        'key-strength',
        'weak-key',
        `The chosen RSA key is ${bits} bits; Harness's JOSE library refuses RSA keys under ${MIN_RSA_BITS} bits.`,
        INVALID_TOKEN,
      );
    b.pass('key-strength', `RSA ${bits} bits`);
  } else if (chosen.kty === 'EC') {
    const want = curveForAlg(alg);
    if (chosen.crv !== want)
      return b.fail(
        'key-strength',
        'algorithm',
        `${alg} needs a ${want ?? '?'} key, but the chosen key is ${chosen.crv ?? 'without curve'}.`,
        INVALID_TOKEN,
      );
    b.pass('key-strength', chosen.crv);
  } else if (chosen.kty === 'oct') {
    const bits = octKeyBits(chosen);
    const want = Number(alg.slice(2));
    if (bits < want)
      return b.fail(
        'key-strength',
        'weak-key',
        `The chosen HMAC key is ${bits} bits; Harness's JOSE library refuses ${alg} keys under ${want} bits.`,
        INVALID_TOKEN,
      );
    b.pass('key-strength', `oct ${bits} bits`);
  } else {
    if (chosen.crv !== 'Ed25519' && chosen.crv !== 'Ed448') {
      return b.fail(
        'key-strength',
        'algorithm',
        `EdDSA needs an Ed25519 or Ed448 key, but the chosen key is ${chosen.crv ?? 'without curve'}.`,
        INVALID_TOKEN,
      );
    }
    b.pass('key-strength', `${chosen.kty} ${chosen.crv} (Java 17 EdDSA)`);
  }
  return undefined;
}

/** The JDK's "Bad signature length" (RSASignature, RSAPSSSignature), in words a person can act on. */
function rsaLengthMessage(alg: string, n: { got: number; want: number }, which: string): string {
  const head = `The ${alg} signature${which} is ${n.got} bytes and the key's modulus ${n.want}; Java (Harness) refuses`;
  return n.got > n.want
    ? `${head} it.`
    : `${head} an RSA signature shorter than the modulus. Some signing libraries drop a leading zero byte, so about 1 token in 256 fails intermittently: the signer must pad the signature to ${n.want} bytes.`;
}

/** Checks one layer: a refusal, or (when it passes) the key that verified it, in words. `depth` 0 is the outer token. */
export function checkLayer(layer: JoseLayer, keys: JwkEntry[], depth: number, b: VerdictBuilder): Verdict | string {
  const header = layer.header;
  const which = depth === 0 ? '' : ` (nested token ${depth})`;
  const alg = header.alg;
  if (alg === undefined || alg === null)
    return b.fail('algorithm', 'algorithm', `The header${which} has no alg.`, INVALID_TOKEN);
  if (typeof alg !== 'string')
    return b.fail(
      'algorithm',
      'malformed',
      `The header's alg${which} is not a string; Harness's JOSE library refuses the token.`,
      INVALID_TOKEN,
    );
  if (alg === 'none')
    return b.fail('algorithm', 'algorithm', `alg "none" (unsigned) is refused${which}.`, INVALID_TOKEN);
  const badMember = nonStringKeyMember(header);
  if (badMember !== undefined)
    return b.fail(
      'key',
      'malformed',
      `The header's ${badMember}${which} is not a string; Harness's JOSE library refuses the token while choosing the key.`,
      INVALID_TOKEN,
    );
  // jose4j resolves HS* to an "oct" key of the set like any other key type: only a set that
  // publishes a shared secret can verify one, which a real IdP's public set never does.
  if (HMAC_ALG.test(alg) && !keys.some((k) => k.kty === 'oct')) {
    return b.fail(
      'algorithm',
      'algorithm',
      `${alg} is an HMAC (shared-secret) algorithm; a public key set cannot verify it. Use RS256 or ES256.`,
      INVALID_TOKEN,
    );
  }
  if (!SUPPORTED_ALGS.has(alg))
    return b.fail(
      'algorithm',
      'algorithm',
      `Algorithm ${JSON.stringify(alg)} is not supported for SCIM JWTs${which}.`,
      INVALID_TOKEN,
    );
  b.pass('algorithm', alg + which);

  const selection = selectKey(header, alg, keys);
  if (header.kid === undefined && selection.candidates.length > 1) {
    b.warn({
      code: 'no-kid-several-keys',
      message: `The token${which} has no kid and ${selection.candidates.length} keys of the set fit ${alg}: Harness uses the first (${selection.chosen ? describeKey(selection.chosen) : 'none'}) and fails if the token was signed by another.`,
    });
  }
  const chosen = selection.chosen;
  if (!chosen)
    return b.fail(
      'key',
      'key-not-found',
      `${selection.reason ?? 'No key of the set fits the token.'}${which}`,
      INVALID_TOKEN,
    );
  const considered = b.keysConsidered[keys.indexOf(chosen)];
  if (considered) considered.chosen = true;
  const chosenText = describeKey(chosen);
  b.pass('key', chosenText + which);
  const weak = checkKeyStrength(chosen, alg, b);
  if (weak) return weak;

  // checkCrit runs inside verifySignature, after the key was validated.
  const crit = critProblem(header);
  if (crit !== undefined) return b.fail('signature', 'malformed', crit, INVALID_TOKEN);

  const sig = verifySignature(layer.signingInput, layer.signature, chosen, alg);
  if (!sig.ok) {
    const others =
      selection.candidates.length > 1 && header.kid === undefined
        ? ' The token has no kid; it may be signed by another key of the set, which Harness never tries.'
        : '';
    const msg = sig.importFailed
      ? `The chosen key cannot be used: ${sig.why}`
      : sig.rsaLength
        ? rsaLengthMessage(alg, sig.rsaLength, which)
        : `The signature${which} does not verify with ${chosenText}.${others}`;
    return b.fail('signature', 'signature', msg, INVALID_TOKEN);
  }
  if (sig.viaJdkLeniency === true) {
    b.warn({
      code: 'lenient-signature',
      message: `The ${alg} signature${which} encodes its hash without the NULL parameter; Java 17 (Harness) accepts it, most other libraries will not.`,
    });
  }
  b.pass('signature', `${alg} with ${chosenText}${which}`);
  return chosenText;
}
