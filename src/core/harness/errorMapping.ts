/**
 * Turns what came back (an error status and its body, or a network exception) into a typed
 * `HarnessApiError` whose message says what to do next. Body text is already scrubbed of the
 * key and bearer token by the transport before it reaches here.
 */
import {
  type FailedPermissionCheck,
  type FieldError,
  HarnessAccessDeniedError,
  HarnessApiError,
  type HarnessErrorInit,
  HarnessScimError,
  HarnessValidationError,
  type RequestInfo,
} from './errors';
import { isRecord } from './guard';
import { capList, inline } from '../listCap';
import { certificateProblem, networkErrorCode, type NetworkAdvice, proxyProblem } from '../net';

export interface CallContext {
  request: RequestInfo;
  /** 1-based attempt number of this try. */
  attempt: number;
  /** How the call authenticated: decides how a 401 is explained. */
  auth: 'api-key' | 'bearer';
  host: string;
  accountId: string | undefined;
  /** Set when the call went through a proxy, to explain connection failures. */
  proxyHost: string | undefined;
  /** What to do about a network failure where this runs (VS Code settings, CLI options). */
  advice: NetworkAdvice;
}

export interface ResponseInfo {
  status: number;
  contentType: string | undefined;
  bodyText: string;
}

const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SNIPPET = 200;

function what(ctx: CallContext): string {
  return `${ctx.request.method} ${ctx.request.path.split('?')[0] ?? ''}`;
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat;
}

/** Longest server text (an error's message or detail) kept: messages are one line of a report, not the body. */
const SERVER_TEXT_MAX = 1000;
/** A string field of an error body, on one line and bounded (a server's newline must not print a line of its own). */
const optStr = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? inline(v, SERVER_TEXT_MAX) : undefined;

export function looksLikeHtml(contentType: string | undefined, text: string): boolean {
  if (contentType?.toLowerCase().includes('text/html')) return true;
  const head = text.trimStart().slice(0, 15).toLowerCase();
  return (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    head.startsWith('<head') ||
    head.startsWith('<body')
  );
}

function htmlTitle(text: string): string | undefined {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(text);
  return m?.[1] ? snippet(m[1]) : undefined;
}

/** Maps a non-success answer (or a success whose body says otherwise) to the error a person can act on. */
export function errorFromResponse(ctx: CallContext, res: ResponseInfo): HarnessApiError {
  // A plain-http request goes to the proxy as an ordinary request, so its 407 arrives as an answer.
  if (res.status === 407) {
    return new HarnessApiError({
      kind: 'connection',
      request: ctx.request,
      attempts: ctx.attempt,
      httpStatus: 407,
      code: 'PROXY_AUTH_REQUIRED',
      message: proxyProblem('PROXY_AUTH_REQUIRED', ctx.proxyHost, ctx.host, ctx.advice) ?? '',
    });
  }
  const base = { request: ctx.request, httpStatus: res.status, attempts: ctx.attempt };
  let json: unknown;
  try {
    json = res.bodyText.trim() ? JSON.parse(res.bodyText) : undefined;
  } catch {
    json = undefined;
  }
  // Before the HTML check: Cloud Armor's throttle answer is an HTML page with status 429.
  if (res.status === 429) {
    return new HarnessApiError({
      ...base,
      kind: 'rate-limited',
      code: isRecord(json) ? optStr(json.code) : undefined,
      serverMessage: isRecord(json) ? optStr(json.message) : undefined,
      correlationId: isRecord(json) ? optStr(json.correlationId) : undefined,
      message:
        `Harness is rate-limiting requests (HTTP 429 on ${what(ctx)}, ${ctx.attempt} attempt(s)). ` +
        'Wait a minute and try again; Harness allows about 1000 API calls per minute per key.',
    });
  }
  if (looksLikeHtml(res.contentType, res.bodyText)) {
    const title = htmlTitle(res.bodyText);
    return new HarnessApiError({
      ...base,
      kind: 'html-page',
      message:
        `Harness answered ${what(ctx)} with an HTML page (HTTP ${res.status}${title ? `, "${title}"` : ''}) instead of JSON. ` +
        'This is usually a gateway or proxy error page, a sign-in page, or a base URL that points at the web app ' +
        'instead of the API (SaaS base URLs end in /gateway; self-managed ones do not).',
    });
  }
  if (!isRecord(json)) {
    const text = snippet(res.bodyText);
    return new HarnessApiError({
      ...base,
      kind: 'unexpected-status',
      message:
        `Harness answered ${what(ctx)} with HTTP ${res.status} and ${text ? `an unreadable body: ${text}` : 'no body'}. ` +
        (res.status >= 500
          ? 'Harness or a proxy in between failed; try again later.'
          : 'Check the base URL and the account id.'),
    });
  }
  const schemas = json.schemas;
  if (Array.isArray(schemas) && schemas.includes(SCIM_ERROR_SCHEMA)) {
    const detail = optStr(json.detail);
    const scimStatus =
      typeof json.status === 'number' || typeof json.status === 'string' ? String(json.status) : undefined;
    return new HarnessScimError(
      {
        ...base,
        serverMessage: detail,
        message: `Harness SCIM answered ${what(ctx)} with HTTP ${res.status}: ${detail ?? 'no detail given'}.`,
      },
      detail,
      scimStatus,
    );
  }
  const code = optStr(json.code);
  const correlationId = optStr(json.correlationId);
  const harnessMessage = optStr(json.message) ?? optStr(json.detailedMessage);
  const init: Omit<HarnessErrorInit, 'kind' | 'message'> = {
    ...base,
    code,
    correlationId,
    serverMessage: harnessMessage,
  };
  const checks = Array.isArray(json.failedPermissionChecks)
    ? json.failedPermissionChecks.flatMap(toPermissionCheck)
    : undefined;
  if (checks || code === 'NG_ACCESS_DENIED' || code === 'ACCESS_DENIED' || res.status === 403) {
    return accessDenied(ctx, init, checks?.length ? checks : permissionsNamedIn(harnessMessage), harnessMessage);
  }
  if (json.status === 'FAILURE' || Array.isArray(json.errors)) {
    const fieldErrors = Array.isArray(json.errors) ? json.errors.flatMap(toFieldError) : [];
    const detail = fieldErrors.length
      ? capList(fieldErrors, { separator: '; ', show: (f) => `${f.fieldId}: ${f.error}` })
      : (harnessMessage ?? 'no detail given');
    return new HarnessValidationError(
      { ...init, message: `Harness rejected ${what(ctx)} (HTTP ${res.status}): ${detail}.` },
      fieldErrors,
    );
  }
  return new HarnessApiError({
    ...init,
    kind: 'harness-error',
    message: harnessErrorMessage(ctx, res.status, code, harnessMessage, correlationId),
  });
}

function toPermissionCheck(v: unknown): FailedPermissionCheck[] {
  if (!isRecord(v) || typeof v.permission !== 'string') return [];
  const scope = isRecord(v.resourceScope) ? v.resourceScope : undefined;
  return [
    {
      permission: v.permission,
      resourceType: optStr(v.resourceType),
      resourceIdentifier: optStr(v.resourceIdentifier),
      resourceScope: scope && {
        accountIdentifier: optStr(scope.accountIdentifier) ?? null,
        orgIdentifier: optStr(scope.orgIdentifier) ?? null,
        projectIdentifier: optStr(scope.projectIdentifier) ?? null,
      },
    },
  ];
}

/**
 * SCIM's 403 is a plain ErrorDTO whose message names the permission ("Token needs to have
 * core_user_view permission on account: ACC…", docs/harness-contract.md, "SCIM base URL and resources"); read it from there when no checks are listed.
 */
function permissionsNamedIn(message: string | undefined): FailedPermissionCheck[] {
  const names = message?.match(/\bcore_[a-z_]+\b/g) ?? [];
  return [...new Set(names)].map((permission) => ({ permission }));
}

function toFieldError(v: unknown): FieldError[] {
  return isRecord(v) && typeof v.error === 'string' ? [{ fieldId: optStr(v.fieldId) ?? '(body)', error: v.error }] : [];
}

function accessDenied(
  ctx: CallContext,
  init: Omit<HarnessErrorInit, 'kind' | 'message'>,
  checks: FailedPermissionCheck[],
  harnessMessage: string | undefined,
): HarnessAccessDeniedError {
  const whose =
    ctx.auth === 'bearer'
      ? "the token's principal (for a SCIM JWT: the configured service account)"
      : "the API key's owner";
  const missing = [
    ...new Set(
      checks.map((c) => {
        const on = c.resourceType ? ` on ${c.resourceType}` : '';
        const scope = c.resourceScope?.projectIdentifier
          ? ` in project ${c.resourceScope.projectIdentifier}`
          : c.resourceScope?.orgIdentifier
            ? ` in organization ${c.resourceScope.orgIdentifier}`
            : c.resourceScope?.accountIdentifier
              ? ` in account ${c.resourceScope.accountIdentifier}`
              : '';
        return `${c.permission}${on}${scope}`;
      }),
    ),
  ];
  const message = missing.length
    ? `Harness denied ${what(ctx)}: ${whose} lacks permission ${missing.join(', ')}. ` +
      'Ask an account administrator to grant a role with it (bound to a resource group that covers the resource).'
    : `Harness denied ${what(ctx)} (HTTP 403${init.code ? ` ${init.code}` : ''}): ${harnessMessage ?? 'no detail given'}. ` +
      `Check the roles of ${whose}.`;
  return new HarnessAccessDeniedError({ ...init, message }, checks);
}

function harnessErrorMessage(
  ctx: CallContext,
  status: number,
  code: string | undefined,
  msg: string | undefined,
  corr: string | undefined,
): string {
  const said = `HTTP ${status}${code ? ` ${code}` : ''}${msg ? `: ${msg}` : ''}`;
  if (status === 401) {
    return ctx.auth === 'bearer'
      ? `Harness refused the bearer token on ${what(ctx)} (${said}). For a JWT Harness gives this one answer for every ` +
          'reason (signature, expiry, claim, JWKS, feature flag, settings not yet active); check the token to see which.'
      : `Harness refused the API key (${said}). The key may be expired or revoked, or belong to another account` +
          `${ctx.accountId ? ` than ${ctx.accountId}` : ''}; connect again with a valid key.`;
  }
  if (status === 404) {
    return `Harness found nothing at ${what(ctx)} (${said}). Check the identifier, the account id and the cluster.`;
  }
  if (status >= 500) {
    return `Harness failed on ${what(ctx)} (${said}). Try again later${corr ? `; Harness support can trace correlation id ${corr}` : ''}.`;
  }
  return `Harness refused ${what(ctx)} (${said}).`;
}

// ----- network failures -----

const TLS_CODES = /^(CERT_|ERR_TLS|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_SSL|HOSTNAME_MISMATCH)/;
const TIMEOUT_PHASE: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'to open a connection',
  UND_ERR_HEADERS_TIMEOUT: 'to start answering',
  UND_ERR_BODY_TIMEOUT: 'to send the rest of its answer',
};

/** The low-level code of a network error (one definition for every fetcher: core/net/http.ts). */
export const errorCode = networkErrorCode;

/** Connection resets are safe to retry for reads: the server may or may not have seen the request. */
export function isConnectionReset(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
}

export function errorFromException(
  ctx: CallContext,
  err: unknown,
  timeoutMs: { connect: number; headers: number; body: number; total: number },
): HarnessApiError {
  const code = errorCode(err);
  const base = { request: ctx.request, attempts: ctx.attempt, code, cause: err };
  const via = ctx.proxyHost ? ` through the proxy ${ctx.proxyHost}` : '';
  const phase = code ? TIMEOUT_PHASE[code] : undefined;
  if (phase) {
    const ms =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? timeoutMs.connect
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? timeoutMs.headers
          : timeoutMs.body;
    return new HarnessApiError({
      ...base,
      kind: 'timeout',
      message: `${ctx.host} took longer than ${seconds(ms)} ${phase} for ${what(ctx)}${via}. Check the network, the proxy settings and the cluster URL.`,
    });
  }
  const raw = err instanceof Error ? err.message : String(err);
  let message: string;
  // A proxy that cannot be reached at all is worded below, with the connection codes.
  const proxied =
    code?.startsWith('PROXY_') === true ? proxyProblem(code, ctx.proxyHost, ctx.host, ctx.advice) : undefined;
  const certificate = certificateProblem(code, `${ctx.host}${via}`, ctx.advice);
  if (proxied !== undefined) {
    message = proxied;
  } else if (certificate !== undefined) {
    message = certificate;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    message = `Could not find ${ctx.proxyHost ?? ctx.host} (DNS lookup failed, ${code}). Check the ${ctx.proxyHost ? 'proxy setting' : 'cluster or base URL'} and the network.`;
  } else if (code === 'ECONNREFUSED') {
    message = `${ctx.proxyHost ?? ctx.host} refused the connection (${code}). Check the ${ctx.proxyHost ? 'proxy setting' : 'base URL and port'}.`;
  } else if (isConnectionReset(err)) {
    message = `The connection to ${ctx.host}${via} closed before the answer to ${what(ctx)} was complete (${code ?? 'reset'}). Try again; if it keeps happening, check the proxy.`;
  } else if (code && TLS_CODES.test(code)) {
    message = `The TLS connection to ${ctx.host}${via} failed (${code}). ${ctx.advice.certificate}`;
  } else if (/proxy/i.test(raw) && ctx.proxyHost) {
    message = `The proxy ${ctx.proxyHost} did not forward ${what(ctx)}: ${snippet(raw)}. Check the proxy setting and its credentials.`;
  } else {
    message = `Could not reach ${ctx.host}${via} for ${what(ctx)}: ${snippet(raw)}${code ? ` (${code})` : ''}.`;
  }
  return new HarnessApiError({ ...base, kind: 'connection', message });
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
