/**
 * Checks of what is typed, before anything is fetched: the things Harness itself never checks at
 * save time (docs/harness-contract.md, "Setting update semantics") but trips over later, behind a uniform 401.
 */
import type { CheckAction, FieldCheck, SetupField } from './types';

/** Claims identity providers commonly put the client or subject in. */
export const COMMON_CLAIMS: readonly string[] = ['sub', 'client_id', 'azp', 'appid', 'email'];

/** Harness entity identifiers (service accounts included): a letter or `_` first, then letters, digits, `_`, `$`. */
const HARNESS_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,127}$/;

function result(
  field: SetupField,
  level: FieldCheck['level'],
  message: string,
  details: string[] = [],
  actions: CheckAction[] = [],
): FieldCheck {
  return { field, level, message, details, actions };
}

const ends = (s: string): boolean => s !== s.trim();

export type UrlFormat =
  { ok: true; url: URL; plainHttp: boolean; loopback: boolean } | { ok: false; check: FieldCheck };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The URL's shape: absolute, http(s), no credentials. `ok` URLs go on to be fetched. */
export function checkJwksUrlFormat(text: string): UrlFormat {
  const trimmed = text.trim();
  if (trimmed === '')
    return {
      ok: false,
      check: result(
        'jwksUrl',
        'error',
        "Enter the URL of your identity provider's JWK Set (often ends in /keys, /jwks or /certs).",
      ),
    };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return {
      ok: false,
      check: result('jwksUrl', 'error', `"${trimmed}" is not an absolute URL; it should start with https://.`),
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      check: result('jwksUrl', 'error', `Harness fetches the key set over https or http only, not ${url.protocol}.`),
    };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      check: result(
        'jwksUrl',
        'error',
        'The URL carries a user name or password; Harness would store it in plain text in the setting. Use a public key set URL.',
      ),
    };
  }
  return { ok: true, url, plainHttp: url.protocol === 'http:', loopback: LOOPBACK.test(url.hostname) };
}

/** Notes about the URL's shape that do not stop a fetch (plain http, loopback, ends spaces). */
export function jwksUrlNotes(text: string, format: Extract<UrlFormat, { ok: true }>): string[] {
  const notes: string[] = [];
  if (format.plainHttp)
    notes.push('The key set is fetched over plain http: anyone on the path could substitute keys. Use https.');
  if (format.loopback)
    notes.push(`${format.url.host} is this machine: Harness SaaS cannot reach it (fine for a local emulator).`);
  if (ends(text)) notes.push('Spaces at the ends are removed before sending (Harness trims the URL too).');
  return notes;
}

export function checkKeyField(text: string): FieldCheck {
  const suggestions = COMMON_CLAIMS.filter((c) => c !== text).map((value): CheckAction => ({
    kind: 'use-suggestion',
    value,
  }));
  if (text === '')
    return result('keyField', 'error', 'Enter the claim Harness compares, e.g. sub or client_id.', [], suggestions);
  if (text.trim() === '') return result('keyField', 'error', 'The claim name is only spaces.', [], suggestions);
  if (ends(text)) {
    const fixed = text.trim();
    return result(
      'keyField',
      'warning',
      `Harness does not trim the claim name: it would look for a claim named ${JSON.stringify(text)}, not ${JSON.stringify(fixed)}.`,
      [],
      [
        { kind: 'use-suggestion', value: fixed },
        ...suggestions.filter((s) => s.kind !== 'use-suggestion' || s.value !== fixed),
      ],
    );
  }
  // Harness looks the claim up by its exact name (docs/harness-contract.md, "The claim's name").
  const usual = COMMON_CLAIMS.find((c) => c !== text && c.toLowerCase() === text.toLowerCase());
  if (usual !== undefined)
    return result(
      'keyField',
      'warning',
      `Claim names are case-sensitive: Harness would look for a claim named ${JSON.stringify(text)}, and identity providers issue ${JSON.stringify(usual)}.`,
      [],
      [
        { kind: 'use-suggestion', value: usual },
        ...suggestions.filter((s) => s.kind !== 'use-suggestion' || s.value !== usual),
      ],
    );
  const details: string[] = [];
  if (text.includes('.'))
    details.push(`Harness reads top-level claims only: ${JSON.stringify(text)} is one claim name, not a path.`);
  const known = COMMON_CLAIMS.includes(text);
  return result(
    'keyField',
    known ? 'ok' : 'info',
    known
      ? `Harness will compare the token's "${text}" claim.`
      : `"${text}" is not one of the usual claims; make sure your identity provider puts it in the token as a string.`,
    details,
    known ? [] : suggestions,
  );
}

export function checkValue(text: string): FieldCheck {
  if (text.trim() === '')
    return result('value', 'error', text === '' ? 'Enter the value the claim must have.' : 'The value is only spaces.');
  if (ends(text))
    return result(
      'value',
      'info',
      `Harness trims the value before comparing, so it matches ${JSON.stringify(text.trim())} (comparison is case-sensitive).`,
    );
  return result('value', 'ok', `Tokens must carry exactly ${JSON.stringify(text)} (case-sensitive).`);
}

/** Shape only; whether it exists and may provision users is the async check. */
export function checkServiceAccountFormat(text: string): FieldCheck {
  const id = text.trim();
  // No "create one" action here: the field's own Create button sits right beside an empty field.
  if (id === '')
    return result(
      'serviceAccountId',
      'error',
      'Pick or enter the identifier of the service account SCIM calls will act as, or create one.',
    );
  if (!HARNESS_IDENTIFIER.test(id)) {
    return result(
      'serviceAccountId',
      'error',
      `"${id}" is not a Harness identifier (letters, digits, _ and $, not starting with a digit). Use the identifier, not the display name.`,
    );
  }
  return result('serviceAccountId', 'pending', `Looking up "${id}"…`);
}
