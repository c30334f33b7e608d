/**
 * The one logging interface core code sees. The extension passes its LogOutputChannel (which has
 * exactly these methods); the CLI passes a stderr logger; tests pass `silentLogger` or a recorder.
 * Callers pass already-redacted text: see `redact()`.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const noop = (): void => undefined;
export const silentLogger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };
