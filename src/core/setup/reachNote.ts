/**
 * Why extra permissions matter: once PL_SUPPORT_JWT_TOKEN_SCIM_API is on, Harness authenticates an
 * `x-api-key` holding the IdP's JWT as this service account on any NG endpoint, not only SCIM (HC
 * 965-ng-filter/src/main/java/io/harness/security/NextGenAuthenticationFilter.java:74-100,153-158;
 * 120-ng-manager/src/main/java/io/harness/ng/core/api/impl/TokenServiceImpl.java:388-392).
 */
export const JWT_REACH_NOTE =
  'Whoever holds a token from your identity provider can use it as this service account on any Harness API, not only SCIM (Harness accepts the JWT as an API key once the SCIM JWT flag is on).';
