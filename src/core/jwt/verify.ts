/**
 * `verifyForHarness`: Harness's verdict on a bearer JWT, step by step in the server's order: the
 * request framing and Harness's trim, isJWTTokenType (recognition.ts), the key set, then jose4j's
 * JwtConsumer — reading the token (joseRead.ts), each signed layer (jwsCheck.ts), the default claim
 * validators (claims.ts) — and finally Harness's own issuer and claim rules. Never throws: every
 * problem is a `Verdict`. Each Java behaviour lives in its own module, named after its source.
 */
import { checkIssuerAndClaim, checkValidators, lifetimeText } from './claims';
import { decodeForVerdict } from './decode';
import { INVALID_TOKEN, jwksUnreachable, SERVER_ERROR } from './harnessErrors';
import type { JwksCache, KeySetResult } from './jwksCache';
import { javaTrim } from './javaText';
import { readJose, type JoseRead } from './joseRead';
import { checkLayer } from './jwsCheck';
import {
  asJettyReadsIt,
  BEARER_PREFIX,
  bearerPrefixMessage,
  bearerTokenAsHarness,
  exceedsHeaderCap,
  HEADER_TOO_LARGE,
  ILLEGAL_CHARACTER,
  MAX_REQUEST_HEADER_BYTES,
  recognise,
} from './recognition';
import { jsonPreview } from '../jsonText';
import type { HarnessJwtRules, KeySource, Verdict } from './types';
import { VerdictBuilder } from './verdictBuilder';
import { harnessCacheWarning, headerWarnings, payloadWarnings, settingsWarnings } from './warnings';

export interface VerifyOptions {
  keys: KeySource;
  rules: HarnessJwtRules;
  cache: JwksCache;
  /** Evaluation time; default now. */
  at?: Date;
  /** For a key set URL that came from input: asked before every request of its download (see JwksCache.load). */
  gate?: ((url: URL) => Promise<string | undefined>) | undefined;
  /**
   * The Authorization value's text before the token as the client sends it (`bearer `, `Bearer\t`);
   * `Bearer ` when not given. Harness refuses the request unless the value contains "Bearer ".
   */
  scheme?: string | undefined;
}

function keySetFailure(ks: Extract<KeySetResult, { ok: false }>, b: VerdictBuilder, source: KeySource): Verdict {
  const url = source.kind === 'url' ? javaTrim(source.url) : ks.sourceLabel;
  if (ks.code === 'jwks-unreachable') return b.fail('jwks', 'jwks-unreachable', ks.message, jwksUnreachable(url));
  return b.fail('jwks', 'jwks-invalid', ks.message, ks.serverError === true ? SERVER_ERROR : INVALID_TOKEN);
}

/** What the verdict shows as header and payload: jose4j's reading, or a plain decode when jose4j cannot read them. */
function showParts(token: string, read: JoseRead, b: VerdictBuilder, now: Date): void {
  if (read.ok) {
    b.header = read.layers[0]?.header;
    b.payload = read.claims;
  } else {
    const plain = decodeForVerdict(token);
    b.header = read.header ?? plain.header;
    b.payload = plain.payload;
  }
  if (b.header) b.warn(...headerWarnings(b.header));
  if (b.payload) b.warn(...payloadWarnings(b.payload, Math.floor(now.getTime() / 1000)));
}

/** The pieces Harness reads leniently, as one warning: Harness accepts them, other libraries will not. */
function lenientWarning(notes: readonly string[]): { code: 'token-lenient'; message: string } | undefined {
  if (notes.length === 0) return undefined;
  return {
    code: 'token-lenient',
    message: `The token departs from the standard: ${notes.join('; ')}. Harness reads it, most other libraries will not.`,
  };
}

async function judge(text: string, opts: VerifyOptions, now: Date, b: VerdictBuilder): Promise<Verdict> {
  b.warn(...settingsWarnings(opts.rules));
  // What travels: the value as the client writes it, read by Jetty one byte per character.
  const sent = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const jetty = asJettyReadsIt(sent);
  if (jetty.controlCharacter !== undefined) {
    return b.fail(
      'header',
      'malformed',
      `The token holds the control character U+${jetty.controlCharacter.toString(16).padStart(4, '0')}: Harness's web server refuses such a header (400) before the token is read.`,
      ILLEGAL_CHARACTER,
    );
  }
  const scheme = opts.scheme ?? BEARER_PREFIX;
  const token = bearerTokenAsHarness(`${scheme}${jetty.text}`);
  if (token === undefined) return b.fail('header', 'bearer-prefix', bearerPrefixMessage(scheme), INVALID_TOKEN);
  b.pass('header');
  if (exceedsHeaderCap(token)) {
    return b.fail(
      'format',
      'malformed',
      `The token is ${token.length.toLocaleString('en-US')} characters: with "Authorization: Bearer " it exceeds the ${MAX_REQUEST_HEADER_BYTES / 1024} KiB of request headers Harness's web server (Jetty) accepts, so the request is refused before the token is read.`,
      HEADER_TOO_LARGE,
    );
  }
  const read = readJose(token);
  showParts(token, read, b, now);
  const recognition = recognise(token);
  if (!recognition.jwt) {
    const id = recognition.reason === 'typ-missing' || recognition.reason === 'typ-not-jwt' ? 'typ' : 'format';
    if (id === 'typ') b.pass('format');
    const plain = recognition.reason === 'parts' ? decodeForVerdict(text).problems[0]?.message : undefined;
    const unsigned = recognition.reason === 'parts' && b.header?.alg === 'none';
    const message = unsigned
      ? 'The token is unsigned (alg "none", empty signature); Harness requires a signed token.'
      : recognition.reason === 'parts' && plain !== undefined && !plain.startsWith('The signature part')
        ? plain
        : recognition.message;
    return b.fail(id, id === 'typ' ? 'typ' : unsigned ? 'algorithm' : 'malformed', message, recognition.harness);
  }
  b.pass('format');
  b.pass('typ', JSON.stringify(recognition.typ));

  const ks = await opts.cache.load(opts.keys, opts.gate);
  b.warn(...ks.warnings);
  if (opts.keys.kind === 'url') b.warn(harnessCacheWarning(javaTrim(opts.keys.url)));
  if (!ks.ok) return keySetFailure(ks, b, opts.keys);
  b.pass('jwks', `${ks.keys.length} key${ks.keys.length === 1 ? '' : 's'} from ${ks.sourceLabel}`);
  for (const k of ks.keys) b.keysConsidered.push({ kid: k.kid, kty: k.kty, alg: k.alg, use: k.use, chosen: false });
  const withoutKid = ks.keys.filter((k) => k.kid === undefined).length;
  if (withoutKid > 0 && ks.keys.length > 1) {
    b.warn({
      code: 'keys-without-kid',
      message: `${withoutKid} of the ${ks.keys.length} keys in the set have no kid, so tokens cannot point at them; Harness then takes the first matching key.`,
    });
  }

  const lenient = lenientWarning(read.notes);
  if (lenient) b.warn(lenient);
  if (!read.ok) return b.fail('payload', 'malformed', read.message, INVALID_TOKEN);
  let verifiedWith = '';
  for (const [depth, layer] of read.layers.entries()) {
    const checked = checkLayer(layer, ks.keys, depth, b);
    if (typeof checked !== 'string') return checked;
    if (depth === 0) verifiedWith = checked;
  }

  const payload = read.claims;
  const timeProblem = checkValidators(payload, read.numbers, now, b);
  if (timeProblem) return timeProblem;
  b.skip(
    'aud',
    payload.aud === undefined
      ? 'no aud claim'
      : `aud ${jsonPreview(payload.aud, { maxChars: 80 })} is not checked by Harness`,
  );
  const claimProblem = checkIssuerAndClaim(payload, opts.rules, b);
  if (claimProblem) return claimProblem;

  const alg = String(read.layers[0]?.header.alg);
  const claimValue = JSON.stringify(payload[opts.rules.keyField]);
  const nestedNote =
    read.layers.length > 1 ? ` (and ${read.layers.length - 1} nested token${read.layers.length > 2 ? 's' : ''})` : '';
  return b.accept(
    `Harness would accept this token: ${alg} signature verified with ${verifiedWith}${nestedNote}, claim ${JSON.stringify(opts.rules.keyField)} is ${claimValue}, ${lifetimeText(payload, now)}.`,
  );
}

export async function verifyForHarness(token: string, options: VerifyOptions): Promise<Verdict> {
  const now = options.at ?? new Date();
  const b = new VerdictBuilder(options.rules, now);
  try {
    return await judge(typeof token === 'string' ? token : '', options, now, b);
  } catch (e) {
    // A bug of ours must not take the editor down; say so plainly instead of guessing a verdict.
    return b.fail(
      'format',
      'malformed',
      `The verdict could not be computed: ${e instanceof Error ? e.message : String(e)}`,
      INVALID_TOKEN,
    );
  }
}
