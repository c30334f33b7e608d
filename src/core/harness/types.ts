/**
 * Harness NG API shapes as the client hands them out (docs/harness-contract.md, "Setting API JSON shapes"; "Service accounts and RBAC"; "SCIM API"; "Finding the account and checking a key"). Field
 * names are Harness's JSON names. Enums are typed as string unions for autocompletion but the
 * guards in `schemas.ts` accept unknown members too: Harness adds categories and scopes over time
 * and a new enum value must not break the tree.
 */

/** Harness's envelope for every NG and authz answer. */
export interface ResponseDTO<T> {
  status: 'SUCCESS' | 'FAILURE' | 'ERROR';
  data: T;
  metaData?: unknown;
  correlationId?: string | null;
}

/** Where a call applies: account (the default), an organization, or a project. */
export interface ScopeParams {
  orgIdentifier?: string;
  projectIdentifier?: string;
}

export interface PageParams {
  pageIndex?: number;
  pageSize?: number;
  searchTerm?: string;
}

export interface PageResponse<T> {
  totalPages: number;
  totalItems: number;
  pageItemCount: number;
  pageSize: number;
  content: T[];
  pageIndex: number;
  empty?: boolean;
  pageToken?: string | null;
}

// ----- settings (docs/harness-contract.md, "Setting API") -----

export type SettingValueType = 'String' | 'Boolean' | 'Number' | (string & {});
export type SettingSource = 'ACCOUNT' | 'ORG' | 'PROJECT' | 'DEFAULT' | (string & {});
export type SettingScopeLevel = 'ACCOUNT' | 'ORGANIZATION' | 'PROJECT' | (string & {});

export interface SettingDTO {
  identifier: string;
  name: string;
  orgIdentifier?: string | null;
  projectIdentifier?: string | null;
  category: string;
  groupIdentifier?: string | null;
  valueType: SettingValueType;
  allowedValues?: string[] | null;
  allowOverrides: boolean;
  value: string | null;
  defaultValue?: string | null;
  settingSource: SettingSource;
  isSettingEditable?: boolean;
  allowedScopes?: SettingScopeLevel[];
}

export interface SettingResponseDTO {
  setting: SettingDTO;
  lastModifiedAt: number | null;
}

export interface SettingValueResponseDTO {
  valueType: SettingValueType;
  value: string | null;
}

export type SettingUpdateType = 'UPDATE' | 'RESTORE';

export interface SettingRequestDTO {
  identifier: string;
  /** Always a string, even for Boolean/Number settings; ignored by Harness for RESTORE. */
  value?: string | null;
  allowOverrides: boolean;
  updateType: SettingUpdateType;
}

export interface SettingUpdateResponseDTO {
  identifier: string;
  setting: SettingDTO | null;
  lastModifiedAt: number | null;
  updateStatus: boolean;
  errorMessage: string | null;
}

// ----- service accounts (docs/harness-contract.md, "Service account endpoints") -----

export interface ServiceAccountDTO {
  identifier: string;
  name: string;
  email: string;
  description?: string | null;
  tags?: Record<string, string> | null;
  accountIdentifier: string;
  orgIdentifier?: string | null;
  projectIdentifier?: string | null;
}

export interface RoleAssignmentMetadataDTO {
  identifier: string;
  roleIdentifier: string;
  roleName?: string | null;
  resourceGroupIdentifier: string;
  resourceGroupName?: string | null;
  managedRole?: boolean;
  managedRoleAssignment?: boolean;
}

export interface ServiceAccountAggregateDTO {
  serviceAccount: ServiceAccountDTO;
  createdAt?: number | null;
  lastModifiedAt?: number | null;
  tokensCount?: number | null;
  roleAssignmentsMetadataDTO: RoleAssignmentMetadataDTO[];
}

// ----- access control (docs/harness-contract.md, "Access control API") -----

export type RoleScopeLevel = 'account' | 'organization' | 'project' | (string & {});

export interface RoleDTO {
  identifier: string;
  name: string;
  permissions: string[];
  allowedScopeLevels?: RoleScopeLevel[];
  description?: string | null;
  tags?: Record<string, string> | null;
}

export interface HarnessScopeDTO {
  accountIdentifier?: string | null;
  orgIdentifier?: string | null;
  projectIdentifier?: string | null;
}

export interface RoleResponseDTO {
  role: RoleDTO;
  scope?: HarnessScopeDTO | null;
  harnessManaged?: boolean;
  createdAt?: number | null;
  lastModifiedAt?: number | null;
}

export type PrincipalType = 'USER' | 'USER_GROUP' | 'SERVICE' | 'API_KEY' | 'SERVICE_ACCOUNT' | (string & {});

export interface PrincipalDTO {
  identifier: string;
  type: PrincipalType;
  scopeLevel?: string | null;
}

export interface RoleAssignmentDTO {
  identifier?: string | null;
  resourceGroupIdentifier: string;
  roleIdentifier: string;
  principal: PrincipalDTO;
  disabled?: boolean;
  managed?: boolean;
  internal?: boolean;
}

export interface RoleAssignmentResponseDTO {
  roleAssignment: RoleAssignmentDTO;
  scope?: HarnessScopeDTO | null;
  createdAt?: number | null;
  lastModifiedAt?: number | null;
  harnessManaged?: boolean;
}

export interface RoleAssignmentFilterDTO {
  resourceGroupFilter?: string[];
  roleFilter?: string[];
  principalTypeFilter?: PrincipalType[];
  principalScopeLevelFilter?: string[];
  principalFilter?: PrincipalDTO[];
  harnessManagedFilter?: boolean[];
  disabledFilter?: boolean[];
}

// ----- tokens (docs/harness-contract.md, "Finding the account and checking a key") -----

export type ApiKeyType = 'USER' | 'SERVICE_ACCOUNT' | (string & {});

/** `AccountDTO` (docs/harness-contract.md, "Base URLs and clusters"): the fields the extension shows. */
export interface AccountDTO {
  identifier: string;
  name: string;
  companyName?: string | null;
  cluster?: string | null;
}

export interface TokenDTO {
  identifier: string;
  name?: string | null;
  validFrom?: number | null;
  validTo?: number | null;
  valid?: boolean | null;
  apiKeyType?: ApiKeyType | null;
  parentIdentifier?: string | null;
  apiKeyIdentifier?: string | null;
  accountIdentifier?: string | null;
  email?: string | null;
  username?: string | null;
}

// ----- SCIM (docs/harness-contract.md, "SCIM API") -----

export interface ScimMeta {
  resourceType?: string;
  created?: string;
  lastModified?: string;
  location?: string;
  version?: string;
}

export interface ScimEmail {
  value: string;
  primary?: boolean;
  type?: string;
  display?: string;
}

export interface ScimUser {
  schemas?: string[];
  id: string;
  externalId?: string | null;
  meta?: ScimMeta | null;
  userName?: string | null;
  displayName?: string | null;
  active?: boolean | null;
  emails?: ScimEmail[] | null;
  name?: { givenName?: string; familyName?: string; formatted?: string } | null;
  groups?: unknown[] | null;
}

export interface ScimGroupMember {
  value: string;
  ref?: string | null;
  display?: string | null;
}

export interface ScimGroup {
  schemas?: string[];
  id: string;
  externalId?: string | null;
  meta?: ScimMeta | null;
  displayName?: string | null;
  members?: ScimGroupMember[] | null;
}

export interface ScimListResponse<T> {
  schemas: string[];
  /** Harness quirk: the number of items in this page, not the overall total (docs/harness-contract.md, "SCIM lists, paging and filters"). */
  totalResults: number;
  Resources: T[];
  startIndex?: number;
  itemsPerPage?: number;
}

export interface ScimSupported {
  supported: boolean;
}

export interface ScimServiceProviderConfig {
  schemas?: string[];
  documentationUri?: string;
  patch: ScimSupported;
  bulk: ScimSupported & { maxOperations?: number; maxPayloadSize?: number };
  filter: ScimSupported & { maxResults?: number };
  changePassword: ScimSupported;
  sort: ScimSupported;
  etag: ScimSupported;
  authenticationSchemes?: unknown[];
  scimAuthenticationSchemes?: unknown[];
}

export interface ScimListParams {
  /** A SCIM filter; Harness honours only `<attr> eq "<value>"` and matches it against email (users) or name (groups). */
  filter?: string;
  /** Harness's default is 20. */
  count?: number;
  /** 1-based. */
  startIndex?: number;
}
