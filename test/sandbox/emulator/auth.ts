/**
 * Harness API keys (docs/harness-contract.md, "API key formats"): `pat.<acc>.<tokenId>.<secret>`, `sat.…`, and the legacy
 * 3-part `pat.<tokenId>.<secret>`. NG calls carry them in `x-api-key`; every failure the caller sees
 * is the same 401 INVALID_TOKEN "Token is not valid.".
 */
import type { EmulatorCore } from './core';
import { invalidToken, type RequestContext } from './http';
import { sha256, type ApiKeyRecord } from './model';

export interface Principal {
  type: 'USER' | 'SERVICE_ACCOUNT';
  identifier: string;
  name: string;
  email: string;
}

export type ApiKeyCheck =
  | { ok: true; principal: Principal; record: ApiKeyRecord }
  | { ok: false; reason: 'not-found' | 'invalid' | 'expired'; tokenId: string; detail: string };

interface ParsedKey {
  kind: string;
  accountId: string | null;
  tokenId: string;
  secret: string;
}

/** Splits like Java's String.split: trailing empty strings are dropped. */
export function javaSplitDot(text: string): string[] {
  const parts = text.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function parseKey(token: string): ParsedKey | undefined {
  const parts = javaSplitDot(token);
  if (parts.length === 4)
    return { kind: parts[0] ?? '', accountId: parts[1] ?? '', tokenId: parts[2] ?? '', secret: parts[3] ?? '' };
  if (parts.length === 3)
    return { kind: parts[0] ?? '', accountId: null, tokenId: parts[1] ?? '', secret: parts[2] ?? '' };
  return undefined;
}

export function principalFor(core: EmulatorCore, record: ApiKeyRecord): Principal | undefined {
  if (record.kind === 'pat') {
    const user = core.state.users.find((u) => u.id === record.principalId);
    return user && { type: 'USER', identifier: user.id, name: user.name, email: user.email };
  }
  const sa = core.state.serviceAccounts.find((s) => s.identifier === record.principalId);
  return sa && { type: 'SERVICE_ACCOUNT', identifier: sa.identifier, name: sa.name, email: sa.email };
}

/**
 * TokenServiceImpl's API-key branch (HC 965-ng-filter/src/main/java/io/harness/token/TokenValidationHelper.java:80-122):
 * parse (3 or 4 parts, else "Token length not matching"), look the token up, then account, account
 * segment, prefix, secret and expiry in that order, each an InvalidRequestException (400) with Harness's text.
 */
export function checkApiKey(core: EmulatorCore, token: string, accountId: string | null): ApiKeyCheck {
  if (token === '') return { ok: false, reason: 'invalid', tokenId: '', detail: 'Invalid API Token: Token is Empty' };
  const parsed = parseKey(token);
  if (!parsed)
    return {
      ok: false,
      reason: 'invalid',
      tokenId: '',
      detail: 'Invalid API Token: Token length not matching for API token',
    };
  const record = core.state.apiKeys.find((k) => k.tokenId === parsed.tokenId);
  const fail = (reason: 'not-found' | 'invalid' | 'expired', detail: string): ApiKeyCheck => ({
    ok: false,
    reason,
    tokenId: parsed.tokenId,
    detail,
  });
  if (!record) return fail('not-found', `Invalid API token ${parsed.tokenId}: Token not found`);
  if (accountId !== null && accountId !== core.state.accountId)
    return fail('invalid', `Invalid account token access ${parsed.tokenId}`);
  if (parsed.accountId !== null && parsed.accountId !== core.state.accountId)
    return fail('invalid', `Invalid accountId in token ${parsed.tokenId}`);
  if (parsed.kind !== record.kind)
    return fail('invalid', `Invalid API token ${parsed.tokenId}: Invalid prefix for API token`);
  if (sha256(parsed.secret) !== record.secretSha256) {
    const what =
      parsed.accountId === null
        ? 'Raw password not matching for API token'
        : 'Raw password not matching for new API token format';
    return fail('invalid', `Invalid API token ${parsed.tokenId}: ${what}`);
  }
  const now = core.now();
  if (record.validTo !== null && now > record.validTo)
    return fail('expired', `Incoming API token ${record.name} has expired ${parsed.tokenId}`);
  const principal = principalFor(core, record);
  if (!principal) return fail('invalid', `the owner ${record.principalId} no longer exists`);
  return { ok: true, principal, record };
}

/** The account a request names, in NextGenAuthenticationFilter's order (header, `account`, `accountIdentifier`). */
export function requestAccount(ctx: RequestContext): string | null {
  const header = ctx.headers['harness-account'];
  if (typeof header === 'string' && header !== '') return header;
  return ctx.query.get('account') ?? ctx.query.get('accountIdentifier');
}

/**
 * The `x-api-key` of an NG (non-SCIM) call, as NextGenAuthenticationFilter reads it (HC
 * 965-ng-filter/src/main/java/io/harness/security/NextGenAuthenticationFilter.java:74-107): a missing
 * header ends in the same 401 "Token is not valid." as a bad key. `Authorization` is not looked at.
 */
export function apiKeyHeader(ctx: RequestContext): string {
  const key = ctx.headers['x-api-key'];
  if (typeof key !== 'string' || key.trim() === '') throw invalidToken(ctx);
  return key.trim();
}
