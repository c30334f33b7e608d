/**
 * Harness's SCIM endpoints (docs/harness-contract.md, "SCIM API"), called the way an identity provider calls them:
 * `Authorization: Bearer <token>` where the token is an IdP JWT or a Harness key; `x-api-key` is
 * ignored by Harness there. The bearer is passed per call because the point is usually to try a
 * token from an `.http` file, not the connected account's key.
 */
import type { CallOptions } from './callOptions';
import type { Guard } from './guard';
import { scimGroup, scimList, scimServiceProviderConfig, scimUser } from './schemas';
import {
  bodyOrNothing,
  groupBody,
  noBody,
  patchBody,
  userBody,
  type ScimGroupInput,
  type ScimPatchOperation,
  type ScimUserInput,
} from './scimTypes';
import type { Transport } from './transport';
import type { ScimGroup, ScimListParams, ScimListResponse, ScimServiceProviderConfig, ScimUser } from './types';
import { pathSegment } from './pathSegment';

const SCIM_ACCEPT = 'application/scim+json, application/json;q=0.9';

export class ScimClient {
  constructor(
    private readonly transport: Transport,
    private readonly accountId: string,
  ) {}

  private path(resource: string): string {
    return `/ng/api/scim/account/${pathSegment(this.accountId)}/${resource}`;
  }

  /** Authentication only, no permission needed: passes iff Harness accepts the bearer token (docs/harness-contract.md, "SCIM base URL and resources"). */
  serviceProviderConfig(bearerToken: string, options: CallOptions = {}): Promise<ScimServiceProviderConfig> {
    return this.get(bearerToken, 'ServiceProviderConfig', undefined, scimServiceProviderConfig, options);
  }

  /** Needs `core_user_view`. Harness returns only SCIM-provisioned users; `totalResults` counts this page only. */
  listUsers(
    bearerToken: string,
    params: ScimListParams = {},
    options: CallOptions = {},
  ): Promise<ScimListResponse<ScimUser>> {
    return this.get(bearerToken, 'Users', params, scimList(scimUser), options);
  }

  async getUser(bearerToken: string, id: string, options: CallOptions = {}): Promise<ScimUser> {
    return this.get(bearerToken, `Users/${pathSegment(id)}`, undefined, scimUser, options);
  }

  /** Needs `core_usergroup_view`. Only externally managed groups are listed. */
  listGroups(
    bearerToken: string,
    params: ScimListParams = {},
    options: CallOptions = {},
  ): Promise<ScimListResponse<ScimGroup>> {
    return this.get(bearerToken, 'Groups', params, scimList(scimGroup), options);
  }

  async getGroup(bearerToken: string, id: string, options: CallOptions = {}): Promise<ScimGroup> {
    return this.get(bearerToken, `Groups/${pathSegment(id)}`, undefined, scimGroup, options);
  }

  /**
   * `POST Users` (needs `core_user_manage`, and `core_user_invite` for a new user, checked inside the
   * invitation). Harness answers a failure, that refusal included, with 409 and a SCIM error whose `status` is 404.
   */
  createUser(bearerToken: string, user: ScimUserInput, options: CallOptions = {}): Promise<ScimUser> {
    return this.send(bearerToken, 'POST', 'Users', userBody(user), scimUser, options);
  }

  /**
   * `PATCH Users/{id}`: 200 with the user, or 204 without a body when the patch deactivated it, which
   * deletes the user (harness-core 1dcec145 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimUserServiceImpl.java:257-259, :338-355).
   * Only displayName, active and userName are applied (:357-416). Errors are Harness ErrorDTOs, not SCIM errors.
   */
  async patchUser(
    bearerToken: string,
    id: string,
    operations: readonly ScimPatchOperation[],
    options: CallOptions = {},
  ): Promise<ScimUser | undefined> {
    return this.send(
      bearerToken,
      'PATCH',
      `Users/${pathSegment(id)}`,
      patchBody(operations),
      bodyOrNothing(scimUser),
      options,
    );
  }

  /** `DELETE Users/{id}`: 204; a user already gone answers 400 INVALID_REQUEST "Invalid request: Token is not valid." (CG's UnauthorizedException re-thrown), not 404. */
  async deleteUser(bearerToken: string, id: string, options: CallOptions = {}): Promise<void> {
    return this.send(bearerToken, 'DELETE', `Users/${pathSegment(id)}`, undefined, noBody, options);
  }

  /** `POST Groups` (needs `core_usergroup_manage`): 201 with the group; failures are 409 SCIM errors. */
  createGroup(bearerToken: string, group: ScimGroupInput, options: CallOptions = {}): Promise<ScimGroup> {
    return this.send(bearerToken, 'POST', 'Groups', groupBody(group), scimGroup, options);
  }

  /** `PATCH Groups/{id}`: Harness answers 204 with no body, and an empty 404 for an unknown group. */
  async patchGroup(
    bearerToken: string,
    id: string,
    operations: readonly ScimPatchOperation[],
    options: CallOptions = {},
  ): Promise<void> {
    return this.send(bearerToken, 'PATCH', `Groups/${pathSegment(id)}`, patchBody(operations), noBody, options);
  }

  /** `DELETE Groups/{id}`: 204; a group already gone answers 401 "Token is not valid." (NGScimGroupServiceImpl.java:231-233). */
  async deleteGroup(bearerToken: string, id: string, options: CallOptions = {}): Promise<void> {
    return this.send(bearerToken, 'DELETE', `Groups/${pathSegment(id)}`, undefined, noBody, options);
  }

  /**
   * Writes are never retried: a create whose answer was lost may have happened, and sending it
   * again would make a second user. Callers that must be sure (the rehearsal's cleanup) look first.
   */
  private send<T>(
    token: string,
    method: 'POST' | 'PATCH' | 'DELETE',
    resource: string,
    json: unknown,
    guard: Guard<T>,
    options: CallOptions,
  ): Promise<T> {
    return this.transport.call({
      method,
      path: this.path(resource),
      body: json === undefined ? undefined : { json },
      auth: { kind: 'bearer', token: token.trim() },
      accept: SCIM_ACCEPT,
      idempotent: false,
      emptyBodyOk: true,
      guard,
      signal: options.signal,
      observe: options.observe,
    });
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
      observe: options.observe,
    });
  }
}
