/**
 * The response shapes this client relies on, each declared once: its TypeScript type is inferred
 * from the schema below it, checked where JSON enters (docs/harness-contract.md:
 * "Setting API JSON shapes"; "Service account endpoints"; "Access control API"; "SCIM API"; "Finding the account and checking a key"). Fields the extension reads are required with their types; fields Harness
 * documents but the extension only displays are optional. Enum-like strings are checked as strings
 * (a new Harness category must not break the tree).
 */
import * as v from 'valibot';
import { arrayOf, bool, type Guard, num, nullable, object, opt, str, stringMap, unknownValue } from './guard';

/** `ResponseDTO<T>`: the data plus the correlation id Harness support asks for. */
export function envelope<T>(data: Guard<T>) {
  return object({ status: str, data, correlationId: opt(str) });
}

export function page<T>(item: Guard<T>) {
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

export const settingDTO = object({
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

export const settingResponseDTO = v.pipe(
  object({ setting: settingDTO, lastModifiedAt: opt(num) }),
  v.transform((r) => ({ setting: r.setting, lastModifiedAt: r.lastModifiedAt ?? null })),
);

export const settingUpdateResponseDTO = v.pipe(
  object({
    identifier: str,
    setting: opt(settingDTO),
    lastModifiedAt: opt(num),
    updateStatus: bool,
    errorMessage: opt(str),
  }),
  v.transform((r) => ({
    identifier: r.identifier,
    setting: r.setting ?? null,
    lastModifiedAt: r.lastModifiedAt ?? null,
    updateStatus: r.updateStatus,
    errorMessage: r.errorMessage ?? null,
  })),
);

export const serviceAccountDTO = object({
  identifier: str,
  name: str,
  email: str,
  description: opt(str),
  tags: opt(stringMap),
  accountIdentifier: str,
  orgIdentifier: opt(str),
  projectIdentifier: opt(str),
});

/**
 * What `POST /ng/api/serviceaccount` may answer with HTTP 200: the new account, or (2025 copy, when an
 * OPA policy on service accounts refuses it) an otherwise empty DTO carrying only `governanceMetadata`
 * (HC2 ServiceAccountServiceImpl.createServiceAccount: `return opaValidationResponse;`).
 */
export const serviceAccountCreateAnswer = object({
  identifier: opt(str),
  name: opt(str),
  email: opt(str),
  description: opt(str),
  tags: opt(stringMap),
  accountIdentifier: opt(str),
  orgIdentifier: opt(str),
  projectIdentifier: opt(str),
  governanceMetadata: opt(object({ deny: opt(bool), message: opt(str), status: opt(str) })),
});

export const roleAssignmentMetadataDTO = object({
  identifier: str,
  roleIdentifier: str,
  roleName: opt(str),
  resourceGroupIdentifier: str,
  resourceGroupName: opt(str),
  managedRole: opt(bool),
  managedRoleAssignment: opt(bool),
});

export const serviceAccountAggregateDTO = v.pipe(
  object({
    serviceAccount: serviceAccountDTO,
    createdAt: opt(num),
    lastModifiedAt: opt(num),
    tokensCount: opt(num),
    roleAssignmentsMetadataDTO: opt(arrayOf(roleAssignmentMetadataDTO)),
  }),
  // Harness omits the list when the account has none; an absent list means "no assignments".
  v.transform((r) => ({ ...r, roleAssignmentsMetadataDTO: r.roleAssignmentsMetadataDTO ?? [] })),
);

export const roleDTO = object({
  identifier: str,
  name: str,
  permissions: v.optional(
    v.pipe(
      v.nullable(arrayOf(str)),
      v.transform((x) => x ?? []),
    ),
    [],
  ),
  allowedScopeLevels: opt(arrayOf(str)),
  description: opt(str),
  tags: opt(stringMap),
});

export const roleResponseDTO = object({
  role: roleDTO,
  scope: opt(scope),
  harnessManaged: opt(bool),
  createdAt: opt(num),
  lastModifiedAt: opt(num),
});

export const roleAssignmentDTO = object({
  identifier: opt(str),
  resourceGroupIdentifier: str,
  roleIdentifier: str,
  principal: object({ identifier: str, type: str, scopeLevel: opt(str) }),
  disabled: opt(bool),
  managed: opt(bool),
  internal: opt(bool),
});

export const roleAssignmentResponseDTO = object({
  roleAssignment: roleAssignmentDTO,
  scope: opt(scope),
  createdAt: opt(num),
  lastModifiedAt: opt(num),
  harnessManaged: opt(bool),
});

/** `GET /resourcegroup/api/v2/resourcegroup/{id}`: the fields that decide which resources a group covers. */
export const resourceGroupResponse = object({
  resourceGroup: object({
    identifier: str,
    name: opt(str),
    includedScopes: opt(
      arrayOf(
        object({ filter: opt(str), accountIdentifier: opt(str), orgIdentifier: opt(str), projectIdentifier: opt(str) }),
      ),
    ),
    resourceFilter: opt(
      object({
        includeAllResources: opt(bool),
        resources: opt(
          arrayOf(object({ resourceType: str, identifiers: opt(arrayOf(str)), attributeFilter: opt(unknownValue) })),
        ),
      }),
    ),
  }),
  harnessManaged: opt(bool),
});

export const accountDTO = object({
  identifier: str,
  name: str,
  companyName: opt(str),
  cluster: opt(str),
});

export const tokenDTO = object({
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

const scimMeta = object({
  resourceType: opt(str),
  created: opt(str),
  lastModified: opt(str),
  location: opt(str),
  version: opt(str),
});

export const scimUser = object({
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

export const scimGroup = object({
  schemas: opt(arrayOf(str)),
  id: str,
  externalId: opt(str),
  meta: opt(scimMeta),
  displayName: opt(str),
  members: opt(arrayOf(object({ value: str, ref: opt(str), display: opt(str) }))),
});

export function scimList<T>(item: Guard<T>) {
  return v.pipe(
    object({
      schemas: arrayOf(str),
      totalResults: num,
      // Harness omits null fields; an empty page may come without `Resources`.
      Resources: opt(arrayOf(item)),
      startIndex: opt(num),
      itemsPerPage: opt(num),
    }),
    v.transform((r) => ({ ...r, Resources: r.Resources ?? [] })),
  );
}

const supported = object({ supported: bool });

export const scimServiceProviderConfig = object({
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

// ----- the types, as the schemas above produce them -----

type Out<S extends v.GenericSchema> = v.InferOutput<S>;
export type ResponseEnvelope<T> = Out<ReturnType<typeof envelope<T>>>;
export type PageResponse<T> = Out<ReturnType<typeof page<T>>>;
export type SettingDTO = Out<typeof settingDTO>;
export type SettingResponseDTO = Out<typeof settingResponseDTO>;
export type SettingUpdateResponseDTO = Out<typeof settingUpdateResponseDTO>;
export type ServiceAccountDTO = Out<typeof serviceAccountDTO>;
export type RoleAssignmentMetadataDTO = Out<typeof roleAssignmentMetadataDTO>;
export type ServiceAccountAggregateDTO = Out<typeof serviceAccountAggregateDTO>;
export type RoleDTO = Out<typeof roleDTO>;
export type RoleResponseDTO = Out<typeof roleResponseDTO>;
export type RoleAssignmentDTO = Out<typeof roleAssignmentDTO>;
export type RoleAssignmentResponseDTO = Out<typeof roleAssignmentResponseDTO>;
export type AccountDTO = Out<typeof accountDTO>;
export type ResourceGroupResponse = Out<typeof resourceGroupResponse>;
export type ServiceAccountCreateAnswer = Out<typeof serviceAccountCreateAnswer>;
export type TokenDTO = Out<typeof tokenDTO>;
export type ScimUser = Out<typeof scimUser>;
export type ScimGroup = Out<typeof scimGroup>;
export type ScimListResponse<T> = Out<ReturnType<typeof scimList<T>>>;
export type ScimServiceProviderConfig = Out<typeof scimServiceProviderConfig>;
