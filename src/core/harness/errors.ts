/**
 * Everything that can go wrong talking to Harness, as one error class with a `kind` discriminant
 * (and subclasses where a kind carries more data). The VS Code side switches on `kind` to pick a
 * button ("Connect again", "Open settings", "Show log"); the message is already something a person
 * can act on. Messages pass through `redact()` here, in the one constructor, as a last line of
 * defence: the transport has already scrubbed the exact key and bearer token.
 */
import { redact } from '../redact';

export type HarnessErrorKind =
  /** Harness ErrorDTO (`status: "ERROR"`): 401 INVALID_TOKEN, 404 ENTITY_NOT_FOUND, 400 INVALID_REQUEST, 500 UNKNOWN_ERROR… */
  | 'harness-error'
  /** FailureDTO (`status: "FAILURE"`): request validation, with field errors. */
  | 'validation-failed'
  /** AccessDeniedErrorDTO: 403 with `failedPermissionChecks`. */
  | 'access-denied'
  /** 429 after the retries allowed for the call. */
  | 'rate-limited'
  /** SCIM error body (`urn:ietf:params:scim:api:messages:2.0:Error`). */
  | 'scim-error'
  /** An HTML page instead of JSON: a gateway, proxy or login page, or the wrong base URL. */
  | 'html-page'
  /** A success status whose body is not JSON (truncated or garbled). */
  | 'invalid-json'
  /** An error status whose body is none of the known shapes (empty, plain text, unknown JSON). */
  | 'unexpected-status'
  /** Connect, headers, body or whole-call deadline passed. */
  | 'timeout'
  /** DNS failure, refused or reset connection, TLS or proxy failure. */
  | 'connection'
  /** The response was larger than the client accepts. */
  | 'too-large'
  /** The JSON is valid but not the shape this client was written against: the API changed. */
  | 'unexpected-shape'
  /** The caller cancelled. UIs stay silent about this one. */
  | 'cancelled';

export interface RequestInfo {
  method: string;
  /** Path and query, e.g. `/ng/api/settings?accountIdentifier=…`; never carries a secret. */
  path: string;
}

export interface HarnessErrorInit {
  kind: HarnessErrorKind;
  message: string;
  request: RequestInfo;
  httpStatus?: number | undefined;
  code?: string | undefined;
  correlationId?: string | undefined;
  attempts?: number | undefined;
  /** Harness's own message text (`message`, or SCIM `detail`), when the body had one. */
  serverMessage?: string | undefined;
  cause?: unknown;
}

export class HarnessApiError extends Error {
  override readonly name: string = 'HarnessApiError';
  readonly kind: HarnessErrorKind;
  readonly httpStatus: number | undefined;
  /** Harness's error code (`INVALID_TOKEN`, `NG_ACCESS_DENIED`…) or a low-level one (`ENOTFOUND`, `UND_ERR_HEADERS_TIMEOUT`). */
  readonly code: string | undefined;
  readonly correlationId: string | undefined;
  readonly request: RequestInfo;
  /** How many times the request was sent (1 when it was not retried). */
  readonly attempts: number;
  /** Harness's own words, redacted; the `message` above wraps them with advice. */
  readonly serverMessage: string | undefined;

  constructor(init: HarnessErrorInit) {
    super(redact(init.message), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.correlationId = init.correlationId;
    this.request = { method: init.request.method, path: redact(init.request.path) };
    this.attempts = init.attempts ?? 1;
    this.serverMessage = init.serverMessage === undefined ? undefined : redact(init.serverMessage);
  }
}

/** One entry of `failedPermissionChecks` (docs/harness-contract.md, "Error JSON and HTTP status codes"). */
export interface FailedPermissionCheck {
  permission: string;
  resourceType?: string | undefined;
  resourceIdentifier?: string | undefined;
  resourceScope?:
    { accountIdentifier?: string | null; orgIdentifier?: string | null; projectIdentifier?: string | null } | undefined;
}

export class HarnessAccessDeniedError extends HarnessApiError {
  override readonly name = 'HarnessAccessDeniedError';
  constructor(
    init: Omit<HarnessErrorInit, 'kind'>,
    readonly failedPermissionChecks: FailedPermissionCheck[],
  ) {
    super({ ...init, kind: 'access-denied' });
  }
  /** Distinct permission ids Harness says are missing, e.g. `core_setting_edit`. */
  get missingPermissions(): string[] {
    return [...new Set(this.failedPermissionChecks.map((c) => c.permission))];
  }
}

export interface FieldError {
  fieldId: string;
  error: string;
}

export class HarnessValidationError extends HarnessApiError {
  override readonly name = 'HarnessValidationError';
  constructor(
    init: Omit<HarnessErrorInit, 'kind'>,
    readonly fieldErrors: FieldError[],
  ) {
    super({ ...init, kind: 'validation-failed' });
  }
}

export class HarnessScimError extends HarnessApiError {
  override readonly name = 'HarnessScimError';
  constructor(
    init: Omit<HarnessErrorInit, 'kind'>,
    readonly detail: string | undefined,
    readonly scimStatus: string | undefined,
  ) {
    super({ ...init, kind: 'scim-error' });
  }
}

export class HarnessShapeError extends HarnessApiError {
  override readonly name = 'HarnessShapeError';
  constructor(
    init: Omit<HarnessErrorInit, 'kind' | 'message'>,
    /** Where in the JSON, e.g. `data[2].setting.identifier`. */
    readonly jsonPath: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super({
      ...init,
      kind: 'unexpected-shape',
      message:
        `Harness answered ${init.request.method} ${pathOnly(init.request.path)} with data this extension does not understand: ` +
        `${jsonPath} should be ${expected} but is ${actual}. The Harness API may have changed; please report this.`,
    });
  }
}

function pathOnly(path: string): string {
  return path.split('?')[0] ?? path;
}

/** What a UI needs to decide what to offer, independent of the exact kind. */
export type FailureCategory =
  'rejected' | 'forbidden' | 'unreachable' | 'not-found' | 'server' | 'client' | 'cancelled';

export function failureCategory(error: HarnessApiError): FailureCategory {
  switch (error.kind) {
    case 'cancelled':
      return 'cancelled';
    case 'timeout':
    case 'connection':
    case 'html-page':
      return 'unreachable';
    case 'access-denied':
      return 'forbidden';
    case 'rate-limited':
    case 'invalid-json':
    case 'too-large':
    case 'unexpected-shape':
      return 'server';
    case 'harness-error':
    case 'validation-failed':
    case 'scim-error':
    case 'unexpected-status': {
      const s = error.httpStatus ?? 0;
      if (s === 401) return 'rejected';
      if (s === 403) return 'forbidden';
      if (s === 404) return 'not-found';
      return s >= 500 ? 'server' : 'client';
    }
  }
}

export function isHarnessApiError(value: unknown): value is HarnessApiError {
  return value instanceof HarnessApiError;
}

/**
 * Harness's answers for "no such thing", which are not all 404s: a 404 (ENTITY_NOT_FOUND…); the
 * access-control service's FailureDTO RESOURCE_NOT_FOUND_EXCEPTION, sent with HTTP 400 (HC
 * 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/NotFoundExceptionMapper.java:23-26);
 * and ng-manager's 400 INVALID_ARGUMENT "Service account [x] doesn't exist in scope" (HC
 * 120-ng-manager/src/main/java/io/harness/ng/serviceaccounts/service/impl/ServiceAccountServiceImpl.java:449-451).
 */
export function isNotFound(value: unknown): boolean {
  if (!(value instanceof HarnessApiError)) return false;
  if (failureCategory(value) === 'not-found') return true;
  if (value.code === 'RESOURCE_NOT_FOUND_EXCEPTION') return true;
  return isServiceAccountMissing(value);
}

/** 400 INVALID_ARGUMENT "Service account [x] doesn't exist in scope" (the aggregate lookup of a missing service account). */
export function isServiceAccountMissing(value: unknown): boolean {
  return (
    value instanceof HarnessApiError &&
    value.code === 'INVALID_ARGUMENT' &&
    /service account \[[^\]]*\] doesn't exist/i.test(value.serverMessage ?? value.message)
  );
}
