/**
 * Harness API keys (docs/harness-contract.md, "API key formats"): `pat.<account>.<tokenId>.<secret>` (a user's key) and
 * `sat.<account>.<tokenId>.<secret>` (a service account's), or the legacy 3-part
 * `pat.<tokenId>.<secret>` that does not name its account. Messages here name the part that is
 * wrong and never echo the secret.
 */

export type ApiKeyKind = 'pat' | 'sat';

export interface ParsedApiKey {
  kind: ApiKeyKind;
  accountId: string;
  tokenId: string;
  /** True for a 3-part key, whose account came from the caller rather than from the key. */
  legacy: boolean;
}

export type ApiKeyErrorCode =
  'empty' | 'prefix' | 'segment-count' | 'segment-chars' | 'account-needed' | 'account-mismatch';

export class ApiKeyFormatError extends Error {
  override readonly name = 'ApiKeyFormatError';
  constructor(
    readonly code: ApiKeyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const ORDINAL = ['first', 'second', 'third', 'fourth'];

/**
 * Parses a key. `accountId` is required for legacy 3-part keys; for 4-part keys, if given, it
 * must equal the key's account (Harness refuses a key used against another account).
 */
export function parseApiKey(key: string, accountId?: string): ParsedApiKey {
  const text = key.trim();
  if (!text) throw new ApiKeyFormatError('empty', 'The API key is empty. Paste a Harness API key (pat.… or sat.…).');
  if (/\s/.test(text))
    throw new ApiKeyFormatError('segment-chars', 'The API key contains spaces or line breaks; paste only the key.');
  const parts = text.split('.');
  const prefix = parts[0]?.toLowerCase();
  if (text.startsWith('eyJ')) {
    throw new ApiKeyFormatError(
      'prefix',
      'This looks like a JWT, not a Harness API key. Harness API keys start with pat. or sat.',
    );
  }
  if (prefix !== 'pat' && prefix !== 'sat') {
    throw new ApiKeyFormatError(
      'prefix',
      'A Harness API key starts with "pat." (personal) or "sat." (service account).',
    );
  }
  // Harness compares the prefix exactly (ApiKeyType values are lower case).
  if (parts[0] !== prefix) throw new ApiKeyFormatError('prefix', `The key prefix must be lower case "${prefix}.".`);
  if (parts.length !== 3 && parts.length !== 4) {
    throw new ApiKeyFormatError(
      'segment-count',
      `A Harness API key has 4 dot-separated parts (${prefix}.<account>.<token id>.<secret>); this one has ${parts.length}.`,
    );
  }
  parts.forEach((part, i) => {
    if (!SEGMENT.test(part)) {
      const what = i === parts.length - 1 ? 'secret' : i === 1 && parts.length === 4 ? 'account id' : 'token id';
      throw new ApiKeyFormatError(
        'segment-chars',
        `The ${ORDINAL[i] ?? 'last'} part of the key (the ${what}) is empty or has characters other than letters, digits, "_" and "-".`,
      );
    }
  });
  const kind: ApiKeyKind = prefix;
  const trimmedAccount = accountId?.trim();
  const given = trimmedAccount === '' ? undefined : trimmedAccount;
  if (parts.length === 3) {
    if (!given) {
      throw new ApiKeyFormatError(
        'account-needed',
        'This is an older API key that does not name its account; enter the account id as well.',
      );
    }
    return { kind, accountId: given, tokenId: parts[1] ?? '', legacy: true };
  }
  const keyAccount = parts[1] ?? '';
  if (given && given !== keyAccount) {
    throw new ApiKeyFormatError(
      'account-mismatch',
      `The key belongs to account ${keyAccount}, not ${given}; Harness refuses a key used against another account.`,
    );
  }
  return { kind, accountId: keyAccount, tokenId: parts[2] ?? '', legacy: false };
}

/** The secret material of a key, for scrubbing text. Empty when the key does not parse. */
export function secretPartsOf(key: string): string[] {
  const text = key.trim();
  const parts = text.split('.');
  const secret = parts.length >= 3 ? parts[parts.length - 1] : undefined;
  // Short fragments would scrub ordinary words; the secrets Harness issues are long.
  return [text, ...(secret && secret.length >= 8 ? [secret] : [])].filter((s) => s.length > 0);
}
