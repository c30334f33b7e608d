/**
 * `verifyForHarness`: Harness's verdict on a bearer JWT, step by step in the server's order
 * (typ, settings, key set, jose4j processing: key choice, signature, exp/nbf; then issuer, then the
 * configured claim). Never throws: every problem is a `Verdict`.
 */
import { checkClaimTypes, checkIssuerAndClaim, checkTimes, lifetimeText } from './claims';
import { decodeForVerdict, type DecodedToken } from './decode';
import { INVALID_TOKEN, jwksUnreachable, NOT_A_JWT, SERVER_ERROR } from './harnessErrors';
import type { JwksCache, KeySetResult } from './jwksCache';
import type { JwkEntry } from './jwksParse';
import { javaTrim } from './javaText';
import { curveForAlg, describeKey, keyTypeForAlg, selectKey } from './keySelect';
import { verifySignature } from './signature';
import type { HarnessJwtRules, KeySource, Verdict } from './types';
import { VerdictBuilder } from './verdictBuilder';
import { harnessCacheWarning, headerWarnings, payloadWarnings, settingsWarnings } from './warnings';
// Token values in messages go through the bounded, non-recursive preview (issue 19: deep nesting).
import { jsonPreview } from '../jsonText';

export interface VerifyOptions {
  keys: KeySource;
  rules: HarnessJwtRules;
  cache: JwksCache;
  /** Evaluation time; default now. */
  at?: Date;
}

const SUPPORTED_ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'HS256', 'HS384', 'HS512']);
const HMAC_ALG = /^HS(256|384|512)$/;
const MIN_RSA_BITS = 2048;

/** isJWTTokenType: three parts (Java split), not pat/sat, header JSON with a string typ containing "jwt". */
function checkRecognition(d: DecodedToken, b: VerdictBuilder): Verdict | undefined {
  const first = d.problems[0];
  if (d.kind === 'harness-api-key' || d.kind === 'jwe' || d.problems.some((p) => p.code === 'empty' || p.code === 'segment-count')) {
    return b.fail('format', 'malformed', first?.message ?? 'Not a JWT.', NOT_A_JWT);
  }
  const headerProblem = d.problems.find((p) => p.segment === 'header');
  if (headerProblem) {
    const harness = headerProblem.code === 'header-base64url' ? SERVER_ERROR : INVALID_TOKEN;
    return b.fail('format', 'malformed', headerProblem.message, harness);
  }
  const header = d.header ?? {};
  if (d.harnessPartCount !== 3) {
    const unsigned = header.alg === 'none';
    return b.fail(
      'format',
      unsigned ? 'algorithm' : 'malformed',
      unsigned ? 'The token is unsigned (alg "none", empty signature); Harness requires a signed token.' : 'The signature part is empty, so Harness sees only two parts and treats the value as an API key.',
      NOT_A_JWT,
    );
  }
  b.pass('format');
  const typ = header.typ;
  if (typ === undefined || typeof typ !== 'string') {
    return b.fail('typ', 'typ', typ === undefined ? 'The header has no typ; Harness needs typ containing "jwt" (e.g. "JWT" or "at+jwt").' : `The header typ is ${jsonPreview(typ, { maxChars: 80 })}, not a string.`, INVALID_TOKEN);
  }
  if (!typ.toLowerCase().includes('jwt')) {
    return b.fail('typ', 'typ', `The header typ is ${jsonPreview(typ, { maxChars: 80 })}; Harness treats a token as a JWT only when typ contains "jwt", so it checks this one as an API key.`, NOT_A_JWT);
  }
  b.pass('typ', jsonPreview(typ, { maxChars: 80 }));
  return undefined;
}

function octKeyBits(entry: JwkEntry): number {
  const k = entry.jwk.k;
  return typeof k === 'string' ? Buffer.from(k, 'base64url').length * 8 : 0;
}

function keySetFailure(ks: Extract<KeySetResult, { ok: false }>, b: VerdictBuilder, source: KeySource): Verdict {
  const url = source.kind === 'url' ? javaTrim(source.url) : ks.sourceLabel;
  if (ks.code === 'jwks-unreachable') return b.fail('jwks', 'jwks-unreachable', ks.message, jwksUnreachable(url));
  return b.fail('jwks', 'jwks-invalid', ks.message, INVALID_TOKEN);
}

async function judge(token: string, opts: VerifyOptions, now: Date, b: VerdictBuilder): Promise<Verdict> {
  const d = decodeForVerdict(token);
  if (d.header) b.header = d.header;
  if (d.payload) b.payload = d.payload;
  b.warn(...settingsWarnings(opts.rules));
  if (d.header) b.warn(...headerWarnings(d.header));
  if (d.payload) b.warn(...payloadWarnings(d.payload, Math.floor(now.getTime() / 1000)));
  const early = checkRecognition(d, b);
  if (early) return early;
  const header = d.header ?? {};

  const ks = await opts.cache.load(opts.keys);
  b.warn(...ks.warnings);
  if (opts.keys.kind === 'url') b.warn(harnessCacheWarning(javaTrim(opts.keys.url)));
  if (!ks.ok) return keySetFailure(ks, b, opts.keys);
  b.pass('jwks', `${ks.keys.length} key${ks.keys.length === 1 ? '' : 's'} from ${ks.sourceLabel}`);
  for (const k of ks.keys) b.keysConsidered.push({ kid: k.kid, kty: k.kty, alg: k.alg, use: k.use, chosen: false });
  const withoutKid = ks.keys.filter((k) => k.kid === undefined).length;
  if (withoutKid > 0 && ks.keys.length > 1) {
    b.warn({ code: 'keys-without-kid', message: `${withoutKid} of the ${ks.keys.length} keys in the set have no kid, so tokens cannot point at them; Harness then takes the first matching key.` });
  }

  const payloadProblem = d.problems.find((p) => p.segment === 'payload' || p.segment === 'signature');
  if (payloadProblem || !d.payload) return b.fail('payload', 'malformed', payloadProblem?.message ?? 'The payload is unreadable.', INVALID_TOKEN);
  const payload = d.payload;
  const typeProblem = checkClaimTypes(payload, b);
  if (typeProblem) return typeProblem;
  b.pass('payload');

  const alg = header.alg;
  if (typeof alg !== 'string') return b.fail('algorithm', 'algorithm', 'The header has no alg.', INVALID_TOKEN);
  if (alg === 'none') return b.fail('algorithm', 'algorithm', 'alg "none" (unsigned) is refused.', INVALID_TOKEN);
  // jose4j resolves HS* to an "oct" key of the set like any other key type (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 9): only a set
  // that publishes a shared secret can verify one, which a real IdP's public set never does.
  if (HMAC_ALG.test(alg) && !ks.keys.some((k) => k.kty === 'oct')) {
    return b.fail('algorithm', 'algorithm', `${alg} is an HMAC (shared-secret) algorithm; a public key set cannot verify it. Use RS256 or ES256.`, INVALID_TOKEN);
  }
  if (!SUPPORTED_ALGS.has(alg)) return b.fail('algorithm', 'algorithm', `Algorithm ${jsonPreview(alg, { maxChars: 80 })} is not supported for SCIM JWTs.`, INVALID_TOKEN);
  if (header.crit !== undefined) {
    return b.fail('algorithm', 'malformed', `The header marks ${jsonPreview(header.crit, { maxChars: 80 })} as critical; Harness's JOSE library understands none of them and refuses the token.`, INVALID_TOKEN);
  }
  b.pass('algorithm', alg);

  const selection = selectKey(header, alg, ks.keys);
  if (header.kid === undefined && selection.candidates.length > 1) {
    b.warn({
      code: 'no-kid-several-keys',
      message: `The token has no kid and ${selection.candidates.length} keys of the set fit ${alg}: Harness uses the first (${selection.chosen ? describeKey(selection.chosen) : 'none'}) and fails if the token was signed by another.`,
    });
  }
  const chosen = selection.chosen;
  if (!chosen) return b.fail('key', 'key-not-found', selection.reason ?? 'No key of the set fits the token.', INVALID_TOKEN);
  const considered = b.keysConsidered[ks.keys.indexOf(chosen)];
  if (considered) considered.chosen = true;
  const chosenText = describeKey(chosen);
  b.pass('key', chosenText);

  if (chosen.kty === 'RSA') {
    const bits = chosen.rsaBits ?? 0;
    if (bits < MIN_RSA_BITS) return b.fail('key-strength', 'weak-key', `The chosen RSA key is ${bits} bits; Harness's JOSE library refuses RSA keys under ${MIN_RSA_BITS} bits.`, INVALID_TOKEN);
    b.pass('key-strength', `RSA ${bits} bits`);
  } else if (chosen.kty === 'EC') {
    const want = curveForAlg(alg);
    if (chosen.crv !== want) return b.fail('key-strength', 'algorithm', `${alg} needs a ${want ?? '?'} key, but the chosen key is ${chosen.crv ?? 'without curve'}.`, INVALID_TOKEN);
    b.pass('key-strength', chosen.crv);
  } else if (chosen.kty === 'oct') {
    // jose4j refuses an HMAC key shorter than the hash output.
    const bits = octKeyBits(chosen);
    const want = Number(alg.slice(2));
    if (bits < want) return b.fail('key-strength', 'weak-key', `The chosen HMAC key is ${bits} bits; Harness's JOSE library refuses ${alg} keys under ${want} bits.`, INVALID_TOKEN);
    b.pass('key-strength', `oct ${bits} bits`);
  } else {
    b.pass('key-strength', `${chosen.kty}${chosen.crv !== undefined ? ` ${chosen.crv}` : ''} (${keyTypeForAlg(alg) ?? ''})`);
  }

  const sig = await verifySignature(d.segments.join('.'), chosen, alg);
  if (!sig.ok) {
    const others = selection.candidates.length > 1 && header.kid === undefined ? ' The token has no kid; it may be signed by another key of the set, which Harness never tries.' : '';
    const msg = sig.importFailed ? `The chosen key cannot be used: ${sig.why}` : `The signature does not verify with ${chosenText}.${others}`;
    return b.fail('signature', 'signature', msg, INVALID_TOKEN);
  }
  b.pass('signature', `${alg} with ${chosenText}`);

  const timeProblem = checkTimes(payload, now, b);
  if (timeProblem) return timeProblem;
  b.skip('aud', payload.aud === undefined ? 'no aud claim' : `aud ${jsonPreview(payload.aud, { maxChars: 80 })} is not checked by Harness`);
  const claimProblem = checkIssuerAndClaim(payload, opts.rules, b);
  if (claimProblem) return claimProblem;

  const claimValue = JSON.stringify(payload[opts.rules.keyField]);
  return b.accept(`Harness would accept this token: ${alg} signature verified with ${chosenText}, claim ${JSON.stringify(opts.rules.keyField)} is ${claimValue}, ${lifetimeText(payload, now)}.`);
}

export async function verifyForHarness(token: string, options: VerifyOptions): Promise<Verdict> {
  const now = options.at ?? new Date();
  const b = new VerdictBuilder(options.rules, now);
  try {
    return await judge(typeof token === 'string' ? token : '', options, now, b);
  } catch (e) {
    // A bug of ours must not take the editor down; say so plainly instead of guessing a verdict.
    return b.fail('format', 'malformed', `The verdict could not be computed: ${e instanceof Error ? e.message : String(e)}`, INVALID_TOKEN);
  }
}
