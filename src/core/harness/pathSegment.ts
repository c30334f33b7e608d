/**
 * An identifier placed in a URL path (a user, group, role, resource group, service account or
 * account id) must stay one segment. `encodeURIComponent` escapes `/`, `?`, `#` and `%`, but leaves
 * `.` and `..` as they are, and URL parsing then resolves them: a server's or a file's id `..`
 * turned `DELETE …/Users/..` into a DELETE of the parent path. Such ids, and the empty one, are
 * refused before anything is sent.
 */
export class InvalidPathSegmentError extends Error {
  override readonly name = 'InvalidPathSegmentError';
  constructor(readonly value: string) {
    super(
      `${JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value)} is not a valid identifier for a URL path segment; nothing was sent.`,
    );
  }
}

/** True for a value that, once encoded, is exactly one non-empty path segment. */
export function isPathSegment(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..';
}

/** The value encoded as one path segment; throws `InvalidPathSegmentError` for '', '.' and '..'. */
export function pathSegment(value: string): string {
  if (!isPathSegment(value)) throw new InvalidPathSegmentError(value);
  return encodeURIComponent(value);
}
