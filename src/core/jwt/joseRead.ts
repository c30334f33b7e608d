/**
 * The token as jose4j's `JwtConsumer.process` reads it before any key is involved
 * (org/jose4j/jwt/consumer/JwtConsumer.java: `process`, nested at :362, claims at :370): `JsonWebStructure.fromCompactSerialization`
 * (CompactSerializer.deserialize: Java's split, plus one empty part when the text ends with a dot;
 * three parts for a JWS), the header decoded with jose4j's base64 and parsed with its JsonUtil, the
 * payload taken as it is when `b64` is false and decoded otherwise, the signature decoded; then, when
 * `cty` names a nested JWT, the payload text is processed again as a token of its own; otherwise it
 * is parsed as the claims (JwtClaims.parse). Nothing here throws: a failure is a value.
 */
import { decodeJose4jBase64 } from './base64Java';
import { isNestedToken, isUnencodedPayload } from './jose4jHeader';
import { describeLeniency, parseJose4jJson, type JavaNumber, type Jose4jJson } from './jose4jJson';

/** One signed layer: the outer token, or a token nested in its payload. */
export interface JoseLayer {
  header: Record<string, unknown>;
  /** The bytes the signature covers: ASCII of `header.payload` (b64 true), or with the raw payload. */
  signingInput: Buffer;
  signature: Buffer;
}

export type JoseRead =
  | {
      ok: true;
      layers: JoseLayer[];
      claims: Record<string, unknown>;
      numbers: Map<string, JavaNumber>;
      notes: string[];
    }
  | {
      ok: false;
      segment: 'header' | 'payload' | 'token';
      message: string;
      header?: Record<string, unknown>;
      notes: string[];
    };

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Java's `getBytes(US_ASCII)` (jws/JsonWebSignature.java:307, lang/StringUtil.java:64): one '?' per
 * code point outside ASCII — a surrogate pair (an emoji) is one '?', as is a lone surrogate.
 */
export function asciiBytes(text: string): Buffer {
  // The usual token is pure ASCII, which latin1 encodes byte for byte, natively.
  if (!NON_ASCII.test(text)) return Buffer.from(text, 'latin1');
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out.push(c);
    else {
      out.push(0x3f);
      const next = text.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return Buffer.from(out);
}

/** CompactSerializer.deserialize: String.split drops trailing empty parts, then one is added back after a final dot. */
export function jose4jParts(token: string): string[] {
  const parts = token.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (token.endsWith('.')) parts.push('');
  return parts;
}

interface HeaderRead {
  base64?: string;
  json: Jose4jJson;
}

/** Headers repeat from token to token (one issuer, one key): each distinct one is parsed once. */
const headers = new Map<string, HeaderRead>();
const REMEMBERED_HEADERS = 256;

/** The header segment decoded and parsed; a fresh copy of the object, since verdicts hand it out. */
function readHeader(segment: string): HeaderRead {
  let known = headers.get(segment);
  if (!known) {
    const bytes = decodeJose4jBase64(segment);
    known = { base64: bytes.lenient, json: parseJose4jJson(bytes.bytes.toString('utf8')) };
    if (headers.size >= REMEMBERED_HEADERS) headers.clear();
    headers.set(segment, known);
  }
  return known.json.ok ? { base64: known.base64, json: { ...known.json, value: { ...known.json.value } } } : known;
}

export function readJose(token: string): JoseRead {
  const layers: JoseLayer[] = [];
  const notes: string[] = [];
  let working = token;
  // Each nested payload is shorter than the token that carries it, so this ends.
  for (;;) {
    const nested = layers.length > 0 ? 'nested ' : '';
    const parts = jose4jParts(working);
    if (parts.length !== 3) {
      return {
        ok: false,
        segment: 'token',
        message: `The ${nested}token has ${parts.length} parts for Harness's JOSE library; a signed JWT has 3.`,
        notes,
      };
    }
    const [h = '', p = '', s = ''] = parts;
    const { base64: headerBase64, json: header } = readHeader(h);
    if (headerBase64 !== undefined) notes.push(`the ${nested}header part ${headerBase64}`);
    if (!header.ok) {
      const why =
        header.duplicate !== undefined
          ? `names ${JSON.stringify(header.duplicate)} twice`
          : header.notObject === true
            ? `${header.why}, not a JSON object`
            : `is not JSON Harness can read (${header.why})`;
      return { ok: false, segment: 'header', message: `The ${nested}header ${why}.`, notes };
    }
    if (header.leniencies.length > 0)
      notes.push(`the ${nested}header has ${header.leniencies.map(describeLeniency).join(', ')}`);
    // isNestedJwt reads cty through a string getter for every token.
    const cty = header.value.cty;
    if (cty !== undefined && cty !== null && typeof cty !== 'string') {
      return {
        ok: false,
        segment: 'header',
        header: header.value,
        message: `The ${nested}header's cty is not a string; Harness's JOSE library refuses the token.`,
        notes,
      };
    }
    let payloadText: string;
    let signingInput: Buffer;
    if (isUnencodedPayload(header.value)) {
      payloadText = p;
      signingInput = Buffer.concat([asciiBytes(h), Buffer.from('.'), Buffer.from(p, 'utf8')]);
      notes.push(`the ${nested}header sets b64 to false, so the payload part is read as it is, not as base64url`);
    } else {
      const payload = decodeJose4jBase64(p);
      if (payload.lenient !== undefined) notes.push(`the ${nested}payload part ${payload.lenient}`);
      payloadText = payload.bytes.toString('utf8');
      signingInput = asciiBytes(`${h}.${p}`);
    }
    const signature = decodeJose4jBase64(s);
    if (signature.lenient !== undefined) notes.push(`the ${nested}signature part ${signature.lenient}`);
    layers.push({ header: header.value, signingInput, signature: signature.bytes });
    if (isNestedToken(header.value)) {
      working = payloadText;
      continue;
    }
    const claims = parseJose4jJson(payloadText);
    if (!claims.ok) {
      const cty =
        typeof header.value.cty === 'string'
          ? ` (its cty ${JSON.stringify(header.value.cty)} does not announce a nested token)`
          : '';
      const why =
        claims.duplicate !== undefined
          ? `names the claim ${JSON.stringify(claims.duplicate)} twice; Harness's JOSE library refuses repeated names, even with equal values`
          : claims.notObject === true
            ? `${claims.why}, not a JSON object`
            : `is not JSON Harness can read (${claims.why})`;
      return {
        ok: false,
        segment: 'payload',
        header: layers[0]?.header,
        message: `The ${nested}payload ${why}${cty}.`,
        notes,
      };
    }
    if (claims.leniencies.length > 0)
      notes.push(`the ${nested}payload has ${claims.leniencies.map(describeLeniency).join(', ')}`);
    return { ok: true, layers, claims: claims.value, numbers: claims.numbers, notes };
  }
}
