/**
 * Harness's SCIM endpoints (docs/harness-contract.md, "SCIM API"), called the way an identity provider calls them:
 * `Authorization: Bearer <token>` where the token is an IdP JWT or a Harness key; `x-api-key` is
 * ignored by Harness there. The bearer is passed per call because the point is usually to try a
 * token from an `.http` file, not the connected account's key.
 */
import type { CallOptions } from './callOptions';
import type { Guard } from './guard';
import { scimGroup, scimList, scimServiceProviderConfig, scimUser } from './schemas';
import type { Transport } from './transport';
import type { ScimGroup, ScimListParams, ScimListResponse, ScimServiceProviderConfig, ScimUser } from './types';

const SCIM_ACCEPT = 'application/scim+json, application/json;q=0.9';

export class ScimClient {
  constructor(private readonly transport: Transport, private readonly accountId: string) {}

  private path(resource: string): string {
    return `/ng/api/scim/account/${encodeURIComponent(this.accountId)}/${resource}`;
  }

  /** Authentication only, no permission needed: passes iff Harness accepts the bearer token (docs/harness-contract.md, "SCIM base URL and resources"). */
  serviceProviderConfig(bearerToken: string, options: CallOptions = {}): Promise<ScimServiceProviderConfig> {
    return this.get(bearerToken, 'ServiceProviderConfig', undefined, scimServiceProviderConfig, options);
  }

  /** Needs `core_user_view`. Harness returns only SCIM-provisioned users; `totalResults` counts this page only. */
  listUsers(bearerToken: string, params: ScimListParams = {}, options: CallOptions = {}): Promise<ScimListResponse<ScimUser>> {
    return this.get(bearerToken, 'Users', params, scimList(scimUser), options);
  }

  getUser(bearerToken: string, id: string, options: CallOptions = {}): Promise<ScimUser> {
    return this.get(bearerToken, `Users/${encodeURIComponent(id)}`, undefined, scimUser, options);
  }

  /** Needs `core_usergroup_view`. Only externally managed groups are listed. */
  listGroups(bearerToken: string, params: ScimListParams = {}, options: CallOptions = {}): Promise<ScimListResponse<ScimGroup>> {
    return this.get(bearerToken, 'Groups', params, scimList(scimGroup), options);
  }

  getGroup(bearerToken: string, id: string, options: CallOptions = {}): Promise<ScimGroup> {
    return this.get(bearerToken, `Groups/${encodeURIComponent(id)}`, undefined, scimGroup, options);
  }

  private get<T>(
    token: string,
    resource: string,
    params: ScimListParams | undefined,
    guard: Guard<T>,
    options: CallOptions,
  ): Promise<T> {
    return this.transport.call({
      method: 'GET',
      path: this.path(resource),
      query: params && { filter: params.filter, count: params.count, startIndex: params.startIndex },
      auth: { kind: 'bearer', token: token.trim() },
      accept: SCIM_ACCEPT,
      idempotent: true,
      guard,
      signal: options.signal,
    });
  }
}
