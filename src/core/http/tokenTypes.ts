/**
 * Bearer token occurrences and their resolved values: what the editor (lens, hover, diagnostics)
 * and `scim-jwt scan` consume.
 */
import type { DynamicKind } from './templates';
import type { Position, Range } from './types';

/** The request a token is sent with, as much as is known from the file alone. */
export interface RequestSummary {
  index: number;
  method: string;
  /** Raw URL as written. */
  url: string;
  /** URL with file variables substituted where they resolve (other `{{…}}` left as written). */
  expandedUrl: string;
  name?: string;
  requestLineRange: Range;
  /** The expanded URL contains `/ng/api/scim/account/<account>/`. */
  isHarnessScim: boolean;
  /** The account id in that path, when it is written out (not a `{{variable}}`). */
  harnessAccountId?: string;
}

export type BearerTokenOccurrence = HeaderBearerToken | FileVariableToken;

interface OccurrenceBase {
  /** Exact range of `rawText` in the document. */
  range: Range;
  /** The token text as written: a JWT, or a template such as `{{token}}` or `{{$dotenv TOKEN}}`. */
  rawText: string;
  /** `rawText` contains `{{…}}` references. */
  templated: boolean;
}

/** `Authorization: Bearer <rawText>` in a request's headers. */
export interface HeaderBearerToken extends OccurrenceBase {
  kind: 'authorization-header';
  request: RequestSummary;
  headerRange: Range;
  /**
   * The header value's text before the token, as written (`Bearer `, `bearer `, `Bearer\t`).
   * Harness wants exactly `Bearer ` (capital B, one space) at the start.
   */
  scheme: string;
  /** The header ends in a comma, left out of `rawText`: httpYac drops it, REST Client and JetBrains send it. */
  trailingComma?: boolean;
  /**
   * httpYac's `Authorization: oauth2 <flow> [prefix]` (or `openid …`): httpYac replaces the whole value
   * with `Bearer <token from the identity provider>`, configured by `<prefix>_tokenEndpoint` and friends.
   */
  httpyacAuth?: HttpyacAuthHeader;
  /**
   * The scheme is in a variable (`{{token_type}} {{access_token}}`, `{{auth}}`): `rawText` is the whole
   * value and `scheme` is `Bearer ` until resolve.ts has expanded it; its result carries the occurrence
   * with the scheme as it resolved, and a value that is not a Bearer token is left out there.
   */
  schemeInVariable?: true;
  /** httpYac `...defaultHeaders`: the headers, Authorization among them, come from a script; the range is the request line. */
  spreadHeaders?: string;
  /**
   * The whole header value as written (without the comma httpYac drops) and where it starts: resolve.ts
   * expands all of it and reads it as Harness does (`contains("Bearer ")`, then `substring(7).trim()`).
   */
  headerValue?: { text: string; start: Position };
  /** File variables the value reaches through `{{…}}`, directly or through other file variables. */
  variables?: string[];
}

export interface HttpyacAuthHeader {
  type: 'oauth2' | 'openid';
  /** Normalised: client_credentials, authorization_code, device_code, password, implicit, hybrid. */
  flow: string;
  /** Variable prefix; undefined means httpYac's default `oauth2`. */
  prefix?: string;
}

/** A JWT-looking text in the value of a file variable (`@token = eyJ…`, `@auth = Bearer eyJ…`). */
export interface FileVariableToken extends OccurrenceBase {
  kind: 'file-variable';
  variableName: string;
  /** Index in `HttpDocument.fileVariables`. */
  variableIndex: number;
  /** The request whose region holds the definition, if any. */
  request?: RequestSummary;
  /** Requests whose `Authorization: Bearer` uses this variable, directly or through other file variables. */
  usedBy: RequestSummary[];
  /**
   * The scheme this token travels with when it is not "Bearer ": written before it in the value
   * (`@auth = bearer eyJ…`), or by every header that uses the variable (`Authorization: bearer {{token}}`).
   */
  scheme?: string;
}

/** Where a value (or a piece of it) came from. */
/** Where a response handler takes a variable from (see scriptSets.ts). */
export interface HandlerOrigin {
  client: 'JetBrains HTTP Client' | 'httpYac';
  requestIndex: number;
  requestName?: string;
  requestLine: number;
  path: string;
  /** The other `.http` file of the folder the handler is in; absent for this file. */
  documentPath?: string;
  /** The request and handler text as read; a token fetched from other text is not reused. */
  fingerprint: string;
}

export type ValueSource =
  | { kind: 'file-variable'; name: string; line: number; range: Range; lazy: boolean }
  | { kind: 'rest-client-environment'; name: string; environment: string }
  | { kind: 'env-file'; name: string; path: string; environment: string; private: boolean }
  | { kind: 'dotenv'; name: string; path: string }
  | { kind: 'process-env'; name: string }
  /** A value fetched at run time: a named request's response or an identity provider's token. */
  | { kind: 'fetched'; reference: string; from: string; fetchedAt: string }
  /** JetBrains `client.global.set("name", "literal")` in the handler of the request at `requestLine` (1-based). */
  | { kind: 'script-literal'; name: string; requestLine: number };

export type VariableProblem =
  | {
      kind: 'unresolved';
      /** The reference as written inside the braces, e.g. `token` or `$dotenv TOKEN`. */
      reference: string;
      /** Where it sits, when it is written in the token itself (not inside another variable). */
      range?: Range;
      /** Environments that do define it, when none or another is active. */
      definedInEnvironments?: string[];
      /** A human explanation ("no .env file found above …", "a script in this file may set it"). */
      hint?: string;
    }
  | { kind: 'circular'; reference: string; range?: Range; cycle: string[] }
  | {
      kind: 'dynamic';
      reference: string;
      range?: Range;
      dynamic: DynamicKind;
      /** For 'response-handler': the handler's request and the path it takes from the body. */
      handler?: HandlerOrigin;
    }
  /**
   * Expansion stopped: the value grows beyond any real token (`length`, e.g. `@a = {{b}}{{b}}`
   * chains), variables nest too deep (`depth`), or too many references were followed (`references`).
   */
  | { kind: 'too-long'; reference: string; range?: Range; limit: 'length' | 'depth' | 'references' };

/**
 * - resolved: `value` is exactly what would be sent.
 * - circular / unresolved / dynamic: no value; `problems` says why (in that order of precedence).
 */
export type ResolutionState = 'resolved' | 'unresolved' | 'circular' | 'dynamic';

/** Why a token request was not sent or did not give a token, phrased for a person, with what to do. */
export interface FetchFailure {
  reference: string;
  /** 'sign-in': the grant needs the user at the keyboard; never sent. */
  kind: 'sign-in' | 'failed' | 'unsupported';
  message: string;
  hint?: string;
}

/** A value fetched at run time and where it came from. */
export interface FetchedValue {
  value: string;
  from: string;
  fetchedAt: string;
  /** For a response handler's variable: the fingerprint of the request and handler it was fetched with. */
  sourceKey?: string;
}

/** Values fetched at run time, keyed by the reference as written inside `{{…}}` (or the oauth2 header value). */
export interface FetchedValues {
  values: ReadonlyMap<string, FetchedValue>;
  failures: ReadonlyMap<string, FetchFailure>;
}

export interface TokenResolution {
  state: ResolutionState;
  /** Set when the value depends on a fetch that was tried and failed or is not possible. */
  fetchFailure?: FetchFailure;
  /** Present only when `state` is 'resolved'. */
  value?: string;
  /** `{{token_type}} {{access_token}}`: where the scheme and the token each came from. */
  parts?: { scheme: ValueSource[]; token: ValueSource[] };
  /** Every value that went into the token, in the order first used (nested ones after their user). */
  sources: ValueSource[];
  problems: VariableProblem[];
}

export interface ResolvedBearerToken {
  occurrence: BearerTokenOccurrence;
  resolution: TokenResolution;
  /**
   * The request's URL with every resolvable reference substituted (environments included), for
   * display: when a value came from a secret source (process environment, `.env`, a private env
   * file), user-info and query values are masked, so no view, log or `scan --json` shows them.
   */
  resolvedUrl?: string;
  isHarnessScim: boolean;
  harnessAccountId?: string;
  /** How Harness reads the header, when that is not simply `Bearer <token>` (see harnessReading.ts). */
  harnessReads?: HarnessHeaderNote;
  /**
   * A file variable's token judged as the Authorization header that uses it sends it, because no
   * header sends the variable's token as `Bearer <token>`: the header's line (0-based).
   */
  judgedAsHeaderLine?: number;
}

export interface HarnessHeaderNote {
  /** `Bearer ` was found here, not at the start, and Harness, reading from the 8th character, gets another token. */
  bearerAt?: number;
  /** This many Authorization headers are sent: Harness's Jersey joins them with "," into one value. */
  joinedHeaders?: number;
  /** The scheme came from a variable or a response (`{{token_type}} {{access_token}}`), not written in the header. */
  schemeFromVariable?: boolean;
}

export interface ResolveResult {
  tokens: ResolvedBearerToken[];
  /** Env and dotenv files that were read and parsed (absolute paths). */
  filesRead: string[];
  /** Unreadable or malformed environment files and settings, already phrased for a person. */
  warnings: string[];
}
