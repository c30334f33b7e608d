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
