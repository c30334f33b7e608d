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

/** NGScimUserResource / NGScimGroupResource permission checks: AccessDeniedException(NG_ACCESS_DENIED). */
export function requireScimPermission(core: EmulatorCore, ctx: RequestContext, principal: Principal, permission: string, kind: 'user' | 'group'): void {
  if (hasPermission(core, principal, permission, ACCOUNT_SCOPE)) return;
  const message = `User not Authorized: Token needs to have ${permission} permission on account: ${core.state.accountId} to perform SCIM ${kind} action`;
  throw new HttpFailure({ status: 403, body: errorBody(ctx, 'NG_ACCESS_DENIED', message) });
}

export const SCIM_LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** ScimUserServiceImpl.searchUser's paging and filter quirks, shared by Users and Groups. */
export function scimPage<T>(ctx: RequestContext, items: T[], matchValue: (item: T) => string): Record<string, unknown> {
  const countText = ctx.query.get('count');
  const startText = ctx.query.get('startIndex');
  const count = countText !== null && /^\d+$/.test(countText) ? Number(countText) : 20;
  const startIndex = startText !== null && /^\d+$/.test(startText) ? Number(startText) : null;
  const filter = ctx.query.get('filter');
  let selected = items;
  if (filter !== null) {
    const sides = filter.split(' eq ');
    const right = sides[1];
    // Anything but `<attr> eq "<value>"` is logged and ignored by Harness: the list comes back unfiltered.
    if (sides.length === 2 && right !== undefined && right.length >= 2) {
      const wanted = right.substring(1, right.length - 1);
      selected = items.filter((i) => matchValue(i) === wanted);
    }
  }
  const skip = startIndex !== null && startIndex > 0 ? startIndex - 1 : 0;
  const page = selected.slice(skip, skip + count);
  const body: Record<string, unknown> = { schemas: [SCIM_LIST_SCHEMA], totalResults: page.length, Resources: page };
  if (startIndex !== null) body.startIndex = startIndex;
  body.itemsPerPage = count;
  return body;
}
