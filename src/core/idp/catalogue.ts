/**
 * THE identity-provider catalogue: one entry per provider and token kind, in recognition order
 * (the first entry whose issuer — or, failing that, whose shape — fits wins). Adding a provider is
 * adding one entry here; recognition, the proposed settings, the verdict texts, the doctor, the
 * CLI's `suggest` and docs/identity-providers.md all read this table.
 */
import { bareHost, hasString, isAtJwt, issuerBase, noTyp, str, typ, underIssuer, withQuery } from './shape';
import type { IdpEntry, TokenShape } from './types';

const OKTA_HOST = String.raw`https://[a-z0-9-]+\.(?:okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com`;
const GUID = '[0-9a-fA-F-]{36}';
const GRAPH_AUDIENCES = new Set([
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  '00000003-0000-0000-c000-000000000000',
]);

const SHARED_KEYS = (who: string): string =>
  `The key set is shared by ${who}, and Harness checks neither iss nor aud: key on a claim only your caller can obtain, never on aud (inferred).`;
const NO_TYP_OPTIONS_NONE =
  'Harness reads a token as a JWT only when its header has a typ containing "jwt"; no claim setting can change that.';

const isGraph = (t: TokenShape): boolean => 'nonce' in t.header || GRAPH_AUDIENCES.has(str(t.payload.aud) ?? '');

/**
 * Entra's clouds: the v1.0 issuer host (sts.*) and the v2.0 / key set host (login.*). Global,
 * China (21Vianet) and US Government, from MSAL's cloud instance aliases and Microsoft's national
 * cloud endpoints page. A US Government v1.0 issuer on login.microsoftonline.us is inferred.
 */
const ENTRA_V1 = new RegExp(
  `^https://(sts\\.windows\\.net|sts\\.chinacloudapi\\.cn|login\\.microsoftonline\\.us)/(${GUID})/$`,
  'i',
);
const ENTRA_V2 = new RegExp(
  `^https://(login\\.microsoftonline\\.com|login\\.microsoftonline\\.us|login\\.partner\\.microsoftonline\\.cn|login\\.chinacloudapi\\.cn)/(${GUID})/v2\\.0$`,
  'i',
);
const ENTRA_LOGIN_HOST: Readonly<Record<string, string>> = {
  'sts.windows.net': 'login.microsoftonline.com',
  'sts.chinacloudapi.cn': 'login.partner.microsoftonline.cn',
};
/** `https://{login host}/{tid}/discovery{version}/keys` for an Entra issuer of either version; undefined for any other. */
function entraKeys(iss: string, version: '' | '/v2.0'): string | undefined {
  const m = ENTRA_V1.exec(iss) ?? ENTRA_V2.exec(iss);
  if (!m?.[1] || !m[2]) return undefined;
  const host = m[1].toLowerCase();
  return `https://${ENTRA_LOGIN_HOST[host] ?? host}/${m[2].toLowerCase()}/discovery${version}/keys`;
}

/** Azure AD B2C names the user flow (policy) in tfp, or in acr when the tenant is set to: B2C_1_… or B2C_1A_…. */
const b2cPolicy = (t: TokenShape): string | undefined => {
  const p = str(t.payload.tfp) ?? str(t.payload.acr);
  return p !== undefined && /^b2c_1a?_[a-z0-9_.-]{1,100}$/i.test(p) ? p : undefined;
};
const B2C_ISSUER = new RegExp(`^https://[^/?#\\s]+/(${GUID})/v2\\.0/$`, 'i');

/** GitLab's CI job token: the id_tokens claims, or the legacy CI_JOB_JWT's (sub job_{id}, iss a bare host). */
const isGitLabJob = (t: TokenShape): boolean =>
  hasString(t, 'project_path') &&
  hasString(t, 'namespace_path') &&
  (hasString(t, 'pipeline_id') || hasString(t, 'job_id') || (str(t.payload.sub) ?? '').startsWith('project_path:'));

export const CATALOGUE: readonly IdpEntry[] = [
  {
    id: 'okta-custom',
    name: 'Okta (custom authorization server)',
    issuer: new RegExp(`^${OKTA_HOST}/oauth2/(?!v1$)[^/]+$`, 'i'),
    lookalike: (t) =>
      hasString(t, 'cid') &&
      (str(t.payload.jti) ?? '').startsWith('AT.') &&
      /\/oauth2\/[^/]+$/.test(str(t.payload.iss) ?? ''),
    issuerText: 'https://{org}.okta.com/oauth2/{asId} (or a custom domain)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/v1/keys') },
    jwksText: '{iss}/v1/keys',
    keyFields: ['cid'],
    keyFieldReason:
      'cid is the client id of the application that asked for the token (sub holds it too in client-credentials tokens).',
    harness: 'no',
    harnessText: 'No: access tokens have no typ in the header, by design.',
    refusals: {
      typ:
        'Okta custom authorization servers never put typ in access tokens, so Harness refuses them. No Okta setting adds it (none found; unsourced). ' +
        'Options: an Okta org authorization server service-app token (typ application/okta-internal-at+jwt; okta.* scopes with private_key_jwt only) passes Harness today, but Okta says its format may change at any time; or mint the SCIM token with a provider whose tokens carry typ.',
    },
    pitfalls: [
      'scp is an array and ver a number: neither can be the key field.',
      'Okta rotates keys about four times a year; Harness keeps a key set for days under an unchanged URL.',
    ],
    sources: [
      'https://support.okta.com/help/s/article/the-typ-field-is-missing-from-the-access-token-header',
      'https://developer.okta.com/docs/reference/api/oidc/',
      'https://developer.okta.com/docs/guides/implement-client-creds/',
    ],
  },
  {
    id: 'okta-org',
    name: 'Okta (org authorization server)',
    issuer: new RegExp(`^${OKTA_HOST}/?$`, 'i'),
    // On a custom domain the issuer is the bare origin; org tokens from before Okta set typ have none.
    lookalike: (t) =>
      /^application\/okta-internal-at\+jwt$/i.test(typ(t) ?? '') ||
      (noTyp(t) &&
        hasString(t, 'cid') &&
        (str(t.payload.jti) ?? '').startsWith('AT.') &&
        ['', '/'].includes(issuerBase(str(t.payload.iss) ?? '')?.pathname ?? '-')),
    issuerText: 'https://{org}.okta.com (or a custom domain)',
    jwks: {
      kind: 'derive',
      url: (iss) => {
        const base = issuerBase(iss);
        return base ? underIssuer(base.origin, '/oauth2/v1/keys') : undefined;
      },
    },
    jwksText: 'https://{org}.okta.com/oauth2/v1/keys',
    keyFields: ['cid'],
    keyFieldReason: 'cid is the client id of the service app (sub holds it too; inferred).',
    harness: 'yes-unsupported',
    harnessText:
      'Yes today (typ application/okta-internal-at+jwt contains "jwt"), but Okta says these tokens are for Okta alone and their format may change at any time.',
    refusals: {
      'key-not-found':
        "Okta published the org authorization server's signing key only from its March 2024 release; before that it was not in /oauth2/v1/keys.",
      typ: 'This Okta org authorization server token has no typ, so Harness refuses it. Org tokens issued before Okta began writing typ application/okta-internal-at+jwt have none (inferred: we found no date). A token minted today should carry it; check a fresh one.',
    },
    pitfalls: [
      'Okta says org authorization server tokens are to be treated as opaque and may change format without notice: Harness could stop accepting them any day.',
      'The lifetime is fixed at 60 minutes.',
    ],
    sources: [
      'https://support.okta.com/help/s/article/Signature-Validation-Failed-on-Access-Token',
      'https://developer.okta.com/docs/guides/validate-access-tokens/',
      'https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/',
    ],
  },
  {
    id: 'entra-graph',
    name: 'Microsoft Entra ID (token for Microsoft Graph)',
    issuer: new RegExp(`${ENTRA_V1.source}|${ENTRA_V2.source}`, 'i'),
    when: isGraph,
    issuerText: 'https://sts.windows.net/{tid}/ (aud https://graph.microsoft.com)',
    jwks: { kind: 'derive', url: (iss) => entraKeys(iss, '') },
    jwksText: 'https://login.microsoftonline.com/{tid}/discovery/keys',
    keyFields: ['appid'],
    keyFieldReason: 'appid would name the client app, but a Graph token never verifies outside Microsoft.',
    harness: 'no',
    harnessText:
      "No: a Graph token's signature is computed over a transformed nonce and fails everywhere but Microsoft Graph.",
    signsTransformedNonce: true,
    refusals: {
      signature:
        'This is an Entra token for Microsoft Graph: its header carries a nonce and its signature is computed over a transformed nonce, so it verifies nowhere but Graph. ' +
        'Option: request the token for your own API instead (scope api://{your-api-app-id}/.default).',
    },
    pitfalls: [
      'Whether app-only Graph tokens always carry the nonce is not settled (unsourced); Microsoft says tokens for its own APIs cannot be validated.',
    ],
    sources: [
      'https://learn.microsoft.com/entra/identity-platform/access-tokens',
      'https://github.com/AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet/issues/609',
    ],
  },
  {
    id: 'entra-v1',
    name: 'Microsoft Entra ID (v1.0 access token)',
    issuer: ENTRA_V1,
    issuerText: 'https://sts.windows.net/{tid}/ (China: sts.chinacloudapi.cn)',
    jwks: { kind: 'derive', url: (iss) => entraKeys(iss, '') },
    jwksText: 'https://login.microsoftonline.com/{tid}/discovery/keys (China: login.partner.microsoftonline.cn)',
    keyFields: ['appid'],
    keyFieldReason:
      "appid is the client app id in v1.0 tokens; only holders of that app's credential can get it (inferred).",
    harness: 'yes',
    harnessText: 'Yes.',
    refusals: {
      'claim-missing':
        "Entra v1.0 tokens name the client in appid; azp exists only in v2.0 tokens. The API app's accessTokenAcceptedVersion (null or 1 → v1.0, 2 → v2.0) decides which you get.",
      'key-not-found':
        "Use the key set of the token's version (…/discovery/keys for v1.0). A token signed under a claims-mapping policy uses a custom key published only at …/discovery/keys?appid={app-id}.",
    },
    sharedKeysWith: 'every Entra tenant',
    pitfalls: [
      "v1.0 vs v2.0 is decided by the API app's accessTokenAcceptedVersion: v1.0 names the caller in appid, v2.0 in azp. Changing it changes the key field.",
      SHARED_KEYS('every Entra tenant'),
      'Request the token for your own API (scope api://{app}/.default), never for Microsoft Graph.',
    ],
    sources: [
      'https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference',
      'https://learn.microsoft.com/entra/identity-platform/access-tokens',
    ],
  },
  {
    id: 'entra-v2',
    name: 'Microsoft Entra ID (v2.0 access token)',
    issuer: ENTRA_V2,
    issuerText:
      'https://login.microsoftonline.com/{tid}/v2.0 (US Government: login.microsoftonline.us; China: login.partner.microsoftonline.cn)',
    jwks: { kind: 'derive', url: (iss) => entraKeys(iss, '/v2.0') },
    jwksText: 'https://{login host}/{tid}/discovery/v2.0/keys',
    keyFields: ['azp'],
    keyFieldReason:
      "azp is the client app id in v2.0 tokens; only holders of that app's credential can get it (inferred).",
    harness: 'yes',
    harnessText: 'Yes.',
    refusals: {
      'claim-missing':
        "Entra v2.0 tokens name the client in azp; appid exists only in v1.0 tokens. The API app's accessTokenAcceptedVersion (null or 1 → v1.0, 2 → v2.0) decides which you get.",
      'key-not-found':
        "Use the key set of the token's version (…/discovery/v2.0/keys for v2.0). A token signed under a claims-mapping policy uses a custom key published only at …?appid={app-id}.",
    },
    sharedKeysWith: 'every Entra tenant',
    pitfalls: [
      "v1.0 vs v2.0 is decided by the API app's accessTokenAcceptedVersion: v1.0 names the caller in appid, v2.0 in azp. Changing it changes the key field.",
      SHARED_KEYS('every Entra tenant'),
      'Whether the v1.0 and v2.0 key URLs serve the same keys is not settled (unsourced): use the one matching the token.',
    ],
    sources: [
      'https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference',
      'https://learn.microsoft.com/entra/identity-platform/access-tokens',
      'https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud',
    ],
  },
  {
    id: 'azure-b2c',
    name: 'Azure AD B2C',
    issuer: B2C_ISSUER,
    // On b2clogin.com the host says B2C; on a custom domain or the retired login.microsoftonline.com the user flow claim does.
    when: (t) => /\.b2clogin\.com\//i.test(str(t.payload.iss) ?? '') || b2cPolicy(t) !== undefined,
    lookalike: (t) => b2cPolicy(t) !== undefined && (str(t.payload.iss) ?? '').endsWith('/v2.0/'),
    issuerText: 'https://{tenant}.b2clogin.com/{tid}/v2.0/ (or a custom domain)',
    jwks: {
      kind: 'derive',
      url: (iss, t) => {
        const m = B2C_ISSUER.exec(iss);
        const base = m?.[1] !== undefined ? issuerBase(iss) : undefined;
        return base && m?.[1]
          ? withQuery(underIssuer(`${base.origin}/${m[1]}`, '/discovery/v2.0/keys'), 'p', b2cPolicy(t))
          : undefined;
      },
      certainty: 'inferred',
    },
    discoveryDocument: (iss, t) => withQuery(underIssuer(iss, '/.well-known/openid-configuration'), 'p', b2cPolicy(t)),
    jwksText: 'https://{tenant}.b2clogin.com/{tid}/discovery/v2.0/keys?p={user flow} (keys per user flow)',
    keyFields: ['azp', 'oid'],
    keyFieldReason:
      'azp is the client app id in B2C access tokens; sub is often the constant placeholder "Not supported currently. Use oid claim." and never names a caller.',
    harness: 'yes',
    harnessText: 'Yes (typ JWT); the key set is per user flow.',
    refusals: {
      'key-not-found':
        'Azure AD B2C publishes keys per user flow: the JWKS URL needs ?p={the user flow in tfp or acr}, and a token from another user flow may be signed by another key.',
    },
    pitfalls: [
      'Each user flow (policy) has its own key set URL (?p=…); a token from another flow may not verify.',
      'sub can be the placeholder "Not supported currently. Use oid claim.": it is the same for everyone, never key on it.',
    ],
    sources: [
      'https://learn.microsoft.com/azure/active-directory-b2c/tokens-overview',
      'https://learn.microsoft.com/azure/active-directory-b2c/client-credentials-grant-flow',
    ],
  },
  {
    id: 'auth0-rfc9068',
    name: 'Auth0 (RFC 9068 token profile)',
    issuer: /^https:\/\/[a-z0-9-]+(?:\.[a-z]{2})?\.auth0\.com\/$/i,
    when: isAtJwt,
    lookalike: (t) => isAtJwt(t) && hasString(t, 'client_id') && (str(t.payload.sub) ?? '').endsWith('@clients'),
    issuerText: 'https://{tenant}.{region}.auth0.com/ (or a custom domain)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/.well-known/jwks.json') },
    jwksText: '{iss}.well-known/jwks.json',
    keyFields: ['client_id'],
    keyFieldReason: "client_id is the application's client id in the RFC 9068 profile (sub is {client_id}@clients).",
    harness: 'yes',
    harnessText: 'Yes (typ at+jwt contains "jwt").',
    refusals: {
      'claim-missing':
        'Switching the Auth0 API between the default and RFC 9068 profiles renames the client id claim (azp ↔ client_id): make the key field follow.',
      algorithm:
        'This Auth0 API signs with HS256, a secret that is not in the public key set (inferred). Option: an API created with RS256 (the algorithm is chosen when the API is created).',
    },
    pitfalls: [
      "Changing the API's token profile renames the client id claim (client_id ↔ azp).",
      'An API registered with HS256 cannot be verified with the public key set (inferred).',
    ],
    sources: [
      'https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles',
      'https://github.com/reshaprio/reshapr/pull/376',
    ],
  },
  {
    id: 'auth0',
    name: 'Auth0 (default token profile)',
    issuer: /^https:\/\/[a-z0-9-]+(?:\.[a-z]{2})?\.auth0\.com\/$/i,
    lookalike: (t) => hasString(t, 'gty') && hasString(t, 'azp') && (str(t.payload.sub) ?? '').endsWith('@clients'),
    issuerText: 'https://{tenant}.{region}.auth0.com/ (or a custom domain)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/.well-known/jwks.json') },
    jwksText: '{iss}.well-known/jwks.json',
    keyFields: ['azp'],
    keyFieldReason: "azp is the application's client id in the default profile (sub is {client_id}@clients).",
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: {
      'claim-missing':
        'Switching the Auth0 API between the default and RFC 9068 profiles renames the client id claim (azp ↔ client_id): make the key field follow.',
      algorithm:
        'This Auth0 API signs with HS256, a secret that is not in the public key set (inferred). Option: an API created with RS256 (the algorithm is chosen when the API is created).',
    },
    pitfalls: [
      "Changing the API's token profile renames the client id claim (azp ↔ client_id).",
      'The default lifetime is 24 hours.',
      'An API registered with HS256 cannot be verified with the public key set (inferred).',
    ],
    sources: [
      'https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles',
      'https://auth0.com/docs/secure/tokens/access-tokens/update-access-token-lifetime',
      'https://auth0.com/docs/customize/actions/explore-triggers/credentials-exchange',
    ],
  },
  {
    id: 'keycloak',
    name: 'Keycloak',
    issuer: /^https?:\/\/[^/]+(?:\/auth)?\/realms\/[^/]+$/i,
    // Behind a path prefix (https://host/sso/realms/x) the issuer pattern misses; the realm path and azp still say Keycloak.
    lookalike: (t) => /\/realms\/[^/]+$/.test(str(t.payload.iss) ?? '') && hasString(t, 'azp'),
    issuerText:
      'https://{host}/realms/{realm} (before Keycloak 17, and on the legacy WildFly distribution: /auth/realms/{realm})',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/protocol/openid-connect/certs') },
    jwksText: '{iss}/protocol/openid-connect/certs (the same under /auth)',
    keyFields: ['azp'],
    keyFieldReason:
      'azp always holds the client id; the dedicated claim was renamed (clientId → client_id), so azp is the stable choice.',
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: {
      'claim-missing':
        'Keycloak renamed the service-account claim: older clients carry clientId, clients given a service account after 2023 carry client_id. Key on azp, which every token has.',
      'jwks-unreachable':
        "Harness fetches the realm's certs URL from its own servers: a Keycloak on localhost or a private network cannot be reached.",
    },
    pitfalls: [
      'The clientId / client_id rename (and the service_account client scope since Keycloak 26) changes the dedicated claim; prefer azp.',
      "sub is the service-account user's UUID, not the client id.",
      'The certs URL must be reachable from Harness SaaS.',
    ],
    sources: [
      'https://github.com/keycloak/keycloak/issues/16329',
      'https://github.com/keycloak/keycloak/pull/34664',
      'https://phasetwo.io/tutorials/clients/service-accounts/',
      'https://www.keycloak.org/migration/migrating-to-quarkus',
    ],
  },
  {
    id: 'google',
    name: 'Google (service-account ID token)',
    issuer: /^(?:https:\/\/)?accounts\.google\.com$/i,
    issuerText: 'https://accounts.google.com',
    jwks: { kind: 'derive', url: () => 'https://www.googleapis.com/oauth2/v3/certs' },
    jwksText: 'https://www.googleapis.com/oauth2/v3/certs',
    keyFields: ['sub'],
    keyFieldReason:
      "sub is the service account's unique id; every Google account shares the keys and aud is the caller's choice (inferred).",
    harness: 'yes',
    harnessText: 'Yes (typ JWT); use an ID token, Google Cloud access tokens are opaque.',
    refusals: {
      typ: 'This Google ID token has no typ, so Harness refuses it. Google ID tokens published from 2017 carry only alg and kid; those published from 2020 on carry typ JWT. Mint a fresh one (gcloud auth print-identity-token, generateIdToken) and check its header.',
      malformed:
        'Google Cloud access tokens (ya29.…) are not JWTs. Use a service-account ID token (generateIdToken, the metadata server, gcloud auth print-identity-token).',
    },
    sharedKeysWith: 'every Google account',
    pitfalls: [
      SHARED_KEYS('every Google account'),
      'email appears only with includeEmail; azp is the unique id from the metadata server but the e-mail from a key file, so do not key on azp.',
    ],
    sources: [
      'https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateIdToken',
      'https://developers.google.com/identity/openid-connect/reference',
      'https://cloud.google.com/docs/authentication/token-types',
    ],
  },
  {
    id: 'cognito',
    name: 'Amazon Cognito (user pool access token)',
    issuer: /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9-]+_[a-z0-9]+$/i,
    issuerText: 'https://cognito-idp.{region}.amazonaws.com/{poolId}',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/.well-known/jwks.json') },
    jwksText: '{iss}/.well-known/jwks.json',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id is the app client id (sub holds it too in client-credentials tokens).',
    harness: 'no',
    harnessText: 'No: access tokens have only kid and alg in the header.',
    refusals: {
      typ:
        'Amazon Cognito access tokens carry only kid and alg in the header (no typ), so Harness refuses them. The pre-token-generation Lambda changes claims, not the header (inferred). ' +
        `No Cognito-side workaround is known (unsourced). ${NO_TYP_OPTIONS_NONE} Option: mint the SCIM token with another provider.`,
    },
    pitfalls: ['Client credentials return only an access token, no ID token.'],
    sources: [
      'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html',
      'https://github.com/panva/oauth4webapi/issues/118',
    ],
  },
  {
    id: 'pingone',
    name: 'PingOne',
    issuer: /^https:\/\/auth\.pingone\.(?:com|eu|asia|ca|com\.au)\/[0-9a-f-]+\/as$/i,
    issuerText: 'https://auth.pingone.com/{envId}/as',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/jwks') },
    jwksText: '{iss}/jwks',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the application; client-credentials tokens have no sub.',
    harness: 'only-with-typ',
    harnessText: 'Only when the token carries typ at+jwt: optional today, always from 2 March 2027.',
    refusals: {
      typ:
        'This PingOne token has no typ, so Harness refuses it. PingOne documents typ at+jwt as optional today and always present from 2 March 2027. ' +
        'Options: wait for 2 March 2027, or find the PingOne setting that adds typ earlier (not found in our sources; unsourced).',
    },
    pitfalls: [
      'PingOne access tokens carry typ at+jwt always from 2 March 2027; until then some do not, and Harness refuses those.',
      'Client-credentials tokens have no sub: key on client_id.',
    ],
    sources: [
      'https://developer.pingidentity.com/pingone-api/foundations/authentication-concepts/access-tokens-and-id-tokens/token-claims.html',
      'https://docs.pingidentity.com/pingone/applications/p1_customize_access_token.html',
    ],
  },
  {
    id: 'onelogin',
    name: 'OneLogin',
    issuer: /^https:\/\/(?:[a-z0-9-]+\.onelogin\.com\/oidc\/2|openid-connect\.onelogin\.com\/oidc)$/i,
    issuerText: 'https://{subdomain}.onelogin.com/oidc/2',
    jwks: {
      kind: 'discovery',
      why: "OneLogin's key set path is not in our sources (unsourced): read jwks_uri from the discovery document.",
    },
    jwksText: 'jwks_uri of {iss}/.well-known/openid-configuration (path unsourced)',
    keyFields: [],
    keyFieldReason:
      "OneLogin's client-credentials claim names are not in our sources (unsourced): check the proposed claim against a real token.",
    harness: 'likely',
    harnessText: 'Likely (typ JWT in a 2018 sample); the claims are unverified.',
    refusals: {},
    pitfalls: [
      "OneLogin's custom claims map user attributes, which a client-credentials token has none of (inferred).",
    ],
    sources: [
      'https://developers.onelogin.com/openid-connect/api/client-credentials-grant',
      'https://developers.onelogin.com/api-docs/2/api-authorization/add-claim',
    ],
  },
  {
    id: 'github-actions',
    name: 'GitHub Actions (OIDC)',
    // GitHub.com, an enterprise's own issuer (…/{enterprise}), GHE.com data residency, and Enterprise Server.
    issuer:
      /^https:\/\/(?:token\.actions\.githubusercontent\.com(?:\/[A-Za-z0-9_.-]+)?|token\.actions\.[a-z0-9-]+\.ghe\.com|[^/?#\s@]+\/_services\/token)$/i,
    lookalike: (t) =>
      (str(t.payload.sub) ?? '').startsWith('repo:') &&
      hasString(t, 'repository') &&
      hasString(t, 'run_id') &&
      hasString(t, 'repository_owner'),
    issuerText:
      'https://token.actions.githubusercontent.com (enterprise issuer: …/{enterprise}; GHES: https://{host}/_services/token)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/.well-known/jwks') },
    jwksText: '{iss}/.well-known/jwks',
    keyFields: ['sub'],
    keyFieldReason:
      'sub names the repository (and, with a protected environment, the environment): repo:{org}/{repo}:environment:{env} (inferred).',
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: {
      'claim-mismatch':
        "sub changes with the trigger (branch, pull request, environment) and with the repository's sub template: key on repository, or run the job in a protected environment.",
    },
    sharedKeysWith: 'every GitHub workflow',
    pitfalls: [
      SHARED_KEYS('every GitHub workflow'),
      'Avoid job_workflow_ref when the workflow is a reusable one hosted elsewhere (inferred).',
      'run_id, run_number and run_attempt change with every run: never key on them.',
      "Token lifetime is not fixed in our sources (5 minutes in GitHub's example, 6 hours seen in 2025).",
    ],
    sources: [
      'https://docs.github.com/actions/reference/openid-connect-reference',
      'https://github.com/github/actions-oidc-debugger',
      'https://docs.github.com/enterprise-server@3.14/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect',
    ],
  },
  {
    id: 'gitlab-ci',
    name: 'GitLab CI (id_tokens)',
    issuer: /^(?:https:\/\/)?gitlab\.com$/i,
    when: isGitLabJob,
    lookalike: isGitLabJob,
    issuerText: 'https://gitlab.com or the instance URL (legacy CI_JOB_JWT: the bare host, gitlab.com)',
    jwks: {
      kind: 'derive',
      // The legacy CI_JOB_JWT names its instance by host alone; its keys are at /-/jwks.
      url: (iss) => {
        const host = bareHost(iss);
        return host !== undefined
          ? underIssuer(`https://${host}`, '/-/jwks')
          : underIssuer(iss, '/oauth/discovery/keys');
      },
      convention: true,
    },
    jwksText: '{iss}/oauth/discovery/keys (legacy CI_JOB_JWT: https://{iss}/-/jwks)',
    keyFields: ['project_path'],
    keyFieldReason:
      'project_path ({group}/{project}) names the project whose job asked; the key set is shared by every project on the instance.',
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: {
      'claim-mismatch':
        'In merge-request pipelines from forks, project_* claims name the fork; a project can also change its sub format.',
      'claim-not-string': 'runner_id is a number: key on project_path or sub.',
    },
    sharedKeysWith: 'every project on the instance',
    pitfalls: [
      SHARED_KEYS('every project on the instance'),
      'For merge-request pipelines from forks, project_* claims name the fork; job_project_* name the project the job runs in.',
      'A project can change its sub format, which silently breaks a sub key field.',
      'The legacy CI_JOB_JWT (iss a bare host, sub job_{id}: a new value every job) was removed in GitLab 17.0; use id_tokens.',
    ],
    sources: [
      'https://docs.gitlab.com/ci/secrets/id_token_authentication/',
      'https://gitlab.com/gitlab-org/gitlab/-/work_items/563038',
      'https://gitlab.com/gitlab-org/gitlab/-/blob/dffaa0935ce686478c59a6e84294f87dd3217d93/app/controllers/jwks_controller.rb',
      'https://docs.gitlab.com/update/deprecations/',
    ],
  },
  {
    id: 'spring-as',
    name: 'Spring Authorization Server',
    // 0.1.x wrote typ JWT on every token; from 0.2.0 typ is written only when set.
    lookalike: (t) =>
      (noTyp(t) || typ(t) === 'JWT') &&
      Object.keys(t.header).every((k) => k === 'alg' || k === 'kid' || k === 'typ' || k === 'x5t#S256') &&
      Array.isArray(t.payload.scope) &&
      typeof t.payload.nbf === 'number' &&
      hasString(t, 'sub') &&
      (t.payload.aud === t.payload.sub || (Array.isArray(t.payload.aud) && t.payload.aud.includes(t.payload.sub))),
    issuerText: 'configured',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/oauth2/jwks'), convention: true },
    jwksText: '{iss}/oauth2/jwks (default endpoint; discovery decides)',
    keyFields: ['sub'],
    keyFieldReason: 'sub is the client id in client-credentials tokens (aud holds it too, as an array).',
    harness: 'no-by-default',
    harnessText:
      'No by default since 0.2.0: typ is written only when a customizer sets it. 0.1.x wrote typ JWT on every token, and those pass.',
    refusals: {
      typ:
        'Spring Authorization Server writes typ only when set (since 0.2.0; 0.1.x wrote typ JWT), so by default Harness refuses its tokens. ' +
        'Option: in an OAuth2TokenCustomizer<JwtEncodingContext>, call context.getJwsHeader().type("JWT"); that should make them pass (inferred).',
    },
    pitfalls: ['scope is an array and aud an array: neither can be the key field.'],
    sources: [
      'https://github.com/spring-projects/spring-authorization-server/blob/main/oauth2-authorization-server/src/main/java/org/springframework/security/oauth2/server/authorization/token/JwtGenerator.java',
      'https://github.com/spring-projects/spring-security/issues/18325',
      'https://github.com/spring-projects/spring-authorization-server/blob/0.1.0/oauth2-authorization-server/src/main/java/org/springframework/security/oauth2/jwt/NimbusJwsEncoder.java#L114',
    ],
  },
  {
    id: 'duende',
    name: 'Duende IdentityServer',
    // Access tokens (typ at+jwt, no sub for clients), and ID tokens of a local login (idp "local", amr an array).
    lookalike: (t) =>
      (isAtJwt(t) && hasString(t, 'client_id') && Array.isArray(t.payload.scope) && !('sub' in t.payload)) ||
      (typ(t) === 'JWT' && t.payload.idp === 'local' && Array.isArray(t.payload.amr) && hasString(t, 'sid')),
    issuerText: 'the request URL unless IssuerUri is set',
    jwks: {
      kind: 'derive',
      url: (iss) => underIssuer(iss, '/.well-known/openid-configuration/jwks'),
      certainty: 'unsourced',
      convention: true,
    },
    jwksText: '{iss}/.well-known/openid-configuration/jwks (path unsourced)',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the client; client-credentials tokens have no sub by design.',
    harness: 'yes',
    harnessText: 'Yes (access tokens typ at+jwt, ID tokens typ JWT).',
    refusals: {
      typ: 'This IdentityServer token has no typ: its AccessTokenJwtType option was set to an empty value (inferred), and Harness refuses tokens without typ. Set it back to at+jwt (the default) or JWT.',
    },
    pitfalls: [
      'scope is an array by default: not usable as the key field.',
      'An ID token names a user (sub) and the client only in aud: mint an access token for the SCIM client instead.',
    ],
    sources: [
      'https://docs.duendesoftware.com/identityserver/reference/options',
      'https://github.com/DuendeSoftware/Support/issues/888',
      'https://docs.duendesoftware.com/identityserver/tokens/reference/',
    ],
  },
  {
    id: 'node-oidc-provider',
    name: 'node oidc-provider',
    lookalike: (t) =>
      isAtJwt(t) &&
      hasString(t, 'client_id') &&
      typeof t.payload.scope === 'string' &&
      hasString(t, 'jti') &&
      'aud' in t.payload,
    issuerText: 'configured',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/jwks'), convention: true },
    jwksText: '{iss}/jwks (default route; discovery decides)',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the client (sub holds it too when there is no user).',
    harness: 'yes',
    harnessText: 'Yes (typ at+jwt).',
    refusals: {
      algorithm:
        'An oidc-provider resource server configured with HS* (or JWE) gives tokens Harness cannot verify with a public key set.',
    },
    pitfalls: ['A resource server configured for HS* or JWE tokens cannot be verified by Harness.'],
    sources: ['https://github.com/panva/node-oidc-provider/blob/main/lib/models/formats/jwt.js'],
  },
  {
    id: 'zitadel',
    name: 'ZITADEL',
    issuer: /^https:\/\/[a-z0-9-]+\.zitadel\.cloud$/i,
    lookalike: (t) => Object.keys(t.payload).some((k) => k.startsWith('urn:zitadel:iam:')),
    issuerText: 'https://{instance}.zitadel.cloud (or your domain)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/oauth/v2/keys') },
    jwksText: '{iss}/oauth/v2/keys',
    keyFields: ['client_id', 'azp'],
    keyFieldReason:
      'client_id (azp in ID tokens) names the application or service user that asked; JWT access tokens must be switched on per application.',
    harness: 'unknown',
    harnessText: 'Unknown: whether its JWT access tokens carry typ is not in our sources (unsourced).',
    refusals: {
      malformed:
        'ZITADEL access tokens are opaque unless the application is set to "JWT" access tokens: switch that on, then mint the token again.',
    },
    pitfalls: ["Access tokens are opaque by default: set the application's access token type to JWT."],
    sources: [
      'https://zitadel.com/docs/apis/openidoauth/endpoints',
      'https://zitadel.com/docs/apis/openidoauth/claims',
    ],
  },
  {
    id: 'salesforce',
    name: 'Salesforce',
    issuer:
      /^https:\/\/(?:login|test)\.salesforce\.com$|^https:\/\/[a-z0-9-]+(?:--[a-z0-9]+)?\.(?:sandbox\.)?my\.salesforce\.com$/i,
    issuerText: 'https://login.salesforce.com, https://test.salesforce.com or https://{domain}.my.salesforce.com',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/id/keys') },
    jwksText: '{iss}/id/keys',
    keyFields: ['client_id'],
    keyFieldReason:
      "client_id is the connected app that asked for the token (inferred from Salesforce's JWT access token claims).",
    harness: 'unknown',
    harnessText:
      'Unknown: only JWT-based access tokens (a connected app setting) are JWTs; their typ is not in our sources.',
    refusals: {
      malformed:
        'Salesforce access tokens are opaque session ids unless the connected app issues JSON Web Token-based access tokens.',
    },
    pitfalls: [
      'Only connected apps set to issue JWT-based access tokens give a JWT; the default access token is opaque.',
    ],
    sources: [
      'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_jwt_access_tokens.htm',
      'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid_discovery_endpoint.htm',
    ],
  },
  {
    id: 'google-iap',
    name: 'Google Cloud Identity-Aware Proxy',
    issuer: /^https:\/\/cloud\.google\.com\/iap$/i,
    issuerText: 'https://cloud.google.com/iap',
    jwks: { kind: 'derive', url: () => 'https://www.gstatic.com/iap/verify/public_key-jwk' },
    jwksText: 'https://www.gstatic.com/iap/verify/public_key-jwk',
    keyFields: ['sub'],
    keyFieldReason: "sub is the signed-in identity's unique id (accounts.google.com:{id}); email can change.",
    harness: 'likely',
    harnessText:
      'Likely by shape (typ JWT, ES256), but IAP hands this token to the app behind it: a SCIM client never holds one of its own.',
    refusals: {},
    sharedKeysWith: 'every IAP-protected application',
    pitfalls: [
      SHARED_KEYS('every IAP-protected application'),
      'IAP signs the x-goog-iap-jwt-assertion header for the app behind the proxy; it is not a token a client requests.',
    ],
    sources: ['https://cloud.google.com/iap/docs/signed-headers-howto'],
  },
  {
    id: 'authentik',
    name: 'authentik',
    issuer: /^https?:\/\/[^/?#\s@]+(?:\/[^?#\s]*)?\/application\/o\/[a-z0-9_-]+\/?$/i,
    issuerText: 'https://{host}/application/o/{application slug}/',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/jwks/') },
    jwksText: '{iss}jwks/ (per application)',
    keyFields: ['azp'],
    keyFieldReason:
      "azp is the provider's client id; sub depends on the provider's subject mode and, for client credentials, names a service account.",
    harness: 'likely',
    harnessText: 'Likely (typ JWT, written by PyJWT by default; inferred).',
    refusals: {
      algorithm:
        'An authentik provider without a signing key signs with HS256 and the client secret: choose a signing key (certificate) in the provider.',
    },
    pitfalls: [
      'Each application has its own issuer and key set URL (the slug is in both).',
      'A provider without a signing key uses HS256, which Harness cannot verify with a key set.',
    ],
    sources: [
      'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/',
      'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/client_credentials',
    ],
  },
  {
    id: 'fusionauth',
    name: 'FusionAuth',
    lookalike: (t) =>
      hasString(t, 'tid') &&
      (hasString(t, 'applicationId') || hasString(t, 'authenticationType')) &&
      !('ver' in t.payload),
    issuerText: 'configured per tenant (default acme.com, not even a URL)',
    jwks: {
      kind: 'derive',
      url: (iss) => {
        const base = issuerBase(iss);
        return base ? underIssuer(base.origin, '/.well-known/jwks.json') : undefined;
      },
      certainty: 'inferred',
      convention: true,
    },
    jwksText: 'https://{FusionAuth host}/.well-known/jwks.json (the issuer is configured and may name another host)',
    keyFields: ['applicationId', 'sub'],
    keyFieldReason:
      'applicationId names the application the token was issued for; client-credentials tokens name the requesting entity in sub (inferred).',
    harness: 'yes',
    harnessText: 'Yes (typ JWT), when signed with an asymmetric key: the default key is HS256.',
    refusals: {
      algorithm:
        "FusionAuth signs with HS256 unless the application's access token signing key is an RSA or EC key: choose one in the application's JWT settings.",
    },
    pitfalls: [
      "The tenant's issuer is free text (default acme.com): the key set URL is the FusionAuth host's, which the token may not name.",
      'The default signing key is HS256, which Harness cannot verify with a key set.',
    ],
    sources: [
      'https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens',
      'https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints',
    ],
  },
  {
    id: 'ory-hydra',
    name: 'Ory Hydra / Ory Network',
    issuer: /^https:\/\/[a-z0-9-]+\.projects\.oryapis\.com\/?$/i,
    lookalike: (t) => hasString(t, 'client_id') && Array.isArray(t.payload.scp) && 'ext' in t.payload,
    issuerText: 'https://{project}.projects.oryapis.com (self-hosted: configured)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/.well-known/jwks.json'), convention: true },
    jwksText: '{iss}/.well-known/jwks.json',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the OAuth2 client (sub holds it too in client-credentials tokens).',
    harness: 'likely',
    harnessText:
      'Likely, once access tokens are JWTs (strategies.access_token jwt); the default is opaque. typ inferred.',
    refusals: {
      malformed:
        'Ory issues opaque access tokens by default: set strategies.access_token to jwt (or the per-client setting) and mint the token again.',
    },
    pitfalls: [
      'scp is an array and ext an object: neither can be the key field.',
      'Access tokens are opaque by default.',
    ],
    sources: ['https://www.ory.sh/docs/oauth2-oidc/jwt-access-token', 'https://www.ory.sh/docs/hydra/jwks'],
  },
  {
    id: 'aws-iam-identity-center',
    name: 'AWS IAM Identity Center',
    issuer: /^https:\/\/identitycenter\.amazonaws\.com\/ssoins-[0-9a-f]+$/i,
    issuerText: 'https://identitycenter.amazonaws.com/ssoins-{instance id}',
    jwks: {
      kind: 'discovery',
      why: "Identity Center's key set path is not in our sources (unsourced): read jwks_uri from the discovery document.",
    },
    jwksText: 'jwks_uri of {iss}/.well-known/openid-configuration (path unsourced)',
    keyFields: [],
    keyFieldReason:
      "Identity Center's access tokens are opaque; the idToken of CreateTokenWithIAM names a user, not a client (inferred): no claim to recommend.",
    harness: 'unknown',
    harnessText:
      'Unknown: its access tokens are opaque and its ID token is meant for the application that exchanged it.',
    refusals: {},
    pitfalls: [
      'Identity Center tokens are issued for AWS-managed applications and trusted identity propagation, not for a third-party API.',
    ],
    sources: [
      'https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateTokenWithIAM.html',
      'https://docs.aws.amazon.com/singlesignon/latest/userguide/trustedidentitypropagation-overview.html',
    ],
  },
  {
    id: 'pingfederate',
    name: 'PingFederate',
    issuerText: 'configured (not recognisable from a token)',
    jwks: {
      kind: 'discovery',
      why: "PingFederate's key set path is configured per server (/ext/{path}): read jwks_uri from the discovery document.",
    },
    jwksText: 'https://{pf}:{port}/ext/{JWKS Endpoint Path} (ID tokens: https://{pf}/pf/JWKS)',
    keyFields: ['client_id'],
    keyFieldReason:
      "client_id is the JSON token manager's default Client ID Claim Name; the rest of the attribute contract is configured per server.",
    harness: 'unknown',
    harnessText: 'Unknown: whether its JWT access tokens carry typ is not in our sources.',
    refusals: {},
    pitfalls: ['A token manager with symmetric keys or encryption gives tokens Harness cannot verify (inferred).'],
    sources: [
      'https://docs.pingidentity.com/pingfederate/latest/administrators_reference_guide/pf_configure_json_token_management.html',
    ],
  },
  {
    id: 'jumpcloud',
    name: 'JumpCloud',
    issuerText: 'https://oauth.id.jumpcloud.com/ (its OIDC single sign-on; not recognised from a token)',
    jwks: {
      kind: 'discovery',
      why: "JumpCloud's SSO key set is named by its discovery document; its service-account tokens are not documented as JWTs.",
    },
    jwksText: 'jwks_uri of https://oauth.id.jumpcloud.com/.well-known/openid-configuration',
    keyFields: [],
    keyFieldReason:
      "Not documented (unsourced): JumpCloud's OIDC tokens are ID tokens of a signed-in user, and its service accounts are for JumpCloud's own API.",
    harness: 'unknown',
    harnessText:
      "Unknown: its service accounts are documented only for JumpCloud's own API; its OIDC tokens are user ID tokens.",
    refusals: {},
    pitfalls: ['A JumpCloud SSO ID token names a user: it is no credential for a SCIM client.'],
    sources: ['https://jumpcloud.com/support/service-account-for-apis', 'https://jumpcloud.com/support/sso-with-oidc'],
  },
];
