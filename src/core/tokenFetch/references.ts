/**
 * What a dynamic reference fetches, in the syntax of the client that wrote it. Where the clients
 * disagree, the syntax decides: `name.response.body.…` is REST Client's request variable,
 * `name.path` on a named request is httpYac's parsed response, `$auth.token("id")` is JetBrains'.
 */

import type { VariableProblem } from '../http';

export type ClientName = 'REST Client' | 'httpYac' | 'JetBrains HTTP Client';

export type TokenSourceRef =
  /** A named request's response: `part` body with a path ('' or `*` = the whole body), or a header. */
  | {
      kind: 'response';
      client: ClientName;
      reference: string;
      requestName: string;
      part: 'body' | 'headers';
      path: string;
      /** Set for a response handler's variable: the request, by position in the file, named or not. */
      requestIndex?: number;
      /** …in this other file of the folder (JetBrains globals are shared between files). */
      documentPath?: string;
      /** The handler's request and code as read (scriptSets.ts): a value fetched for other text is not used. */
      fingerprint?: string;
    }
  /** JetBrains `{{$auth.token("id")}}` / `{{$auth.idToken("id")}}`: `Security.Auth.<id>` in the env file. */
  | { kind: 'jetbrains-auth'; client: ClientName; reference: string; authId: string; idToken: boolean }
  /** httpYac `Authorization: oauth2 <flow> [prefix]`, configured by `<prefix>_*` variables. */
  | { kind: 'httpyac-oauth2'; client: ClientName; reference: string; flow: string; prefix?: string };

const REST_CLIENT_RESPONSE = /^([^.\s{}]+)\.response\.(body|headers)(?:\.([\s\S]+))?$/;
const JETBRAINS_AUTH = /^\$auth\.(token|idToken)\s*\(\s*(["'])([^"']*)\2\s*\)$/;
const HTTPYAC_PATH = /^([A-Za-z_$][\w$-]*)((?:\.[\w$-]+|\[\s*(?:\d+|"[^"]*"|'[^']*')\s*\])*)$/;

/**
 * The source of `reference` (the text inside `{{…}}`, or an `oauth2 …` header value), or
 * undefined when it is not a fetchable kind (a prompt, `$guid`, a script expression).
 */
export function tokenSourceOf(reference: string, requestNames: ReadonlySet<string>): TokenSourceRef | undefined {
  const rest = REST_CLIENT_RESPONSE.exec(reference);
  if (rest && requestNames.has(rest[1] ?? '')) {
    const part = rest[2] === 'headers' ? 'headers' : 'body';
    return {
      kind: 'response',
      client: 'REST Client',
      reference,
      requestName: rest[1] ?? '',
      part,
      path: rest[3] ?? '*',
    };
  }
  const auth = JETBRAINS_AUTH.exec(reference);
  if (auth)
    return {
      kind: 'jetbrains-auth',
      client: 'JetBrains HTTP Client',
      reference,
      authId: auth[3] ?? '',
      idToken: auth[1] === 'idToken',
    };
  const yac = HTTPYAC_PATH.exec(reference);
  if (yac && requestNames.has(yac[1] ?? '')) {
    return {
      kind: 'response',
      client: 'httpYac',
      reference,
      requestName: yac[1] ?? '',
      part: 'body',
      path: (yac[2] ?? '').replace(/^\./, ''),
    };
  }
  return undefined;
}

/**
 * A variable a response handler sets (`client.global.set("token", response.body.a)`, httpYac
 * `$global.token = response.parsedBody.a`): the handler's request and the body path, like a REST
 * Client `{{login.response.body.a}}` reference. Undefined for any other problem.
 */
export function handlerSourceOf(problem: VariableProblem): TokenSourceRef | undefined {
  if (problem.kind !== 'dynamic' || problem.dynamic !== 'response-handler' || !problem.handler) return undefined;
  const h = problem.handler;
  return {
    kind: 'response',
    client: h.client,
    reference: problem.reference,
    requestName: h.requestName ?? `line ${h.requestLine}`,
    part: 'body',
    path: h.path,
    requestIndex: h.requestIndex,
    fingerprint: h.fingerprint,
    ...(h.documentPath !== undefined ? { documentPath: h.documentPath } : {}),
  };
}

/** The `Authorization: oauth2 …` header value as a source (the flow already normalised by the parser). */
export function httpyacAuthSource(value: string, flow: string, prefix: string | undefined): TokenSourceRef {
  return {
    kind: 'httpyac-oauth2',
    client: 'httpYac',
    reference: value,
    flow,
    ...(prefix !== undefined ? { prefix } : {}),
  };
}

/** The short name the lens uses: "Get the token from `login` and check it". */
export function sourceLabel(source: TokenSourceRef): string {
  switch (source.kind) {
    case 'response':
      return source.requestName;
    case 'jetbrains-auth':
      return source.authId;
    case 'httpyac-oauth2':
      return source.prefix ?? 'oauth2';
  }
}
