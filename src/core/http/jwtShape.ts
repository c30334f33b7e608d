/**
 * Recognising a JWT by its shape alone (no decoding): used to pick JWT-looking file variable
 * values. The base64url of `{"` is `eyJ`, of `{ ` `eyB` and of `{` + newline `ew`, hence `e[wy]`.
 */

const SEGMENT = '[A-Za-z0-9_-]';
/** Three parts (JWS; the signature may be empty) or five (JWE). */
const JWT_WHOLE = new RegExp(`^e[wy]${SEGMENT}+\\.${SEGMENT}+\\.${SEGMENT}*(?:\\.${SEGMENT}*\\.${SEGMENT}*)?$`);
const JWT_INSIDE = new RegExp(
  `(?<![A-Za-z0-9_.-])e[wy]${SEGMENT}+\\.${SEGMENT}+\\.${SEGMENT}*(?:\\.${SEGMENT}*\\.${SEGMENT}*)?(?![A-Za-z0-9_.-])`,
  'g',
);

/** True when `s` (trimmed) has the shape of a compact JWS or JWE whose header starts like JSON. */
export function looksLikeJwt(s: string): boolean {
  return typeof s === 'string' && JWT_WHOLE.test(s.trim());
}

/** JWT-shaped substrings of `text`, e.g. the token in `@auth = Bearer eyJ…`. */
export function findJwtLike(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  JWT_INSIDE.lastIndex = 0;
  for (let m = JWT_INSIDE.exec(text); m; m = JWT_INSIDE.exec(text)) {
    found.push({ start: m.index, end: m.index + m[0].length });
  }
  return found;
}
