/**
 * Reading `.http` files (REST Client, httpYac, JetBrains): parse, find Bearer tokens, resolve their
 * variables. Pure and `vscode`-free; the editor and `scim-jwt scan` both use this.
 *
 *   const doc = parseHttpDocument(text);               // sync, per document version
 *   const found = findBearerTokens(doc);               // sync, ranges + request
 *   const { tokens } = await resolveTokens(doc, ctx, found); // async only to read env files
 *
 * This index is the folder's public API: every other folder imports from here, never from the
 * files behind it (lint holds core to that).
 */
export type {
  FileVariable,
  HttpDocument,
  HttpHeader,
  HttpRegion,
  HttpRequest,
  MetadataEntry,
  Position,
  Range,
  RegionSeparator,
} from './types';
export type {
  BearerTokenOccurrence,
  FetchedValue,
  FetchedValues,
  FetchFailure,
  FileVariableToken,
  HttpyacAuthHeader,
  HeaderBearerToken,
  RequestSummary,
  ResolutionState,
  ResolveResult,
  ResolvedBearerToken,
  TokenResolution,
  ValueSource,
  VariableProblem,
} from './tokenTypes';
export { parseHttpDocument, type ParseOptions } from './parse';
export { httpTextOfMarkdown, isMarkdownPath } from './markdown';
export { findBearerTokens, httpyacAuthOf, matchHarnessScimUrl, type HarnessScimMatch } from './bearer';
export { loadExpansionSources, maskUrlSecrets, resolveTokens, type ResolveContext } from './resolve';
export { looksLikeJwt, findJwtLike } from './jwtShape';
export {
  classifyReference,
  parseTemplate,
  type DynamicKind,
  type ReferenceMeaning,
  type TemplatePart,
} from './templates';
export { foldersUpward, isPlainObject, PUBLIC_ENV_FILE, PRIVATE_ENV_FILE, type HttpFileReader } from './envFiles';
export { nodeFileReader } from './nodeFs';
export { parseDotenv } from './dotenv';
export { describeProblem, describeResolution, describeSource } from './describe';
export { Expander, MAX_EXPANDED_LENGTH, type ExpansionSources } from './expand';
export { generateSystemVariable } from './systemVariables';
export { clientMeanings } from './clientMeaning';
export { hostIsUndefined, prefixText, urlPrefixesOf, type UrlPrefix } from './requestUrl';
export { fileClientOf, type FileClient } from './fileClient';
export { ScriptFileCache } from './scriptSets';
