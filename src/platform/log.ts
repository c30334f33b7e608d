import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redact } from '../core/redact';
import type { SecretScrubber } from '../core/secrets';
import { logText } from '../core/terminalText';

/**
 * The extension's one log: a LogOutputChannel (levels follow "Developer: Set Log Level").
 * Every line passes through `redact()` (anything shaped like a key or token) and the scrubber of
 * the secrets the extension knows (proxy credentials), so a careless caller cannot leak one.
 */
export function createLogger(channel: vscode.LogOutputChannel, secrets?: SecretScrubber): Logger {
  // Secrets first (matched on the text as it came), then the controls: a line from outside stays one entry.
  const clean = (m: string): string => logText(secrets ? secrets.scrub(redact(m)) : redact(m));
  return {
    trace: (m) => {
      channel.trace(clean(m));
    },
    debug: (m) => {
      channel.debug(clean(m));
    },
    info: (m) => {
      channel.info(clean(m));
    },
    warn: (m) => {
      channel.warn(clean(m));
    },
    error: (m) => {
      channel.error(clean(m));
    },
  };
}
