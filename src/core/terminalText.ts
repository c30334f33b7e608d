/**
 * Text from outside (a server's answer, a token, a file) must reach a terminal as text: an ESC
 * starts a sequence that can retitle the window, clear the screen or move the cursor to overwrite
 * a verdict; BEL, NUL and a lone CR do their own damage; C1 controls (U+0080–U+009F) act like ESC
 * sequences on some terminals; bidi overrides reorder what is shown. Each is written as a visible
 * `\uXXXX` escape. Newline and tab stay: they are the output's own layout.
 *
 * The escape is also a valid JSON string escape for the same character, so JSON output filtered
 * through here still parses to the same values.
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it escapes
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(TERMINAL_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * For the editor's one-line plain-text surfaces (notifications, quick pick labels and details): the
 * controls escaped as for a terminal, and a line break or tab from outside shown as a space, so a
 * server's text cannot open a line of its own that reads like ours.
 */
export function plainLine(text: string): string {
  return terminalText(text.replace(/\r\n|[\n\t]/g, ' '));
}

/**
 * For log lines: the controls escaped; a line break continues the entry indented, so text from
 * outside cannot start a line that passes for a log entry of its own ("[info] …").
 */
export function logText(text: string): string {
  return terminalText(text.replace(/\r\n/g, '\n')).replace(/\n/g, '\n    ');
}

/**
 * For one line of a command's text output that carries text from outside (a token's claims, a
 * file's values, a server's words): the controls escaped, and a line break or tab shown as the
 * visible `\\n`, `\\r` or `\\t`, so a value cannot open a line of its own that reads like a verdict.
 */
export function lineText(text: string): string {
  return terminalText(
    text.replace(/\r\n|[\r\n\t]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\r\\n')),
  );
}
