/**
 * Resolving each Bearer token to the exact text that would be sent, and saying where it came from.
 * Environment files are read only when some reference needs them (and at most once per call); a
 * value that is only known at send time (response, prompt, script, `$guid`…) is reported as
 * dynamic, never guessed. Never rejects.
 */
import { findBearerTokens, matchHarnessScimUrl } from './bearer';
import { isPlainObject, loadEnvFiles, toEnvironmentMap, type HttpFileReader, type LoadedEnvFiles } from './envFiles';
import { loadHttpyacEnvironments } from './httpyacConfig';
import { loadImports, type ImportedFile } from './imports';
import { expandRequestUrl } from './requestUrl';
import { BEARER_SCHEME, judgeScheme, mayHoldJwt, refusedParts, splitTwoParts } from './schemeInValue';
import { bearerTokenAsHarness } from '../jwt';
import { parseHttpDocument } from './parse';
import { scriptSetsOf, siblingScriptSets, type ScriptFileCache, type ScriptSet } from './scriptSets';
import { Expander, type Expansion, type ExpansionSources, type RestClientEnvironments } from './expand';
import type {
  BearerTokenOccurrence,
  FetchedValues,
  HarnessHeaderNote,
  HeaderBearerToken,
  ResolutionState,
  ResolveResult,
  ResolvedBearerToken,
  TokenResolution,
  ValueSource,
} from './tokenTypes';
import type { HttpDocument, HttpRequest } from './types';

export interface ResolveContext {
  /** Absolute path of the `.http` file; env and `.env` files are searched from its folder upward. */
  documentPath?: string;
  /** Stop the upward search at this folder (inclusive), e.g. the workspace folder. */
  rootPath?: string;
  /** Needed, with `documentPath`, to read env files; without it only in-memory sources are used. */
  reader?: HttpFileReader;
  /** Environment for http-client*.env.json and `.env.<env>`; also REST Client's unless `restClient.activeEnvironment` says otherwise. */
  environment?: string;
  restClient?: {
    /** The value of the `rest-client.environmentVariables` setting, as read (validated here). */
    environmentVariables?: unknown;
    activeEnvironment?: string;
  };
  /** For `{{$processEnv NAME}}` / `{{$env.NAME}}`; never taken from `process.env` implicitly. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** Tokens and responses fetched at run time (src/core/tokenFetch), and the fetches that failed. */
  fetched?: FetchedValues;
  /** Named requests of `# @import`ed files. */
  importedRequestNames?: ReadonlySet<string>;
  /** Sibling and handler files kept between calls (the editor keeps one); without it they are read each call. */
  scriptFiles?: ScriptFileCache;
}

/**
 * Resolves every Bearer token of `doc` (or the given subset, from `findBearerTokens(doc)`).
 */
export async function resolveTokens(
  doc: HttpDocument,
  ctx: ResolveContext = {},
  occurrences?: BearerTokenOccurrence[],
): Promise<ResolveResult> {
  const warnings: string[] = [];
  try {
    const tokens = occurrences ?? findBearerTokens(doc);
    const sources = baseSources(ctx, warnings);
    await addImports(doc, ctx, sources, warnings);
    await addScriptSets(doc, ctx, sources, warnings);
    let results = resolveAll(doc, tokens, sources);
    const filesUsable = ctx.reader !== undefined && ctx.documentPath !== undefined;
    let files: LoadedEnvFiles | undefined;
    if (results.neededFiles && filesUsable && ctx.reader && ctx.documentPath) {
      files = await loadAllEnvFiles(ctx.reader, ctx.documentPath, ctx, warnings);
      results = resolveAll(doc, tokens, { ...sources, files });
    }
    return { tokens: results.tokens, filesRead: files?.filesRead ?? [], warnings };
  } catch (e) {
    // A bug here must not take the editor down with it; say so instead.
    warnings.push(`Token resolution failed: ${e instanceof Error ? e.name : 'unknown error'}.`);
    return { tokens: [], filesRead: [], warnings };
  }
}

/** The env files of envFiles.ts, then httpYac's `.httpyac.json` environments after them. */
async function loadAllEnvFiles(
  reader: HttpFileReader,
  documentPath: string,
  ctx: ResolveContext,
  warnings: string[],
): Promise<LoadedEnvFiles> {
  const files = await loadEnvFiles(reader, documentPath, ctx.rootPath, ctx.environment);
  warnings.push(...files.warnings);
  const httpyac = await loadHttpyacEnvironments(reader, documentPath, ctx.rootPath, warnings);
  if (httpyac.file) files.envJson.push(httpyac.file);
  if (httpyac.read !== undefined) files.filesRead.push(httpyac.read);
  return files;
}

/** httpYac `# @import`: the imported files' named requests and variables join this file's. */
async function addImports(
  doc: HttpDocument,
  ctx: ResolveContext,
  sources: ExpansionSources,
  warnings: string[],
): Promise<ImportedFile[]> {
  if (doc.imports.length === 0 || !ctx.reader || ctx.documentPath === undefined) return [];
  const loaded = await loadImports(doc, ctx.reader, ctx.documentPath);
  warnings.push(...loaded.warnings);
  const names = new Set(ctx.importedRequestNames);
  for (const f of loaded.files) for (const r of f.doc.requests) if (r.name !== undefined) names.add(r.name);
  sources.importedRequestNames = names;
  sources.importedVariables = loaded.files.flatMap((f) => f.doc.fileVariables);
  return loaded.files;
}

/** Variables the file's response handlers set, recognised without running them (scriptSets.ts). */
async function addScriptSets(
  doc: HttpDocument,
  ctx: ResolveContext,
  sources: ExpansionSources,
  warnings: string[],
): Promise<void> {
  const sets = doc.requests.some((r) => r.responseHandlers !== undefined)
    ? await scriptSetsOf(doc, ctx.documentPath, ctx.reader, warnings, ctx.scriptFiles)
    : new Map<string, ScriptSet>();
  if (ctx.reader && ctx.documentPath !== undefined && usesUnknownNames(doc))
    await siblingScriptSets(ctx.documentPath, ctx.reader, sets, (t) => parseHttpDocument(t), warnings, ctx.scriptFiles);
  if (sets.size > 0) sources.scriptSets = sets;
}

/** Whether some `{{name}}` of the file has no file variable: only then can another file's handler matter. */
function usesUnknownNames(doc: HttpDocument): boolean {
  const defined = new Set(doc.fileVariables.map((v) => v.name));
  const values = [
    ...doc.fileVariables.map((v) => v.value),
    ...doc.requests.flatMap((r) => r.headers.map((h) => h.value)),
  ];
  for (const value of values)
    for (const m of value.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)) if (!defined.has(m[1] ?? '')) return true;
  return false;
}

/** Every variable source of `ctx`, env files and imports included: what a request would be sent with. */
export async function loadExpansionSources(
  doc: HttpDocument,
  ctx: ResolveContext,
  warnings: string[],
): Promise<{ sources: ExpansionSources; imports: ImportedFile[] }> {
  const sources = baseSources(ctx, warnings);
  const imports = await addImports(doc, ctx, sources, warnings);
  await addScriptSets(doc, ctx, sources, warnings);
  if (ctx.reader && ctx.documentPath)
    sources.files = await loadAllEnvFiles(ctx.reader, ctx.documentPath, ctx, warnings);
  return { sources, imports };
}

function baseSources(ctx: ResolveContext, warnings: string[]): ExpansionSources {
  const sources: ExpansionSources = {};
  if (ctx.fetched !== undefined) sources.fetched = ctx.fetched;
  if (ctx.importedRequestNames !== undefined) sources.importedRequestNames = ctx.importedRequestNames;
  if (ctx.environment !== undefined) sources.environment = ctx.environment;
  if (ctx.processEnv !== undefined) sources.processEnv = ctx.processEnv;
  const rest = restClientEnvironments(ctx, warnings);
  if (rest) sources.restClient = rest;
  if (ctx.documentPath === undefined) sources.filesUnavailableReason = 'no path is known for this file';
  else if (ctx.reader === undefined) sources.filesUnavailableReason = 'no file reader was given';
  return sources;
}

function restClientEnvironments(ctx: ResolveContext, warnings: string[]): RestClientEnvironments | undefined {
  const raw = ctx.restClient?.environmentVariables;
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) {
    warnings.push('The rest-client.environmentVariables setting is not an object of environments; it was ignored.');
    return undefined;
  }
  const active = ctx.restClient?.activeEnvironment ?? ctx.environment;
  const rest: RestClientEnvironments = { environments: toEnvironmentMap(raw) };
  if (active !== undefined) rest.active = active;
  return rest;
}

function resolveAll(
  doc: HttpDocument,
  tokens: BearerTokenOccurrence[],
  sources: ExpansionSources,
): { tokens: ResolvedBearerToken[]; neededFiles: boolean } {
  const expander = new Expander(doc, sources);
  let neededFiles = false;
  const urlCache = new Map<number, { url: string; shown: string; needed: boolean }>();
  const resolved = tokens.map((occurrence): ResolvedBearerToken | undefined => {
    const expansion =
      occurrence.kind === 'authorization-header' && occurrence.spreadHeaders !== undefined
        ? {
            text: occurrence.rawText,
            sources: [],
            problems: [
              {
                kind: 'dynamic' as const,
                reference: occurrence.rawText,
                range: occurrence.range,
                dynamic: 'script-headers' as const,
              },
            ],
            neededFiles: false,
          }
        : occurrence.kind === 'authorization-header' && occurrence.httpyacAuth
          ? httpyacAuthExpansion(occurrence.rawText, occurrence.range, sources.fetched)
          : occurrence.kind === 'authorization-header' && occurrence.headerValue
            ? // The whole value, scheme included: Harness reads what the header sends, not what is written.
              expander.expand(occurrence.headerValue.text, occurrence.headerValue.start)
            : expander.expand(occurrence.rawText, occurrence.range.start);
    neededFiles ||= expansion.neededFiles;
    const resolution: TokenResolution = {
      state: stateOf(expansion.problems),
      sources: expansion.sources,
      problems: expansion.problems,
    };
    if (resolution.state === 'resolved') resolution.value = expansion.text;
    const failure = expansion.problems
      .map((p) => sources.fetched?.failures.get(p.reference))
      .find((f) => f !== undefined);
    if (failure && resolution.state === 'dynamic') resolution.fetchFailure = failure;
    let judged = occurrence;
    let note: HarnessHeaderNote | undefined;
    if (occurrence.kind === 'authorization-header' && occurrence.headerValue && !occurrence.httpyacAuth) {
      const request = doc.requests[occurrence.request.index];
      const joined = resolution.state === 'resolved' && request ? joinedAuthorization(expander, request) : undefined;
      const reading =
        resolution.state === 'resolved'
          ? readAsHarness(joined?.text ?? expansion.text)
          : unresolvedReading(occurrence, expansion.text, resolution.state);
      if (reading === undefined) return undefined;
      judged = { ...occurrence, scheme: reading.scheme };
      if (resolution.state === 'resolved') resolution.value = reading.token;
      note = reading.bearerAt === undefined ? {} : { bearerAt: reading.bearerAt };
      if (joined) note.joinedHeaders = joined.count;
      if (occurrence.schemeInVariable && resolution.state === 'resolved' && reading.scheme.trim() !== '')
        note.schemeFromVariable = true;
      // A token sent with no scheme at all has no scheme to say the origin of.
      const twoParts = occurrence.schemeInVariable === true && reading.scheme.trim() !== '';
      const split = twoParts ? splitTwoParts(occurrence.rawText) : undefined;
      if (split && resolution.state === 'resolved') {
        const at = occurrence.range.start;
        resolution.parts = {
          scheme: expander.expand(split.scheme, at).sources,
          token: expander.expand(split.token, { line: at.line, character: at.character + split.tokenOffset }).sources,
        };
      } else if (twoParts && resolution.state === 'resolved') {
        // `{{auth}}` holding `Bearer eyJ…`: the scheme is written in the value the header names
        // first; the token is in that value, or in a variable it names in turn.
        resolution.parts = { scheme: expansion.sources.slice(0, 1), token: expansion.sources };
      }
    }
    const result: ResolvedBearerToken = { occurrence: judged, resolution, isHarnessScim: false };
    if (note !== undefined && Object.keys(note).length > 0) result.harnessReads = note;
    const request = requestOf(doc, occurrence);
    if (request) {
      let url = urlCache.get(request.index);
      if (!url) {
        const e = expandRequestUrl(expander, doc, request);
        url = {
          url: e.text,
          shown: e.sources.some(isSecretSource) ? maskUrlSecrets(e.text) : e.text,
          needed: e.neededFiles,
        };
        urlCache.set(request.index, url);
      }
      neededFiles ||= url.needed;
      result.resolvedUrl = url.shown;
      const scim = matchHarnessScimUrl(url.url);
      result.isHarnessScim = scim.isHarnessScim;
      if (scim.accountId !== undefined) result.harnessAccountId = scim.accountId;
    }
    return result;
  });
  return { tokens: judgeVariablesAsSent(resolved.filter((t) => t !== undefined)), neededFiles };
}

interface HarnessReading {
  /** `Bearer ` when Harness finds it; otherwise what the sender put before the token (`bearer `, `JWT `, ``). */
  scheme: string;
  token: string;
  bearerAt?: number;
}

/**
 * What NextGenAuthenticationFilter.getBearerToken does with the value (NextGenAuthenticationFilter.java:127-132):
 * `contains("Bearer ")` or 401, then `substring(7).trim()` — from the 8th character, wherever "Bearer "
 * was found. Undefined for a value that is no Bearer token at all (Basic, an empty `Bearer`).
 */
function readAsHarness(sent: string): HarnessReading | undefined {
  const token = bearerTokenAsHarness(sent);
  if (token !== undefined) {
    if (token === '') return undefined;
    const at = sent.indexOf('Bearer ');
    // `xBearer eyJ…` still gives Harness the token after "Bearer ": only a different token is worth a note.
    return at > 0 && bearerTokenAsHarness(sent.slice(at)) !== token
      ? { scheme: 'Bearer ', token, bearerAt: at }
      : { scheme: 'Bearer ', token };
  }
  if (!/^bearer/i.test(sent) && !mayHoldJwt(sent)) return undefined;
  const parts = refusedParts(sent);
  if (parts.token.trim() === '') return undefined;
  return { scheme: parts.prefix, token: parts.token };
}

/** Not resolved yet: a written Bearer scheme stays as written; a scheme in a variable is judged by judgeScheme. */
function unresolvedReading(
  occurrence: HeaderBearerToken,
  text: string,
  state: ResolutionState,
): HarnessReading | undefined {
  if (occurrence.schemeInVariable) {
    const scheme = judgeScheme(text, occurrence.rawText, state);
    return scheme.kind === 'not-bearer' ? undefined : { scheme: 'Bearer ', token: '' };
  }
  // The scheme as written (`bearer `, `Bearer `): refused or not, before the token is known.
  return BEARER_SCHEME.test(occurrence.scheme) ? { scheme: occurrence.scheme, token: '' } : undefined;
}

/**
 * Several Authorization lines in one request: Jersey's `getHeaderString` (InboundMessageContext) joins
 * their values with "," before Harness reads them. Undefined for one line, or while one is unresolved.
 */
function joinedAuthorization(expander: Expander, request: HttpRequest): { text: string; count: number } | undefined {
  const lines = request.headers
    .filter((h) => h.name.toLowerCase() === 'authorization')
    .map((h) => expander.expand(h.value, h.valueRange.start));
  return lines.length < 2 || lines.some((e) => stateOf(e.problems) !== 'resolved')
    ? undefined
    : { text: lines.map((e) => e.text).join(','), count: lines.length };
}

/**
 * A file variable's token is judged on its own only when some Authorization header that uses it
 * sends it as `Bearer <token>`. When none does (`Authorization: {{raw}}`, `JWT {{raw}}`,
 * `Bearer {{auth}}` with `@auth = Bearer eyJ…`), its lens reports what the first such header sends.
 */
function judgeVariablesAsSent(tokens: ResolvedBearerToken[]): ResolvedBearerToken[] {
  return tokens.map((t) => {
    const o = t.occurrence;
    if (o.kind !== 'file-variable') return t;
    const uses = tokens.filter(
      (h) =>
        h.resolution.state === 'resolved' &&
        h.occurrence.kind === 'authorization-header' &&
        h.occurrence.variables?.includes(o.variableName),
    );
    const use = uses[0];
    if (
      use === undefined ||
      uses.some(
        (h) => h.occurrence.scheme === 'Bearer ' && h.resolution.value === o.rawText && !h.harnessReads?.joinedHeaders,
      )
    )
      return t;
    return {
      ...use,
      occurrence: { ...o, scheme: use.occurrence.scheme ?? '' },
      judgedAsHeaderLine: (use.occurrence.kind === 'authorization-header' ? use.occurrence.headerRange : o.range).start
        .line,
    };
  });
}

/** httpYac's `Authorization: oauth2 …`: the token the identity provider gave, once fetched; dynamic before. */
function httpyacAuthExpansion(
  value: string,
  range: BearerTokenOccurrence['range'],
  fetched: FetchedValues | undefined,
): Expansion {
  const hit = fetched?.values.get(value);
  if (hit)
    return {
      text: hit.value,
      sources: [{ kind: 'fetched', reference: value, from: hit.from, fetchedAt: hit.fetchedAt }],
      problems: [],
      neededFiles: false,
    };
  return {
    text: value,
    sources: [],
    problems: [{ kind: 'dynamic', reference: value, range, dynamic: 'httpyac-oauth2' }],
    neededFiles: false,
  };
}

/** Sources that hold secrets by convention: the process environment, `.env` files, private env files. */
export function isSecretSource(source: ValueSource): boolean {
  return source.kind === 'process-env' || source.kind === 'dotenv' || (source.kind === 'env-file' && source.private);
}

const MASK = '…';

/**
 * The URL with user-info and every query value masked, as written otherwise (not normalised):
 * an API key in `?k={{$processEnv KEY}}` or a password in `https://{{user}}:{{pass}}@h` is a
 * secret, while scheme, host and path still say where the request goes.
 */
export function maskUrlSecrets(url: string): string {
  let out = url.replace(
    /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)@/,
    (_m, scheme: string, info: string) => `${scheme}${info.includes(':') ? `${MASK}:${MASK}` : MASK}@`,
  );
  const q = out.indexOf('?');
  if (q < 0) return out;
  const hash = out.indexOf('#', q);
  const end = hash < 0 ? out.length : hash;
  const query = out
    .slice(q + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 || eq === pair.length - 1 ? pair : `${pair.slice(0, eq + 1)}${MASK}`;
    })
    .join('&');
  out = `${out.slice(0, q + 1)}${query}${out.slice(end)}`;
  return out;
}

/** The request the token is sent with: its own, or for a variable the first request that uses it. */
function requestOf(doc: HttpDocument, occurrence: BearerTokenOccurrence): HttpRequest | undefined {
  const summary =
    occurrence.kind === 'authorization-header' ? occurrence.request : (occurrence.usedBy[0] ?? occurrence.request);
  return summary ? doc.requests[summary.index] : undefined;
}

function stateOf(problems: TokenResolution['problems']): ResolutionState {
  if (problems.some((p) => p.kind === 'circular')) return 'circular';
  if (problems.some((p) => p.kind === 'unresolved' || p.kind === 'too-long')) return 'unresolved';
  if (problems.some((p) => p.kind === 'dynamic')) return 'dynamic';
  return 'resolved';
}
