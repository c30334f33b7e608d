/**
 * The emulator's HTTP vocabulary: what a handler returns (`Reply`), how it fails (`HttpFailure`), and
 * Harness's bodies: ResponseDTO, ErrorDTO, FailureDTO, AccessDeniedErrorDTO (docs/harness-contract.md, "Error JSON and HTTP status codes") and
 * the SCIM error (docs/harness-contract.md, "SCIM error bodies").
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface RequestContext {
  method: string;
  /** Path as received, e.g. `/gateway/ng/api/settings`. */
  rawPath: string;
  /** Path without the optional `/gateway` prefix, e.g. `/ng/api/settings`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  correlationId: string;
  /** Capture groups of the matched route pattern, URL-decoded. */
  params: string[];
}

export interface Reply {
  status: number;
  /** JSON body; `undefined` means no body at all (204, or an empty 404). */
  body?: unknown;
  contentType?: string;
}

/** Thrown by handlers to answer with an error body; the dispatcher turns it into the reply. */
export class HttpFailure extends Error {
  constructor(
    readonly reply: Reply,
    message?: string,
  ) {
    super(message ?? `HTTP ${reply.status}`);
    this.name = 'HttpFailure';
  }
}

export function responseDto(ctx: RequestContext, data: unknown, status = 200): Reply {
  return { status, body: { status: 'SUCCESS', data, metaData: null, correlationId: ctx.correlationId } };
}

/** Harness error codes the emulator uses, with the HTTP status Harness's ErrorCode enum gives each. */
export const ERROR_CODE_STATUS = {
  INVALID_TOKEN: 401,
  EXPIRED_TOKEN: 401,
  INVALID_CREDENTIAL: 401,
  ACCESS_DENIED: 403,
  NG_ACCESS_DENIED: 403,
  RESOURCE_NOT_FOUND: 404,
  ENTITY_NOT_FOUND: 404,
  INVALID_REQUEST: 400,
  INVALID_ARGUMENT: 400,
  INVALID_INPUT_SET: 400,
  UNEXPECTED: 400,
  DUPLICATE_FIELD: 400,
  UNKNOWN_ERROR: 500,
} as const;

export type HarnessErrorCode = keyof typeof ERROR_CODE_STATUS;

export const TOKEN_NOT_VALID = 'Token is not valid.';
export const OOPS = 'Oops, something went wrong on our end. Please contact Harness Support.';

/**
 * An ErrorDTO. A WingsException's (WingsExceptionMapperV2) carries its response messages; the emulator's
 * UNKNOWN_ERROR is always GenericExceptionMapperV2's answer to an exception that is not a WingsException,
 * built by ErrorDTO.newError with an empty list (HC 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/GenericExceptionMapperV2.java:40-51;
 * 970-ng-commons/src/main/java/io/harness/ng/core/dto/ErrorDTO.java:52-67).
 */
export function errorBody(ctx: RequestContext, code: string, message: string): Record<string, unknown> {
  return {
    status: 'ERROR',
    code,
    message,
    correlationId: ctx.correlationId,
    detailedMessage: null,
    responseMessages:
      code === 'UNKNOWN_ERROR' ? [] : [{ code, level: 'ERROR', message, exception: null, failureTypes: [] }],
    metadata: null,
  };
}

export function errorDto(ctx: RequestContext, code: HarnessErrorCode, message: string): HttpFailure {
  return new HttpFailure(
    { status: ERROR_CODE_STATUS[code], body: errorBody(ctx, code, message) },
    `${code}: ${message}`,
  );
}

/** The uniform answer to any bad API key and to every JWT failure on SCIM (docs/harness-contract.md, "What the SCIM client sees on failure"). */
export function invalidToken(ctx: RequestContext): HttpFailure {
  return errorDto(ctx, 'INVALID_TOKEN', TOKEN_NOT_VALID);
}

export interface FieldError {
  fieldId: string;
  error: string;
}

/**
 * Bean-validation failures: HTTP 400, `status: FAILURE`, code INVALID_REQUEST, and a message that is
 * only the "field: error" pairs joined by ", " (no response-message template is applied)
 * (HC 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/JerseyViolationExceptionMapperV2.java:38-56;
 * 970-ng-commons/src/main/java/io/harness/ng/core/dto/FailureDTO.java).
 */
export function failureDto(ctx: RequestContext, errors: FieldError[]): HttpFailure {
  const message = errors.map((e) => `${e.fieldId}: ${e.error}`).join(', ');
  return new HttpFailure({
    status: 400,
    body: { status: 'FAILURE', code: 'INVALID_REQUEST', message, correlationId: ctx.correlationId, errors },
  });
}

export interface PermissionCheck {
  resourceScope: { accountIdentifier: string; orgIdentifier: string | null; projectIdentifier: string | null };
  resourceType: string;
  resourceAttributes: null;
  resourceIdentifier: string | null;
  permission: string;
}

/**
 * NGAccessDeniedExceptionMapper's AccessDeniedErrorDTO: the exception's own message (no template), and, built
 * with ErrorDTO's protected constructor, no correlationId and no responseMessages (both null)
 * (HC clients/access-control/sdk/src/main/java/io/harness/accesscontrol/NGAccessDeniedExceptionMapper.java;
 * access-control/contracts/api/src/main/java/io/harness/accesscontrol/commons/exceptions/AccessDeniedErrorDTO.java;
 * 970-ng-commons/src/main/java/io/harness/ng/core/dto/ErrorDTO.java:45-50).
 */
export function accessDenied(ctx: RequestContext, message: string, checks: PermissionCheck[]): HttpFailure {
  return new HttpFailure({
    status: 403,
    body: {
      ...errorBody(ctx, 'NG_ACCESS_DENIED', message),
      correlationId: null,
      responseMessages: null,
      failedPermissionChecks: checks,
    },
  });
}

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * ScimResource.getExceptionResponse: `status` is the number 404 whatever the HTTP status is. ScimError has
 * no @JsonInclude(NON_NULL) and the NG mapper sets no default inclusion, so the id, externalId and meta it
 * inherits from ScimBaseResource are written as null (HC 947-scim-core/src/main/io/harness/scim/ScimResource.java,
 * ScimError.java, ScimBaseResource.java; 970-ng-commons/src/main/java/io/serializer/mapper/HObjectMapper.java:44-70).
 */
export function scimError(httpStatus: number, detail: string): HttpFailure {
  return new HttpFailure({
    status: httpStatus,
    body: { id: null, externalId: null, meta: null, schemas: [SCIM_ERROR_SCHEMA], detail, status: 404 },
  });
}

/** Reads a required query parameter the way a `@NotNull @QueryParam` does. */
export function requiredQuery(ctx: RequestContext, name: string): string {
  const value = ctx.query.get(name);
  if (value === null || value === '') throw failureDto(ctx, [{ fieldId: name, error: 'must not be null' }]);
  return value;
}

export function optionalQuery(ctx: RequestContext, name: string): string | null {
  const value = ctx.query.get(name);
  return value === null || value === '' ? null : value;
}

/** Parses the JSON body; a body that is not JSON is a 400 as Jackson's mapper makes it. */
export function jsonBody(ctx: RequestContext): unknown {
  try {
    return JSON.parse(ctx.body) as unknown;
  } catch {
    throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: Unable to process JSON');
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `pageIndex`/`pageSize` (defaults 0 and `defaultSize`, at most 100) like PageRequest. */
export function pageParams(ctx: RequestContext, defaultSize: number): { pageIndex: number; pageSize: number } {
  const pageIndex = Number(ctx.query.get('pageIndex') ?? '0');
  const pageSize = Number(ctx.query.get('pageSize') ?? String(defaultSize));
  const errors: FieldError[] = [];
  if (!Number.isInteger(pageIndex) || pageIndex < 0)
    errors.push({ fieldId: 'pageIndex', error: 'must be greater than or equal to 0' });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    errors.push({ fieldId: 'pageSize', error: 'must be less than or equal to 100' });
  if (errors.length > 0) throw failureDto(ctx, errors);
  return { pageIndex, pageSize };
}

export function pageResponse(items: unknown[], pageIndex: number, pageSize: number): Record<string, unknown> {
  const content = items.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize);
  return {
    totalPages: Math.ceil(items.length / pageSize),
    totalItems: items.length,
    pageItemCount: content.length,
    pageSize,
    content,
    pageIndex,
    empty: content.length === 0,
    pageToken: null,
  };
}

/** One endpoint: method, a pattern over the normalized path (captures become `params`), and its handler. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}
