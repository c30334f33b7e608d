/**
 * The account itself and "who am I" (docs/harness-contract.md, "Base URLs and clusters"; "Finding the account and checking a key"): the cheap calls a client uses to
 * prove an API key. `GET /user/currentUser` works only for USER principals, as in Harness.
 */
import { authenticateNg } from './tokenService';
import type { EmulatorCore } from './core';
import { errorDto, responseDto, type Reply, type RequestContext, type Route } from './http';
import { ACCOUNT_SCOPE, requirePermission } from './rbac';

async function account(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  const id = ctx.params[0] ?? '';
  if (id !== core.state.accountId)
    throw errorDto(ctx, 'INVALID_REQUEST', `Invalid request: Account with identifier ${id} not found`);
  requirePermission(core, ctx, principal, 'core_account_view', ACCOUNT_SCOPE, id);
  return responseDto(ctx, {
    identifier: core.state.accountId,
    name: core.state.accountName,
    companyName: core.state.accountName,
    cluster: 'emulator',
    defaultExperience: 'NG',
    authenticationMechanism: 'USER_PASSWORD',
    isNextGenEnabled: true,
    serviceAccountConfig: null,
    createdAt: null,
    ringName: null,
  });
}

async function currentUser(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  if (principal.type !== 'USER')
    throw errorDto(
      ctx,
      'INVALID_REQUEST',
      "Invalid request: Current user can be accessed only by 'USER' principal type",
    );
  return responseDto(ctx, {
    uuid: principal.identifier,
    name: principal.name,
    email: principal.email,
    admin: false,
    twoFactorAuthenticationEnabled: false,
    emailVerified: true,
    locked: false,
    disabled: false,
    externallyManaged: false,
    defaultAccountId: core.state.accountId,
    accounts: [
      {
        uuid: core.state.accountId,
        accountName: core.state.accountName,
        companyName: core.state.accountName,
        defaultExperience: 'NG',
      },
    ],
  });
}

export function accountRoutes(core: EmulatorCore): Route[] {
  return [
    { method: 'GET', pattern: /^\/ng\/api\/accounts\/([^/]+)$/, handle: (ctx) => account(core, ctx) },
    { method: 'GET', pattern: /^\/ng\/api\/user\/currentUser$/, handle: (ctx) => currentUser(core, ctx) },
  ];
}
