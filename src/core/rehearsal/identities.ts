/**
 * The rehearsal's test identities. Names are unique per run and follow a pattern nobody else uses,
 * so cleanup can prove an object is the rehearsal's before deleting it: it never touches a user or
 * group whose name does not match. The address is under example.com (RFC 2606), reserved for
 * examples, so an invitation e-mail Harness may send goes nowhere.
 */
import { randomBytes } from 'node:crypto';

/**
 * `scim-rehearsal-<suffix>@example.com`, lower case and without `+`: Harness lower-cases userName
 * and URL-decodes filter values a second time, so a `+` would read as a space and the test user
 * could never be found by name (harness-core 1dcec145
 * 400-rest/src/main/java/software/wings/scim/ScimUserServiceImpl.java:223). Earlier versions used
 * `scim-rehearsal+<suffix>@…`; such stored leftovers are still recognised, so they can be cleared.
 */
export const USER_NAME_PATTERN = /^scim-rehearsal[-+][a-z0-9]{6,32}@example\.com$/;
export const GROUP_NAME_PATTERN = /^scim-rehearsal-[a-z0-9]{6,32}$/;

/** 12 base-36 characters from the system's CSPRNG: collisions between runs are not a concern. */
export function randomSuffix(): string {
  const bytes = randomBytes(12);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

export interface RehearsalIdentities {
  userName: string;
  groupName: string;
  /** The display name set in step 5, so step 5 changes something Harness stores. */
  renamedDisplayName: string;
  /** The externalId sent at create (Harness keeps it; later changes are ignored). */
  externalId: string;
}

export function identitiesFor(suffix: string): RehearsalIdentities {
  const s = suffix
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 32);
  if (s.length < 6) throw new Error('A rehearsal suffix needs at least 6 letters or digits.');
  return {
    userName: `scim-rehearsal-${s}@example.com`,
    groupName: `scim-rehearsal-${s}`,
    renamedDisplayName: `SCIM Rehearsal ${s.slice(0, 6)}`,
    externalId: `scim-rehearsal-${s}`,
  };
}

/** True only for names this rehearsal could have given: the one guard before any delete by name. */
export function isRehearsalName(kind: 'user' | 'group', name: string): boolean {
  return (kind === 'user' ? USER_NAME_PATTERN : GROUP_NAME_PATTERN).test(name);
}
