/**
 * Reading `.http` files (REST Client, httpYac, JetBrains): parse, find Bearer tokens, resolve their
 * variables. Pure and `vscode`-free; the editor and `scim-jwt scan` both use this.
 *
 *   const doc = parseHttpDocument(text);               // sync, per document version
 *   const found = findBearerTokens(doc);               // sync, ranges + request
 *   const { tokens } = await resolveTokens(doc, ctx, found); // async only to read env files
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
export { findBearerTokens, matchHarnessScimUrl, type HarnessScimMatch } from './bearer';
export { resolveTokens, type ResolveContext } from './resolve';
export { looksLikeJwt, findJwtLike } from './jwtShape';
export {
  classifyReference,
  parseTemplate,
  type DynamicKind,
  type ReferenceMeaning,
  type TemplatePart,
} from './templates';
export { foldersUpward, PUBLIC_ENV_FILE, PRIVATE_ENV_FILE, type HttpFileReader } from './envFiles';
export { parseDotenv } from './dotenv';
export { describeProblem, describeResolution, describeSource } from './describe';
export { MAX_EXPANDED_LENGTH } from './expand';
export { clientMeanings } from './clientMeaning';
