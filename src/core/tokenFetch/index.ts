/**
 * Tokens fetched at run time. `dynamicSourcesOf` says, without any I/O, which tokens could be
 * fetched and from what (the lens's "Get the token from `login`"); `fetchDynamicTokens` sends only
 * the requests those tokens depend on and returns the values and failures, which `resolveTokens`
 * then takes through `ResolveContext.fetched`, so a fetched token is judged like any other.
 */
import {
  loadExpansionSources,
  type FetchedValues,
  type FetchFailure,
  type HttpDocument,
  type ResolveContext,
  type ResolvedBearerToken,
} from '../http';
import { TokenFetchError } from './errors';
import type { FetchScope, TokenFetcher, TokenFetchOptions } from './fetcher';
import type { SendPlan } from './plan';
import { handlerSourceOf, httpyacAuthSource, sourceLabel, tokenSourceOf, type TokenSourceRef } from './references';

export { TokenFetchError, type TokenFetchErrorKind } from './errors';
export { fetchClientCredentialsToken, type ClientCredentialsRequest } from './clientCredentials';
export { handlerSourceOf, sourceLabel, tokenSourceOf, type ClientName, type TokenSourceRef } from './references';
export type { FetchScope, TokenFetchOptions } from './fetcher';
export {
  planCarriesLocalData,
  planDestinations,
  planEnv,
  planFiles,
  planKey,
  planLines,
  type PlannedEnvValue,
  type ConfirmSend,
  type PlannedRequest,
  type SendPlan,
} from './plan';

/** Named requests of the document (and of its imports): what `{{name.…}}` may refer to. */
export function requestNamesOf(docs: readonly HttpDocument[]): Set<string> {
  const names = new Set<string>();
  for (const d of docs) for (const r of d.requests) if (r.name !== undefined) names.add(r.name);
  return names;
}

/** The fetchable sources a token waits for; empty when it is not dynamic or nothing can be fetched. */
export function dynamicSourcesOf(token: ResolvedBearerToken, requestNames: ReadonlySet<string>): TokenSourceRef[] {
  if (token.resolution.state !== 'dynamic') return [];
  const o = token.occurrence;
  if (o.kind === 'authorization-header' && o.httpyacAuth)
    return [httpyacAuthSource(o.rawText, o.httpyacAuth.flow, o.httpyacAuth.prefix)];
  // The resolver calls a reference a response only when it names a request here or in an import.
  const names = new Set(requestNames);
  for (const p of token.resolution.problems)
    if (p.kind === 'dynamic' && p.dynamic === 'response-reference') names.add(p.reference.split('.')[0] ?? '');
  const out: TokenSourceRef[] = [];
  for (const p of token.resolution.problems) {
    if (p.kind !== 'dynamic') continue;
    const source = handlerSourceOf(p) ?? tokenSourceOf(p.reference, names);
    if (source && !out.some((s) => s.reference === source.reference)) out.push(source);
  }
  return out;
}

export interface DynamicFetchResult extends FetchedValues {
  /** Token requests actually sent: one per distinct request, not one per header. */
  requestsSent: number;
  warnings: string[];
  /** What was to be sent, worked out before anything was. */
  plan: SendPlan;
  /** `confirm` said no: nothing was sent. */
  declined?: boolean;
}

/**
 * Fetches what the dynamic tokens among `tokens` depend on (all of them, or those `only` keeps).
 * Never rejects: each failure is recorded against its reference with what to do.
 */
export async function fetchDynamicTokens(
  doc: HttpDocument,
  ctx: ResolveContext,
  tokens: readonly ResolvedBearerToken[],
  opts: TokenFetchOptions,
  imports: FetchScope[] = [],
  only?: (t: ResolvedBearerToken) => boolean,
): Promise<DynamicFetchResult> {
  const warnings: string[] = [];
  const { sources, imports: imported } = await loadExpansionSources(doc, ctx, warnings);
  const scopes: FetchScope[] = [
    { doc, label: ctx.documentPath ?? 'this file', path: ctx.documentPath },
    ...imports,
    ...imported.map((f) => ({ doc: f.doc, label: f.path, path: f.path })),
  ];
  // JetBrains handlers in other files of the folder: their requests are sent from their own file.
  for (const set of sources.scriptSets?.values() ?? [])
    if (
      set.kind === 'response' &&
      set.doc &&
      set.documentPath !== undefined &&
      !scopes.some((s) => s.path === set.documentPath)
    )
      scopes.push({ doc: set.doc, label: set.documentPath, path: set.documentPath });
  // The sending code loads on the first run (in the extension, its own file: docs/ARCHITECTURE.md).
  const { TokenFetcher } = await import('./fetcher.js').catch((e: unknown) => {
    const why = (e instanceof Error ? e.message : String(e)).split('\n', 1)[0] ?? '';
    throw new Error(`Could not load the code that sends token requests (${why}); reinstall the extension.`);
  });
  // First the same run without sending: what would go where, carrying which files and values.
  const dry = await runFetcher(new TokenFetcher(scopes, sources, ctx, { ...opts, dryRun: true }), tokens, opts, only);
  const plan: SendPlan = {
    requests: dry.fetcher.plannedRequests,
    notSent: [...dry.failures.values()].map((f) => ({ reference: f.reference, message: f.message })),
  };
  if (plan.requests.length > 0 && opts.confirm !== undefined && !(await opts.confirm(plan)))
    return { values: new Map(), failures: new Map(), requestsSent: 0, warnings, plan, declined: true };
  const { fetcher, failures } = await runFetcher(
    new TokenFetcher(scopes, sources, ctx, { ...opts, dryRun: false, approved: plan }),
    tokens,
    opts,
    only,
  );
  return { values: fetcher.fetchedValues(), failures, requestsSent: fetcher.requestsSent, warnings, plan };
}

async function runFetcher(
  fetcher: TokenFetcher,
  tokens: readonly ResolvedBearerToken[],
  opts: TokenFetchOptions,
  only: ((t: ResolvedBearerToken) => boolean) | undefined,
): Promise<{ fetcher: TokenFetcher; failures: Map<string, FetchFailure> }> {
  const failures = new Map<string, FetchFailure>();
  const wanted = new Map<string, TokenSourceRef>();
  for (const t of tokens) {
    if (only && !only(t)) continue;
    for (const s of dynamicSourcesOf(t, fetcher.names)) wanted.set(s.reference, s);
  }
  await Promise.all(
    [...wanted.values()].map(async (source) => {
      try {
        await fetcher.value(source);
      } catch (e) {
        if (opts.signal?.aborted === true) throw e;
        failures.set(source.reference, failureOf(source, e));
      }
    }),
  );
  return { fetcher, failures };
}

function failureOf(source: TokenSourceRef, e: unknown): FetchFailure {
  const label = sourceLabel(source);
  if (e instanceof TokenFetchError) {
    const kind = e.kind === 'sign-in' ? 'sign-in' : e.kind === 'unsupported' ? 'unsupported' : 'failed';
    const prefix = kind === 'sign-in' ? 'Not fetched:' : `Could not get the token from ${label}:`;
    return {
      reference: source.reference,
      kind,
      message: `${prefix} ${e.message}`,
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
    };
  }
  // A bug of ours: say so without echoing anything that might hold a secret.
  return {
    reference: source.reference,
    kind: 'failed',
    message: `Could not get the token from ${label}: unexpected ${e instanceof Error ? e.name : 'error'}.`,
  };
}
