/**
 * Where Bearer tokens sit in a parsed document: `Authorization: Bearer …` headers (any case) and
 * JWT-looking file variable values. Synchronous, no I/O: the editor runs it per document version.
 */
import { Expander } from './expand';
import { findJwtLike } from './jwtShape';
import { expandRequestUrl } from './requestUrl';
import { mayHoldJwt, refusedParts, schemeIsInVariable } from './schemeInValue';
import { hasReferences, parseTemplate } from './templates';
import type {
  BearerTokenOccurrence,
  FileVariableToken,
  HeaderBearerToken,
  HttpyacAuthHeader,
  RequestSummary,
} from './tokenTypes';
import type { HttpDocument, HttpRequest } from './types';

const BEARER = /^bearer(?:\s+|$)/i;
/** httpYac's `oauth2|openid [flow] [prefix] [token_exchange prefix]` Authorization value; the flow defaults to client credentials. */
const HTTPYAC_AUTH =
  /^(oauth2|openid)(?:\s+(client(?:_credentials)?|(?:authorization_)?code|device(?:_code)?|password|implicit|hybrid))?(?:\s+(\S+))?\s*(?:token_exchange\s+\S+)?\s*$/i;

/** httpYac's `Authorization: oauth2 …` / `openid …` value, parsed; undefined for any other value. */
export function httpyacAuthOf(value: string): HttpyacAuthHeader | undefined {
  const m = HTTPYAC_AUTH.exec(value);
  if (!m) return undefined;
  const flow = (m[2] ?? 'client_credentials').toLowerCase();
  const normalised =
    flow === 'client'
      ? 'client_credentials'
      : flow === 'code'
        ? 'authorization_code'
        : flow === 'device'
          ? 'device_code'
          : flow;
  const auth: HttpyacAuthHeader = {
    type: (m[1] ?? 'oauth2').toLowerCase() === 'openid' ? 'openid' : 'oauth2',
    flow: normalised,
  };
  if (m[3] !== undefined && m[3].toLowerCase() !== 'token_exchange') auth.prefix = m[3];
  return auth;
}
const HARNESS_SCIM = /\/ng\/api\/scim\/account\/([^/?#\s]+)/i;

export interface HarnessScimMatch {
  isHarnessScim: boolean;
  /** Undefined when the account segment is itself a `{{variable}}`. */
  accountId?: string;
}

/** Does this URL call Harness's SCIM API (`…/ng/api/scim/account/<account>/…`)? */
export function matchHarnessScimUrl(url: string): HarnessScimMatch {
  const m = HARNESS_SCIM.exec(url);
  if (!m) return { isHarnessScim: false };
  const account = m[1] ?? '';
  return account.includes('{{') || account.includes('}}')
    ? { isHarnessScim: true }
    : { isHarnessScim: true, accountId: decodeSafely(account) };
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function summarizeRequest(request: HttpRequest, expandedUrl: string): RequestSummary {
  const scim = matchHarnessScimUrl(expandedUrl);
  const summary: RequestSummary = {
    index: request.index,
    method: request.method,
    url: request.url,
    expandedUrl,
    requestLineRange: request.requestLineRange,
    isHarnessScim: scim.isHarnessScim,
  };
  if (request.name !== undefined) summary.name = request.name;
  if (scim.accountId !== undefined) summary.harnessAccountId = scim.accountId;
  return summary;
}

export function findBearerTokens(doc: HttpDocument): BearerTokenOccurrence[] {
  const fileOnly = new Expander(doc, {});
  const summaries = new Map<number, RequestSummary>();
  const summaryOf = (request: HttpRequest): RequestSummary => {
    let s = summaries.get(request.index);
    if (!s) {
      s = summarizeRequest(request, expandRequestUrl(fileOnly, doc, request).text);
      summaries.set(request.index, s);
    }
    return s;
  };

  const valueOf = fileVariableValues(doc);
  const headerTokens: HeaderBearerToken[] = [];
  for (const request of doc.requests) {
    const spread = request.spreadHeaders[0];
    if (spread && !request.headers.some((h) => h.name.toLowerCase() === 'authorization')) {
      // The token may be in there: say so on the request line rather than leave the request out.
      headerTokens.push({
        kind: 'authorization-header',
        range: request.requestLineRange,
        rawText: `...${spread.name}`,
        templated: false,
        request: summaryOf(request),
        headerRange: spread.range,
        scheme: 'Bearer ',
        spreadHeaders: spread.name,
      });
    }
    for (const header of request.headers) {
      if (header.name.toLowerCase() !== 'authorization') continue;
      const auth = httpyacAuthOf(header.value);
      if (auth) {
        // httpYac sends `Bearer <token>` in place of this value: the token is judged where the value is.
        headerTokens.push({
          kind: 'authorization-header',
          range: header.valueRange,
          rawText: header.value,
          templated: false,
          request: summaryOf(request),
          headerRange: header.range,
          scheme: 'Bearer ',
          httpyacAuth: auth,
        });
        continue;
      }
      // httpYac drops one trailing comma from a header value; REST Client and JetBrains send it.
      // Judge what httpYac would send, and say what the others would do.
      const trailingComma = header.value.length > 1 && header.value.endsWith(',');
      const value = trailingComma ? header.value.slice(0, -1) : header.value;
      const headerValue = { text: value, start: header.valueRange.start };
      const variables = reachedVariables(value, valueOf);
      const scheme = BEARER.exec(value);
      if (!scheme) {
        // Harness reads any value that holds "Bearer " somewhere, and refuses one that does not: a
        // header that holds a JWT, or whose scheme is in a variable (`{{auth}}`, `{{token_type}} {{t}}`),
        // is judged on its resolved value in resolve.ts, never dropped for how it is spelled.
        if (!schemeIsInVariable(value) && !hasReferences(value) && !value.includes('Bearer ') && !mayHoldJwt(value))
          continue;
        const inVariable = schemeIsInVariable(value);
        const token: HeaderBearerToken = {
          kind: 'authorization-header',
          range: header.valueRange,
          rawText: value,
          templated: hasReferences(value),
          request: summaryOf(request),
          headerRange: header.range,
          // Not known before resolution; what precedes a written JWT until then.
          scheme: inVariable ? 'Bearer ' : refusedParts(value).prefix,
          headerValue,
          variables,
        };
        if (inVariable) token.schemeInVariable = true;
        if (trailingComma) token.trailingComma = true;
        headerTokens.push(token);
        continue;
      }
      const rawText = value.slice(scheme[0].length);
      // `Authorization: Bearer` with nothing after it: no token to judge.
      if (rawText === '') continue;
      const start = header.valueRange.start.character + scheme[0].length;
      const line = header.valueRange.start.line;
      headerTokens.push({
        kind: 'authorization-header',
        range: { start: { line, character: start }, end: { line, character: start + rawText.length } },
        rawText,
        templated: hasReferences(rawText),
        request: summaryOf(request),
        headerRange: header.range,
        scheme: scheme[0],
        ...(trailingComma ? { trailingComma: true } : {}),
        headerValue,
        variables,
      });
    }
  }

  const variableTokens = findFileVariableTokens(doc, summaryOf, headerTokens);
  return mergeInDocumentOrder(headerTokens, variableTokens);
}

function findFileVariableTokens(
  doc: HttpDocument,
  summaryOf: (r: HttpRequest) => RequestSummary,
  headers: HeaderBearerToken[],
): FileVariableToken[] {
  const tokens: FileVariableToken[] = [];
  let users: Map<string, RequestSummary[]> | undefined;
  doc.fileVariables.forEach((variable, variableIndex) => {
    const found = findJwtLike(variable.value);
    if (found.length === 0) return;
    users ??= usersOfVariables(headers);
    const region = doc.regions[variable.regionIndex];
    const ownerIndex = region?.requestIndexes.find(
      (i) => (doc.requests[i]?.requestLineRange.start.line ?? -1) > variable.range.start.line,
    );
    const owner = ownerIndex === undefined ? undefined : doc.requests[ownerIndex];
    for (const { start, end } of found) {
      const line = variable.valueRange.start.line;
      const character = variable.valueRange.start.character + start;
      const token: FileVariableToken = {
        kind: 'file-variable',
        range: { start: { line, character }, end: { line, character: character + end - start } },
        rawText: variable.value.slice(start, end),
        templated: false,
        variableName: variable.name,
        variableIndex,
        usedBy: users.get(variable.name) ?? [],
      };
      if (owner) token.request = summaryOf(owner);
      const scheme = variableScheme(variable.value.slice(0, start));
      if (scheme !== undefined) token.scheme = scheme;
      tokens.push(token);
    }
  });
  return tokens;
}

/**
 * The scheme a variable's token is sent with, when it is not "Bearer " and is written just before the
 * token in the value (`@auth = bearer eyJ…`). How the headers that use it send it is judged once they
 * are resolved (resolve.ts, judgeVariablesAsSent).
 */
function variableScheme(before: string): string | undefined {
  const written = /(?:^|\s)(bearer\s+)$/i.exec(before)?.[1];
  return written?.startsWith('Bearer ') === false ? written : undefined;
}

/**
 * Variable name → requests whose Authorization header reaches it through `{{…}}`, directly or via
 * other file variables (`Authorization: {{auth}}` with `@auth = Bearer eyJ…` counts too).
 */
function usersOfVariables(headers: HeaderBearerToken[]): Map<string, RequestSummary[]> {
  const users = new Map<string, RequestSummary[]>();
  for (const h of headers)
    for (const name of h.variables ?? []) {
      const list = users.get(name) ?? [];
      if (!list.some((r) => r.index === h.request.index)) list.push(h.request);
      users.set(name, list);
    }
  return users;
}

function fileVariableValues(doc: HttpDocument): Map<string, string[]> {
  const valueOf = new Map<string, string[]>();
  for (const v of doc.fileVariables) {
    const list = valueOf.get(v.name);
    if (list) list.push(v.value);
    else valueOf.set(v.name, [v.value]);
  }
  return valueOf;
}

/** The names `text` reaches through `{{…}}`, directly or through the file variables it names. */
function reachedVariables(text: string, valueOf: ReadonlyMap<string, string[]>): string[] {
  if (!text.includes('{{')) return [];
  const seen = new Set<string>();
  const queue = referencedNames(text);
  while (queue.length > 0) {
    const name = queue.pop() ?? '';
    if (seen.has(name)) continue;
    seen.add(name);
    for (const value of valueOf.get(name) ?? []) queue.push(...referencedNames(value));
  }
  return [...seen];
}

function referencedNames(text: string): string[] {
  const names: string[] = [];
  for (const part of parseTemplate(text)) {
    if (part.kind === 'reference') names.push(part.inner.replace(/^%/, ''));
  }
  return names;
}

function mergeInDocumentOrder(a: BearerTokenOccurrence[], b: BearerTokenOccurrence[]): BearerTokenOccurrence[] {
  if (b.length === 0) return a;
  return [...a, ...b].sort(
    (x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character,
  );
}
