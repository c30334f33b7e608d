/** Human text for decoded tokens and verdicts. Plain ASCII markers so output survives logs and CI. */
import { describeClaimTime, type Verdict, type VerdictCheck } from '../core/jwt';
import { SCIM_CALLER_ERROR } from '../core/jwt';

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);

function value(v: unknown): string {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** `name: value` lines; NumericDate claims get their ISO time and a relative phrase. */
export function formatMembers(obj: Record<string, unknown>, now: Date, indent = '  '): string[] {
  return Object.entries(obj).map(([k, v]) => {
    const time = TIME_CLAIMS.has(k) && typeof v === 'number' ? `  ${describeClaimTime(v, now).text}` : '';
    return `${indent}${k}: ${value(v)}${time}`;
  });
}

const MARK: Record<VerdictCheck['status'], string> = { pass: '[pass]', fail: '[FAIL]', skipped: '[skip]' };

export function formatVerdict(v: Verdict): string {
  const now = new Date(v.evaluatedAt);
  const lines: string[] = [];
  lines.push(v.accepted ? 'ACCEPTED: Harness would accept this token.' : `REFUSED (${v.code}): ${v.message}`);
  if (v.accepted) lines.push(v.message);
  else {
    const h = v.harnessError;
    lines.push(`Harness token/validate would answer ${h.httpStatus} ${h.code}: ${h.message}`);
    lines.push(`A SCIM call with this token gets ${SCIM_CALLER_ERROR.httpStatus} ${SCIM_CALLER_ERROR.code} "${SCIM_CALLER_ERROR.message}"`);
  }
  lines.push('', `Checks (evaluated at ${v.evaluatedAt}):`);
  for (const c of v.checks) lines.push(`  ${MARK[c.status]} ${c.title}${c.detail !== undefined ? `: ${c.detail}` : ''}`);
  if (v.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of v.warnings) lines.push(`  ! ${w.message} [${w.code}]`);
  }
  if (v.keysConsidered.length > 0) {
    lines.push('', 'Keys in the set:');
    for (const k of v.keysConsidered) {
      const parts = [k.kty, k.alg, k.use !== undefined ? `use ${k.use}` : undefined].filter((p) => p !== undefined).join(', ');
      lines.push(`  ${k.chosen ? '*' : '-'} ${k.kid !== undefined ? `kid ${value(k.kid)}` : '(no kid)'} (${parts})${k.chosen ? '  <- chosen' : ''}`);
    }
  }
  if (v.header) lines.push('', 'Header:', ...formatMembers(v.header, now));
  if (v.payload) lines.push('', 'Claims:', ...formatMembers(v.payload, now));
  return `${lines.join('\n')}\n`;
}
