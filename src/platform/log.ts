import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redact } from '../core/redact';

/**
 * The extension's one log: a LogOutputChannel (levels follow "Developer: Set Log Level").
 * Every line passes through `redact()` on its way in, so a careless caller cannot leak a key.
 */
export function createLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m) => { channel.trace(redact(m)); },
    debug: (m) => { channel.debug(redact(m)); },
    info: (m) => { channel.info(redact(m)); },
    warn: (m) => { channel.warn(redact(m)); },
    error: (m) => { channel.error(redact(m)); },
  };
}
