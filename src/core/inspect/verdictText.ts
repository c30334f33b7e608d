/**
 * The words for a token's inspection, shared by the CodeLens, hover, diagnostics, report and
 * `scim-jwt scan`, so the editor and the command line say exactly the same thing. Nothing here
 * ever includes the raw token or its signature.
 */
import { describeResolution } from '../http';
import { keyFieldCaution, providerRefusal, providerTitleReason, refusalText } from '../idp';
import { jsonPreview } from '../jsonText';
import { firstFew } from '../listCap';
import { BEARER_FIX, describeClaimTime, type Verdict, type VerdictWarning } from '../jwt';
import type { RulesOrigin, TokenInspection } from './types';

/** Claims that hold a NumericDate (seconds since the epoch). */
export const TIME_CLAIMS: ReadonlySet<string> = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);

const LENS_MESSAGE_MAX = 140;

export type ProblemSeverity = 'error' | 'warning' | 'information';

export interface InspectionProblem {
  severity: ProblemSeverity;
  /** The verdict code for refusals, the warning code for warnings. */
  code: string;
  message: string;
}

export function rulesOriginLabel(origin: RulesOrigin | undefined): string {
  switch (origin?.kind) {
    case undefined:
      return 'no rules';
    case 'account':
      return 'account rules';
    case 'offline':
      return 'offline rules';
    case 'command-line':
      return 'command-line rules';
  }
}

/** "account rules (Emulated Account)": for the hover and the report, where there is room. */
export function rulesOriginText(origin: RulesOrigin | undefined): string {
  switch (origin?.kind) {
    case undefined:
      return 'no rules known';
    case 'account':
      return `the connected account's SCIM JWT settings (${origin.accountLabel})`;
    case 'offline':
      return 'the offline settings (scimJwt.offline.jwksUrl, keyField, value)';
    case 'command-line':
      return 'the rules given on the command line';
  }
}

/** The first sentence of an engine message, without its full stop, shortened for one line. */
export function firstSentence(message: string, max = LENS_MESSAGE_MAX): string {
  const m = /^(.+?[.!?])(?:\s+(?=[A-Z"'(])|$)/s.exec(message.trim());
  let s = (m?.[1] ?? message.trim()).replace(/[.!?]$/, '');
  if (s.length > max) s = `${s.slice(0, max - 1).trimEnd()}…`;
  return s;
}

/** "Claim …" → "claim …" after a colon, but "JWKS …" or "HS256 …" stay as they are. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/** "expires in 42 minutes", "expired 3 hours ago", "no exp". */
export function expiryText(payload: Record<string, unknown> | undefined, at: Date): string {
  const exp = payload?.exp;
  if (exp === undefined) return 'no exp';
  const t = describeClaimTime(exp, at);
  if (t.iso === undefined) return `exp ${t.relative}`;
  return t.relative === 'now'
    ? 'expires now'
    : t.relative.startsWith('in ')
      ? `expires ${t.relative}`
      : `expired ${t.relative}`;
}

/** "RS256 · kid k1 · expires in 42 minutes": what a glance needs. */
export function tokenFacts(
  header: Record<string, unknown> | undefined,
  payload: Record<string, unknown> | undefined,
  at: Date,
): string {
  const parts: string[] = [];
  if (typeof header?.alg === 'string') parts.push(header.alg);
  if (typeof header?.kid === 'string') parts.push(`kid ${header.kid}`);
  if (payload) parts.push(expiryText(payload, at));
  return parts.join(' · ');
}

/** Harness checks `pat.`/`sat.` values as API keys, not with the SCIM JWT settings: not a refusal of ours. */
export function isHarnessApiKey(i: TokenInspection): boolean {
  return i.decoded?.kind === 'harness-api-key';
}

/**
 * Warnings worth showing beside a verdict. The "Harness caches the key set for days" note is true of
 * every URL verdict, so it only appears where it explains the outcome (a key or signature problem).
 */
export function visibleWarnings(verdict: Verdict): VerdictWarning[] {
  const explains = verdict.code === 'key-not-found' || verdict.code === 'signature';
  return verdict.warnings.filter((w) => w.code !== 'jwks-cached-by-harness' || explains);
}

/**
 * Harness reads the token only after the exact text `Bearer ` (capital B, one space;
 * NextGenAuthenticationFilter.java:128-131) and refuses every other spelling with 401 before the
 * token is read. The verdict says so too (code `bearer-prefix`); this is the same words for a token
 * that has no verdict yet (no rules, not resolved).
 */
export function bearerPrefixProblem(i: TokenInspection): string | undefined {
  const scheme = i.token.occurrence.scheme;
  if (scheme === undefined || scheme.startsWith('Bearer ')) return undefined;
  const fix = i.token.harnessReads?.schemeFromVariable
    ? 'write a literal "Bearer " in the header, not a variable'
    : BEARER_FIX;
  return `${schemeShown(scheme)}, and Harness looks for "Bearer " exactly, so it answers 401 before reading the token; fix: ${fix}`;
}

/** How the header begins, with every character a reader could not see named: "Bearer" followed by a tab. */
export function schemeShown(scheme: string): string {
  if (scheme === '') return 'the header has no "Bearer " before the token';
  const head = scheme.trimEnd();
  const tail = scheme.slice(head.length);
  const named = tail.includes('\t') ? 'a tab' : tail.includes('\u00a0') ? 'a no-break space' : JSON.stringify(tail);
  const rest = tail === '' ? ' directly followed by the token' : tail === ' ' ? '' : ` followed by ${named}`;
  return `the header starts with ${JSON.stringify(head)}${rest}`;
}

/** Harness read the header otherwise than as `Bearer <token>`: said beside the verdict. */
export function harnessReadingNote(i: TokenInspection): string | undefined {
  const reads = i.token.harnessReads;
  if (reads?.joinedHeaders !== undefined)
    return `${reads.joinedHeaders} Authorization headers, which Jersey joins with ",": send one.`;
  if (reads?.bearerAt === undefined) return undefined;
  return `"Bearer " is at character ${reads.bearerAt + 1}, but Harness reads the token from the 8th. Fix: ${BEARER_FIX} first.`;
}

/**
 * The provider's name for the one-line title, when its issuer said so. A guess from the token's
 * shape alone is named in the hover and report, where there is room for the caveat.
 */
export function titleProvider(i: TokenInspection): string | undefined {
  return i.provider?.by === 'issuer' ? i.provider.entry.name : undefined;
}

/** The refusal a person should read: the engine's message with the provider's reason and options, when the catalogue has them. */
export function refusalMessage(i: TokenInspection): string | undefined {
  const v = i.verdict;
  if (!v || v.accepted) return undefined;
  return refusalText(i.provider, v);
}

/** The one line above a token: the CodeLens title and the first column of `scim-jwt scan`. */
export function inspectionTitle(i: TokenInspection): string {
  const at = new Date(i.evaluatedAt);
  const prefix = bearerPrefixProblem(i);
  if (prefix !== undefined) return `✗ Harness would refuse: ${prefix}`;
  const reads = i.token.harnessReads;
  if (reads?.joinedHeaders !== undefined && i.state === 'verdict' && i.verdict && !i.verdict.accepted)
    return `✗ Harness would refuse: ${reads.joinedHeaders} Authorization headers`;
  switch (i.state) {
    case 'unresolved': {
      const failure = i.token.resolution.fetchFailure;
      if (failure) return `${failure.kind === 'failed' ? '✗' : '?'} ${firstSentence(failure.message)}`;
      return `? Not checked: ${firstSentence(describeResolution(i.token.resolution))}`;
    }
    case 'decoded': {
      if (isHarnessApiKey(i)) return 'ℹ A Harness API key, not a JWT: Harness checks it as an API key';
      const problem = i.decoded?.problems[0];
      if (problem) return `✗ Not a usable JWT: ${lowerFirst(firstSentence(problem.message))}`;
      const facts = [titleProvider(i), tokenFacts(i.decoded?.header, i.decoded?.payload, at)]
        .filter((f) => f !== undefined && f !== '')
        .join(' · ');
      return `○ Not verified: ${i.notVerifiedReason ?? 'no rules are known'}${facts ? ` · ${facts}` : ''}`;
    }
    case 'verdict': {
      const v = i.verdict;
      if (!v) return '? No verdict';
      if (isHarnessApiKey(i)) return 'ℹ A Harness API key, not a JWT: Harness checks it as an API key';
      const origin = rulesOriginLabel(i.origin);
      const name = titleProvider(i);
      if (v.accepted) {
        const facts = [name, tokenFacts(v.header, v.payload, at)]
          .filter((f) => f !== undefined && f !== '')
          .join(' · ');
        return `✓ Harness would accept${facts ? ` · ${facts}` : ''} · ${origin}`;
      }
      // A provider's own reason names the provider already.
      const own = providerTitleReason(i.provider, v.code);
      if (own !== undefined) return `✗ Harness would refuse: ${firstSentence(own)} · ${origin}`;
      return `✗ Harness would refuse: ${lowerFirst(firstSentence(v.message))}${name !== undefined ? ` · ${name}` : ''} · ${origin}`;
    }
  }
}

/** When the token was fetched at run time (ISO 8601), if it was. */
export function fetchedAt(i: TokenInspection): string | undefined {
  const source = i.token.resolution.sources.find((s) => s.kind === 'fetched');
  return source?.kind === 'fetched' ? source.fetchedAt : undefined;
}

/** Where the value came from ("written in the file", "from file variable @token (line 3)"), or why it has none. */
export function sourceText(i: TokenInspection): string {
  const line = i.token.judgedAsHeaderLine;
  const own = describeResolution(i.token.resolution);
  return line === undefined ? own : `as the header on line ${line + 1} sends it; ${own}`;
}

/**
 * What the Problems panel shows for a token: the refusal as an error (code = verdict code), the
 * verdict's warnings as warnings, and for decoded-only tokens the decoding problems that any
 * Harness would refuse. Unresolved tokens and unverified good-looking ones produce nothing.
 */
export function inspectionProblems(i: TokenInspection): InspectionProblem[] {
  const prefix = bearerPrefixProblem(i);
  if (prefix !== undefined)
    return [{ severity: 'error', code: 'bearer-prefix', message: `Harness would refuse this request: ${prefix}.` }];
  const comma = trailingCommaNote(i);
  const reading = harnessReadingNote(i);
  const notes: InspectionProblem[] = [];
  if (reading !== undefined) notes.push({ severity: 'error', code: 'bearer-read', message: reading });
  if (comma) notes.push(comma);
  return [...notes, ...judgedProblems(i)];
}

/** The header's trailing comma: the token is judged as httpYac sends it (without), with this caveat. */
function trailingCommaNote(i: TokenInspection): InspectionProblem | undefined {
  const o = i.token.occurrence;
  if (o.kind !== 'authorization-header' || o.trailingComma !== true) return undefined;
  return {
    severity: 'warning',
    code: 'trailing-comma',
    message:
      'The header ends with a comma: httpYac drops it, but REST Client and JetBrains send it, and Harness would refuse that token as malformed.',
  };
}

function judgedProblems(i: TokenInspection): InspectionProblem[] {
  if (isHarnessApiKey(i)) {
    return [
      {
        severity: 'information',
        code: 'harness-api-key',
        message: 'A Harness API key, not a JWT: Harness checks it as an API key, not with the SCIM JWT settings.',
      },
    ];
  }
  if (i.state === 'decoded') {
    const first = i.decoded?.problems[0];
    return first ? [{ severity: 'error', code: 'malformed', message: first.message }] : [];
  }
  if (i.state !== 'verdict' || !i.verdict) return [];
  const v = i.verdict;
  const out: InspectionProblem[] = [];
  const own = providerRefusal(i.provider, v.code);
  if (!v.accepted)
    out.push({
      severity: 'error',
      code: v.code,
      message: `Harness would refuse this token: ${v.message}${own !== undefined ? ` ${own}` : ''}`,
    });
  for (const w of visibleWarnings(v)) out.push({ severity: 'warning', code: w.code, message: w.message });
  const caution = i.rules ? keyFieldCaution(i.provider, i.rules.keyField) : undefined;
  if (caution !== undefined) out.push({ severity: 'warning', code: 'idp-shared-keys', message: caution });
  return out;
}

export interface ClaimRow {
  name: string;
  /** JSON text of the value. */
  value: string;
  /** For NumericDate claims: the same instant in UTC, local time and relative to the evaluation time. */
  time?: { utc: string; local: string; relative: string };
}

/** Rows of a hover or report table: a token can carry any number of members. */
const CLAIM_ROWS_SHOWN = 200;

/** Header or payload members as rows; NumericDate claims get their three readings. */
export function claimRows(obj: Record<string, unknown>, at: Date): ClaimRow[] {
  const { shown, more } = firstFew(Object.keys(obj), CLAIM_ROWS_SHOWN);
  const rows = shown.map((name) => {
    const raw = obj[name];
    // A claim nested thousands deep or megabytes long is shown in part; the full text would not fit a hover anyway.
    const row: ClaimRow = { name, value: jsonPreview(raw, { maxChars: 2000, maxDepth: 16 }) };
    if (TIME_CLAIMS.has(name) && typeof raw === 'number') {
      const t = describeClaimTime(raw, at);
      if (t.iso !== undefined)
        row.time = {
          utc: t.iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC'),
          local: new Date(raw * 1000).toLocaleString(),
          relative: t.relative,
        };
    }
    return row;
  });
  if (more > 0) rows.push({ name: '…', value: `and ${more} more` });
  return rows;
}
