/**
 * Taking the token out of a response: a JSON path into the body (REST Client's `$.a.b[0]` and the
 * dotted `a.b` both clients accept), or a header. Errors say what the answer held instead, and an
 * identity provider's `error` / `error_description` is quoted with secrets redacted.
 */
import { redact } from '../redact';
import { SecretScrubber } from '../secrets';
import { TokenFetchError } from './errors';
import type { ReceivedResponse } from './send';

type Step = string | number;

/** `$.a.b[0]`, `a.b[0]`, `$['a']`, `*` (the whole body): the steps, or undefined for the whole body. */
export function pathSteps(path: string): Step[] | undefined {
  const p = path.trim();
  if (p === '' || p === '*' || p === '$') return undefined;
  const steps: Step[] = [];
  const re = /\.?([^.[\]]+)|\[\s*(\d+)\s*\]|\[\s*(["'])(.*?)\3\s*\]/gy;
  const body = p.startsWith('$') ? p.slice(1) : p;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length && (m = re.exec(body)) !== null) {
    if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[1] ?? m[4] ?? '');
    at = re.lastIndex;
  }
  return steps;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0
      ? 'an empty object'
      : `an object with ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
  }
  return typeof value;
}

/** `error` and `error_description` of an OAuth error answer, redacted, or ''. */
export function providerError(body: string, secrets: readonly string[] = []): string {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json !== 'object' || json === null) return '';
    const { error, error_description: description } = json as Record<string, unknown>;
    if (typeof error !== 'string') return '';
    const text = typeof description === 'string' ? `${error}: ${description.slice(0, 300)}` : error;
    // Some providers echo what they were sent; the values the request carried never get through.
    const out = redact(text);
    // Short ones too (a three-letter password), as whole words only: the scrubber's rule.
    return new SecretScrubber().add(...secrets).scrub(out);
  } catch {
    return '';
  }
}

function parseJson(res: ReceivedResponse, label: string): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    const type = res.headers['content-type'] ?? 'no content type';
    const encoding = res.headers['content-encoding'];
    const what =
      res.body.trim() === ''
        ? 'an empty body'
        : encoding !== undefined && !/^identity$/i.test(encoding)
          ? `a body compressed with ${encoding.slice(0, 40)} (never asked for)`
          : type;
    throw new TokenFetchError(
      'not-json',
      `${label} answered HTTP ${res.status} with ${what}, not JSON, so there is no token to take from it.`,
      "Check the request's URL and Accept header; a login page or proxy error page often answers like this.",
    );
  }
}

/** A grant's answer: a JSON object, or a TokenFetchError that says what came instead (empty, a page, compressed bytes). */
export function grantAnswer(res: ReceivedResponse, label: string): Record<string, unknown> {
  const json = parseJson(res, label);
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  throw new TokenFetchError(
    'missing-path',
    `${label} answered HTTP ${res.status} with ${describeJson(json)}, not an object with an access_token.`,
    "Check the token endpoint and the grant against the identity provider's documentation.",
  );
}

/** The value at `path` in the JSON body, as text. */
export function fromBody(res: ReceivedResponse, path: string, label: string): string {
  const steps = pathSteps(path);
  if (!steps) return res.body;
  let cur: unknown = parseJson(res, label);
  const walked: string[] = [];
  for (const step of steps) {
    const next =
      typeof step === 'number'
        ? Array.isArray(cur)
          ? (cur as unknown[])[step]
          : undefined
        : typeof cur === 'object' && cur !== null && !Array.isArray(cur)
          ? (cur as Record<string, unknown>)[step]
          : undefined;
    if (next === undefined) {
      const at = walked.length === 0 ? 'the body' : walked.join('.');
      throw new TokenFetchError(
        'missing-path',
        `${label} answered HTTP ${res.status}, but ${at} has no "${String(step)}" (it is ${describeJson(cur)}).`,
        `Correct the path "${path}" in the reference.`,
      );
    }
    walked.push(String(step));
    cur = next;
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  throw new TokenFetchError(
    'missing-path',
    `${label}: "${path}" is ${describeJson(cur)}, not a token.`,
    'Point the path at the string that holds the token.',
  );
}

export function fromHeader(res: ReceivedResponse, name: string, label: string): string {
  const value = res.headers[name.trim().toLowerCase()];
  if (value === undefined)
    throw new TokenFetchError(
      'missing-path',
      `${label} answered HTTP ${res.status} without a "${name}" header.`,
      'Correct the header name in the reference.',
    );
  return value;
}

/** An error status is a failure whatever the path says: the user needs the provider's reason. */
export function assertSuccess(res: ReceivedResponse, label: string, secrets: readonly string[] = []): void {
  if (res.status < 400) return;
  const why = providerError(res.body, secrets);
  const hint =
    res.status === 401 || res.status === 400
      ? 'Check the client id and secret (and the grant, scope, resource) the request sends.'
      : "Check the request against the identity provider's documentation.";
  throw new TokenFetchError('http-error', `${label} answered HTTP ${res.status}${why ? ` ${why}` : ''}.`, hint);
}
