/**
 * Why a token could not be fetched, whichever way it was asked for (a `.http` file's requests, or
 * the client-credentials grant): `message` says what happened and `hint` what to do; a token
 * endpoint's answer adds its HTTP status and OAuth `error` code. Never holds a secret.
 */
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
  /** The token endpoint's HTTP status, when it answered. */
  readonly httpStatus: number | undefined;
  /** The OAuth 2.0 `error` code the token endpoint gave, when it gave one. */
  readonly oauthError: string | undefined;
  constructor(
    readonly kind: TokenFetchErrorKind,
    message: string,
    readonly hint?: string,
    answer: { httpStatus?: number | undefined; oauthError?: string | undefined } = {},
  ) {
    super(message);
    this.httpStatus = answer.httpStatus;
    this.oauthError = answer.oauthError;
  }
}
