/** Human text for decoded tokens and verdicts. Plain ASCII markers so output survives logs and CI. */
import { describeClaimTime, type Verdict, type VerdictCheck } from '../core/jwt';
import { SCIM_CALLER_ERROR } from '../core/jwt';
import { jsonPreview } from '../core/jsonText';
import { clip, firstFew } from '../core/listCap';

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);
/** Header or claim members printed before "and N more": a token can carry any number. */
const MEMBERS_LISTED = 200;

/** A member's value on one line: deep or huge values from the token are shown in part (see jsonPreview). */
function value(v: unknown): string {
  return jsonPreview(v, { maxChars: 2000, maxDepth: 16 });
}

/** `name: value` lines; NumericDate claims get their ISO time and a relative phrase. */
export function formatMembers(obj: Record<string, unknown>, now: Date, indent = '  '): string[] {
  const { shown, more } = firstFew(Object.keys(obj), MEMBERS_LISTED);
  const lines = shown.map((k) => {
    const v = obj[k];
    const time = TIME_CLAIMS.has(k) && typeof v === 'number' ? `  ${describeClaimTime(v, now).text}` : '';
    return `${indent}${clip(k, 200)}: ${value(v)}${time}`;
  });
  if (more > 0) lines.push(`${indent}… and ${more} more`);
  return lines;
}

/** Keys listed by name before "and N more". */
const KEYS_LISTED = 10;

const MARK: Record<VerdictCheck['status'], string> = { pass: '[pass]', fail: '[FAIL]', skipped: '[skip]' };

export function formatVerdict(v: Verdict): string {
  const now = new Date(v.evaluatedAt);
  const lines: string[] = [];
  lines.push(v.accepted ? 'ACCEPTED: Harness would accept this token.' : `REFUSED (${v.code}): ${v.message}`);
  if (v.accepted) lines.push(v.message);
  else {
    const h = v.harnessError;
    lines.push(`Harness token/validate would answer ${h.httpStatus} ${h.code}: ${h.message}`);
    lines.push(
      `A SCIM call with this token gets ${SCIM_CALLER_ERROR.httpStatus} ${SCIM_CALLER_ERROR.code} "${SCIM_CALLER_ERROR.message}"`,
    );
  }
  lines.push('', `Checks (evaluated at ${v.evaluatedAt}):`);
  for (const c of v.checks)
    lines.push(`  ${MARK[c.status]} ${c.title}${c.detail !== undefined ? `: ${c.detail}` : ''}`);
  if (v.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of v.warnings) lines.push(`  ! ${w.message} [${w.code}]`);
  }
  if (v.keysConsidered.length > 0) {
    lines.push('', 'Keys in the set:');
    // A key set can hold any number of keys; the chosen one is always listed.
    const { shown, more } = firstFew(v.keysConsidered, KEYS_LISTED);
    const chosen = v.keysConsidered.find((k) => k.chosen);
    if (chosen !== undefined && !shown.includes(chosen)) shown.push(chosen);
    for (const k of shown) {
      const parts = [k.kty, k.alg, k.use !== undefined ? `use ${k.use}` : undefined]
        .filter((p) => p !== undefined)
        .map((p) => jsonPreview(p, { maxChars: 40 }).replace(/^"|"$/g, ''))
        .join(', ');
      lines.push(
        `  ${k.chosen ? '*' : '-'} ${k.kid !== undefined ? `kid ${jsonPreview(k.kid, { maxChars: 80 })}` : '(no kid)'} (${parts})${k.chosen ? '  <- chosen' : ''}`,
      );
    }
    const left = v.keysConsidered.length - shown.length;
    if (more > 0 && left > 0) lines.push(`  … and ${left} more`);
  }
  if (v.header) lines.push('', 'Header:', ...formatMembers(v.header, now));
  if (v.payload) lines.push('', 'Claims:', ...formatMembers(v.payload, now));
  return `${lines.join('\n')}\n`;
}
