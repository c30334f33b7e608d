/**
 * How often each identity provider rotates its signing keys, from the provider's own documentation
 * (docs/key-rotation.md, "Forecast per provider"), and what that means for Harness. Harness keeps
 * the key set it downloaded per account, reuses it while the JWKS URL string is unchanged, and every
 * use renews it (docs/harness-contract.md, "Get the key set"): a key rotated under the same URL, or
 * published early, is not seen until the URL string changes. The sentence about Harness is derived
 * from the three facts below, never written per provider.
 */
import { REFRESH_FLAG, REFRESH_KEY_SET_TITLE } from '../setup';
import type { IdpMatch } from './types';

export interface RotationFacts {
  /** The provider as the docs table names it: one record serves all its catalogue entries. */
  provider: string;
  /** Reads after "signing keys rotate …": "about four times a year"; 'unknown' when its documentation does not say. */
  cadence: string;
  /** The next key is in the key set before it signs. */
  publishesNextEarly: boolean | 'unknown';
  /** true: the provider rotates; false: only when someone does it; 'configurable': either, by a setting. */
  automatic: boolean | 'configurable' | 'unknown';
  /** Where the facts come from (for an unknown record: what was read and found silent). */
  sources: readonly string[];
  /** One sourced detail for docs/key-rotation.md only. */
  note?: string;
}

export const UNKNOWN = 'unknown';

/** The product's one-step refresh, by the title and command line users see; the refresh owns both names. */
export { REFRESH_KEY_SET_TITLE };
export const REFRESH_KEY_SET_CLI = `scim-jwt setup ${REFRESH_FLAG}`;

const OKTA: RotationFacts = {
  provider: 'Okta',
  cadence: 'about four times a year',
  publishesNextEarly: true,
  automatic: 'configurable',
  sources: [
    'https://developer.okta.com/docs/concepts/key-rotation/',
    'https://help.okta.com/en-us/Content/Topics/Security/api-rotate-keys.htm',
  ],
  note: 'The schedule can change without notice. New keys are normally generated a few weeks before they sign. A custom authorization server can be set to manual rotation (Okta then recommends every three months).',
};

const ENTRA: RotationFacts = {
  provider: 'Microsoft Entra ID',
  cadence: 'periodically, at no set interval',
  publishesNextEarly: true,
  automatic: true,
  sources: ['https://learn.microsoft.com/entra/identity-platform/signing-key-rollover'],
  note: 'Keys can also roll at once in an emergency. The key set always holds more than one key: one may be rolled soon, another may be its replacement.',
};

const AUTH0: RotationFacts = {
  provider: 'Auth0',
  cadence: 'only on request',
  publishesNextEarly: true,
  automatic: false,
  sources: ['https://auth0.com/docs/get-started/tenant-settings/signing-keys/rotate-signing-keys'],
  note: 'Rotation is done from the Dashboard or the Management API. The key set always includes the current and the next key, and the previous one until it is revoked.',
};

const KEYCLOAK: RotationFacts = {
  provider: 'Keycloak',
  cadence: 'when an admin adds a realm key',
  publishesNextEarly: false,
  automatic: false,
  sources: ['https://www.keycloak.org/docs/latest/server_admin/index.html#rotating-keys'],
  note: 'Keycloak suggests a new key every three to six months. A new key of higher priority signs every new token as soon as it is available.',
};

const GOOGLE: RotationFacts = {
  provider: 'Google',
  cadence: 'infrequently, at no stated interval',
  publishesNextEarly: UNKNOWN,
  automatic: true,
  sources: ['https://developers.google.com/identity/openid-connect/openid-connect'],
};

const GOOGLE_IAP: RotationFacts = {
  provider: 'Google Identity-Aware Proxy',
  cadence: 'periodically, at no stated interval',
  publishesNextEarly: UNKNOWN,
  automatic: true,
  sources: ['https://cloud.google.com/iap/docs/signed-headers-howto'],
};

const COGNITO: RotationFacts = {
  provider: 'Amazon Cognito',
  cadence: 'at unannounced times',
  publishesNextEarly: UNKNOWN,
  automatic: true,
  sources: [
    'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html',
  ],
  note: 'Amazon says only that Cognito might rotate the signing keys of a user pool.',
};

const PINGONE: RotationFacts = {
  provider: 'PingOne',
  cadence: 'every 90 days by default',
  publishesNextEarly: UNKNOWN,
  automatic: true,
  sources: [
    'https://docs.pingidentity.com/pingone/settings/p1_key_rotation_policy.html',
    'https://developer.pingidentity.com/pingone-api/platform/certificate-management/key-rotation-policies.html',
  ],
  note: 'The key rotation policy sets the period. From 2 March 2027 PingOne signs tokens only with key-rotation-policy keys.',
};

const PINGFEDERATE: RotationFacts = {
  provider: 'PingFederate',
  cadence: 'on a configured period',
  publishesNextEarly: true,
  automatic: 'configurable',
  sources: [
    'https://docs.pingidentity.com/pingfederate/latest/administrators_reference_guide/help_jwksendpointtasklet_jwksendpointkeysstate.html',
    'https://docs.pingidentity.com/pingfederate/latest/administrators_reference_guide/pf_config_static_signing_keys.html',
  ],
  note: 'The period is set in jwks-endpoint-configuration.xml. Dynamic keys keep a pending, an active and a retired set, and publish all three; static keys change only by hand.',
};

const DUENDE: RotationFacts = {
  provider: 'Duende IdentityServer',
  cadence: 'every 90 days by default',
  publishesNextEarly: true,
  automatic: 'configurable',
  sources: ['https://docs.duendesoftware.com/identityserver/fundamentals/key-management'],
  note: 'New keys are announced 14 days before they sign, and old ones kept 14 days (defaults); static keys are rotated by hand.',
};

const NODE_OIDC_PROVIDER: RotationFacts = {
  provider: 'node oidc-provider',
  cadence: 'when you change its jwks configuration',
  publishesNextEarly: true,
  automatic: false,
  sources: ['https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#jwks'],
  note: 'The documented order: add the new key at the end of the keys (verification only), reload, then move it to the front (signing), reload.',
};

const SPRING_AS: RotationFacts = {
  provider: 'Spring Authorization Server',
  cadence: 'when your JWKSource bean returns new keys',
  publishesNextEarly: UNKNOWN,
  automatic: false,
  sources: ['https://docs.spring.io/spring-authorization-server/reference/getting-started.html'],
  note: 'The getting-started example generates a new key pair at every start.',
};

const ZITADEL: RotationFacts = {
  provider: 'ZITADEL',
  cadence: 'when an admin activates another web key',
  publishesNextEarly: true,
  automatic: false,
  sources: [
    'https://zitadel.com/docs/guides/integrate/login/oidc/webkeys',
    'https://zitadel.com/docs/apis/resources/webkey_service_v2/web-key-service-activate-web-key',
  ],
  note: "ZITADEL advises not to activate a key created within the key set's cache time (5 minutes by default), so a created key is published before it signs.",
};

const ORY_HYDRA: RotationFacts = {
  provider: 'Ory Hydra',
  cadence: 'when you create a new key',
  publishesNextEarly: false,
  automatic: false,
  sources: ['https://www.ory.sh/docs/hydra/self-hosted/secrets-key-rotation'],
  note: 'A new key comes from hydra create jwks; Hydra signs with the latest key in the key store.',
};

const FUSIONAUTH: RotationFacts = {
  provider: 'FusionAuth',
  cadence: 'when you configure a new signing key',
  publishesNextEarly: UNKNOWN,
  automatic: false,
  sources: ['https://fusionauth.io/docs/operate/secure-and-monitor/key-rotation'],
  note: 'A new key is created or imported in Key Master, then set as the JWT signing key.',
};

const AUTHENTIK: RotationFacts = {
  provider: 'authentik',
  cadence: 'when you choose another signing certificate',
  publishesNextEarly: UNKNOWN,
  automatic: false,
  sources: [
    'https://github.com/goauthentik/authentik/blob/572f6d4ea0aed7074b0150489b08b11ec87cd1da/website/docs/core/certificates.md',
  ],
  note: 'OAuth2/OIDC providers sign with a certificate; the default one is generated at first start.',
};

const AZURE_B2C: RotationFacts = {
  provider: 'Azure AD B2C',
  cadence: 'periodically, at no stated interval',
  publishesNextEarly: UNKNOWN,
  automatic: UNKNOWN,
  sources: ['https://learn.microsoft.com/azure/active-directory-b2c/policy-keys-overview'],
  note: 'Azure AD B2C can roll keys periodically or at once in an emergency; with custom policies, a key set switches keys on the activation dates you set.',
};

const GITLAB: RotationFacts = {
  provider: 'GitLab CI',
  cadence: UNKNOWN,
  publishesNextEarly: UNKNOWN,
  automatic: UNKNOWN,
  sources: [
    'https://docs.gitlab.com/ci/secrets/id_token_authentication/',
    'https://gitlab.com/gitlab-org/gitlab/-/issues/421222',
  ],
  note: "Not in GitLab's documentation; GitLab's own issue 421222 (2023) reports that GitLab.com's keys had not changed since October 2022.",
};

const GITHUB_ACTIONS: RotationFacts = {
  provider: 'GitHub Actions',
  cadence: UNKNOWN,
  publishesNextEarly: UNKNOWN,
  automatic: UNKNOWN,
  sources: ['https://docs.github.com/actions/reference/openid-connect-reference'],
};

const unknownAt = (provider: string): RotationFacts => ({
  provider,
  cadence: UNKNOWN,
  publishesNextEarly: UNKNOWN,
  automatic: UNKNOWN,
  sources: [],
});

const SALESFORCE: RotationFacts = {
  ...unknownAt('Salesforce'),
  sources: [
    'https://salesforce.stackexchange.com/questions/374298/how-often-does-salesforce-change-the-keys-at-https-login-salesforce-com-id-key',
  ],
  note: "Not in Salesforce's documentation. A Salesforce Identity product manager wrote in 2022 that the key at /id/keys changes with every release (three a year) and may change without notice.",
};

/** One record per catalogue id; entries of one provider share a record. */
export const ROTATION: Readonly<Record<string, RotationFacts>> = {
  'okta-custom': OKTA,
  'okta-org': OKTA,
  'entra-graph': ENTRA,
  'entra-v1': ENTRA,
  'entra-v2': ENTRA,
  'auth0-rfc9068': AUTH0,
  auth0: AUTH0,
  keycloak: KEYCLOAK,
  google: GOOGLE,
  'google-iap': GOOGLE_IAP,
  cognito: COGNITO,
  pingone: PINGONE,
  onelogin: unknownAt('OneLogin'),
  'github-actions': GITHUB_ACTIONS,
  'gitlab-ci': GITLAB,
  'spring-as': SPRING_AS,
  duende: DUENDE,
  'node-oidc-provider': NODE_OIDC_PROVIDER,
  pingfederate: PINGFEDERATE,
  jumpcloud: unknownAt('JumpCloud'),
  zitadel: ZITADEL,
  salesforce: SALESFORCE,
  authentik: AUTHENTIK,
  fusionauth: FUSIONAUTH,
  'ory-hydra': ORY_HYDRA,
  'aws-iam-identity-center': unknownAt('AWS IAM Identity Center'),
  'azure-b2c': AZURE_B2C,
};

/** Nothing is known: no cadence, no early publishing, no mode. */
export function rotationUnknown(r: RotationFacts): boolean {
  return r.cadence === UNKNOWN && r.publishesNextEarly === UNKNOWN && r.automatic === UNKNOWN;
}

const MODE: Record<`${RotationFacts['automatic']}`, string> = {
  true: ' (automatic)',
  false: ' (by hand)',
  configurable: ' (automatic, or by hand if set so)',
  unknown: '',
};

const EARLY: Record<`${RotationFacts['publishesNextEarly']}`, string> = {
  true: '; the next key is published early',
  false: '; a new key signs at once',
  unknown: '',
};

/** "Okta rotates signing keys about four times a year (automatic, …); the next key is published early." */
function factsSentence(r: RotationFacts): string {
  if (rotationUnknown(r)) return `How often ${r.provider} rotates signing keys is not in its documentation.`;
  const when = r.cadence === UNKNOWN ? 'at times it does not document' : r.cadence;
  return `${r.provider} rotates signing keys ${when}${MODE[`${r.automatic}`]}${EARLY[`${r.publishesNextEarly}`]}.`;
}

/** What Harness does with that, from its key-set cache; only the facts choose the words. */
function harnessSentence(r: RotationFacts): string {
  const keeps = 'Harness reuses its copy of the key set while the JWKS URL is unchanged and SCIM calls continue';
  const refresh = `"${REFRESH_KEY_SET_TITLE}" (${REFRESH_KEY_SET_CLI})`;
  const refused = 'SCIM calls get 401 "Token is not valid."';
  if (r.publishesNextEarly === true)
    return `${keeps}, so it will not see a key published early until the URL changes: run ${refresh} after a new key is published and before it signs, or ${refused}`;
  const when = rotationUnknown(r) ? 'if the keys change' : 'after a rotation';
  return `${keeps}: ${when}, ${refused} until you run ${refresh}.`;
}

export interface RotationForecast {
  facts: RotationFacts;
  /** Two sentences, plain text: the provider's rotation, then what it means for Harness. */
  text: string;
}

/** The forecast for a catalogue id, or undefined for an id without a record. */
export function rotationForecastFor(id: string): RotationForecast | undefined {
  const facts = ROTATION[id];
  return facts === undefined ? undefined : { facts, text: `${factsSentence(facts)} ${harnessSentence(facts)}` };
}

/**
 * What the hover, the form's Fill from a token and the doctor show for a recognised provider; nothing
 * for a provider whose tokens Harness refuses anyway (its rotation cannot break a working setup).
 */
export function rotationForecast(m: IdpMatch | undefined): RotationForecast | undefined {
  return m === undefined || m.entry.harness === 'no' ? undefined : rotationForecastFor(m.entry.id);
}
