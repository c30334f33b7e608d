/**
 * The rehearsal's test identities. Names are unique per run and follow a pattern nobody else uses,
 * so cleanup can prove an object is the rehearsal's before deleting it: it never touches a user or
 * group whose name does not match. The address is under example.com (RFC 2606), reserved for
 * examples, so an invitation e-mail Harness may send goes nowhere.
 */
import { randomBytes } from 'node:crypto';

export const USER_NAME_PATTERN = /^scim-rehearsal\+[a-z0-9]{6,32}@example\.com$/;
export const GROUP_NAME_PATTERN = /^scim-rehearsal-[a-z0-9]{6,32}$/;

/** 12 base-36 characters from the system's CSPRNG: collisions between runs are not a concern. */
export function randomSuffix(): string {
  const bytes = randomBytes(12);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

export interface RehearsalIdentities {
  userName: string;
  groupName: string;
  /** The given name set in step 5, so step 5 changes something visible. */
  renamedGivenName: string;
}

export function identitiesFor(suffix: string): RehearsalIdentities {
  const s = suffix.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 32);
  if (s.length < 6) throw new Error('A rehearsal suffix needs at least 6 letters or digits.');
  return { userName: `scim-rehearsal+${s}@example.com`, groupName: `scim-rehearsal-${s}`, renamedGivenName: `Rehearsal ${s.slice(0, 6)}` };
}

/** True only for names this rehearsal could have given: the one guard before any delete by name. */
export function isRehearsalName(kind: 'user' | 'group', name: string): boolean {
  return (kind === 'user' ? USER_NAME_PATTERN : GROUP_NAME_PATTERN).test(name);
}
