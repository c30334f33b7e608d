/**
 * TokenServiceImpl.validateToken (docs/harness-contract.md, "How Harness validates a SCIM JWT", steps 4–12; "What the SCIM client sees on failure"): the one place a bearer
 * token or a token/validate body is judged. With the feature flag on and a JWT-looking token it runs
 * the SCIM JWT flow (settings cache → JWKS → jose4j → claim → service account); otherwise it treats
 * the text as a Harness API key. Each failure carries the code and message token/validate would show.
 */
import { apiKeyHeader, checkApiKey, javaSplitDot, requestAccount, type Principal } from './auth';
import type { EmulatorCore, TokenFailure, TokenFailureReason } from './core';
import { invalidToken, OOPS, TOKEN_NOT_VALID, type RequestContext } from './http';
import { jwksBodyFor } from './jwks';
import { buildJose4jJwks } from './jose4jJwks';
import { decodeBase64UrlStrict, verifyJws } from './jws';
import { orgJsonTyp, OrgJsonException } from './orgJson';
import { scimJwtSettingValues } from './settings';

export type TokenValidation =
  { ok: true; principal: Principal; tokenDto: Record<string, unknown> } | { ok: false; failure: TokenFailure };

const FIVE_DAYS_MS = 5 * 24 * 60 * 60 * 1000;

/** Java's String.trim(): only code points up to U+0020 count as space, unlike String.prototype.trim. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

function failure(
  core: EmulatorCore,
  reason: TokenFailureReason,
  detail: string,
  extra: { url?: string; saId?: string; tokenId?: string } = {},
): TokenValidation {
  const acc = core.state.accountId;
  const shape = ((): { httpStatus: number; code: string; message: string } => {
    switch (reason) {
      case 'not-jwt-flag-off':
      case 'not-jwt-typ':
      case 'api-key-not-found':
        return {
          httpStatus: 400,
          code: 'INVALID_REQUEST',
          message: `Invalid request: Invalid API token ${extra.tokenId ?? ''}: Token not found`,
        };
      // An expired API key is an InvalidRequestException like the others, not EXPIRED_TOKEN
      // (HC 965-ng-filter/src/main/java/io/harness/token/TokenValidationHelper.java:30-36).
      case 'api-key-invalid':
      case 'api-key-expired':
        return { httpStatus: 400, code: 'INVALID_REQUEST', message: `Invalid request: ${detail}` };
      case 'expired':
        return { httpStatus: 401, code: 'EXPIRED_TOKEN', message: 'Token expired.' };
      // An empty JWKS URL reaches OkHttp's Request.Builder.url(""), whose IllegalArgumentException is
      // not the IOException JWTTokenFlowAuthFilterUtils catches (HC 980-commons/src/main/java/io/harness/network/Http.java:695-699;
      // 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:318-325): a 500.
      case 'header-not-base64url':
      case 'jwks-server-error':
      case 'setting-unset':
      case 'setting-empty':
        return { httpStatus: 500, code: 'UNKNOWN_ERROR', message: OOPS };
      // The format string ends in ": " and the IOException is only the cause: its text is not in the message
      // (HC 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:320-324, :160-163).
      case 'jwks-unreachable':
        return {
          httpStatus: 400,
          code: 'INVALID_INPUT_SET',
          message: `NG_SCIM_JWT: Error connecting to public keys URL: ${extra.url ?? ''}, or URL not reachable for account ${acc}: `,
        };
      case 'harness-issuer':
        return {
          httpStatus: 400,
          code: 'UNEXPECTED',
          message:
            "NG_SCIM_JWT: Invalid API call: Only externally issued OAuth JWT token can be used for SCIM APIs, 'Harness Inc' issued JWT token cannot be used",
        };
      case 'claim-mismatch':
        return {
          httpStatus: 400,
          code: 'INVALID_INPUT_SET',
          message: `NG_SCIM_JWT: JWT token validated correctly, but the claims value did not match configured setting value in account: ${acc}`,
        };
      case 'service-account-missing':
        return {
          httpStatus: 400,
          code: 'INVALID_ARGUMENT',
          message: `Invalid argument(s): Service account '${extra.saId ?? ''}' doesn't exist in account '${acc}'`,
        };
      case 'typ-missing':
      case 'jwks-invalid':
      case 'malformed':
      case 'algorithm':
      case 'key-not-found':
      case 'weak-key':
      case 'signature':
      case 'exp-missing':
      case 'not-yet-valid':
      case 'claim-not-string':
        return { httpStatus: 401, code: 'INVALID_TOKEN', message: TOKEN_NOT_VALID };
    }
  })();
  const f: TokenFailure = { reason, detail, ...shape };
  core.jwt.lastFailure = f;
  return { ok: false, failure: f };
}

type JwtShape =
  { jwt: true } | { jwt: false; typ: boolean } | { fail: 'typ-missing' | 'header-not-base64url'; detail: string };

/** JWTTokenFlowAuthFilterUtils.isJWTTokenType: JDK URL decoder, then org.json and getString("typ"). */
function classify(token: string): JwtShape {
  const parts = javaSplitDot(token);
  if (parts.length !== 3) return { jwt: false, typ: false };
  const h = parts[0] ?? '';
  if (h.toLowerCase() === 'pat' || h.toLowerCase() === 'sat') return { jwt: false, typ: false };
  const bytes = decodeBase64UrlStrict(h);
  if (!bytes)
    return { fail: 'header-not-base64url', detail: 'the JOSE header is not base64url (IllegalArgumentException)' };
  let typ: string | undefined;
  try {
    typ = orgJsonTyp(bytes.toString('utf8')).typ;
  } catch (e) {
    if (!(e instanceof OrgJsonException)) throw e;
    return {
      fail: 'typ-missing',
      detail: `NG_SCIM_JWT: Cannot parse and construct a valid 'header' segment: ${e.message}`,
    };
  }
  if (typ === undefined)
    return {
      fail: 'typ-missing',
      detail: "NG_SCIM_JWT: Cannot parse and construct a valid 'header' segment: no string 'typ'",
    };
  return typ !== '' && typ.toLowerCase().includes('jwt') ? { jwt: true } : { jwt: false, typ: true };
}

function readSettings(core: EmulatorCore): Map<string, string | null> {
  const account = core.state.accountId;
  const now = core.now();
  const cached = core.jwt.settingsCache.get(account);
  if (cached && now - cached.createdAt < core.options.settingsCacheMs) return cached.values;
  const values = scimJwtSettingValues(core);
  core.jwt.settingsCache.set(account, { values, createdAt: now });
  return values;
}

async function jwtFlow(core: EmulatorCore, token: string): Promise<TokenValidation> {
  const settings = readSettings(core);
  const unset = [...settings].filter(([, v]) => v === null).map(([k]) => k);
  // Collectors.toMap throws on a null value before the intended "not populated" check is reached.
  if (unset.length > 0)
    return failure(
      core,
      'setting-unset',
      `setting(s) ${unset.join(', ')} have no value (NullPointerException in Collectors.toMap)`,
    );
  const keyField = settings.get('scim_jwt_token_key_field') ?? '';
  const valueField = settings.get('scim_jwt_token_value_field') ?? '';
  const jwksUrlSetting = settings.get('scim_jwt_token_jwks_keys_url') ?? '';
  const saSetting = settings.get('scim_jwt_token_service_account_id') ?? '';
  // Harness only checks that the four keys are present (HC JWTTokenFlowAuthFilterUtils.java:297-311): an empty
  // key field or value fails later as a claim mismatch, an empty service account id as "doesn't exist".
  const url = javaTrim(jwksUrlSetting);
  if (url === '')
    return failure(
      core,
      'setting-empty',
      'scim_jwt_token_jwks_keys_url is empty: OkHttp refuses the URL with IllegalArgumentException',
    );
  const fetched = await jwksBodyFor(core, url);
  if (!fetched.ok) return failure(core, 'jwks-unreachable', fetched.detail, { url });
  const jwks = buildJose4jJwks(fetched.body);
  if (!jwks.ok) {
    const what = `the body${fetched.fromCache ? ' cached' : ''} for ${url} is not a JSON Web Key Set (${jwks.detail}): ${JSON.stringify(fetched.body.slice(0, 60))}`;
    return failure(core, jwks.uncaught ? 'jwks-server-error' : 'jwks-invalid', what);
  }

  const verified = verifyJws(token, jwks.keys, core.now());
  if (!verified.ok) return failure(core, verified.reason, verified.detail);
  const claims = verified.claims;
  if (claims.iss === 'Harness Inc') return failure(core, 'harness-issuer', "iss is 'Harness Inc'");
  const claim = claims[keyField];
  if (claim !== undefined && claim !== null && typeof claim !== 'string') {
    return failure(
      core,
      'claim-not-string',
      `claim '${keyField}' is a ${Array.isArray(claim) ? 'array' : typeof claim}, not a string`,
    );
  }
  if (typeof claim !== 'string' || claim === '' || javaTrim(claim) !== javaTrim(valueField)) {
    const seen = typeof claim === 'string' ? `'${claim}'` : 'absent';
    return failure(core, 'claim-mismatch', `claim '${keyField}' is ${seen}, the setting wants '${valueField}'`);
  }

  const saId = javaTrim(saSetting);
  const account = core.state.accountId;
  const now = core.now();
  let sa = core.jwt.serviceAccountCache.get(account);
  if (sa && now - sa.lastAccessedAt > FIVE_DAYS_MS) {
    core.jwt.serviceAccountCache.delete(account);
    sa = undefined;
  }
  if (sa?.identifier !== saId) {
    // Harness removes the JWKS cache entry here instead of this one (harmless but observable: a refetch).
    if (sa) core.jwt.jwksCache.delete(account);
    const found = core.state.serviceAccounts.find(
      (s) => s.identifier === saId && s.orgIdentifier === null && s.projectIdentifier === null,
    );
    if (!found) return failure(core, 'service-account-missing', `no account-level service account '${saId}'`, { saId });
    sa = { identifier: found.identifier, name: found.name, email: found.email, lastAccessedAt: now };
    core.jwt.serviceAccountCache.set(account, sa);
  }
  sa.lastAccessedAt = now;
  const principal: Principal = { type: 'SERVICE_ACCOUNT', identifier: sa.identifier, name: sa.name, email: sa.email };
  return {
    ok: true,
    principal,
    tokenDto: {
      identifier: `JWT_SCIM_DUMMY_ID_${sa.identifier}`,
      name: sa.name,
      accountIdentifier: account,
      orgIdentifier: null,
      projectIdentifier: null,
      // getTokenDtoFromServiceAccountDto never sets `valid`, a primitive boolean: always false on success
      // (HC JWTTokenFlowAuthFilterUtils.java:376-388; 970-ng-commons/src/main/java/io/harness/ng/core/dto/TokenDTO.java:40).
      apiKeyIdentifier: null,
      parentIdentifier: sa.identifier,
      apiKeyType: 'SERVICE_ACCOUNT',
      valid: false,
      validFrom: null,
      validTo: null,
      email: sa.email,
      username: sa.name,
      encodedPassword: null,
    },
  };
}

function apiKeyFlow(
  core: EmulatorCore,
  token: string,
  notJwt: TokenFailureReason | null,
  accountId: string,
): TokenValidation {
  const result = checkApiKey(core, token, accountId);
  if (result.ok) {
    const r = result.record;
    return {
      ok: true,
      principal: result.principal,
      tokenDto: {
        identifier: r.tokenId,
        name: r.name,
        validFrom: r.validFrom,
        validTo: r.validTo,
        scheduledExpireTime: null,
        valid: true,
        accountIdentifier: core.state.accountId,
        orgIdentifier: null,
        projectIdentifier: null,
        apiKeyIdentifier: `${r.principalId}_key`,
        parentIdentifier: r.principalId,
        apiKeyType: r.kind === 'pat' ? 'USER' : 'SERVICE_ACCOUNT',
        description: null,
        tags: {},
        email: result.principal.email,
        username: result.principal.name,
        encodedPassword: null,
      },
    };
  }
  switch (result.reason) {
    case 'not-found':
      return failure(
        core,
        notJwt ?? 'api-key-not-found',
        notJwt === 'not-jwt-flag-off'
          ? 'feature flag PL_SUPPORT_JWT_TOKEN_SCIM_API is off: parsed as an API key'
          : result.detail,
        { tokenId: result.tokenId },
      );
    case 'expired':
      return failure(core, 'api-key-expired', result.detail);
    case 'invalid':
      return failure(core, 'api-key-invalid', result.detail);
  }
}

/**
 * Validates a token for the emulated account (TokenServiceImpl.validateToken, HC
 * 120-ng-manager/src/main/java/io/harness/ng/core/api/impl/TokenServiceImpl.java:388-400); `lastFailure`
 * afterwards tells why it was refused, if it was. `accountId` is the account the request names.
 */
export async function validateToken(
  core: EmulatorCore,
  token: string,
  accountId: string = core.state.accountId,
): Promise<TokenValidation> {
  core.jwt.lastFailure = undefined;
  if (core.state.featureFlagOn) {
    const shape = classify(token);
    if ('fail' in shape) return failure(core, shape.fail, shape.detail);
    if (shape.jwt) return jwtFlow(core, token);
    return apiKeyFlow(core, token, shape.typ ? 'not-jwt-typ' : null, accountId);
  }
  // With the flag off a JWT is looked up as a legacy 3-part API key whose token id is its payload.
  const parts = javaSplitDot(token);
  const looksLikeJwt = parts.length === 3 && !/^(pat|sat)$/i.test(parts[0] ?? '');
  return apiKeyFlow(core, token, looksLikeJwt ? 'not-jwt-flag-off' : null, accountId);
}

/**
 * Authenticates an NG (non-SCIM) call as NextGenAuthenticationFilter does (HC
 * 965-ng-filter/src/main/java/io/harness/security/NextGenAuthenticationFilter.java:74-100,153-158): the
 * `x-api-key` value goes through the same validation as token/validate, so with the SCIM JWT flag on an
 * IdP's JWT authenticates as the configured service account on every NG and access-control endpoint,
 * not only SCIM. Any refusal is the filter's 401 "Token is not valid.".
 */
export async function authenticateNg(core: EmulatorCore, ctx: RequestContext): Promise<Principal> {
  const key = apiKeyHeader(ctx);
  const account = requestAccount(ctx) ?? core.state.accountId;
  const shape = core.state.featureFlagOn ? classify(key) : undefined;
  if (shape !== undefined && 'jwt' in shape && shape.jwt) {
    const result = await validateToken(core, key, account);
    if (!result.ok) throw invalidToken(ctx);
    return result.principal;
  }
  // API keys: checked without touching the JWT flow's last-failure record.
  const result = checkApiKey(core, key, account);
  if (!result.ok) throw invalidToken(ctx);
  return result.principal;
}
