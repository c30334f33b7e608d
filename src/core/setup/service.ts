/**
 * The setup flow without a UI: read the current values, send an UPDATE or RESTORE, interpret each
 * item, read back and compare, and say when Harness will start using the values. The webview panel
 * and tests drive this; it never throws for a Harness failure (it returns a `FailureReport`).
 */
import type { CallOptions } from '../harness';
import { SETTINGS_PROPAGATION_SECONDS } from '../harness';
import { silentLogger, type Logger } from '../log';
import { describeFailure } from './failures';
import type { SetupHarnessPort } from './harnessPort';
import { currentFromSettings } from './model';
import { buildBody } from './requestBody';
import { compareReadBack, expectedAfter, itemRows } from './results';
import type { CurrentSettings, FailureReport, ScimJwtSettings, SendOperation, SendOutcome } from './types';

export type CurrentResult = { ok: true; current: CurrentSettings } | { ok: false; failure: FailureReport };

export interface SetupServiceOptions {
  logger?: Logger;
  /** Clock for `effectiveAt` (tests). */
  now?: () => number;
}

export class SetupService {
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(
    private readonly port: SetupHarnessPort,
    options: SetupServiceOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  async readCurrent(options: CallOptions = {}): Promise<CurrentResult> {
    try {
      return { ok: true, current: currentFromSettings(await this.port.readSettings(options)) };
    } catch (e) {
      const failure = describeFailure('read', e);
      this.logger.warn(`setup: reading settings failed: ${failure.message}`);
      return { ok: false, failure };
    }
  }

  async send(operation: SendOperation, desired: ScimJwtSettings, options: CallOptions = {}): Promise<SendOutcome> {
    const body = buildBody(operation, desired);
    let result;
    try {
      result = await this.port.updateSettings(body, options);
    } catch (e) {
      const failure = describeFailure(operation === 'update' ? 'send' : 'restore', e);
      this.logger.warn(`setup: ${operation} failed: ${failure.message}`);
      return { kind: 'failed', operation, failure };
    }
    const items = itemRows(result.items);
    const sentAt = this.now();
    if (!result.allSucceeded) this.logger.warn(`setup: ${operation}: ${result.summary}`);
    else this.logger.info(`setup: ${operation}: all ${items.length} settings saved`);
    const outcome: Extract<SendOutcome, { kind: 'sent' }> = {
      kind: 'sent',
      operation,
      items,
      allSucceeded: result.allSucceeded,
      ...(result.correlationId !== undefined ? { correlationId: result.correlationId } : {}),
    };
    // Read back even after a partial failure: the user needs to know what Harness holds now.
    const current = await this.readBack(options);
    if (!current.ok) return { ...outcome, readBackFailure: current.failure };
    const readBack = compareReadBack(expectedAfter(body), current.current);
    if (!readBack.allMatch)
      this.logger.warn(
        `setup: read-back differs for ${readBack.rows
          .filter((r) => !r.matches)
          .map((r) => r.field)
          .join(', ')}`,
      );
    const effective = result.allSucceeded && readBack.allMatch;
    return {
      ...outcome,
      readBack,
      ...(effective ? { effectiveAt: sentAt + SETTINGS_PROPAGATION_SECONDS * 1000 } : {}),
    };
  }

  private async readBack(options: CallOptions): Promise<CurrentResult> {
    try {
      return { ok: true, current: currentFromSettings(await this.port.readSettings(options)) };
    } catch (e) {
      return { ok: false, failure: describeFailure('read-back', e) };
    }
  }
}
