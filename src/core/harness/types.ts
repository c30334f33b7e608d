/**
 * The request side of the Harness NG API, and the response types inferred from the schemas
 * (schemas.ts), as the client hands them out (docs/harness-contract.md, "Setting API JSON shapes"; "Service accounts and RBAC"; "SCIM API"; "Finding the account and checking a key"). Field
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

// ----- settings (docs/harness-contract.md, "Setting API") -----

export type SettingUpdateType = 'UPDATE' | 'RESTORE';

export interface SettingRequestDTO {
  identifier: string;
  /** Always a string, even for Boolean/Number settings; ignored by Harness for RESTORE. */
  value?: string | null;
  allowOverrides: boolean;
  updateType: SettingUpdateType;
}

// ----- access control (docs/harness-contract.md, "Access control API") -----

export type PrincipalType = 'USER' | 'USER_GROUP' | 'SERVICE' | 'API_KEY' | 'SERVICE_ACCOUNT' | (string & {});

/** `RoleAssignmentFilterDTO` of `POST /authz/api/roleassignments/filter` (HC access-control …/roleassignments/api/RoleAssignmentFilterDTO.java:28-36). */
export interface RoleAssignmentFilterDTO {
  resourceGroupFilter?: string[];
  roleFilter?: string[];
  principalTypeFilter?: PrincipalType[];
  principalFilter?: { identifier: string; type: PrincipalType; scopeLevel?: string }[];
  harnessManagedFilter?: boolean[];
  disabledFilter?: boolean[];
}

// ----- SCIM (docs/harness-contract.md, "SCIM API") -----

export interface ScimListParams {
  /** A SCIM filter; Harness honours only `<attr> eq "<value>"` and matches it against email (users) or name (groups). */
  filter?: string;
  /** Harness's default is 20. */
  count?: number;
  /** 1-based. */
  startIndex?: number;
}

/** What Harness answers, declared once as schemas (schemas.ts); these are their inferred types. */
export type {
  AccountDTO,
  PageResponse,
  ResourceGroupResponse,
  RoleAssignmentDTO,
  RoleAssignmentMetadataDTO,
  RoleAssignmentResponseDTO,
  RoleDTO,
  RoleResponseDTO,
  ScimGroup,
  ScimListResponse,
  ScimServiceProviderConfig,
  ScimUser,
  ServiceAccountAggregateDTO,
  ServiceAccountDTO,
  SettingDTO,
  SettingResponseDTO,
  SettingUpdateResponseDTO,
  TokenDTO,
} from './schemas';
