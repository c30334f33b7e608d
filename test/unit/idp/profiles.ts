/**
 * One token per catalogue entry, shaped as that provider issues it: header members and claims as
 * in the decoded samples of our reference (ids and tenants shortened, times moved to NOW), signed
 * here with a key the test makes. `expect` is what the product should say about it.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { makeToken, NOW_S } from '../jwt/fixtures';

export interface Profile {
  /** Catalogue id; undefined for tokens no entry should claim. */
  id: string | undefined;
  label: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  expect: {
    recognisedBy?: 'issuer' | 'shape';
    jwksUrl: string | null;
    keyField: string | null;
    value: string | null;
    accepted: boolean;
    /** The verdict code of the refusal. */
    code?: string;
    /** A hint that must be among the hints (the provider's refusal or pitfall). */
    hint: RegExp;
  };
  /** The provider signs over a header with the nonce hashed (Microsoft Graph). */
  graphNonce?: boolean;
}

const TID = '63122682-1111-2222-3333-444455556666';
const APP = '1671f074-aaaa-bbbb-cccc-ddddeeeeffff';
const life = (s = 3600): Record<string, number> => ({ iat: NOW_S - 60, exp: NOW_S - 60 + s });

export const PROFILES: readonly Profile[] = [
  {
    id: 'okta-custom', label: 'Okta custom AS, client credentials',
    header: { kid: 'k1', alg: 'RS256' },
    payload: { ver: 1, jti: 'AT.B8BdS6c1Hx7vLDmkUs2Dja1Uq0k8', iss: 'https://dev-82404718.okta.com/oauth2/default', aud: 'api://default', ...life(), cid: '0oap56en3wahZLolf5d7', scp: ['vishal'], sub: '0oap56en3wahZLolf5d7' },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://dev-82404718.okta.com/oauth2/default/v1/keys', keyField: 'cid', value: '0oap56en3wahZLolf5d7', accepted: false, code: 'typ', hint: /Okta custom authorization servers never put typ/ },
  },
  {
    id: 'okta-custom', label: 'Okta custom AS on a custom domain',
    header: { kid: 'k1', alg: 'RS256' },
    payload: { ver: 1, jti: 'AT.x1', iss: 'https://login.example.com/oauth2/aus1abcd', aud: 'api://scim', ...life(), cid: '0oa1', scp: ['scim'], sub: '0oa1' },
    expect: { recognisedBy: 'shape', jwksUrl: 'https://login.example.com/oauth2/aus1abcd/v1/keys', keyField: 'cid', value: '0oa1', accepted: false, code: 'typ', hint: /No Okta setting adds it/ },
  },
  {
    id: 'okta-org', label: 'Okta org AS service-app token',
    header: { typ: 'application/okta-internal-at+jwt', kid: 'k1', alg: 'RS256' },
    payload: { ver: 1, jti: 'AT.org1', iss: 'https://acme.okta.com', aud: 'https://acme.okta.com', sub: '0oaSvc', ...life(), cid: '0oaSvc', scp: ['okta.users.read'] },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://acme.okta.com/oauth2/v1/keys', keyField: 'cid', value: '0oaSvc', accepted: true, hint: /opaque/ },
  },
  {
    id: 'entra-v1', label: 'Entra v1.0 token for your own API',
    header: { typ: 'JWT', alg: 'RS256', x5t: 'k1', kid: 'k1' },
    payload: {
      aud: 'api://scim-api', iss: `https://sts.windows.net/${TID}/`, ...life(), nbf: NOW_S - 60, aio: 'E2Zg', appid: APP, appidacr: '1', idp: `https://sts.windows.net/${TID}/`,
      oid: '72243241-0000', rh: '0.AAAA', roles: ['Scim.Write'], sub: '72243241-0000', tid: TID, uti: 'uti1', ver: '1.0',
    },
    expect: { recognisedBy: 'issuer', jwksUrl: `https://login.microsoftonline.com/${TID}/discovery/keys`, keyField: 'appid', value: APP, accepted: true, hint: /accessTokenAcceptedVersion/ },
  },
  {
    id: 'entra-v2', label: 'Entra v2.0 token for your own API',
    header: { typ: 'JWT', alg: 'RS256', kid: 'k1' },
    payload: { aud: 'b1c2d3e4-0000', iss: `https://login.microsoftonline.com/${TID}/v2.0`, ...life(), nbf: NOW_S - 60, azp: APP, azpacr: '1', oid: '7224', roles: ['Scim.Write'], sub: '7224', tid: TID, ver: '2.0' },
    expect: { recognisedBy: 'issuer', jwksUrl: `https://login.microsoftonline.com/${TID}/discovery/v2.0/keys`, keyField: 'azp', value: APP, accepted: true, hint: /every Entra tenant/ },
  },
  {
    id: 'entra-graph', label: 'Entra token for Microsoft Graph (nonce)',
    header: { typ: 'JWT', nonce: 'AQABAAAAAABnfiG-nonce', alg: 'RS256', x5t: 'k1', kid: 'k1' },
    payload: {
      aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${TID}/`, ...life(3900), nbf: NOW_S - 60, app_displayname: 'downloader', appid: APP, appidacr: '1',
      idtyp: 'app', oid: '7224', roles: ['User.ReadBasic.All'], sub: '7224', tid: TID, uti: 'u', ver: '1.0', wids: ['0997a1d0'],
    },
    graphNonce: true,
    expect: { recognisedBy: 'issuer', jwksUrl: `https://login.microsoftonline.com/${TID}/discovery/keys`, keyField: 'appid', value: APP, accepted: false, code: 'signature', hint: /for your own API/ },
  },
  {
    id: 'auth0', label: 'Auth0 M2M, default profile',
    header: { alg: 'RS256', typ: 'JWT', kid: 'FChMh5aiSbbpUSQfa03b1' },
    payload: { iss: 'https://sandbox-redzone-co.us.auth0.com/', sub: 'OOZH6s5sgOORoVKBMNRu0xRd4I3dl5T7@clients', aud: 'https://redzone-co/api/v1/resource/server', ...life(86400), gty: 'client-credentials', azp: 'OOZH6s5sgOORoVKBMNRu0xRd4I3dl5T7' },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://sandbox-redzone-co.us.auth0.com/.well-known/jwks.json', keyField: 'azp', value: 'OOZH6s5sgOORoVKBMNRu0xRd4I3dl5T7', accepted: true, hint: /azp ↔ client_id/ },
  },
  {
    id: 'auth0-rfc9068', label: 'Auth0 M2M, RFC 9068 profile',
    header: { alg: 'RS256', typ: 'at+jwt', kid: 'k1' },
    payload: { iss: 'https://acme.eu.auth0.com/', sub: 'cli1@clients', aud: 'https://scim.example/api', ...life(), jti: 'j1', scope: 'scim:write', client_id: 'cli1' },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://acme.eu.auth0.com/.well-known/jwks.json', keyField: 'client_id', value: 'cli1', accepted: true, hint: /client_id ↔ azp/ },
  },
  {
    id: 'keycloak', label: 'Keycloak 21 service account (legacy clientId)',
    header: { alg: 'RS256', typ: 'JWT', kid: 'YpRFXTESIW58yB2_wUNzBFQmwcyfcE6ivPaYqL-lOqI' },
    payload: {
      ...life(300), jti: 'a437a7b3', iss: 'http://localhost:8083/realms/dev', aud: 'account', sub: '827b9a55', typ: 'Bearer', azp: 'postman', acr: '1', 'allowed-origins': ['/*'],
      realm_access: { roles: ['default-roles-dev'] }, scope: 'profile email', email_verified: false, clientId: 'postman', clientHost: '172.18.0.1', preferred_username: 'service-account-postman', clientAddress: '172.18.0.1',
    },
    expect: { recognisedBy: 'issuer', jwksUrl: 'http://localhost:8083/realms/dev/protocol/openid-connect/certs', keyField: 'azp', value: 'postman', accepted: true, hint: /prefer azp/ },
  },
  {
    id: 'keycloak', label: 'Keycloak 26 behind a path prefix (client_id)',
    header: { alg: 'RS256', typ: 'JWT', kid: 'k1' },
    payload: { ...life(300), jti: 'j', iss: 'https://sso.example.com/id/realms/corp', aud: 'account', sub: 'uuid', typ: 'Bearer', azp: 'room-device-demo', client_id: 'room-device-demo', preferred_username: 'service-account-room-device-demo' },
    expect: { recognisedBy: 'shape', jwksUrl: 'https://sso.example.com/id/realms/corp/protocol/openid-connect/certs', keyField: 'azp', value: 'room-device-demo', accepted: true, hint: /prefer azp/ },
  },
  {
    id: 'google', label: 'Google service-account ID token',
    header: { alg: 'RS256', kid: '60f4060e', typ: 'JWT' },
    payload: { aud: 'https://pub.dev', azp: '105806801273967101517', email: 'svc@proj.iam.gserviceaccount.com', email_verified: true, ...life(), iss: 'https://accounts.google.com', sub: '105806801273967101517' },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs', keyField: 'sub', value: '105806801273967101517', accepted: true, hint: /never on aud/ },
  },
  {
    id: 'cognito', label: 'Amazon Cognito client credentials',
    header: { kid: '1234example=', alg: 'RS256' },
    payload: { sub: '5r8n1client', token_use: 'access', scope: 'sample/read', auth_time: NOW_S - 60, iss: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_zzzAbc', ...life(), version: 2, jti: '39cdbc77', client_id: '5r8n1client' },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_zzzAbc/.well-known/jwks.json', keyField: 'client_id', value: '5r8n1client', accepted: false, code: 'typ', hint: /No Cognito-side workaround is known \(unsourced\)/ },
  },
  {
    id: 'pingone', label: 'PingOne client credentials, no typ (documented sample)',
    header: { alg: 'RS256', kid: 'test' },
    payload: { client_id: 'p1client', iss: 'https://auth.pingone.com/0a7f1c2e-0000-4000-8000-000000000001/as', aud: 'https://api.example.com', scope: 'scim', ...life() },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://auth.pingone.com/0a7f1c2e-0000-4000-8000-000000000001/as/jwks', keyField: 'client_id', value: 'p1client', accepted: false, code: 'typ', hint: /2 March 2027/ },
  },
  {
    id: 'pingone', label: 'PingOne client credentials with typ at+jwt',
    header: { alg: 'RS256', kid: 'test', typ: 'at+jwt' },
    payload: { client_id: 'p1client', iss: 'https://auth.pingone.eu/0a7f1c2e-0000-4000-8000-000000000001/as', aud: 'https://api.example.com', scope: 'scim', ...life() },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://auth.pingone.eu/0a7f1c2e-0000-4000-8000-000000000001/as/jwks', keyField: 'client_id', value: 'p1client', accepted: true, hint: /2 March 2027/ },
  },
  {
    // The reference has only jti/iss/iat/exp of a OneLogin payload; client_id is our assumption (unsourced).
    id: 'onelogin', label: 'OneLogin client credentials',
    header: { alg: 'RS256', typ: 'JWT', kid: 'JRcO4nxs5jgc8YdN7I2hLO4V_ql1bdoiMXmcYgHm4Hs' },
    payload: { jti: 'u7aSD824WkJwtwvng6Nmf', iss: 'https://acme.onelogin.com/oidc/2', ...life(), client_id: 'ol-client' },
    expect: { recognisedBy: 'issuer', jwksUrl: null, keyField: 'client_id', value: 'ol-client', accepted: true, hint: /not in our sources \(unsourced\)/ },
  },
  {
    id: 'github-actions', label: 'GitHub Actions OIDC',
    header: { typ: 'JWT', alg: 'RS256', x5t: 'example-thumbprint', kid: 'example-key-id' },
    payload: {
      jti: 'ex', sub: 'repo:octo-org/octo-repo:environment:prod', environment: 'prod', aud: 'https://github.com/octo-org', ref: 'refs/heads/main', repository: 'octo-org/octo-repo',
      repository_id: '74', actor_id: '12', job_workflow_ref: 'octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main', iss: 'https://token.actions.githubusercontent.com', nbf: NOW_S - 60, ...life(300),
    },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://token.actions.githubusercontent.com/.well-known/jwks', keyField: 'sub', value: 'repo:octo-org/octo-repo:environment:prod', accepted: true, hint: /every GitHub workflow/ },
  },
  {
    id: 'gitlab-ci', label: 'GitLab CI id_token (gitlab.com)',
    header: { kid: 'k1', typ: 'JWT', alg: 'RS256' },
    payload: {
      namespace_id: '72', namespace_path: 'my-group', project_id: '20', project_path: 'my-group/my-project', user_id: '1', user_login: 'sample-user', pipeline_id: '574', pipeline_source: 'push',
      job_id: '302', ref: 'feature-branch-1', ref_type: 'branch', ref_protected: 'false', runner_id: 1, jti: 'j', iss: 'https://gitlab.com', nbf: NOW_S - 65, ...life(300),
      sub: 'project_path:my-group/my-project:ref_type:branch:ref:feature-branch-1', aud: 'https://vault.example.com',
    },
    expect: { recognisedBy: 'issuer', jwksUrl: 'https://gitlab.com/oauth/discovery/keys', keyField: 'project_path', value: 'my-group/my-project', accepted: true, hint: /name the fork/ },
  },
  {
    id: 'gitlab-ci', label: 'GitLab CI id_token (self-managed)',
    header: { kid: 'k1', typ: 'JWT', alg: 'RS256' },
    payload: { namespace_id: '72', namespace_path: 'my-group', project_id: '20', project_path: 'my-group/my-project', iss: 'https://gitlab.example.com', nbf: NOW_S - 65, ...life(300), sub: 'project_path:my-group/my-project:ref_type:branch:ref:main', aud: 'https://vault.example.com' },
    expect: { recognisedBy: 'shape', jwksUrl: 'https://gitlab.example.com/oauth/discovery/keys', keyField: 'project_path', value: 'my-group/my-project', accepted: true, hint: /sub format/ },
  },
  {
    id: 'spring-as', label: 'Spring Authorization Server client credentials',
    header: { alg: 'RS256', kid: '9e94dc8c' },
    payload: { sub: 'messaging-client', aud: 'messaging-client', nbf: NOW_S - 60, scope: ['message.read', 'message.write'], iss: 'http://localhost:9000', ...life(300) },
    expect: { recognisedBy: 'shape', jwksUrl: 'http://localhost:9000/oauth2/jwks', keyField: 'sub', value: 'messaging-client', accepted: false, code: 'typ', hint: /OAuth2TokenCustomizer/ },
  },
  {
    id: 'duende', label: 'Duende IdentityServer client credentials',
    header: { alg: 'RS256', kid: 'k1', typ: 'at+jwt' },
    payload: { iss: 'https://demo.duendesoftware.com', nbf: NOW_S - 60, ...life(), scope: ['api'], client_id: 'm2m', jti: 'j' },
    expect: { recognisedBy: 'shape', jwksUrl: 'https://demo.duendesoftware.com/.well-known/openid-configuration/jwks', keyField: 'client_id', value: 'm2m', accepted: true, hint: /scope is an array/ },
  },
  {
    id: 'node-oidc-provider', label: 'node oidc-provider client credentials',
    header: { alg: 'RS256', typ: 'at+jwt', kid: 'k1' },
    payload: { jti: 'j', sub: 'scim-client', ...life(600), scope: 'scim', client_id: 'scim-client', iss: 'https://op.example.com', aud: 'urn:harness:scim' },
    expect: { recognisedBy: 'shape', jwksUrl: 'https://op.example.com/jwks', keyField: 'client_id', value: 'scim-client', accepted: true, hint: /HS\* or JWE/ },
  },
  {
    // PingFederate's and JumpCloud's tokens are configured or undocumented: nothing to recognise them by.
    id: undefined, label: 'a token from an issuer no entry knows',
    header: { alg: 'RS256', typ: 'JWT', kid: 'k1' },
    payload: { iss: 'https://pf.example.net:9031', ...life(), client_id: 'pf-client', aud: 'scim' },
    expect: { jwksUrl: null, keyField: 'client_id', value: 'pf-client', accepted: true, hint: /jwks_uri of https:\/\/pf\.example\.net:9031\/\.well-known\/openid-configuration/ },
  },
];

/** Signs the profile's token; Graph tokens over a header whose nonce is hashed, as Microsoft does. */
export function profileToken(p: Profile, key: KeyObject): string {
  if (!p.graphNonce || typeof p.header.nonce !== 'string') return makeToken(p.header, p.payload, key);
  const signedOver = makeToken({ ...p.header, nonce: createHash('sha256').update(p.header.nonce).digest('base64url') }, p.payload, key);
  const [, payload, sig] = signedOver.split('.');
  return `${Buffer.from(JSON.stringify(p.header)).toString('base64url')}.${payload ?? ''}.${sig ?? ''}`;
}
