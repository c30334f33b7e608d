/**
 * THE identity-provider catalogue: one entry per provider and token kind, in recognition order
 * (the first entry whose issuer — or, failing that, whose shape — fits wins). Adding a provider is
 * adding one entry here; recognition, the proposed settings, the verdict texts, the doctor, the
 * CLI's `suggest` and docs/identity-providers.md all read this table.
 */
import { hasString, isAtJwt, issuerPart, noTyp, origin, str, typ, withoutSlash, withSlash } from './shape';
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
const tenant = (iss: string, t: TokenShape): string | undefined =>
  issuerPart(iss, new RegExp(`/(${GUID})/`)) ?? str(t.payload.tid);

export const CATALOGUE: readonly IdpEntry[] = [
  {
    id: 'okta-custom',
    name: 'Okta (custom authorization server)',
    issuer: new RegExp(`^${OKTA_HOST}/oauth2/(?!v1$)[^/]+$`, 'i'),
    lookalike: (t) =>
      hasString(t, 'cid') &&
      (str(t.payload.jti) ?? '').startsWith('AT.') &&
      /\/oauth2\/[^/]+$/.test(str(t.payload.iss) ?? ''),
    issuerText: 'https://{org}.okta.com/oauth2/{asId}',
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/v1/keys` },
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
    lookalike: (t) => /^application\/okta-internal-at\+jwt$/i.test(typ(t) ?? ''),
    issuerText: 'https://{org}.okta.com',
    jwks: {
      kind: 'derive',
      url: (iss) => (origin(iss) !== undefined ? `${origin(iss) ?? ''}/oauth2/v1/keys` : undefined),
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
    issuer: new RegExp(`^https://(?:sts\\.windows\\.net/${GUID}/|login\\.microsoftonline\\.com/${GUID}/v2\\.0)$`, 'i'),
    when: isGraph,
    issuerText: 'https://sts.windows.net/{tid}/ (aud https://graph.microsoft.com)',
    jwks: {
      kind: 'derive',
      url: (iss, t) =>
        tenant(iss, t) !== undefined
          ? `https://login.microsoftonline.com/${tenant(iss, t) ?? ''}/discovery/keys`
          : undefined,
    },
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
    issuer: new RegExp(`^https://sts\\.windows\\.net/${GUID}/$`, 'i'),
    issuerText: 'https://sts.windows.net/{tid}/',
    jwks: {
      kind: 'derive',
      url: (iss, t) =>
        tenant(iss, t) !== undefined
          ? `https://login.microsoftonline.com/${tenant(iss, t) ?? ''}/discovery/keys`
          : undefined,
    },
    jwksText: 'https://login.microsoftonline.com/{tid}/discovery/keys',
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
    issuer: new RegExp(`^https://login\\.microsoftonline\\.com/${GUID}/v2\\.0$`, 'i'),
    issuerText: 'https://login.microsoftonline.com/{tid}/v2.0',
    jwks: {
      kind: 'derive',
      url: (iss, t) =>
        tenant(iss, t) !== undefined
          ? `https://login.microsoftonline.com/${tenant(iss, t) ?? ''}/discovery/v2.0/keys`
          : undefined,
    },
    jwksText: 'https://login.microsoftonline.com/{tid}/discovery/v2.0/keys',
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
    ],
  },
  {
    id: 'auth0-rfc9068',
    name: 'Auth0 (RFC 9068 token profile)',
    issuer: /^https:\/\/[a-z0-9-]+(?:\.[a-z]{2})?\.auth0\.com\/$/i,
    when: isAtJwt,
    lookalike: (t) => isAtJwt(t) && hasString(t, 'client_id') && (str(t.payload.sub) ?? '').endsWith('@clients'),
    issuerText: 'https://{tenant}.{region}.auth0.com/ (or a custom domain)',
    jwks: { kind: 'derive', url: (iss) => `${withSlash(iss)}.well-known/jwks.json` },
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
    jwks: { kind: 'derive', url: (iss) => `${withSlash(iss)}.well-known/jwks.json` },
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
    issuerText: 'https://{host}/realms/{realm} (old builds: /auth/realms/{realm})',
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/protocol/openid-connect/certs` },
    jwksText: '{iss}/protocol/openid-connect/certs',
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
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/.well-known/jwks.json` },
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
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/jwks` },
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
    issuer: /^https:\/\/(?:token\.actions\.githubusercontent\.com|[^/]+\/_services\/token)$/i,
    issuerText: 'https://token.actions.githubusercontent.com (GHES: https://{host}/_services/token)',
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/.well-known/jwks` },
    jwksText: '{iss}/.well-known/jwks (GHES path inferred)',
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
      "Token lifetime is not fixed in our sources (5 minutes in GitHub's example, 6 hours seen in 2025).",
    ],
    sources: [
      'https://docs.github.com/actions/reference/openid-connect-reference',
      'https://github.com/github/actions-oidc-debugger',
    ],
  },
  {
    id: 'gitlab-ci',
    name: 'GitLab CI (id_tokens)',
    issuer: /^https:\/\/gitlab\.com$/i,
    lookalike: (t) =>
      hasString(t, 'project_path') &&
      hasString(t, 'namespace_path') &&
      (str(t.payload.sub) ?? '').startsWith('project_path:'),
    issuerText: 'https://gitlab.com (or the instance URL)',
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/oauth/discovery/keys` },
    jwksText: '{iss}/oauth/discovery/keys (inferred for self-managed instances)',
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
    ],
    sources: [
      'https://docs.gitlab.com/ci/secrets/id_token_authentication/',
      'https://gitlab.com/gitlab-org/gitlab/-/work_items/563038',
    ],
  },
  {
    id: 'spring-as',
    name: 'Spring Authorization Server',
    lookalike: (t) =>
      noTyp(t) &&
      Object.keys(t.header).every((k) => k === 'alg' || k === 'kid' || k === 'x5t#S256') &&
      Array.isArray(t.payload.scope) &&
      typeof t.payload.nbf === 'number' &&
      hasString(t, 'sub') &&
      (t.payload.aud === t.payload.sub || (Array.isArray(t.payload.aud) && t.payload.aud.includes(t.payload.sub))),
    issuerText: 'configured',
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/oauth2/jwks` },
    jwksText: '{iss}/oauth2/jwks',
    keyFields: ['sub'],
    keyFieldReason: 'sub is the client id in client-credentials tokens (aud holds it too, as an array).',
    harness: 'no-by-default',
    harnessText: 'No by default: typ is written only when a customizer sets it.',
    refusals: {
      typ:
        'Spring Authorization Server writes typ only when set, so by default Harness refuses its tokens. ' +
        'Option: in an OAuth2TokenCustomizer<JwtEncodingContext>, call context.getJwsHeader().type("JWT"); that should make them pass (inferred).',
    },
    pitfalls: ['scope is an array and aud an array: neither can be the key field.'],
    sources: [
      'https://github.com/spring-projects/spring-authorization-server/blob/main/oauth2-authorization-server/src/main/java/org/springframework/security/oauth2/server/authorization/token/JwtGenerator.java',
      'https://github.com/spring-projects/spring-security/issues/18325',
    ],
  },
  {
    id: 'duende',
    name: 'Duende IdentityServer',
    lookalike: (t) =>
      isAtJwt(t) && hasString(t, 'client_id') && Array.isArray(t.payload.scope) && !('sub' in t.payload),
    issuerText: 'the request URL unless IssuerUri is set',
    jwks: {
      kind: 'derive',
      url: (iss) => `${withoutSlash(iss)}/.well-known/openid-configuration/jwks`,
      certainty: 'unsourced',
    },
    jwksText: '{iss}/.well-known/openid-configuration/jwks (path unsourced)',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the client; client-credentials tokens have no sub by design.',
    harness: 'yes',
    harnessText: 'Yes (typ at+jwt).',
    refusals: {},
    pitfalls: ['scope is an array by default: not usable as the key field.'],
    sources: [
      'https://docs.duendesoftware.com/identityserver/reference/options',
      'https://github.com/DuendeSoftware/Support/issues/888',
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
    jwks: { kind: 'derive', url: (iss) => `${withoutSlash(iss)}/jwks` },
    jwksText: '{iss}/jwks (default route)',
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
    id: 'pingfederate',
    name: 'PingFederate',
    issuerText: 'configured (not recognisable from a token)',
    jwks: {
      kind: 'discovery',
      why: "PingFederate's key set path is configured per server (/ext/{path}): read jwks_uri from the discovery document.",
    },
    jwksText: 'https://{pf}:{port}/ext/{JWKS Endpoint Path}',
    keyFields: [],
    keyFieldReason:
      'The attribute contract is configured per server; decode a real token first (claim names unsourced).',
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
    issuerText: 'not documented',
    jwks: { kind: 'discovery', why: "JumpCloud's token format is not documented in our sources." },
    jwksText: 'not documented',
    keyFields: [],
    keyFieldReason: 'Not documented (unsourced).',
    harness: 'unknown',
    harnessText: "Unknown: its service accounts are documented only for JumpCloud's own API.",
    refusals: {},
    pitfalls: [],
    sources: ['https://jumpcloud.com/support/service-account-for-apis'],
  },
];
