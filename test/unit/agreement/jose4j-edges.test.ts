/**
 * Issues 13 and 24, one row per behaviour of Harness's libraries: the verdict engine and the emulator
 * judge each edge token or key set, must agree with each other (pair.ts `disagreement`), and must give
 * the code the Java source calls for. `java` names the line each row mirrors (jose4j 0.9.3 at 0aad8fc,
 * org.json 20231013 at f346203, harness-core at 1dcec14, Jetty 9.4.53, JDK 17); the JDK outcomes
 * were derived once with small Java 17 programs and are recorded here as expectations;
 * docs/harness-contract.md explains them.
 */
import * as assert from 'node:assert/strict';
import { constants, createHash, generateKeyPairSync, privateEncrypt, type KeyObject } from 'node:crypto';
import { JwksCache, type VerdictCode, type WarningCode } from '../../../src/core/jwt';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import { selfSignedCertificate } from '../jwt/certFixture';
import { signWith } from '../jwt/fixtures';
import { disagreement, judgeBoth, startKeySetHost, type KeySetHost } from './pair';
import { testHttp } from '../testHttp';

const RULES = { keyField: 'client_id', value: 'harness-scim' };
const nowS = (): number => Math.floor(Date.now() / 1000);
const b64u = (text: string): string => Buffer.from(text).toString('base64url');
const HEADER = '{"alg":"RS256","typ":"JWT","kid":"a"}';
/** Claims as JSON text, so rows can bend the text itself; `extra` is spliced in before the end. */
const claimsText = (extra = ''): string =>
  `{"iss":"https://idp.example.com","sub":"svc","client_id":"harness-scim","iat":${nowS() - 60},"exp":${nowS() + 600}${extra}}`;

interface Keys {
  a: KeyObject;
  aJwk: Record<string, unknown>;
  ed448: KeyObject;
  ed448Jwk: Record<string, unknown>;
  ec: KeyObject;
  ecJwk: Record<string, unknown>;
  ec521: KeyObject;
  ec521Jwk: Record<string, unknown>;
  cert: string;
  otherCert: string;
  /** Ed25519 keys whose x has its top bit clear (`edLow`) and set (`edHigh`). */
  edLow: KeyObject;
  edLowJwk: Record<string, unknown>;
  edHigh: KeyObject;
  edHighJwk: Record<string, unknown>;
}

interface Row {
  name: string;
  /** The Java source line the behaviour comes from. */
  java: string;
  token: (k: Keys) => string;
  keys?: (k: Keys) => string | Buffer;
  /** The key set's Content-Type; application/json by default. */
  contentType?: string;
  expect: VerdictCode;
  warning?: WarningCode;
  /** The Authorization scheme as the client writes it (`Bearer ` by default). */
  scheme?: string;
  /** Words the engine's message must contain. */
  says?: RegExp;
}

/** Signs the given header and payload segments (already encoded as the row wants them). */
function signSegments(k: Keys, header: string, payload: string, alg = 'RS256'): string {
  const input = `${header}.${payload}`;
  return `${input}.${signWith(alg, input, k.a).toString('base64url')}`;
}
const signed = (k: Keys, header: string, payload: string): string => signSegments(k, b64u(header), b64u(payload));
const set = (...keys: unknown[]): string => JSON.stringify({ keys });
const nested = (k: Keys, outer: string): string => signSegments(k, b64u(outer), b64u(signed(k, HEADER, claimsText())));
const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

/** RS256 with a DigestInfo whose AlgorithmIdentifier lacks the NULL parameter. */
function rs256WithoutNull(k: Keys, input: string): string {
  const digest = createHash('sha256').update(input).digest();
  const info = Buffer.concat([Buffer.from('302f300b0609608648016503040201', 'hex'), Buffer.from([0x04, 0x20]), digest]);
  return `${input}.${privateEncrypt({ key: k.a, padding: constants.RSA_PKCS1_PADDING }, info).toString('base64url')}`;
}

/**
 * A P-521 R or S is 66 bytes whose first byte is 0 half the time: sign until both are, then drop
 * those two bytes. jose4j splits the 130 bytes in halves and gets the same R and S back.
 */
function shortEs512(k: Keys): string {
  const input = `${b64u('{"alg":"ES512","typ":"JWT","kid":"ec521"}')}.${b64u(claimsText())}`;
  for (;;) {
    const sig = signWith('ES512', input, k.ec521);
    if (sig[0] === 0 && sig[66] === 0)
      return `${input}.${Buffer.concat([sig.subarray(1, 66), sig.subarray(67)]).toString('base64url')}`;
  }
}

/** Signs until the RSA signature starts with a zero byte (1 in 256), then drops or doubles it. */
function rsaWithLeadingZero(k: Keys, alg: 'RS256' | 'PS256', change: 'drop' | 'extra'): string {
  for (let i = 0; ; i++) {
    const input = `${b64u(`{"alg":"${alg}","typ":"JWT","kid":"a"}`)}.${b64u(claimsText(`,"n":${i}`))}`;
    const sig = signWith(alg, input, k.a);
    if (sig[0] !== 0) continue;
    const bent = change === 'drop' ? sig.subarray(1) : Buffer.concat([Buffer.of(0), sig]);
    return `${input}.${bent.toString('base64url')}`;
  }
}

/** An EdDSA token for `key` (kid "ed"), its signature bent by `bend`. */
function eddsa(key: KeyObject, bend: (sig: Buffer) => Buffer = (s) => s): string {
  const input = `${b64u('{"alg":"EdDSA","typ":"JWT","kid":"ed"}')}.${b64u(claimsText())}`;
  return `${input}.${bend(signWith('EdDSA', input, key)).toString('base64url')}`;
}

/** A JWK whose `x` is the key's own x with `extra` bytes after it (or its last byte dropped when undefined). */
function xBent(jwk: Record<string, unknown>, extra: number[] | undefined): Record<string, unknown> {
  const x = Buffer.from(String(jwk.x), 'base64url');
  const bent = extra === undefined ? x.subarray(0, x.length - 1) : Buffer.concat([x, Buffer.from(extra)]);
  return { ...jwk, x: bent.toString('base64url') };
}

/**
 * A token with `insert` placed inside its payload segment, signed over the signing input jose4j
 * builds from the header as Jetty read it (one character per UTF-8 byte, each non-ASCII one a '?').
 */
function signedWithInsert(k: Keys, insert: string, over: 'as-jose4j' | 'as-utf8'): string {
  const head = b64u(HEADER);
  const payload = b64u(claimsText());
  const bent = `${payload.slice(0, 10)}${insert}${payload.slice(10)}`;
  const wire = Buffer.from(insert, 'utf8').length;
  const signedPayload = over === 'as-jose4j' ? `${payload.slice(0, 10)}${'?'.repeat(wire)}${payload.slice(10)}` : bent;
  const sig = signWith('RS256', `${head}.${signedPayload}`, k.a).toString('base64url');
  return `${head}.${bent}.${sig}`;
}

const ROWS: Row[] = [
  // The Authorization header: NextGenAuthenticationFilter.getBearerToken.
  {
    name: 'scheme "bearer " in lower case',
    java: 'NextGenAuthenticationFilter.java:129 (contains("Bearer "), case-sensitive) → :130 UnauthorizedException, 401',
    token: (k) => signed(k, HEADER, claimsText()),
    scheme: 'bearer ',
    expect: 'bearer-prefix',
    says: /a capital B and one space/,
  },
  {
    name: 'scheme "BEARER "',
    java: 'NextGenAuthenticationFilter.java:129',
    token: (k) => signed(k, HEADER, claimsText()),
    scheme: 'BEARER ',
    expect: 'bearer-prefix',
  },
  {
    name: 'scheme "Bearer" and a tab',
    java: 'NextGenAuthenticationFilter.java:128-129 ("Bearer " with one space)',
    token: (k) => signed(k, HEADER, claimsText()),
    scheme: 'Bearer\t',
    expect: 'bearer-prefix',
  },
  {
    name: 'scheme "Bearer" and two spaces',
    java: 'NextGenAuthenticationFilter.java:132 (substring(7).trim())',
    token: (k) => signed(k, HEADER, claimsText()),
    scheme: 'Bearer  ',
    expect: 'ok',
  },
  // The HTTP layer: Jetty 9.4.53 reads one ISO-8859-1 character per byte and refuses control characters.
  {
    name: 'a control character inside the token',
    java: 'jetty-http HttpTokens.java:187 (CNTL) → HttpParser.java:459 IllegalCharacterException, 400',
    token: (k) => signed(k, HEADER, claimsText()).replace(/(.{10})$/, '\u0001$1'),
    expect: 'malformed',
    says: /control character U\+0001/,
  },
  {
    name: 'a DEL inside the token',
    java: 'HttpTokens.java:187 (0x7F is CNTL)',
    token: (k) => signed(k, HEADER, claimsText()).replace(/(.{10})$/, '\u007f$1'),
    expect: 'malformed',
  },
  {
    name: 'a tab inside the signature part (HTAB is allowed; jose4j skips it)',
    java: 'HttpTokens.java:151 (HTAB) and Base64.java:455',
    token: (k) => signed(k, HEADER, claimsText()).replace(/(.{10})$/, '\t$1'),
    expect: 'ok',
  },
  // The signing input: JsonWebSignature.getSigningInputBytes, StringUtil.getBytesAscii.
  {
    name: 'an emoji in the payload part, signed over one "?" per byte Jetty read',
    java: 'jws/JsonWebSignature.java:307 (getBytesAscii) after HttpTokens.java:66 (one char per byte)',
    token: (k) => signedWithInsert(k, '\u{1f600}', 'as-jose4j'),
    expect: 'ok',
    warning: 'token-lenient',
  },
  {
    name: 'an emoji in the payload part, signed over its UTF-8 bytes',
    java: 'JsonWebSignature.java:307 (the emoji is "?" in the signing input)',
    token: (k) => signedWithInsert(k, '\u{1f600}', 'as-utf8'),
    expect: 'signature',
  },
  {
    name: 'a no-break space in the payload part, signed over "??"',
    java: 'JsonWebSignature.java:307 after HttpTokens.java:66 (UTF-8 C2 A0 is two characters)',
    token: (k) => signedWithInsert(k, '\u00a0', 'as-jose4j'),
    expect: 'ok',
    warning: 'token-lenient',
  },
  // RSA signature length: the JDK's "Bad signature length", which jose4j turns into false.
  {
    name: 'RS256 signature one byte shorter than the modulus (a dropped leading zero)',
    java: 'jws/BaseSignatureAlgorithm.java:61-66 (SignatureException → false); JDK 17 RSASignature "Bad signature length"',
    token: (k) => rsaWithLeadingZero(k, 'RS256', 'drop'),
    expect: 'signature',
    says: /Some signing libraries drop a leading zero byte, so about 1 token in 256 fails intermittently/,
  },
  {
    name: 'RS256 signature one byte longer than the modulus',
    java: 'BaseSignatureAlgorithm.java:61-66; JDK 17 RSASignature "Bad signature length"',
    token: (k) => rsaWithLeadingZero(k, 'RS256', 'extra'),
    expect: 'signature',
  },
  {
    name: 'PS256 signature one byte shorter than the modulus',
    java: 'BaseSignatureAlgorithm.java:61-66; JDK 17 RSAPSSSignature "Signature length not correct"',
    token: (k) => rsaWithLeadingZero(k, 'PS256', 'drop'),
    expect: 'signature',
    says: /1 token in 256/,
  },
  // Keys the JDK refuses to build: dropped by JsonWebKeySet.java:52-57, so the good key after them is used.
  {
    name: 'an RSA exponent of 1 before the good key',
    java: 'jwk/RsaJsonWebKey.java:71 → JDK 17 RSAPublicKeyImpl "exponent is smaller than 3"; JsonWebKeySet.java:55',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, e: 'AQ' }, k.aJwk),
    expect: 'ok',
    warning: 'jwks-skipped-keys',
  },
  {
    name: 'an RSA exponent as large as the modulus before the good key',
    java: 'RsaJsonWebKey.java:71 → JDK 17 RSAPublicKeyImpl "exponent is larger than modulus"',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, e: k.aJwk.n }, k.aJwk),
    expect: 'ok',
    warning: 'jwks-skipped-keys',
  },
  {
    name: 'an RSA key with "d" and "p" but no "q" before the good key',
    java: 'RsaJsonWebKey.java:78-85 (RSAPrivateCrtKeySpec with null q: NullPointerException)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, d: 'AQAB', p: 'AQAB' }, k.aJwk),
    expect: 'ok',
    warning: 'jwks-skipped-keys',
  },
  {
    name: 'an RSA key with "d" alone is kept (RSAPrivateKeySpec takes any d)',
    java: 'RsaJsonWebKey.java:89 (rsaKeyUtil.privateKey(modulus, d))',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, d: 'AQAB' }),
    expect: 'ok',
  },
  {
    name: 'an RSA key with "d" and a non-string "q" but no "p" is kept (q is read only with p)',
    java: 'RsaJsonWebKey.java:78 (containsKey("p") decides whether q, dp, dq, qi are read)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, d: 'AQAB', q: 5 }),
    expect: 'ok',
  },
  {
    name: 'an Ed25519 key whose "d" is 31 bytes before the good key',
    java: 'jwk/OctetKeyPairJsonWebKey.java:85-89 → JDK 17 EdECPrivateKeySpec "key length must be 32"',
    token: (k) => eddsa(k.edLow),
    keys: (k) => set({ ...k.edLowJwk, d: Buffer.alloc(31, 7).toString('base64url') }, k.edLowJwk),
    expect: 'ok',
    warning: 'jwks-skipped-keys',
  },
  // OKP x of unusual lengths: keys/EdDsaKeyUtil.java:71-86, then the JDK's EdECPublicKeyImpl.
  {
    name: 'Ed25519 x with a zero byte after it (top bit clear): the same key',
    java: 'keys/EdDsaKeyUtil.java:74-78 (parity from the last byte, y little-endian) → JDK keeps y',
    token: (k) => eddsa(k.edLow),
    keys: (k) => set(xBent(k.edLowJwk, [0])),
    expect: 'ok',
  },
  {
    name: 'Ed25519 x with a zero byte after it (top bit set): y too large',
    java: 'EdDsaKeyUtil.java:74-78 → JDK 17 initVerify "y value is too large"',
    token: (k) => eddsa(k.edHigh),
    keys: (k) => set(xBent(k.edHighJwk, [0])),
    expect: 'signature',
  },
  {
    name: 'Ed25519 x one byte short: another key',
    java: 'EdDsaKeyUtil.java:74-78 (the 31st byte gives the parity)',
    token: (k) => eddsa(k.edLow),
    keys: (k) => set(xBent(k.edLowJwk, undefined)),
    expect: 'signature',
  },
  {
    name: 'Ed25519 x empty: the key is dropped',
    java: 'EdDsaKeyUtil.java:74 (index -1: ArrayIndexOutOfBoundsException) → JsonWebKeySet.java:55',
    token: (k) => eddsa(k.edLow),
    keys: (k) => set({ ...k.edLowJwk, x: '' }, k.edLowJwk),
    expect: 'ok',
    warning: 'jwks-skipped-keys',
  },
  // EdDSA signatures with extra bytes: JDK 17 reads R from the first 32 bytes and S from the rest.
  {
    name: 'Ed25519 signature with one extra zero byte',
    java: 'jws/EdDsaAlgorithm.java (BaseSignatureAlgorithm.java:61) → JDK 17 EdDSA: S little-endian, unchanged',
    token: (k) => eddsa(k.edLow, (sig) => Buffer.concat([sig, Buffer.of(0)])),
    keys: (k) => set(k.edLowJwk),
    expect: 'ok',
  },
  {
    name: 'Ed25519 signature with one extra non-zero byte',
    java: 'JDK 17 EdDSA "s is too large" → BaseSignatureAlgorithm.java:63-66 (false)',
    token: (k) => eddsa(k.edLow, (sig) => Buffer.concat([sig, Buffer.of(1)])),
    keys: (k) => set(k.edLowJwk),
    expect: 'signature',
  },
  {
    name: 'Ed25519 signature with two extra zero bytes',
    java: 'JDK 17 EdDSA "incorrect length" → BaseSignatureAlgorithm.java:63-66',
    token: (k) => eddsa(k.edLow, (sig) => Buffer.concat([sig, Buffer.of(0, 0)])),
    keys: (k) => set(k.edLowJwk),
    expect: 'signature',
  },
  // JSON leniency: the payload and the key set through jose4j's json-simple parser.
  {
    name: 'payload with a trailing comma',
    java: 'json_simple/parser/JSONParser.java:148 (S_IN_OBJECT skips TYPE_COMMA)',
    token: (k) => signed(k, HEADER, claimsText(',')),
    expect: 'ok',
    warning: 'token-lenient',
  },
  {
    name: 'payload with a missing comma',
    java: 'JSONParser.java:150 (a key accepted right after a value)',
    token: (k) => signed(k, HEADER, claimsText(' "jti":"x"')),
    expect: 'ok',
    warning: 'token-lenient',
  },
  {
    name: 'payload with a missing colon',
    java: 'JSONParser.java:179 (S_PASSED_PAIR_KEY skips TYPE_COLON, takes the value at :181)',
    token: (k) => signed(k, HEADER, claimsText(',"jti" "x"')),
    expect: 'ok',
  },
  {
    name: 'payload with a raw TAB and LF in a string',
    java: 'json_simple/parser/Yylex.java:576 (<STRING_BEGIN> [^\\"\\\\]+)',
    token: (k) => signed(k, HEADER, claimsText(',"jti":"a\tb\nc"')),
    expect: 'ok',
  },
  {
    name: 'payload with an unknown escape',
    java: 'Yylex.java:604 (<STRING_BEGIN> \\\\ keeps the backslash)',
    token: (k) => signed(k, HEADER, claimsText(',"jti":"a\\qb"')),
    expect: 'ok',
  },
  {
    name: 'payload number with leading zeros',
    java: 'Yylex.java:666 (INT = -?[0-9]+, Long.valueOf)',
    token: (k) => signed(k, HEADER, claimsText(',"n":007')),
    expect: 'ok',
  },
  {
    name: 'payload repeats a claim with the same value',
    java: 'json/JsonUtil.java:94 (DupeKeyDisallowingLinkedHashMap.put)',
    token: (k) => signed(k, HEADER, claimsText(',"client_id":"harness-scim"')),
    expect: 'malformed',
  },
  {
    name: 'payload nested 5,000 arrays deep',
    java: 'JSONParser.java:111 (iterative: status and value stacks)',
    token: (k) => signed(k, HEADER, claimsText(`,"deep":${deep(5000)}`)),
    expect: 'ok',
  },
  // The header: org.json first (typ), then jose4j.
  {
    name: 'header with a trailing comma',
    java: 'org/json/JSONObject.java:248 (",}" ends the object) + JSONParser.java:148',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a",}', claimsText()),
    expect: 'ok',
    warning: 'token-lenient',
  },
  {
    name: 'header with a missing comma',
    java: "org/json/JSONObject.java:259 (\"Expected a ',' or '}'\")",
    token: (k) => signed(k, '{"alg":"RS256" "typ":"JWT","kid":"a"}', claimsText()),
    expect: 'malformed',
  },
  {
    name: 'header repeats a member',
    java: 'org/json/JSONObject.java:234 ("Duplicate key")',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","kid":"a"}', claimsText()),
    expect: 'malformed',
  },
  {
    name: 'header with a raw LF in a string',
    java: 'org/json/JSONTokener.java:302 ("Unterminated string")',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","x":"a\nb"}', claimsText()),
    expect: 'malformed',
  },
  {
    name: 'header with an unquoted typ: org.json reads it, jose4j does not',
    java: 'JSONTokener.java:424 nextSimpleValue, then Yylex.java:612 (unexpected character)',
    token: (k) => signed(k, '{"alg":"RS256","typ":JWT,"kid":"a"}', claimsText()),
    expect: 'malformed',
  },
  {
    name: "header nested beyond org.json's stack",
    java: 'org/json/JSONTokener.java:411 (StackOverflowError → JSONException)',
    token: (k) => signed(k, `{"alg":"RS256","typ":"JWT","kid":"a","x":${deep(2500)}}`, claimsText()),
    expect: 'malformed',
  },
  // Base64: the header's first decode is the JDK's, the rest jose4j's.
  {
    name: 'payload in standard base64 with padding',
    java: 'base64url/internal/apache/commons/codec/binary/Base64.java:438 (both alphabets, = ends)',
    token: (k) =>
      signSegments(k, b64u(HEADER), Buffer.from(`${claimsText(',"x":"??????>>>>>>"')}  `).toString('base64')),
    expect: 'ok',
    warning: 'token-lenient',
  },
  {
    name: 'signature with whitespace and padding',
    java: 'Base64.java:455 (characters outside the alphabet skipped)',
    token: (k) => signed(k, HEADER, claimsText()).replace(/(.{10})$/, ' $1=='),
    expect: 'ok',
  },
  {
    name: 'header in standard base64',
    java: 'JWTTokenFlowAuthFilterUtils.isJWTTokenType (Base64.getUrlDecoder: IllegalArgumentException)',
    token: (k) =>
      signSegments(
        k,
        Buffer.from('{"alg":"RS256","typ":"JWT","kid":"a","x":"??????>>>>>>"}').toString('base64').replace(/=+$/, ''),
        b64u(claimsText()),
      ),
    expect: 'malformed',
  },
  // crit, b64, cty.
  {
    name: 'crit: []',
    java: 'jwx/JsonWebStructure.java:358 checkCrit (an empty list passes)',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","crit":[]}', claimsText()),
    expect: 'ok',
  },
  {
    name: 'crit: null',
    java: 'JsonWebStructure.java:358 checkCrit (null is no crit)',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","crit":null}', claimsText()),
    expect: 'ok',
  },
  {
    name: 'crit: ["b64"]',
    java: 'jws/JsonWebSignature.java:253 isSupportedCriticalHeader',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","crit":["b64"]}', claimsText()),
    expect: 'ok',
  },
  {
    name: 'crit naming an unknown member',
    java: 'JsonWebStructure.java:380 checkCrit ("Unrecognized header ... marked as critical")',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","crit":["x"],"x":1}', claimsText()),
    expect: 'malformed',
  },
  {
    name: 'b64: false with the claims as they are',
    java: 'JsonWebSignature.java:118 setPayload(parts[1]) (isRfc7797UnencodedPayload, :326)',
    token: (k) =>
      signSegments(
        k,
        b64u('{"alg":"RS256","typ":"JWT","kid":"a","b64":false}'),
        `{"iss":"idp","client_id":"harness-scim","exp":${nowS() + 600}}`,
      ),
    expect: 'ok',
  },
  {
    name: 'b64: false over an encoded payload',
    java: 'JsonWebSignature.java:118, then JwtConsumer.java:370 JwtClaims.parse fails',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","b64":false}', claimsText()),
    expect: 'malformed',
  },
  {
    name: 'cty "JWT" on an ordinary token',
    java: 'jwt/consumer/JwtConsumer.java:362 isNestedJwt → the claims are parsed as a token',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","cty":"JWT"}', claimsText()),
    expect: 'malformed',
  },
  {
    name: 'a real nested token (cty "JWT")',
    java: 'JwtConsumer.java:362 and processContext (every layer verified)',
    token: (k) => nested(k, '{"alg":"RS256","typ":"JWT","kid":"a","cty":"JWT"}'),
    expect: 'ok',
  },
  {
    name: 'cty not a string',
    java: 'jwx/Headers.java:76 getStringHeaderValue → ClassCastException in JwtConsumer.process',
    token: (k) => signed(k, '{"alg":"RS256","typ":"JWT","kid":"a","cty":5}', claimsText()),
    expect: 'malformed',
  },
  // Algorithms on Java 17.
  {
    name: 'EdDSA with an Ed448 key',
    java: 'jws/EdDsaAlgorithm.java (JDK 15+ EdDSA: Ed25519 and Ed448)',
    token: (k) =>
      `${b64u('{"alg":"EdDSA","typ":"JWT","kid":"ed448"}')}.${b64u(claimsText())}`.replace(
        /.*/,
        (input) => `${input}.${signWith('EdDSA', input, k.ed448).toString('base64url')}`,
      ),
    keys: (k) => set(k.aJwk, k.ed448Jwk),
    expect: 'ok',
  },
  {
    name: 'RS256 DigestInfo without NULL',
    java: 'JDK 17 sun.security.rsa.RSASignature.decodeSignature (NULL parameters optional)',
    token: (k) => rs256WithoutNull(k, `${b64u(HEADER)}.${b64u(claimsText())}`),
    expect: 'ok',
    warning: 'lenient-signature',
  },
  {
    name: 'ES256 signature longer than R‖S',
    java: 'jws/EcdsaUsingShaAlgorithm.java:61 (signatureBytes.length > signatureByteLength)',
    token: (k) =>
      `${b64u('{"alg":"ES256","typ":"JWT","kid":"ec"}')}.${b64u(claimsText())}`.replace(
        /.*/,
        (input) => `${input}.${Buffer.concat([signWith('ES256', input, k.ec), Buffer.of(0)]).toString('base64url')}`,
      ),
    keys: (k) => set(k.aJwk, k.ecJwk),
    expect: 'signature',
  },
  {
    name: 'ES256 signature of exactly R‖S',
    java: 'EcdsaUsingShaAlgorithm.java:119 convertConcatenatedToDer (halves)',
    token: (k) =>
      `${b64u('{"alg":"ES256","typ":"JWT","kid":"ec"}')}.${b64u(claimsText())}`.replace(
        /.*/,
        (input) => `${input}.${signWith('ES256', input, k.ec).toString('base64url')}`,
      ),
    keys: (k) => set(k.aJwk, k.ecJwk),
    expect: 'ok',
  },
  {
    name: 'ES512 signature two bytes short (R and S without their zero top byte)',
    java: 'EcdsaUsingShaAlgorithm.java:61 (only longer is refused) and :119 (halves)',
    token: (k) => shortEs512(k),
    keys: (k) => set(k.aJwk, k.ec521Jwk),
    expect: 'ok',
  },
  // Numbers.
  {
    name: 'exp 1e400 (Infinity): the largest date',
    java: 'jwt/JwtClaims.java:282 (Double.longValue saturates)',
    token: (k) => signed(k, HEADER, `{"client_id":"harness-scim","exp":1e400}`),
    expect: 'ok',
    warning: 'numeric-date-adjusted',
  },
  {
    name: 'exp beyond a Java long',
    java: 'JwtClaims.java:278 (BigInteger: "unreasonable for a NumericDate")',
    token: (k) => signed(k, HEADER, `{"client_id":"harness-scim","exp":99999999999999999999}`),
    expect: 'exp-missing',
  },
  {
    name: 'exp before iat',
    java: 'jwt/consumer/NumericDateValidator.java:119',
    token: (k) => signed(k, HEADER, `{"client_id":"harness-scim","iat":${nowS() + 500},"exp":${nowS() + 400}}`),
    expect: 'malformed',
  },
  {
    name: 'exp before nbf',
    java: 'NumericDateValidator.java:124',
    token: (k) => signed(k, HEADER, `{"client_id":"harness-scim","nbf":${nowS()},"exp":${nowS() - 5}}`),
    expect: 'malformed',
  },
  // Key sets.
  {
    name: 'key set with a byte-order mark',
    java: 'okhttp3.ResponseBody.string (readBomAsCharset)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => `\ufeff${set(k.aJwk)}`,
    expect: 'ok',
    warning: 'jwks-lenient-json',
  },
  {
    name: 'key set saved as UTF-16LE with its byte-order mark (a Windows editor\'s "Unicode")',
    java: 'okhttp3.internal.Util.readBomAsCharset (UTF-16LE)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(set(k.aJwk), 'utf16le')]),
    expect: 'ok',
    warning: 'jwks-lenient-json',
  },
  {
    name: 'key set saved as UTF-16BE with its byte-order mark',
    java: 'okhttp3.internal.Util.readBomAsCharset (UTF-16BE)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => Buffer.concat([Buffer.of(0xfe, 0xff), Buffer.from(set(k.aJwk), 'utf16le').swap16()]),
    expect: 'ok',
    warning: 'jwks-lenient-json',
  },
  {
    name: 'key set in UTF-32LE with its byte-order mark',
    java: 'okhttp3.internal.Util.readBomAsCharset (UTF-32LE)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => {
      const text = set(k.aJwk);
      const b = Buffer.alloc(4 + text.length * 4);
      b.writeUInt32LE(0xfeff, 0);
      for (let i = 0; i < text.length; i++) b.writeUInt32LE(text.charCodeAt(i), 4 + i * 4);
      return b;
    },
    expect: 'ok',
    warning: 'jwks-lenient-json',
  },
  {
    name: 'key set in UTF-16 named by its Content-Type, no byte-order mark',
    java: 'okhttp3.ResponseBody.string (contentType.charset(UTF_8); Java "UTF-16" is big-endian)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => Buffer.from(set(k.aJwk), 'utf16le').swap16(),
    contentType: 'application/json; charset=utf-16',
    expect: 'ok',
  },
  {
    name: 'key set in UTF-16LE without a byte-order mark or charset (read as UTF-8)',
    java: 'okhttp3.ResponseBody.string (UTF_8 by default): NULs are no JSON',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => Buffer.from(set(k.aJwk), 'utf16le'),
    expect: 'jwks-invalid',
  },
  {
    name: 'key set with a trailing comma',
    java: 'JSONParser.java:215 (S_IN_ARRAY skips TYPE_COMMA)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => `{"keys":[${JSON.stringify(k.aJwk)},]}`,
    expect: 'ok',
    warning: 'jwks-lenient-json',
  },
  {
    name: 'a broken key first, the good one with the same kid after it',
    java: 'jwk/JsonWebKeySet.java:52 (newJwk inside try: the broken key is dropped)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, n: '!!' }, k.aJwk),
    expect: 'ok',
    warning: 'jwks-skipped-keys',
  },
  {
    name: 'key_ops without "verify"',
    java: 'jwk/SelectorSupport.java:36 (setKeyOperations VERIFY_OPS)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, key_ops: ['sign'] }),
    expect: 'key-not-found',
  },
  {
    name: 'key_ops with "verify"',
    java: 'jwk/SimpleJwkFilter.java MultiValueCriteria.meetsCriteria',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, key_ops: ['verify'] }),
    expect: 'ok',
  },
  {
    name: 'use not a string',
    java: 'jwk/JsonWebKey.java:69 setUse(getString(...)) (the cast throws: key dropped)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, use: ['sig'] }),
    expect: 'jwks-invalid',
  },
  {
    name: 'kid not a string',
    java: 'JsonWebKey.java:70 setKeyId(getString(...))',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, kid: 1 }, { ...k.aJwk, kid: 'b' }),
    expect: 'key-not-found',
  },
  {
    name: 'x5c holding the same key',
    java: 'jwk/PublicJsonWebKey.java:227 checkForBareKeyCertMismatch',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, x5c: [k.cert] }),
    expect: 'ok',
  },
  {
    name: 'x5c holding another key',
    java: 'PublicJsonWebKey.java:233 ("MUST match the bare public key": dropped)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, x5c: [k.otherCert] }, { ...k.aJwk, kid: 'z' }),
    expect: 'key-not-found',
  },
  {
    name: 'x5c not a certificate',
    java: 'keys/X509Util.java:117 (CertificateException → JoseException: dropped)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set({ ...k.aJwk, x5c: ['AAAA'] }, { ...k.aJwk, kid: 'z' }),
    expect: 'key-not-found',
  },
  {
    name: 'a keys entry that is not an object',
    java: 'JsonWebKeySet.java:48 (cast outside the try: uncaught, HTTP 500)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set(k.aJwk, 'oops'),
    expect: 'jwks-invalid',
  },
  {
    name: 'a null keys entry',
    java: 'JsonWebKeySet.java:52 (newJwk(null) throws inside the try: dropped)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => set(null, k.aJwk),
    expect: 'ok',
  },
  {
    name: 'key set repeating "keys"',
    java: 'JsonUtil.java:94',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => `{"keys":[],"keys":${JSON.stringify([k.aJwk])}}`,
    expect: 'jwks-invalid',
  },
  {
    name: 'a key repeating a member',
    java: 'JsonUtil.java:94 (every object of the set)',
    token: (k) => signed(k, HEADER, claimsText()),
    keys: (k) => `{"keys":[${JSON.stringify(k.aJwk).replace(/}$/, ',"kty":"RSA"}')}]}`,
    expect: 'jwks-invalid',
  },
  // The Bearer value: substring(7).trim() with Java's trim.
  {
    name: 'a no-break space after the token stays in it',
    java: 'NextGenAuthenticationFilter.getBearerToken (String.trim keeps U+00A0)',
    token: (k) => `${signed(k, HEADER, claimsText())}\u00a0`,
    expect: 'ok',
    warning: 'token-lenient',
  },
  {
    name: 'a no-break space before the token breaks the header',
    java: 'String.trim, then Base64.getUrlDecoder (IllegalArgumentException)',
    token: (k) => `\u00a0${signed(k, HEADER, claimsText())}`,
    expect: 'malformed',
  },
];

suite('agreement: jose4j, org.json and Java 17 edges (issue 13)', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let host: KeySetHost;
  let keys: Keys;
  const cache = new JwksCache({ timeoutMs: 3000, http: testHttp() });

  suiteSetup(async () => {
    const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ed = generateKeyPairSync('ed448');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ec521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
    const edWith = (high: boolean): { privateKey: KeyObject; jwk: Record<string, unknown> } => {
      for (;;) {
        const pair = generateKeyPairSync('ed25519');
        const jwk = pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
        const top = (Buffer.from(String(jwk.x), 'base64url')[31] ?? 0) & 0x80;
        if ((top !== 0) === high) return { privateKey: pair.privateKey, jwk: { ...jwk, kid: 'ed' } };
      }
    };
    const edLow = edWith(false);
    const edHigh = edWith(true);
    keys = {
      edLow: edLow.privateKey,
      edLowJwk: edLow.jwk,
      edHigh: edHigh.privateKey,
      edHighJwk: edHigh.jwk,
      a: a.privateKey,
      aJwk: { ...(a.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'a', use: 'sig' },
      ed448: ed.privateKey,
      ed448Jwk: { ...(ed.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'ed448' },
      ec: ec.privateKey,
      ecJwk: { ...(ec.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'ec' },
      ec521: ec521.privateKey,
      ec521Jwk: { ...(ec521.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'ec521' },
      cert: selfSignedCertificate(a.publicKey, a.privateKey),
      otherCert: selfSignedCertificate(other.publicKey, other.privateKey),
    };
    host = await startKeySetHost();
    emu = await startEmulator();
    emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: ['core_user_view'] });
  });
  suiteTeardown(async () => {
    await cache.close();
    await emu.close();
    await host.close();
  });

  for (const row of ROWS) {
    test(`${row.name} — ${row.java}`, async () => {
      const token = row.token(keys);
      const body = row.keys ? row.keys(keys) : set(keys.aJwk);
      const jwksUrl = host.publish({ status: 200, contentType: row.contentType ?? 'application/json', body });
      const answer = await judgeBoth(token, {
        emu,
        cache,
        rules: RULES,
        jwksUrl,
        serviceAccount: 'scim_sa',
        ...(row.scheme !== undefined ? { scheme: row.scheme } : {}),
      });
      assert.equal(disagreement(answer), undefined);
      assert.equal(answer.engine.code, row.expect, answer.engine.message);
      if (row.says) assert.match(answer.engine.message, row.says);
      if (row.warning)
        assert.ok(
          answer.engine.warnings.some((w) => w.code === row.warning),
          `warning ${row.warning}: ${answer.engine.warnings.map((w) => w.code).join(', ')}`,
        );
    });
  }

  test("a token over Jetty's 100 KiB of request headers is refused before any JWT code (ng-manager config.yml maxRequestHeaderSize)", async () => {
    const token = signed(keys, HEADER, claimsText(`,"pad":"${'x'.repeat(110 * 1024)}"`));
    const jwksUrl = host.publish({ status: 200, contentType: 'application/json', body: set(keys.aJwk) });
    const answer = await judgeBoth(token, { emu, cache, rules: RULES, jwksUrl, serviceAccount: 'scim_sa' });
    assert.equal(answer.engine.harnessError.httpStatus, 431);
    assert.equal(answer.emulator.scimStatus, 431);
    assert.equal(disagreement(answer), undefined);
  });
});
