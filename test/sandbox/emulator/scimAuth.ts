/**
 * Authentication and authorization of `@ScimAPI` resources (docs/harness-contract.md, "How Harness validates a SCIM JWT", step 1; "What the SCIM client sees on failure"; "SCIM base URL and resources",
 * docs/harness-contract.md, "Authentication on SCIM endpoints"): only `Authorization` counts (x-api-key is ignored), the token goes through token/validate,
 * every refusal becomes the same 401 "Token is not valid.", and RBAC failures are a 403 ErrorDTO.
 */
import type { Principal } from './auth';
import type { EmulatorCore } from './core';
import { errorBody, errorDto, HttpFailure, invalidToken, OOPS, type RequestContext } from './http';
import { ACCOUNT_SCOPE, hasPermission } from './rbac';
import { javaTrim, validateToken } from './tokenService';

export async function authenticateScim(core: EmulatorCore, ctx: RequestContext): Promise<Principal> {
  const header = ctx.headers.authorization;
  // Harness calls `authorizationHeader.contains(...)` on null: an NPE, answered by the generic 500.
  if (header === undefined) throw errorDto(ctx, 'UNKNOWN_ERROR', OOPS);
  if (!header.includes('Bearer ')) throw invalidToken(ctx);
  const token = javaTrim(header.substring(7));
  if (ctx.params[0] !== core.state.accountId) throw invalidToken(ctx);
  const result = await validateToken(core, token);
  if (!result.ok) throw invalidToken(ctx);
  return result.principal;
}

/**
 * NGScimUserResource / NGScimGroupResource permission checks: AccessDeniedException(NG_ACCESS_DENIED), a
 * plain ErrorDTO whose message names the permission (HC 120-ng-manager/src/main/java/io/harness/ng/scim/resource/NGScimUserResource.java:84-85,
 * "…to perform SCIM user action"; NGScimGroupResource.java:56-57, "…to perform SCIM UserGroup action"), prefixed by
 * NG_ACCESS_DENIED's template "User not Authorized: " (HC 980-commons/src/main/resources/response_messages.properties:279).
 */
export function requireScimPermission(
  core: EmulatorCore,
  ctx: RequestContext,
  principal: Principal,
  permission: string,
  kind: 'user' | 'group',
): void {
  if (hasPermission(core, principal, permission, ACCOUNT_SCOPE)) return;
  const action = kind === 'user' ? 'SCIM user action' : 'SCIM UserGroup action';
  const message = `User not Authorized: Token needs to have ${permission} permission on account: ${core.state.accountId} to perform ${action}`;
  throw new HttpFailure({ status: 403, body: errorBody(ctx, 'NG_ACCESS_DENIED', message) });
}

/**
 * The access-control client's own refusal text when no message is given (HC
 * clients/access-control/sdk/src/main/java/io/harness/accesscontrol/clients/AbstractAccessControlClient.java:177-200):
 * "Principal of type <T> with identifier <id> : Missing permission <p> on <resource type, lower case>".
 */
export function missingPermissionText(principal: Principal, permission: string, resourceType: string): string {
  return `Principal of type ${principal.type} with identifier ${principal.identifier} : Missing permission ${permission} on ${resourceType.toLowerCase()}`;
}

export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/**
 * java.net.URLDecoder.decode(text, "UTF-8"): `+` becomes a space and `%xx` sequences are decoded; a
 * malformed `%` sequence throws (callers treat that as "no filter").
 */
export function javaUrlDecode(text: string): string {
  const out: number[] = [];
  const bytes = Buffer.from(text.replace(/\+/g, ' '), 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b !== 0x25) {
      out.push(b);
      continue;
    }
    const hex = bytes.subarray(i + 1, i + 3).toString('latin1');
    if (!/^[0-9A-Fa-f]{2}$/.test(hex))
      throw new Error(`URLDecoder: Illegal hex characters in escape (%) pattern - ${hex}`);
    out.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(out).toString('utf8');
}

/**
 * The value of `<attr> eq "<value>"` as Harness reads it: the query parameter (already decoded once
 * by the web layer) is URL-decoded a second time, split on " eq ", and the operand loses its first
 * and last character (HC 400-rest/src/main/java/software/wings/scim/ScimUserServiceImpl.java:221-229;
 * groups HC 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimGroupServiceImpl.java:95-105). Anything
 * that fails (no " eq ", a bad `%` escape) is logged there and leaves no filter: null here.
 */
export function scimFilterValue(filter: string | null): string | null {
  if (filter === null || filter === '') return null;
  try {
    const decoded = javaUrlDecode(filter);
    const operand = decoded.split(' eq ')[1];
    if (operand === undefined) return null;
    const value = operand.substring(1, operand.length - 1);
    // An empty search query counts as none (StringUtils.isNotEmpty at ScimUserServiceImpl.java:254).
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

/**
 * ScimUserServiceImpl.searchUser's paging (HC 400-rest/src/main/java/software/wings/scim/ScimUserServiceImpl.java:212-244),
 * shared by Users and Groups (NGScimGroupServiceImpl.java:87-122): count defaults to 20, startIndex to 0,
 * skip is startIndex-1 (0 for 0), `startIndex` is always written, and `totalResults` is the size of this page.
 */
export function scimPage<T>(ctx: RequestContext, items: T[], matchValue: (item: T) => string): Record<string, unknown> {
  const countText = ctx.query.get('count');
  const startText = ctx.query.get('startIndex');
  const count = countText !== null && /^\d+$/.test(countText) ? Number(countText) : 20;
  const startIndex = startText !== null && /^\d+$/.test(startText) ? Number(startText) : 0;
  const wanted = scimFilterValue(ctx.query.get('filter'));
  // A plain equality: case-sensitive (ScimUserServiceImpl.java:254-256).
  const selected = wanted === null ? items : items.filter((i) => matchValue(i) === wanted);
  const skip = startIndex === 0 ? 0 : startIndex - 1;
  const page = selected.slice(skip, skip + count);
  return { schemas: [SCIM_LIST_SCHEMA], totalResults: page.length, Resources: page, startIndex, itemsPerPage: count };
}
