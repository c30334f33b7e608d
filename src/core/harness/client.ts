/**
 * The one Harness API client: settings, service accounts, roles and role assignments,
 * `token/validate`, SCIM (via `scim`), and links into the Harness web app. Every feature (tree,
 * setup form, lenses, CLI) calls Harness through an instance of this class.
 */
import type { HttpClient } from '../net';
import type { Logger } from '../log';
import { type ApiKeyKind, parseApiKey } from './apiKey';
import type { CallOptions } from './callOptions';
import { type AccountPage, accountWebUrl, normalizeBaseUrl, scimBaseUrl } from './clusters';
import { SCIM_JWT_SETTINGS_GROUP, SCIM_SETTINGS_CATEGORY } from './constants';
import { HarnessApiError } from './errors';
import { arrayOf, type Guard } from './guard';
import { allPages, FULL_PAGE, paging } from './paging';
import type { RetryOptions } from './retry';
import * as S from './schemas';
import { ScimClient } from './scim';
import { type SettingsUpdateResult, settingsUpdateResult } from './settingsUpdate';
import { isTokenAnswer, refusalFrom, type TokenValidation } from './tokenValidation';
import { openTransport } from './openTransport';
import type { QueryValue, Timeouts, Transport } from './transport';
import { pathSegment } from './pathSegment';
import type {
  AccountDTO,
  PageParams,
  PageResponse,
  ResourceGroupResponse,
  RoleAssignmentDTO,
  RoleAssignmentFilterDTO,
  RoleAssignmentResponseDTO,
  RoleDTO,
  RoleResponseDTO,
  ScopeParams,
  ServiceAccountAggregateDTO,
  ServiceAccountDTO,
  SettingRequestDTO,
  SettingResponseDTO,
  TokenDTO,
} from './types';

/** The TokenDTO Harness makes for a SCIM JWT: a dummy id `JWT_SCIM_DUMMY_ID_<service account>` and no API key. */
export function isJwtAnswer(token: Pick<TokenDTO, 'identifier'>): boolean {
  return token.identifier.startsWith('JWT_SCIM_DUMMY_ID_');
}

export interface HarnessClientOptions {
  /** Gateway root, e.g. `https://app.harness.io/gateway` (see `baseUrlFor`), or an emulator's URL. */
  baseUrl: string;
  apiKey: string;
  /** Required for legacy 3-part keys; for 4-part keys it must match the key's account if given. */
  accountId?: string | undefined;
  logger?: Logger | undefined;
  /** How requests travel (VS Code's `fetch` in the extension, undici in the CLI). The caller owns and closes it. */
  http: HttpClient;
  timeouts?: Partial<Timeouts>;
  /** Largest response body accepted, in bytes. */
  maxBytes?: number;
  retries?: RetryOptions;
  userAgent?: string;
}

export class HarnessClient {
  readonly baseUrl: string;
  readonly accountId: string;
  readonly keyKind: ApiKeyKind;
  /** SCIM calls with a bearer token given per call. */
  readonly scim: ScimClient;
  private readonly transport: Transport;

  constructor(options: HarnessClientOptions) {
    const key = parseApiKey(options.apiKey, options.accountId);
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.accountId = key.accountId;
    this.keyKind = key.kind;
    this.transport = openTransport(options, this.baseUrl, options.apiKey.trim(), this.accountId);
    this.scim = new ScimClient(this.transport, this.accountId);
  }

  /** `GET /ng/api/accounts/{acc}`: the account's name and cluster (needs core_account_view). */
  async getAccount(options: CallOptions = {}): Promise<AccountDTO> {
    return this.read(`/ng/api/accounts/${pathSegment(this.accountId)}`, this.scope(undefined), S.accountDTO, options);
  }

  /** The SCIM base URL an identity provider is configured with. */
  get scimBaseUrl(): string {
    return scimBaseUrl(this.baseUrl, this.accountId);
  }

  /** "Open in Harness" links. */
  webUrl(page?: AccountPage): string {
    return accountWebUrl(this.baseUrl, this.accountId, page);
  }

  // ----- plumbing -----

  private scope(scope: ScopeParams | undefined, extra: Record<string, QueryValue> = {}): Record<string, QueryValue> {
    return {
      accountIdentifier: this.accountId,
      orgIdentifier: scope?.orgIdentifier,
      projectIdentifier: scope?.projectIdentifier,
      ...extra,
    };
  }

  private async read<T>(
    path: string,
    query: Record<string, QueryValue>,
    guard: Guard<T>,
    options: CallOptions,
  ): Promise<T> {
    const body = await this.transport.call({
      method: 'GET',
      path,
      query,
      auth: { kind: 'api-key' },
      idempotent: true,
      guard: S.envelope(guard),
      signal: options.signal,
    });
    return body.data;
  }

  private async write<T>(
    method: 'POST' | 'PUT',
    path: string,
    query: Record<string, QueryValue>,
    json: unknown,
    guard: Guard<T>,
    options: CallOptions,
  ): Promise<{ data: T; correlationId: string | undefined }> {
    const body = await this.transport.call({
      method,
      path,
      query,
      body: { json },
      auth: { kind: 'api-key' },
      idempotent: false,
      guard: S.envelope(guard),
      signal: options.signal,
    });
    return { data: body.data, correlationId: body.correlationId };
  }

  // ----- settings (docs/harness-contract.md, "Setting API") -----

  /** `GET /ng/api/settings`. `category` is required by Harness. */
  listSettings(
    params: ScopeParams & { category: string; group?: string | undefined; includeParentScopes?: boolean | undefined },
    options: CallOptions = {},
  ): Promise<SettingResponseDTO[]> {
    const query = this.scope(params, {
      category: params.category,
      group: params.group,
      includeParentScopes: params.includeParentScopes,
    });
    return this.read('/ng/api/settings', query, arrayOf(S.settingResponseDTO), options);
  }

  /** The four SCIM JWT settings, exactly as Harness's own SCIM filter reads them. */
  scimJwtSettings(options: CallOptions = {}): Promise<SettingResponseDTO[]> {
    return this.listSettings({ category: SCIM_SETTINGS_CATEGORY, group: SCIM_JWT_SETTINGS_GROUP }, options);
  }

  /** `PUT /ng/api/settings`. Never retried. Inspect the result: Harness answers 200 even when items fail. */
  async updateSettings(
    items: readonly SettingRequestDTO[],
    scope?: ScopeParams,
    options: CallOptions = {},
  ): Promise<SettingsUpdateResult> {
    const { data, correlationId } = await this.write(
      'PUT',
      '/ng/api/settings',
      this.scope(scope),
      items,
      arrayOf(S.settingUpdateResponseDTO),
      options,
    );
    return settingsUpdateResult(items, data, correlationId);
  }

  /** Restores settings to their inherited/default value: the same PUT with `updateType: "RESTORE"`. */
  restoreSettings(
    identifiers: readonly string[],
    scope?: ScopeParams,
    options: CallOptions = {},
  ): Promise<SettingsUpdateResult> {
    const items: SettingRequestDTO[] = identifiers.map((identifier) => ({
      identifier,
      allowOverrides: false,
      updateType: 'RESTORE',
      value: null,
    }));
    return this.updateSettings(items, scope, options);
  }

  // ----- service accounts (docs/harness-contract.md, "Service account endpoints") -----

  listServiceAccounts(
    params: ScopeParams & { identifiers?: string[] } = {},
    options: CallOptions = {},
  ): Promise<ServiceAccountDTO[]> {
    return this.read(
      '/ng/api/serviceaccount',
      this.scope(params, { identifiers: params.identifiers }),
      arrayOf(S.serviceAccountDTO),
      options,
    );
  }

  /** One page of service accounts with their role assignments. */
  listServiceAccountAggregates(
    params: ScopeParams & PageParams & { identifiers?: string[] } = {},
    options: CallOptions = {},
  ): Promise<PageResponse<ServiceAccountAggregateDTO>> {
    const query = this.scope(params, { ...paging(params), identifiers: params.identifiers });
    return this.read('/ng/api/serviceaccount/aggregate', query, S.page(S.serviceAccountAggregateDTO), options);
  }

  /** Every page of `listServiceAccountAggregates`. */
  allServiceAccountAggregates(
    params: ScopeParams & { searchTerm?: string } = {},
    options: CallOptions = {},
  ): Promise<ServiceAccountAggregateDTO[]> {
    return allPages((pageIndex) =>
      this.listServiceAccountAggregates({ ...params, pageIndex, pageSize: FULL_PAGE }, options),
    );
  }

  /** `GET aggregate/{id}`: the service account and its role assignments. A missing one is a 400 INVALID_ARGUMENT → `isNotFound(error)`. */
  async getServiceAccountAggregate(
    identifier: string,
    scope?: ScopeParams,
    options: CallOptions = {},
  ): Promise<ServiceAccountAggregateDTO> {
    return this.read(
      `/ng/api/serviceaccount/aggregate/${pathSegment(identifier)}`,
      this.scope(scope),
      S.serviceAccountAggregateDTO,
      options,
    );
  }

  async createServiceAccount(
    account: Omit<ServiceAccountDTO, 'accountIdentifier'>,
    scope?: ScopeParams,
    options: CallOptions = {},
  ): Promise<ServiceAccountDTO> {
    // Harness requires the body's scope to equal the query's (NGUtils.verifyValuesNotChanged).
    const json = {
      ...account,
      accountIdentifier: this.accountId,
      orgIdentifier: scope?.orgIdentifier,
      projectIdentifier: scope?.projectIdentifier,
    };
    const { data, correlationId } = await this.write(
      'POST',
      '/ng/api/serviceaccount',
      this.scope(scope),
      json,
      S.serviceAccountCreateAnswer,
      options,
    );
    if (
      data.identifier === undefined ||
      data.name === undefined ||
      data.email === undefined ||
      data.accountIdentifier === undefined
    ) {
      // The 2025 copy answers a policy refusal with HTTP 200 and an empty DTO holding only governanceMetadata
      // (HC2 ServiceAccountServiceImpl.createServiceAccount).
      const policy = data.governanceMetadata;
      const why = policy
        ? `a governance (OPA) policy refused it${policy.message ? `: ${policy.message}` : ''}${policy.status ? ` (status ${policy.status})` : ''}`
        : 'Harness answered without the new service account';
      throw new HarnessApiError({
        kind: 'harness-error',
        request: { method: 'POST', path: '/ng/api/serviceaccount' },
        httpStatus: 200,
        code: policy ? 'POLICY_EVALUATION_FAILURE' : undefined,
        correlationId,
        message: `Service account ${account.identifier} was not created: ${why}. Ask the account's policy owner to allow it, or create it in Harness.`,
      });
    }
    return {
      ...data,
      identifier: data.identifier,
      name: data.name,
      email: data.email,
      accountIdentifier: data.accountIdentifier,
    };
  }

  // ----- roles (docs/harness-contract.md, "Access control API") -----

  listRoles(params: ScopeParams & PageParams = {}, options: CallOptions = {}): Promise<PageResponse<RoleResponseDTO>> {
    return this.read('/authz/api/roles', this.scope(params, paging(params)), S.page(S.roleResponseDTO), options);
  }

  allRoles(params: ScopeParams & { searchTerm?: string } = {}, options: CallOptions = {}): Promise<RoleResponseDTO[]> {
    return allPages((pageIndex) => this.listRoles({ ...params, pageIndex, pageSize: FULL_PAGE }, options));
  }

  async getRole(identifier: string, scope?: ScopeParams, options: CallOptions = {}): Promise<RoleResponseDTO> {
    return this.read(`/authz/api/roles/${pathSegment(identifier)}`, this.scope(scope), S.roleResponseDTO, options);
  }

  async createRole(role: RoleDTO, scope?: ScopeParams, options: CallOptions = {}): Promise<RoleResponseDTO> {
    return (await this.write('POST', '/authz/api/roles', this.scope(scope), role, S.roleResponseDTO, options)).data;
  }

  // ----- role assignments (docs/harness-contract.md, "Access control API") -----

  async createRoleAssignment(
    assignment: RoleAssignmentDTO,
    scope?: ScopeParams,
    options: CallOptions = {},
  ): Promise<RoleAssignmentResponseDTO> {
    return (
      await this.write(
        'POST',
        '/authz/api/roleassignments',
        this.scope(scope),
        assignment,
        S.roleAssignmentResponseDTO,
        options,
      )
    ).data;
  }

  /**
   * `POST /authz/api/roleassignments/filter`: one page of assignments with their `disabled` flag, which
   * the service account aggregate does not carry (HC access-control/service/src/main/java/io/harness/accesscontrol/roleassignments/api/RoleAssignmentResourceImpl.java:174-185).
   * A read sent as POST, so it may be retried.
   */
  async filterRoleAssignments(
    filter: RoleAssignmentFilterDTO,
    params: ScopeParams & PageParams = {},
    options: CallOptions = {},
  ): Promise<PageResponse<RoleAssignmentResponseDTO>> {
    const body = await this.transport.call({
      method: 'POST',
      path: '/authz/api/roleassignments/filter',
      query: this.scope(params, paging(params)),
      body: { json: filter },
      auth: { kind: 'api-key' },
      idempotent: true,
      guard: S.envelope(S.page(S.roleAssignmentResponseDTO)),
      signal: options.signal,
    });
    return body.data;
  }

  /** Every page of `filterRoleAssignments`. */
  allRoleAssignments(
    filter: RoleAssignmentFilterDTO,
    scope?: ScopeParams,
    options: CallOptions = {},
  ): Promise<RoleAssignmentResponseDTO[]> {
    return allPages((pageIndex) =>
      this.filterRoleAssignments(filter, { ...scope, pageIndex, pageSize: FULL_PAGE }, options),
    );
  }

  // ----- resource groups (platform service) -----

  /**
   * `GET /resourcegroup/api/v2/resourcegroup/{id}` (HC platform-service/modules/resource-group-service/contracts/src/main/java/io/harness/resourcegroup/v2/remote/resource/HarnessResourceGroupResource.java:71,99;
   * the gateway routes /resourcegroup to platform-service, whose root path is /api). Needs core_resourcegroup_view.
   */
  async getResourceGroup(
    identifier: string,
    scope?: ScopeParams,
    options: CallOptions = {},
  ): Promise<ResourceGroupResponse> {
    return this.read(
      `/resourcegroup/api/v2/resourcegroup/${pathSegment(identifier)}`,
      this.scope(scope),
      S.resourceGroupResponse,
      options,
    );
  }

  // ----- token/validate (docs/harness-contract.md, "Finding the account and checking a key"; "The token/validate diagnostic") -----

  /**
   * Asks Harness about a token: by default the client's own key ("who am I"); given a JWT, the
   * inner reason Harness would refuse it for SCIM. Refusals come back as `{ valid: false, reason }`.
   * A 401 can also mean the client's own key was refused: call `whoAmI()` first to rule that out.
   */
  async validateToken(token?: string, options: CallOptions = {}): Promise<TokenValidation> {
    try {
      const body = await this.transport.call({
        method: 'POST',
        path: '/ng/api/token/validate',
        query: { accountIdentifier: this.accountId },
        body: { text: (token ?? '').trim() || this.apiKeyForValidation() },
        auth: { kind: 'api-key' },
        idempotent: true,
        guard: S.envelope(S.tokenDTO),
        signal: options.signal,
      });
      const data = body.data;
      // For a JWT, Harness builds the TokenDTO without `valid`, a primitive boolean, so it is always
      // false on success (HC 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:376-388;
      // 970-ng-commons/src/main/java/io/harness/ng/core/dto/TokenDTO.java:40; HC2 the same). A JWT's HTTP 200
      // is the acceptance; `valid` means something only for an API key's own TokenDTO.
      if (data.valid === false && !isJwtAnswer(data)) {
        const error = new HarnessApiError({
          kind: 'harness-error',
          request: { method: 'POST', path: '/ng/api/token/validate' },
          httpStatus: 200,
          code: 'EXPIRED_TOKEN',
          message: 'Harness reports the API key as no longer valid (valid: false).',
        });
        return refusalFrom(error);
      }
      return { valid: true, token: data };
    } catch (error) {
      if (isTokenAnswer(error)) return refusalFrom(error);
      throw error;
    }
  }

  /** Who the client's key belongs to; throws (kind `harness-error`, status 401) when Harness refuses it. */
  async whoAmI(options: CallOptions = {}): Promise<TokenDTO> {
    const result = await this.validateToken(undefined, options);
    if (result.valid) return result.token;
    throw result.error;
  }

  /** The key itself, only ever sent as the body of token/validate (as the official CLI does). */
  private apiKeyForValidation(): string {
    return this.transport.apiKey;
  }
}
