/**
 * `POST /ng/api/token/validate` (docs/harness-contract.md, "Finding the account and checking a key"; "The token/validate diagnostic"): authenticated by an ordinary `x-api-key`,
 * it judges the token in its text/plain body and answers either the TokenDTO or the inner error that
 * a SCIM caller never gets to see. The route that tells "flag off" from "claim mismatch".
 */
import { authenticateNg } from './tokenService';
import type { EmulatorCore } from './core';
import {
  errorBody,
  HttpFailure,
  requiredQuery,
  responseDto,
  type Reply,
  type RequestContext,
  type Route,
} from './http';
import { validateToken } from './tokenService';

async function validate(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const result = await validateToken(core, ctx.body);
  if (result.ok) return responseDto(ctx, result.tokenDto);
  const f = result.failure;
  throw new HttpFailure({ status: f.httpStatus, body: errorBody(ctx, f.code, f.message) }, `${f.code}: ${f.reason}`);
}

export function tokenValidateRoutes(core: EmulatorCore): Route[] {
  return [{ method: 'POST', pattern: /^\/ng\/api\/token\/validate$/, handle: (ctx) => validate(core, ctx) }];
}
