/**
 * A CodeLens title as shown. Lens titles carry text from files and from identity providers (a
 * token's `kid`, a request's name, a Terraform value), and the editor reads `$(name)` in a title as
 * an icon: such text must not draw a ✓ of its own, nor reorder the verdict around it with a bidi
 * override, nor show a secret. So: secrets redacted, controls and bidi overrides escaped, `$(` kept
 * as text.
 */
import { redact } from '../core/redact';
import { plainLine } from '../core/terminalText';

export function lensText(title: string): string {
  return plainLine(redact(title)).replace(/\$\(/g, '\\$(');
}
