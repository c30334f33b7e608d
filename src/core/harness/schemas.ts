/**
 * The response shapes this client relies on, checked where JSON enters (docs/harness-contract.md:
 * "Setting API JSON shapes"; "Service account endpoints"; "Access control API"; "SCIM API"; "Finding the account and checking a key"). Fields the extension reads are required with their types; fields Harness
 * documents but the extension only displays are optional. Enum-like strings are checked as strings
 * (a new Harness category must not break the tree).
 */
import { arrayOf, bool, type Guard, num, nullable, object, opt, str, stringMap, unknownValue } from './guard';
import type {
  AccountDTO,
  PageResponse,
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
  SettingValueResponseDTO,
  TokenDTO,
} from './types';

/** `ResponseDTO<T>`: the data plus the correlation id Harness support asks for. */
export function envelope<T>(data: Guard<T>): Guard<{ status: string; data: T; correlationId: string | undefined }> {
  return object({ status: str, data, correlationId: opt(str) });
}

export function page<T>(item: Guard<T>): Guard<PageResponse<T>> {
  return object({
    totalPages: num,
    totalItems: num,
    pageItemCount: num,
    pageSize: num,
    content: arrayOf(item),
    pageIndex: num,
    empty: opt(bool),
    pageToken: opt(str),
  });
}

const scope = object({ accountIdentifier: opt(str), orgIdentifier: opt(str), projectIdentifier: opt(str) });

export const settingDTO: Guard<SettingDTO> = object({
  identifier: str,
  name: str,
  orgIdentifier: opt(str),
  projectIdentifier: opt(str),
  category: str,
  groupIdentifier: opt(str),
  valueType: str,
  allowedValues: opt(arrayOf(str)),
  allowOverrides: bool,
  // `value` is what the whole extension is about: it must be present, as a string or null.
  value: nullable(str),
  defaultValue: opt(str),
  settingSource: str,
  isSettingEditable: opt(bool),
  allowedScopes: opt(arrayOf(str)),
});

export const settingResponseDTO: Guard<SettingResponseDTO> = (v, p) => {
  const r = object({ setting: settingDTO, lastModifiedAt: opt(num) })(v, p);
  return { setting: r.setting, lastModifiedAt: r.lastModifiedAt ?? null };
};

export const settingValueResponseDTO: Guard<SettingValueResponseDTO> = object({ valueType: str, value: nullable(str) });

export const settingUpdateResponseDTO: Guard<SettingUpdateResponseDTO> = (v, p) => {
  const r = object({
    identifier: str,
    setting: opt(settingDTO),
    lastModifiedAt: opt(num),
    updateStatus: bool,
    errorMessage: opt(str),
  })(v, p);
  return {
    identifier: r.identifier,
    setting: r.setting ?? null,
    lastModifiedAt: r.lastModifiedAt ?? null,
    updateStatus: r.updateStatus,
    errorMessage: r.errorMessage ?? null,
  };
};

export const serviceAccountDTO: Guard<ServiceAccountDTO> = object({
  identifier: str,
  name: str,
  email: str,
  description: opt(str),
  tags: opt(stringMap),
  accountIdentifier: str,
  orgIdentifier: opt(str),
  projectIdentifier: opt(str),
});

const roleAssignmentMetadataDTO: Guard<RoleAssignmentMetadataDTO> = object({
  identifier: str,
  roleIdentifier: str,
  roleName: opt(str),
  resourceGroupIdentifier: str,
  resourceGroupName: opt(str),
  managedRole: opt(bool),
  managedRoleAssignment: opt(bool),
});

export const serviceAccountAggregateDTO: Guard<ServiceAccountAggregateDTO> = (v, p) => {
  const r = object({
    serviceAccount: serviceAccountDTO,
    createdAt: opt(num),
    lastModifiedAt: opt(num),
    tokensCount: opt(num),
    roleAssignmentsMetadataDTO: opt(arrayOf(roleAssignmentMetadataDTO)),
  })(v, p);
  // Harness omits the list when the account has none; an absent list means "no assignments".
  return { ...r, roleAssignmentsMetadataDTO: r.roleAssignmentsMetadataDTO ?? [] };
};

export const roleDTO: Guard<RoleDTO> = object({
  identifier: str,
  name: str,
  permissions: (v, p) => opt(arrayOf(str))(v, p) ?? [],
  allowedScopeLevels: opt(arrayOf(str)),
  description: opt(str),
  tags: opt(stringMap),
});

export const roleResponseDTO: Guard<RoleResponseDTO> = object({
  role: roleDTO,
  scope: opt(scope),
  harnessManaged: opt(bool),
  createdAt: opt(num),
  lastModifiedAt: opt(num),
});

export const roleAssignmentDTO: Guard<RoleAssignmentDTO> = object({
  identifier: opt(str),
  resourceGroupIdentifier: str,
  roleIdentifier: str,
  principal: object({ identifier: str, type: str, scopeLevel: opt(str) }),
  disabled: opt(bool),
  managed: opt(bool),
  internal: opt(bool),
});

export const roleAssignmentResponseDTO: Guard<RoleAssignmentResponseDTO> = object({
  roleAssignment: roleAssignmentDTO,
  scope: opt(scope),
  createdAt: opt(num),
  lastModifiedAt: opt(num),
  harnessManaged: opt(bool),
});

export const accountDTO: Guard<AccountDTO> = object({
  identifier: str,
  name: str,
  companyName: opt(str),
  cluster: opt(str),
});

export const tokenDTO: Guard<TokenDTO> = object({
  identifier: str,
  name: opt(str),
  validFrom: opt(num),
  validTo: opt(num),
  valid: opt(bool),
  apiKeyType: opt(str),
  parentIdentifier: opt(str),
  apiKeyIdentifier: opt(str),
  accountIdentifier: opt(str),
  email: opt(str),
  username: opt(str),
});

// ----- SCIM -----

const scimMeta = object({ resourceType: opt(str), created: opt(str), lastModified: opt(str), location: opt(str), version: opt(str) });

export const scimUser: Guard<ScimUser> = object({
  schemas: opt(arrayOf(str)),
  id: str,
  externalId: opt(str),
  meta: opt(scimMeta),
  userName: opt(str),
  displayName: opt(str),
  active: opt(bool),
  emails: opt(arrayOf(object({ value: str, primary: opt(bool), type: opt(str), display: opt(str) }))),
  name: opt(object({ givenName: opt(str), familyName: opt(str), formatted: opt(str) })),
  groups: opt(arrayOf(unknownValue)),
});

export const scimGroup: Guard<ScimGroup> = object({
  schemas: opt(arrayOf(str)),
  id: str,
  externalId: opt(str),
  meta: opt(scimMeta),
  displayName: opt(str),
  members: opt(arrayOf(object({ value: str, ref: opt(str), display: opt(str) }))),
});

export function scimList<T>(item: Guard<T>): Guard<ScimListResponse<T>> {
  return (v, p) => {
    const r = object({
      schemas: arrayOf(str),
      totalResults: num,
      // Harness omits null fields; an empty page may come without `Resources`.
      Resources: opt(arrayOf(item)),
      startIndex: opt(num),
      itemsPerPage: opt(num),
    })(v, p);
    return { ...r, Resources: r.Resources ?? [] };
  };
}

const supported = object({ supported: bool });

export const scimServiceProviderConfig: Guard<ScimServiceProviderConfig> = object({
  schemas: opt(arrayOf(str)),
  documentationUri: opt(str),
  patch: supported,
  bulk: object({ supported: bool, maxOperations: opt(num), maxPayloadSize: opt(num) }),
  filter: object({ supported: bool, maxResults: opt(num) }),
  changePassword: supported,
  sort: supported,
  etag: supported,
  authenticationSchemes: opt(arrayOf(unknownValue)),
  scimAuthenticationSchemes: opt(arrayOf(unknownValue)),
});
