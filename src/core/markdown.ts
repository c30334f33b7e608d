/**
 * Markdown escaping for every report the product renders (token reports, hovers, the doctor, the
 * CLI's text output): one place decides how untrusted text is shown without formatting.
 */

/** CommonMark ends a line at LF, CR or CR LF: a lone CR from a server starts a new block as well. */
const LINE_BREAK = /\r\n?|\n/g;

/** Inline code that survives any content, table pipes included. */
export function mdCode(text: string): string {
  const s = text.replace(LINE_BREAK, ' ').replace(/\|/g, '\\|');
  // A loop, not Math.max(...runs): a value with 150,000 backtick runs would overflow the stack.
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

/**
 * Escapes text meant to be read, not formatted. An `_` between two letters or digits is left as it
 * is: CommonMark never opens or closes emphasis there, and identifiers (`scim_rehearsal_x`,
 * `core_user_view`) stay readable where the report is printed as text (the CLI).
 */
export function mdText(text: string): string {
  return text.replace(/[\\`*[\]|<>]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\$&').replace(LINE_BREAK, ' ');
}

/** A table cell that keeps its own markdown but stays on one line and never splits the row. */
export function mdCell(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(/\|/g, '\\|');
}
