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
  `The key set is shared by ${who}; Harness checks neither iss nor aud: key on your own client, never on aud (inferred).`;
const OPAQUE = (unless: string): string =>
  `Its access tokens are opaque unless ${unless}: change that, then mint again.`;
const HS256 = (when: string): string =>
  `HS256 (${when}) is a secret no key set holds: choose an RSA or EC signing key.`;
const ENTRA_KEY = "Use the key set of the token's version; a claims-mapping policy's key is only at …?appid={app-id}.";
const ENTRA_VERSION = "The API app's accessTokenAcceptedVersion picks v1.0 (appid) or v2.0 (azp).";
const AUTH0_PROFILE =
  'Switching the API between the default and RFC 9068 profiles renames the client id claim (azp ↔ client_id).';

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

/**
 * GitLab's CI job token by its shape alone (a self-managed instance): the id_tokens claims, or the
 * legacy CI_JOB_JWT's (sub job_{id}, iss a bare host). project_path, plus what only a job token
 * has: namespace_path with a pipeline or job id, or the default sub naming that same project.
 */
const isGitLabJob = (t: TokenShape): boolean => {
  const project = str(t.payload.project_path);
  if (project === undefined) return false;
  const sub = str(t.payload.sub) ?? '';
  return (
    sub.startsWith(`project_path:${project}:`) ||
    (hasString(t, 'namespace_path') && (hasString(t, 'pipeline_id') || hasString(t, 'job_id')))
  );
};

/**
 * On GitLab's own issuer, project_path alone says CI job token: GitLab documents it in every ID
 * token, while its other JWTs (the ID tokens of GitLab as a sign-in provider) name a user and carry
 * no project. A project can change its sub's format, so sub is not required.
 */
const isGitLabJobOnGitLab = (t: TokenShape): boolean => hasString(t, 'project_path');

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
    keyFieldReason: 'cid is the client id of the application that asked.',
    harness: 'no',
    harnessText: 'No: access tokens have no typ in the header, by design.',
    refusals: {
      typ: 'Okta custom authorization servers never put typ in access tokens, so Harness refuses them. No Okta setting adds it (none found; unsourced). Options: an Okta org authorization server service-app token (typ application/okta-internal-at+jwt) passes today, though Okta may change its format; or a provider whose tokens carry typ.',
    },
    pitfalls: [
      'scp is an array and ver a number: neither can be the key field.',
      'Okta rotates keys about four times a year.',
    ],
    sources: ['https://support.okta.com/help/s/article/the-typ-field-is-missing-from-the-access-token-header'],
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
    keyFieldReason: 'cid is the client id of the service app (inferred).',
    harness: 'yes-unsupported',
    harnessText:
      'Yes today (typ application/okta-internal-at+jwt), but Okta says these tokens are for Okta alone and may change.',
    refusals: {
      'key-not-found': "Okta publishes the org authorization server's key in /oauth2/v1/keys only since March 2024.",
      typ: 'This org authorization server token has no typ, so Harness refuses it: older org tokens lack it (inferred). A fresh one should carry application/okta-internal-at+jwt.',
    },
    pitfalls: [
      'Okta says org authorization server tokens are opaque to clients and may change format without notice.',
      'The lifetime is fixed at 60 minutes.',
    ],
    sources: ['https://support.okta.com/help/s/article/Signature-Validation-Failed-on-Access-Token'],
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
    keyFieldReason: 'appid names the client app, but a Graph token verifies only at Graph.',
    harness: 'no',
    harnessText: 'No: its signature is over a transformed nonce; it verifies only at Microsoft Graph.',
    signsTransformedNonce: true,
    refusals: {
      signature:
        'This is an Entra token for Microsoft Graph: its signature is over a transformed nonce, so it verifies nowhere but Graph. Option: request the token for your own API (scope api://{app-id}/.default).',
    },
    pitfalls: ['Microsoft says tokens for its own APIs cannot be validated.'],
    sources: ['https://learn.microsoft.com/entra/identity-platform/access-tokens'],
  },
  {
    id: 'entra-v1',
    name: 'Microsoft Entra ID (v1.0 access token)',
    issuer: ENTRA_V1,
    issuerText: 'https://sts.windows.net/{tid}/ (China: sts.chinacloudapi.cn)',
    jwks: { kind: 'derive', url: (iss) => entraKeys(iss, '') },
    jwksText: 'https://login.microsoftonline.com/{tid}/discovery/keys (China: login.partner.microsoftonline.cn)',
    keyFields: ['appid'],
    keyFieldReason: 'appid is the client app id in v1.0 tokens (inferred).',
    harness: 'yes',
    harnessText: 'Yes.',
    refusals: {
      'claim-missing':
        "Entra v1.0 tokens name the client in appid; azp exists only in v2.0 tokens. The API app's accessTokenAcceptedVersion decides which you get.",
      'key-not-found': ENTRA_KEY,
    },
    sharedKeysWith: 'every Entra tenant',
    pitfalls: [
      ENTRA_VERSION,
      SHARED_KEYS('every Entra tenant'),
      'Request the token for your own API, never for Microsoft Graph.',
    ],
    sources: ['https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference'],
  },
  {
    id: 'entra-v2',
    name: 'Microsoft Entra ID (v2.0 access token)',
    issuer: ENTRA_V2,
    issuerText: 'https://login.microsoftonline.com/{tid}/v2.0 (or .us, or login.partner.microsoftonline.cn)',
    jwks: { kind: 'derive', url: (iss) => entraKeys(iss, '/v2.0') },
    jwksText: 'https://{login host}/{tid}/discovery/v2.0/keys',
    keyFields: ['azp'],
    keyFieldReason: 'azp is the client app id in v2.0 tokens (inferred).',
    harness: 'yes',
    harnessText: 'Yes.',
    refusals: {
      'claim-missing':
        "Entra v2.0 tokens name the client in azp; appid exists only in v1.0 tokens. The API app's accessTokenAcceptedVersion decides which you get.",
      'key-not-found': ENTRA_KEY,
    },
    sharedKeysWith: 'every Entra tenant',
    pitfalls: [ENTRA_VERSION, SHARED_KEYS('every Entra tenant')],
    sources: ['https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference'],
  },
  {
    id: 'azure-b2c',
    name: 'Azure AD B2C',
    issuer: B2C_ISSUER,
    // Entra's own v2.0 issuers never end in a slash, and its tokens say ver 2.0; B2C's say 1.0.
    when: (t) =>
      /\.b2clogin\.com\//i.test(str(t.payload.iss) ?? '') || b2cPolicy(t) !== undefined || t.payload.ver === '1.0',
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
    jwksText: 'https://{tenant}.b2clogin.com/{tid}/discovery/v2.0/keys?p={user flow}',
    keyFields: ['azp', 'oid'],
    keyFieldReason: 'azp is the client app id; sub may be a placeholder sentence.',
    harness: 'yes',
    harnessText: 'Yes (typ JWT); keys are per user flow.',
    refusals: {
      'key-not-found': 'B2C keys are per user flow: the JWKS URL needs ?p={the flow in tfp or acr}.',
    },
    pitfalls: ['Each user flow has its own key set (?p=…).'],
    sources: ['https://learn.microsoft.com/azure/active-directory-b2c/tokens-overview'],
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
    keyFieldReason: "client_id is the application's client id ({client_id}@clients in sub).",
    harness: 'yes',
    harnessText: 'Yes (typ at+jwt contains "jwt").',
    refusals: { 'claim-missing': AUTH0_PROFILE, algorithm: HS256('the API was created with it') },
    pitfalls: ["Changing the API's token profile renames the client id claim (client_id ↔ azp)."],
    sources: ['https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles'],
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
    keyFieldReason: "azp is the application's client id ({client_id}@clients in sub).",
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: { 'claim-missing': AUTH0_PROFILE, algorithm: HS256('the API was created with it') },
    pitfalls: [
      "Changing the API's token profile renames the client id claim (azp ↔ client_id).",
      'The default lifetime is 24 hours.',
    ],
    sources: ['https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles'],
  },
  {
    id: 'keycloak',
    name: 'Keycloak',
    issuer: /^https?:\/\/[^/]+(?:\/auth)?\/realms\/[^/]+$/i,
    // Behind a path prefix (https://host/sso/realms/x) the issuer pattern misses; the realm path and azp still say Keycloak.
    lookalike: (t) => /\/realms\/[^/]+$/.test(str(t.payload.iss) ?? '') && hasString(t, 'azp'),
    issuerText: 'https://{host}/realms/{realm} (before Keycloak 17: /auth/realms/{realm})',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/protocol/openid-connect/certs') },
    jwksText: '{iss}/protocol/openid-connect/certs',
    keyFields: ['azp'],
    keyFieldReason: 'azp always holds the client id; the dedicated claim was renamed.',
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: {
      'claim-missing':
        'Keycloak renamed the service-account claim (clientId → client_id). Key on azp, which every token has.',
      'jwks-unreachable':
        'Harness fetches the certs URL from its own servers: localhost or a private network is out of reach.',
    },
    pitfalls: [
      'The clientId / client_id rename changes the dedicated claim; prefer azp.',
      "sub is the service-account user's UUID.",
    ],
    sources: ['https://github.com/keycloak/keycloak/issues/16329'],
  },
  {
    id: 'google',
    name: 'Google (service-account ID token)',
    issuer: /^(?:https:\/\/)?accounts\.google\.com$/i,
    issuerText: 'https://accounts.google.com',
    jwks: { kind: 'derive', url: () => 'https://www.googleapis.com/oauth2/v3/certs' },
    jwksText: 'https://www.googleapis.com/oauth2/v3/certs',
    keyFields: ['sub'],
    keyFieldReason: "sub is the service account's unique id (inferred).",
    harness: 'yes',
    harnessText: 'Yes (typ JWT) for ID tokens; Cloud access tokens are opaque.',
    refusals: {
      typ: 'This Google ID token has no typ, so Harness refuses it: a 2017 sample has none, current ones carry typ JWT. Mint a fresh one.',
      malformed: 'Google Cloud access tokens (ya29.…) are not JWTs: use a service-account ID token.',
    },
    sharedKeysWith: 'every Google account',
    pitfalls: [
      SHARED_KEYS('every Google account'),
      'azp differs between the metadata server and key files: do not key on it.',
    ],
    sources: [
      'https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateIdToken',
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
    keyFieldReason: 'client_id is the app client id.',
    harness: 'no',
    harnessText: 'No: the header has only kid and alg.',
    refusals: {
      typ: 'Amazon Cognito access tokens carry only kid and alg in the header, so Harness refuses them; a pre-token Lambda changes claims only (inferred). No Cognito-side workaround is known (unsourced).',
    },
    pitfalls: ['Client credentials give only an access token.'],
    sources: [
      'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html',
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
    keyFieldReason: 'client_id names the application; there is no sub.',
    harness: 'only-with-typ',
    harnessText: 'Only when the token carries typ at+jwt: optional today, always from 2 March 2027.',
    refusals: {
      typ: 'This PingOne token has no typ, so Harness refuses it. typ at+jwt is optional until 2 March 2027; the setting that adds it earlier is unsourced.',
    },
    pitfalls: ['typ at+jwt is always present only from 2 March 2027.'],
    sources: [
      'https://developer.pingidentity.com/pingone-api/foundations/authentication-concepts/access-tokens-and-id-tokens/token-claims.html',
    ],
  },
  {
    id: 'onelogin',
    name: 'OneLogin',
    issuer: /^https:\/\/(?:[a-z0-9-]+\.onelogin\.com\/oidc\/2|openid-connect\.onelogin\.com\/oidc)$/i,
    issuerText: 'https://{subdomain}.onelogin.com/oidc/2',
    jwks: { kind: 'discovery', why: "OneLogin's key set path is unsourced." },
    jwksText: 'discovery (path unsourced)',
    keyFields: [],
    keyFieldReason: "OneLogin's client-credentials claims are not in our sources (unsourced).",
    harness: 'likely',
    harnessText: 'Likely (typ JWT in a 2018 sample).',
    refusals: {},
    pitfalls: [],
    sources: ['https://developers.onelogin.com/openid-connect/api/client-credentials-grant'],
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
    issuerText: 'https://token.actions.githubusercontent.com (…/{enterprise}; GHES: https://{host}/_services/token)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/.well-known/jwks') },
    jwksText: '{iss}/.well-known/jwks',
    keyFields: ['sub'],
    keyFieldReason: 'sub names the repository and environment: repo:{org}/{repo}:environment:{env} (inferred).',
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: {
      'claim-mismatch':
        "sub changes with the trigger and the repository's sub template: key on repository, or use a protected environment.",
    },
    sharedKeysWith: 'every GitHub workflow',
    pitfalls: [SHARED_KEYS('every GitHub workflow')],
    sources: ['https://docs.github.com/actions/reference/openid-connect-reference'],
  },
  {
    id: 'gitlab-ci',
    name: 'GitLab CI (id_tokens)',
    issuer: /^(?:https:\/\/)?gitlab\.com$/i,
    when: isGitLabJobOnGitLab,
    lookalike: isGitLabJob,
    issuerText: 'https://gitlab.com or the instance URL (legacy CI_JOB_JWT: a bare host)',
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
    discoveryDocument: (iss) =>
      bareHost(iss) ? underIssuer(`https://${iss}`, '/.well-known/openid-configuration') : undefined,
    jwksText: '{iss}/oauth/discovery/keys (legacy: https://{host}/-/jwks)',
    keyFields: ['project_path'],
    keyFieldReason: 'project_path names the project whose job asked.',
    harness: 'yes',
    harnessText: 'Yes (typ JWT).',
    refusals: {
      'claim-mismatch': 'In MR pipelines from forks, project_* claims name the fork.',
      'claim-not-string': 'runner_id is a number.',
    },
    sharedKeysWith: 'every project on the instance',
    pitfalls: [
      SHARED_KEYS('every project on the instance'),
      'In MR pipelines from forks, project_* claims name the fork.',
      'A project can change its sub format.',
      'The legacy CI_JOB_JWT (sub job_{id}) was removed in GitLab 17.0.',
    ],
    sources: ['https://docs.gitlab.com/ci/secrets/id_token_authentication/'],
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
    jwksText: '{iss}/oauth2/jwks',
    keyFields: ['sub'],
    keyFieldReason: 'sub is the client id in client-credentials tokens.',
    harness: 'no-by-default',
    harnessText: 'No by default (since 0.2.0 typ is written only when set); 0.1.x wrote typ JWT, and those pass.',
    refusals: {
      typ: 'Spring Authorization Server writes typ only when set (since 0.2.0), so Harness refuses its tokens. Option: call context.getJwsHeader().type("JWT") in an OAuth2TokenCustomizer<JwtEncodingContext> (inferred).',
    },
    pitfalls: ['scope and aud are arrays: neither can be the key field.'],
    sources: [
      'https://github.com/spring-projects/spring-authorization-server/blob/main/oauth2-authorization-server/src/main/java/org/springframework/security/oauth2/server/authorization/token/JwtGenerator.java',
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
    jwksText: '{iss}/.well-known/openid-configuration/jwks (unsourced)',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the client; client-credentials tokens have no sub.',
    harness: 'yes',
    harnessText: 'Yes (at+jwt; ID tokens JWT, inferred).',
    refusals: { typ: 'No typ: AccessTokenJwtType was emptied (inferred). Set it to at+jwt (the default) or JWT.' },
    pitfalls: ['scope is an array by default.'],
    sources: ['https://docs.duendesoftware.com/identityserver/reference/options'],
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
    jwksText: '{iss}/jwks',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the client.',
    harness: 'yes',
    harnessText: 'Yes (typ at+jwt).',
    refusals: { algorithm: 'A resource server set to HS* or JWE gives tokens no key set can verify.' },
    pitfalls: ['A resource server set to HS* or JWE cannot be verified.'],
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
    keyFieldReason: 'client_id (azp in ID tokens) names the application or service user.',
    harness: 'unknown',
    harnessText: 'Unknown: the typ of its JWT access tokens is unsourced.',
    refusals: { malformed: OPAQUE('the application is set to JWT access tokens') },
    pitfalls: ['Access tokens are opaque by default: set the application to JWT.'],
    sources: ['https://zitadel.com/docs/apis/openidoauth/endpoints'],
  },
  {
    id: 'salesforce',
    name: 'Salesforce',
    issuer: /^https:\/\/(?:(?:login|test)\.salesforce\.com|[a-z0-9-]+\.(?:sandbox\.)?my\.salesforce\.com)$/i,
    issuerText: 'https://login.salesforce.com or https://{domain}.my.salesforce.com',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/id/keys') },
    jwksText: '{iss}/id/keys',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id is the connected app (inferred).',
    harness: 'unknown',
    harnessText: 'Unknown: the typ of its JWT-based access tokens is unsourced.',
    refusals: { malformed: OPAQUE('the connected app issues JWT-based access tokens') },
    pitfalls: ['Only connected apps set to JWT-based access tokens give a JWT.'],
    sources: ['https://help.salesforce.com/s/articleView?id=sf.remoteaccess_jwt_access_tokens.htm'],
  },
  {
    id: 'google-iap',
    name: 'Google Cloud IAP',
    issuer: /^https:\/\/cloud\.google\.com\/iap$/i,
    issuerText: 'https://cloud.google.com/iap',
    jwks: { kind: 'derive', url: () => 'https://www.gstatic.com/iap/verify/public_key-jwk' },
    jwksText: 'https://www.gstatic.com/iap/verify/public_key-jwk',
    keyFields: ['sub'],
    keyFieldReason: "sub is the identity's unique id (accounts.google.com:{id}).",
    harness: 'likely',
    harnessText: 'Likely (typ JWT, ES256), but IAP hands the token to the app behind it, not to a client.',
    refusals: {},
    sharedKeysWith: 'every IAP-protected app',
    pitfalls: [
      SHARED_KEYS('every IAP-protected app'),
      'IAP signs a header for the app behind it: not a token a client requests.',
    ],
    sources: ['https://cloud.google.com/iap/docs/signed-headers-howto'],
  },
  {
    id: 'authentik',
    name: 'authentik',
    issuer: /^https?:\/\/[^/?#\s@]+(?:\/[^?#\s]*)?\/application\/o\/[a-z0-9_-]+\/?$/i,
    issuerText: 'https://{host}/application/o/{slug}/',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/jwks/') },
    jwksText: '{iss}jwks/',
    keyFields: ['azp'],
    keyFieldReason: 'azp is the client id; sub depends on the subject mode.',
    harness: 'likely',
    harnessText: 'Likely (typ JWT; inferred).',
    refusals: { algorithm: HS256('the provider has no signing key') },
    pitfalls: ['Without a signing key the provider signs with HS256.'],
    sources: ['https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/'],
  },
  {
    id: 'fusionauth',
    name: 'FusionAuth',
    lookalike: (t) =>
      hasString(t, 'tid') &&
      (hasString(t, 'applicationId') || hasString(t, 'authenticationType')) &&
      !('ver' in t.payload),
    issuerText: 'configured per tenant (default acme.com)',
    jwks: {
      kind: 'derive',
      url: (iss) => {
        const base = issuerBase(iss);
        return base ? underIssuer(base.origin, '/.well-known/jwks.json') : undefined;
      },
      certainty: 'inferred',
      convention: true,
    },
    jwksText: 'https://{FusionAuth host}/.well-known/jwks.json',
    keyFields: ['applicationId', 'sub'],
    keyFieldReason: 'applicationId names the application; client-credentials tokens name the entity in sub (inferred).',
    harness: 'yes',
    harnessText: 'Yes (typ JWT) with an RSA or EC key; the default key is HS256.',
    refusals: { algorithm: HS256("the application's signing key is HMAC (the default)") },
    pitfalls: ['The issuer is free text: it may not name the FusionAuth host.'],
    sources: ['https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens'],
  },
  {
    id: 'ory-hydra',
    name: 'Ory Hydra',
    issuer: /^https:\/\/[a-z0-9-]+\.projects\.oryapis\.com\/?$/i,
    lookalike: (t) => hasString(t, 'client_id') && Array.isArray(t.payload.scp) && 'ext' in t.payload,
    issuerText: 'https://{project}.projects.oryapis.com (or configured)',
    jwks: { kind: 'derive', url: (iss) => underIssuer(iss, '/.well-known/jwks.json'), convention: true },
    jwksText: '{iss}/.well-known/jwks.json',
    keyFields: ['client_id'],
    keyFieldReason: 'client_id names the OAuth2 client.',
    harness: 'likely',
    harnessText: 'Likely with JWT access tokens (typ inferred); the default is opaque.',
    refusals: { malformed: OPAQUE('strategies.access_token is jwt') },
    pitfalls: ['Access tokens are opaque by default.'],
    sources: ['https://www.ory.sh/docs/oauth2-oidc/jwt-access-token'],
  },
  {
    id: 'aws-iam-identity-center',
    name: 'AWS IAM Identity Center',
    issuer: /^https:\/\/identitycenter\.amazonaws\.com\/ssoins-[0-9a-f]+$/i,
    issuerText: 'https://identitycenter.amazonaws.com/ssoins-{id}',
    jwks: { kind: 'discovery', why: 'Its key set path is unsourced.' },
    jwksText: 'discovery (path unsourced)',
    keyFields: [],
    keyFieldReason: 'Access tokens are opaque; its ID token names a user: no claim to recommend.',
    harness: 'unknown',
    harnessText: 'Unknown: tokens are for AWS-managed apps.',
    refusals: {},
    pitfalls: ['Meant for trusted identity propagation to AWS apps.'],
    sources: ['https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/API_CreateTokenWithIAM.html'],
  },
  {
    id: 'pingfederate',
    name: 'PingFederate',
    issuerText: 'configured (not recognisable from a token)',
    jwks: { kind: 'discovery', why: "PingFederate's key set path is configured per server." },
    jwksText: 'https://{pf}/ext/{JWKS Endpoint Path} (ID tokens: /pf/JWKS)',
    keyFields: ['client_id'],
    keyFieldReason: "client_id is the token manager's default Client ID Claim Name.",
    harness: 'unknown',
    harnessText: 'Unknown: the typ of its JWT access tokens is unsourced.',
    refusals: {},
    pitfalls: ['Symmetric keys or encryption make its tokens unverifiable (inferred).'],
    sources: [
      'https://docs.pingidentity.com/pingfederate/latest/administrators_reference_guide/pf_configure_json_token_management.html',
    ],
  },
  {
    id: 'jumpcloud',
    name: 'JumpCloud',
    issuerText: 'https://oauth.id.jumpcloud.com/ (not recognisable from a token)',
    jwks: { kind: 'discovery', why: "JumpCloud's key set is named by its discovery document." },
    jwksText: 'discovery',
    keyFields: [],
    keyFieldReason: 'Not documented (unsourced): its OIDC tokens name a signed-in user.',
    harness: 'unknown',
    harnessText: "Unknown: its service accounts are for JumpCloud's own API.",
    refusals: {},
    pitfalls: [],
    sources: ['https://jumpcloud.com/support/service-account-for-apis'],
  },
];
