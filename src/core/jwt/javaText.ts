/** Java string semantics Harness's server code relies on, where JavaScript's built-ins differ. */

/**
 * Java's `String.trim()`: strips only code units up to U+0020. `String.prototype.trim` also strips
 * no-break spaces, line separators and the like, which Harness keeps — so `"\u00a0x"` is not `"x"`.
 */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Java's `String.equalsIgnoreCase`: equal length, and each pair of characters equal as they are,
 * after `Character.toUpperCase`, or after `toLowerCase` of that.
 */
export function javaEqualsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    const ux = upperChar(x);
    const uy = upperChar(y);
    if (ux === uy || lowerChar(ux) === lowerChar(uy)) continue;
    return false;
  }
  return true;
}

/** Character.toUpperCase on one UTF-16 unit: JavaScript's mapping when it stays one unit. */
function upperChar(c: string): string {
  const u = c.toUpperCase();
  return u.length === 1 ? u : c;
}

function lowerChar(c: string): string {
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
}
