/**
 * The same request as text a person can run: a `curl` (key as `$HARNESS_API_KEY`) and an `.http`
 * file (key as `{{harnessApiKey}}`), plus the SCIM test scratch opened after a successful send.
 * The API key is never an input here, so no output can contain it.
 */
import { scimBaseUrl } from '../harness';
import type { SettingRequestDTO } from '../harness';
import { bodyJson, settingsUrl } from './requestBody';

export const CURL_KEY_VARIABLE = '$HARNESS_API_KEY';
export const HTTP_KEY_VARIABLE = 'harnessApiKey';

/** POSIX shell single quotes: everything literal; a `'` becomes `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface ExportTarget {
  baseUrl: string;
  accountId: string;
}

/**
 * `curl` for the PUT. The key header is in double quotes so the shell expands the variable; the
 * body in single quotes so nothing in it is expanded (a `$` in a claim value stays a `$`).
 */
export function buildCurl(target: ExportTarget, body: readonly SettingRequestDTO[]): string {
  return [
    `curl -sS -X PUT ${shellQuote(settingsUrl(target.baseUrl, target.accountId))} \\`,
    `  -H "x-api-key: ${CURL_KEY_VARIABLE}" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  --data-raw ${shellQuote(bodyJson(body))}`,
  ].join('\n');
}

/** An `.http` request (REST Client / httpYac / JetBrains) with the key as a variable read from the environment. */
export function buildHttpFile(target: ExportTarget, body: readonly SettingRequestDTO[], title: string): string {
  return [
    `# ${title}`,
    '# The API key is read from the HARNESS_API_KEY environment variable; it is never written here.',
    `@${HTTP_KEY_VARIABLE} = {{$processEnv HARNESS_API_KEY}}`,
    '',
    '###',
    `PUT ${settingsUrl(target.baseUrl, target.accountId)}`,
    `x-api-key: {{${HTTP_KEY_VARIABLE}}}`,
    'Content-Type: application/json',
    '',
    bodyJson(body),
    '',
  ].join('\n');
}

/**
 * The scratch file offered after the settings take effect: the authentication-only probe
 * (ServiceProviderConfig needs no permission) and the RBAC probe (Users needs core_user_view),
 * both with the IdP's token as `{{idpToken}}` for the inline inspection to judge.
 */
export function buildScimTestHttp(target: ExportTarget): string {
  const scim = scimBaseUrl(target.baseUrl, target.accountId);
  return [
    '# Test SCIM JWT authentication against Harness.',
    '# Paste a token from your identity provider after "@idpToken =" (the lens above each request shows',
    '# Harness\'s verdict before you send). Harness answers 401 "Token is not valid." for every JWT problem.',
    '@idpToken = ',
    '',
    '### 1. Authentication only (no permission needed)',
    `GET ${scim}/ServiceProviderConfig`,
    'Authorization: Bearer {{idpToken}}',
    'Accept: application/scim+json',
    '',
    '### 2. Authorization: the service account needs core_user_view',
    `GET ${scim}/Users?count=1`,
    'Authorization: Bearer {{idpToken}}',
    'Accept: application/scim+json',
    '',
  ].join('\n');
}
