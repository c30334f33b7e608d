/**
 * Turning a failed call into what the form shows: what happened and what to do. Messages come from
 * `HarnessApiError` (already redacted there); anything else is redacted here.
 */
import { failureCategory, HarnessAccessDeniedError, isHarnessApiError } from '../harness';
import { redact } from '../redact';
import type { FailureReport } from './types';

export type FailedStep = 'read' | 'send' | 'restore' | 'read-back' | 'service-account' | 'service-accounts';

const STEP_TITLE: Readonly<Record<FailedStep, string>> = {
  read: 'Could not read the current settings',
  send: 'The settings were not sent',
  restore: 'The settings were not restored',
  'read-back': 'Could not read the settings back',
  'service-account': 'Could not look up the service account',
  'service-accounts': 'Could not list service accounts',
};

/** The permission each step needs, named when Harness answers 403 without saying. */
const STEP_PERMISSION: Readonly<Record<FailedStep, string>> = {
  read: 'core_account_view',
  send: 'core_setting_edit',
  restore: 'core_setting_edit',
  'read-back': 'core_account_view',
  'service-account': 'core_serviceaccount_view',
  'service-accounts': 'core_serviceaccount_view',
};

function mayHaveChanged(step: FailedStep): string {
  return step === 'send' || step === 'restore'
    ? ' Harness may or may not have applied it: read the settings back (Refresh) before sending again.'
    : '';
}

export function describeFailure(step: FailedStep, error: unknown): FailureReport {
  const title = STEP_TITLE[step];
  if (!isHarnessApiError(error)) {
    const message = redact(error instanceof Error ? error.message : String(error));
    return {
      title,
      message,
      whatToDo: `Retry; if it happens again, open the log (Harness SCIM JWT: Show Log).${mayHaveChanged(step)}`,
      missingPermissions: [],
      reconnect: false,
    };
  }
  const base = {
    title,
    message: error.message,
    ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
    ...(error.correlationId !== undefined ? { correlationId: error.correlationId } : {}),
  };
  const category = failureCategory(error);
  switch (category) {
    case 'forbidden': {
      const named = error instanceof HarnessAccessDeniedError ? error.missingPermissions : [];
      const missing = named.length > 0 ? named : [STEP_PERMISSION[step]];
      return {
        ...base,
        missingPermissions: missing,
        reconnect: false,
        whatToDo: `The API key's owner lacks ${missing.join(', ')}. Ask an account admin to grant it (Account Settings → Access Control: a role with ${step === 'send' || step === 'restore' ? '"Default Settings: Edit"' : 'the permission'} on the account), or connect with a key that has it.`,
      };
    }
    case 'rejected':
      return {
        ...base,
        missingPermissions: [],
        reconnect: true,
        whatToDo:
          'Harness refused the API key (expired, revoked or for another account). Connect again with a valid key; the form keeps your values.',
      };
    case 'unreachable':
      return {
        ...base,
        missingPermissions: [],
        reconnect: false,
        whatToDo:
          error.kind === 'html-page'
            ? 'Harness answered with a web page instead of the API: check the cluster / base URL of the connection, or a proxy login page.'
            : `Check the network, VPN or proxy settings (http.proxy), then retry.${mayHaveChanged(step)}`,
      };
    case 'server':
      return {
        ...base,
        missingPermissions: [],
        reconnect: false,
        whatToDo: `Harness had a problem on its side${error.httpStatus !== undefined ? ` (HTTP ${error.httpStatus})` : ''}. Retry in a minute; if it persists, contact Harness Support with the correlation id.${mayHaveChanged(step)}`,
      };
    case 'not-found':
      return {
        ...base,
        missingPermissions: [],
        reconnect: false,
        whatToDo: 'Harness did not find the endpoint or entity: check the cluster / base URL of the connection.',
      };
    case 'client':
      return {
        ...base,
        missingPermissions: [],
        reconnect: false,
        whatToDo: 'Harness refused the request as sent. Check the values; the log has the full answer.',
      };
    case 'cancelled':
      return { ...base, missingPermissions: [], reconnect: false, whatToDo: 'Cancelled; nothing more to do.' };
  }
}
