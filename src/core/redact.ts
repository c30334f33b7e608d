/**
 * Redaction for anything that can carry a secret: Harness API keys (pat./sat.), JWTs, and
 * Authorization / x-api-key header values. A redacted value keeps enough to recognise it
 * (the prefix and the account or the JWT header) and never enough to use it.
 */

const HARNESS_KEY = /\b(pat|sat)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?/g;
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const AUTH_HEADER = /\b(authorization|x-api-key)(\s*[:=]\s*)(bearer\s+)?("?)([^\s"',;]+)/gi;

/** Redacts one secret value: `pat.ACC.…` for keys, `eyJhbGciOi….…` for JWTs, `…(N chars)` otherwise. */
export function redactSecret(secret: string): string {
  const s = secret.trim();
  const key = /^(pat|sat)\.([A-Za-z0-9_-]+)\./.exec(s);
  if (key) return s.split('.').length === 4 ? `${key[1] ?? ''}.${key[2] ?? ''}.…` : `${key[1] ?? ''}.…`;
  if (s.startsWith('eyJ')) return `${s.slice(0, 10)}…(${s.length} chars)`;
  return s.length <= 4 ? '…' : `…(${s.length} chars)`;
}

/** Redacts every secret found in free text (log lines, error messages, curl commands). */
export function redact(text: string): string {
  return text
    .replace(AUTH_HEADER, (_m, name: string, sep: string, bearer: string | undefined, q: string, value: string) =>
      value.startsWith('$') || value.startsWith('{{')
        ? `${name}${sep}${bearer ?? ''}${q}${value}`
        : `${name}${sep}${bearer ?? ''}${q}${redactSecret(value)}`,
    )
    .replace(HARNESS_KEY, (m) => (m.includes('…') ? m : redactSecret(m)))
    .replace(JWT, (m) => redactSecret(m));
}
