/**
 * What the SCIM write calls send, and the guards for their answers. Kept apart from `types.ts` and
 * `schemas.ts` so the read shapes can change there without touching these (docs/harness-contract.md, "SCIM API").
 */
import * as v from 'valibot';
import type { Guard } from './guard';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The body of `POST Users`, as identity providers send it. */
export interface ScimUserInput {
  userName: string;
  displayName?: string;
  name?: { givenName?: string; familyName?: string };
  emails?: { value: string; primary?: boolean; type?: string }[];
  active: boolean;
  externalId?: string;
}

/** The body of `POST Groups`. */
export interface ScimGroupInput {
  displayName: string;
  members?: { value: string; display?: string }[];
  externalId?: string;
}

/** One RFC 7644 §3.5.2 operation; Harness reads `op`, `path` and `value`. */
export interface ScimPatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

export function userBody(input: ScimUserInput): Record<string, unknown> {
  return { schemas: [SCIM_USER_SCHEMA], ...input };
}

export function groupBody(input: ScimGroupInput): Record<string, unknown> {
  return { schemas: [SCIM_GROUP_SCHEMA], ...input };
}

export function patchBody(operations: readonly ScimPatchOperation[]): Record<string, unknown> {
  return { schemas: [SCIM_PATCH_SCHEMA], Operations: operations };
}

/** A 204 (PATCH Groups, DELETE): nothing is read, and a body, if one comes, is ignored. */
export const noBody: Guard<undefined> = v.pipe(
  v.unknown(),
  v.transform(() => undefined),
);

/** PATCH Users answers the user, or nothing when the patch removed it (docs/harness-contract.md, "SCIM base URL and resources"): both are fine. */
export function bodyOrNothing<T>(g: Guard<T>): Guard<T | undefined> {
  return v.optional(g);
}
