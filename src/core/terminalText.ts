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
