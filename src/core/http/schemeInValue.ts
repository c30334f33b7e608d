/**
 * `Authorization` values whose scheme is itself in a variable: `{{token_type}} {{access_token}}`,
 * or `{{auth}}` where `auth` holds `Bearer eyJ…`. Whether such a header carries a Bearer token is
 * known only once its value is resolved (with the file's environment, or after the fetch), so the
 * header is an occurrence first and is judged, or dropped, in resolve.ts.
 */
import { parseTemplate } from './templates';
import type { ResolutionState } from './tokenTypes';

/** The same rule as a written scheme: `Bearer` in any case, then white space. */
export const BEARER_SCHEME = /^bearer(?:\s+|$)/i;

/** The value starts with a `{{…}}` reference, so its scheme is not written out. */
export function schemeIsInVariable(value: string): boolean {
  return parseTemplate(value)[0]?.kind === 'reference';
}

export type SchemeJudgement =
  /** A Bearer token: `scheme` as it resolved (`Bearer `, `bearer `), `token` the rest. */
  | { kind: 'bearer'; scheme: string; token: string }
  /** Not known yet (a value still to be fetched, a variable not defined): kept, and said so. */
  | { kind: 'unknown' }
  /** Another scheme (Basic, an API key), or `Bearer` with nothing after it: not a Bearer token. */
  | { kind: 'not-bearer' };

/**
 * Judges the expanded value `text` of a header written as `raw`. An undefined scheme variable is
 * kept only in the two-part spelling (`{{token_type}} {{access_token}}`), which names a token; a
 * lone `{{auth}}` that is not defined could be any scheme and is left out.
 */
export function judgeScheme(text: string, raw: string, state: ResolutionState): SchemeJudgement {
  const m = BEARER_SCHEME.exec(text);
  if (m) {
    const token = text.slice(m[0].length);
    if (token.trim() === '') return { kind: 'not-bearer' };
    return { kind: 'bearer', scheme: m[0], token };
  }
  if (!text.startsWith('{{')) return { kind: 'not-bearer' };
  if (state === 'dynamic') return { kind: 'unknown' };
  const parts = parseTemplate(raw);
  const twoParts = parts.length >= 3 && parts[1]?.kind === 'text' && /^\s+$/.test(parts[1].text);
  return twoParts ? { kind: 'unknown' } : { kind: 'not-bearer' };
}

/** Where a JWT starts in a value (`eyJ`, `ew` then a dot-separated part), also glued to a scheme (`BearereyJ…`). */
const JWT_START = /e[wy][A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\./;

/** The value holds something shaped like a JWT, wherever it starts. */
export function mayHoldJwt(value: string): boolean {
  return JWT_START.test(value);
}

/**
 * A value Harness refuses (no "Bearer " in it), split into what the sender put before the token and
 * the token: `JWT eyJ…` → `JWT ` and `eyJ…`; `BearereyJ…` → `Bearer`; `eyJ…` alone → no scheme.
 */
export function refusedParts(value: string): { prefix: string; token: string } {
  const at = JWT_START.exec(value)?.index;
  if (at !== undefined) return { prefix: value.slice(0, at), token: value.slice(at) };
  const word = /^\S*\s+/.exec(value)?.[0] ?? '';
  return { prefix: word, token: value.slice(word.length) };
}

/** `{{a}} {{b}}` split at its first white space: the scheme's text and the token's, with the token's offset. */
export function splitTwoParts(raw: string): { scheme: string; token: string; tokenOffset: number } | undefined {
  const parts = parseTemplate(raw);
  const gap = parts[1];
  if (parts[0]?.kind !== 'reference' || gap?.kind !== 'text') return undefined;
  const space = /\s+/.exec(gap.text);
  if (!space) return undefined;
  const tokenOffset = gap.start + space.index + space[0].length;
  return { scheme: raw.slice(0, gap.start + space.index), token: raw.slice(tokenOffset), tokenOffset };
}
