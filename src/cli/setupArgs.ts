/** `scim-jwt setup`'s help and flags: what the flags ask for, and the checks of what is typed. */
import { countWord } from '../core/countWords';
import { SCIM_PERMISSION_COUNT_WORD, SETTINGS_PROPAGATION_SECONDS, THE_SCIM_PERMISSIONS } from '../core/harness';
import {
  REFRESH_PARAMETER,
  checkJwksUrlFormat,
  checkKeyField,
  checkServiceAccountFormat,
  checkValue,
  EMPTY_SETTINGS,
  SETUP_FIELDS,
  type FieldCheck,
  type ScimJwtSettings,
} from '../core/setup';
import { SCIM_JWT_SETTINGS, scimJwtSetting, type ScimJwtSettingMeta } from '../core/scimJwtSettings';
import { CA_FILE_HELP, CliUsageError, NETWORK_HELP } from './io';

/** How many settings there are, in words ("four"). */
export const ALL = countWord(SETUP_FIELDS.length);

/**
 * The settings whose flag carries the value as typed. The service account is the exception: its
 * value can also come from --create-service-account, so its flag is handled on its own below.
 */
const VALUE_ROWS = SCIM_JWT_SETTINGS.filter((s) => s.field !== 'serviceAccountId');
const SERVICE_ACCOUNT = scimJwtSetting('serviceAccountId');

const flagOf = (s: ScimJwtSettingMeta): string => `--${s.cli.flag} ${s.cli.arg}`;
const helpLine = (s: ScimJwtSettingMeta): string => `  ${flagOf(s).padEnd(20)}  ${s.cli.help}`;

/** parseArgs options for every setting's flag. */
export const SETTING_OPTIONS: Record<string, { type: 'string' }> = Object.fromEntries(
  SCIM_JWT_SETTINGS.map((s) => [s.cli.flag, { type: 'string' as const }]),
);

export const HELP = `Usage: scim-jwt setup --base-url URL ${VALUE_ROWS.map(flagOf).join(' ')}
                      (${flagOf(SERVICE_ACCOUNT)} | --create-service-account ID [--role ROLE])
                      [--account ACC] [--dry-run] [--yes] [--force] [--json | --format text|json|terraform]
       scim-jwt setup --base-url URL --restore [--account ACC] [--dry-run] [--yes] [--json]
       scim-jwt setup --base-url URL --refresh-key-set [--token JWT|- | --token-endpoint URL --client-id ID]
                      [--account ACC] [--dry-run] [--yes] [--json]

Writes Harness's ${ALL} SCIM JWT settings (PUT /ng/api/settings at account scope), with the checks
of the extension's setup form:
  - the JWKS URL is fetched and must answer a key set with a signing key;
  - the claim name is checked for spaces Harness would not trim;
  - the service account must exist at account scope and hold ${THE_SCIM_PERMISSIONS}.
The current values are read first: a run that would change nothing sends nothing and says so.
After a PUT, each setting's result and the values read back are shown, and when Harness starts
using them (it caches the settings for ${SETTINGS_PROPAGATION_SECONDS} s).

The API key is read from HARNESS_API_KEY (never from the command line); it needs
"Default Settings: Edit" (core_setting_edit) to write the settings and core_account_view to read them.

  --base-url URL        Harness gateway, e.g. https://app.harness.io/gateway (or an emulator)
  --account ACC         the account id (optional: the key names it; must match when given)
${SCIM_JWT_SETTINGS.map(helpLine).join('\n')}
  --create-service-account ID
                        create (or reuse) that service account, a role holding exactly the ${SCIM_PERMISSION_COUNT_WORD}
                        SCIM permissions, and its assignment on all account-level resources, as
                        the extension's "Create a service account for SCIM" does, then use it
  --role ROLE           with --create-service-account, on plans without custom roles (Harness
                        allows them on Enterprise only): assign this existing role instead. It
                        must hold the ${SCIM_PERMISSION_COUNT_WORD}; what else it grants is printed, because the IdP's
                        token can use all of it on every Harness API. Without --role such a run
                        stops and lists the roles that would do, fewest extra permissions first
  --restore             set the ${ALL} settings back to Harness's default (unset)
  --refresh-key-set     make Harness re-read the key set after your identity provider rotated its keys
                        under the same URL: sets ?${REFRESH_PARAMETER}=<UTC time> on the JWKS URL (replacing
                        an earlier one; other parameters are kept) after proving that the changed URL
                        answers the same key set, writes it, waits the ${SETTINGS_PROPAGATION_SECONDS} s of Harness's settings
                        cache and, given a token (--token, --token-endpoint --client-id
                        --client-secret as for scim-jwt doctor), tests it against Harness
  --dry-run             print the JSON body and the curl command (key as $HARNESS_API_KEY); send nothing
  --yes                 do not ask (required when there is no terminal to ask on)
  --force               send even when a check fails (a key set that does not answer, a service
                        account that is missing or lacks permissions); wrongly typed values
                        (not a URL, an empty claim, not an identifier) are never sent
  --json                print one JSON object: { ok, outcome, checks, changes, ... }
  --format FORMAT       text (the default), json (as --json), or terraform: print the setup as a
                        Terraform module for Harness's provider and send nothing: the settings as
                        harness_platform_setting resources at account scope; with
                        --create-service-account also the service account, a role
                        holding exactly the ${SCIM_PERMISSION_COUNT_WORD} and its assignment. What the account already
                        holds comes out as import blocks. The checks go to stderr; a failing one stops
                        the export unless --force
${CA_FILE_HELP}

${NETWORK_HELP}

Ctrl-C before the PUT stops with nothing sent; during the PUT it waits for Harness's answer and
reads the settings back, so the report says what Harness holds.

Exit codes: 0 sent and read back as sent, or nothing to change, or a dry run that would send
(--refresh-key-set: the URL written and, given a token, Harness accepts it);
1 a check or Harness refused (nothing sent), or an item was not saved (--refresh-key-set: the
changed URL does not answer the same key set, or the re-test failed);
2 usage error, declined, or Harness not reached; 130 interrupted.
`;

export interface Desired {
  settings: ScimJwtSettings;
  /** The service account id, and whether this run creates (or reuses) it. */
  serviceAccount: { id: string; create: boolean; role?: string };
}

function str(values: Record<string, string | boolean | undefined>, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

/** The settings the flags ask for, or a usage error naming what is missing or conflicting. */
export function desiredFrom(values: Record<string, string | boolean | undefined>): Desired | undefined {
  const given = [...SCIM_JWT_SETTINGS.map((s) => s.cli.flag), 'create-service-account', 'role'].filter(
    (k) => values[k] !== undefined,
  );
  if (values.restore === true) {
    if (given.length > 0)
      throw new CliUsageError(
        `--restore sets all ${ALL} settings back to the default; it takes no --${given.join(', --')}`,
      );
    if (values.force === true) throw new CliUsageError('--restore runs no checks, so --force means nothing with it');
    return undefined;
  }
  const existing = str(values, SERVICE_ACCOUNT.cli.flag);
  const create = str(values, 'create-service-account');
  if (existing !== undefined && create !== undefined)
    throw new CliUsageError('give either --service-account ID or --create-service-account ID, not both');
  const role = str(values, 'role')?.trim();
  if (role !== undefined && create === undefined)
    throw new CliUsageError('--role ROLE goes with --create-service-account ID: it names the existing role to assign');
  const missing: string[] = VALUE_ROWS.map((s) => s.cli.flag).filter((k) => values[k] === undefined);
  if (existing === undefined && create === undefined)
    missing.push(`${SERVICE_ACCOUNT.cli.flag} ${SERVICE_ACCOUNT.cli.arg} (or --create-service-account ID)`);
  if (missing.length > 0) throw new CliUsageError(`missing --${missing.join(', --')} (or pass --restore)`);
  const id = existing ?? create ?? '';
  return {
    settings: {
      ...EMPTY_SETTINGS,
      ...Object.fromEntries(VALUE_ROWS.map((s) => [s.field, str(values, s.cli.flag) ?? ''])),
      serviceAccountId: id,
    },
    serviceAccount: { id: id.trim(), create: create !== undefined, ...(role ? { role } : {}) },
  };
}

/**
 * The form's checks of what is typed. Errors here are input mistakes (not a URL, an empty claim,
 * not an identifier): the form never sends them and neither does --force.
 */
export function inputChecks(d: Desired): { errors: FieldCheck[]; notes: FieldCheck[] } {
  const url = checkJwksUrlFormat(d.settings.jwksUrl);
  const all = [
    ...(url.ok ? [] : [url.check]),
    checkKeyField(d.settings.keyField),
    checkValue(d.settings.value),
    checkServiceAccountFormat(d.settings.serviceAccountId),
  ];
  return {
    errors: all.filter((c) => c.level === 'error'),
    notes: all.filter((c) => c.level === 'warning' || c.level === 'info'),
  };
}
