/** Why a token could not be fetched; `message` says what happened and `hint` what to do. Never holds a secret. */
export type TokenFetchErrorKind =
  | 'bad-request'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'http-error'
  | 'not-json'
  | 'missing-path'
  | 'circular'
  | 'sign-in'
  | 'unsupported'
  | 'config'
  | 'too-many';

export class TokenFetchError extends Error {
  override readonly name = 'TokenFetchError';
  constructor(
    readonly kind: TokenFetchErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
