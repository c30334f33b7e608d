/**
 * Tokens → inspections. Each distinct value is judged once (a file often repeats one token), and
 * all verdicts go through the one shared `JwksCache`, whose per-URL sharing makes a whole file cost
 * one key-set download. With `network: false` nothing is fetched: every token is decoded only.
 */
import {
  findBearerTokens,
  isMarkdownPath,
  parseHttpDocument,
  resolveTokens,
  type HttpDocument,
  type ResolveContext,
  type ResolvedBearerToken,
} from '../http';
import { recogniseDecoded } from '../idp';
import { fetchDynamicTokens, type SendPlan, type TokenFetchOptions } from '../tokenFetch';
import { decodeForVerdict, verifyForHarness, type JwksCache, type Verdict } from '../jwt';
import type { DecodedView, RulesChoice, TokenInspection } from './types';

export interface InspectOptions {
  rules: RulesChoice;
  cache: JwksCache;
  /** Evaluation time; default now. */
  at?: Date;
  /** False in an untrusted workspace: decode only, whatever the rules say. */
  network: boolean;
  /** Why the network is not used, phrased to follow "not verified: " (default "the workspace is not trusted"). */
  noNetworkReason?: string;
}

export function decodedView(value: string): DecodedView {
  // Views show header and claims only, so the signature bytes are not even decoded.
  const d = decodeForVerdict(value);
  const view: DecodedView = { kind: d.kind, problems: d.problems };
  if (d.header) view.header = d.header;
  if (d.payload) view.payload = d.payload;
  return view;
}

/** Inspections in the order of `tokens`; never rejects (the verdict engine never throws). */
export async function inspectTokens(
  tokens: readonly ResolvedBearerToken[],
  opts: InspectOptions,
): Promise<TokenInspection[]> {
  const at = opts.at ?? new Date();
  const evaluatedAt = at.toISOString();
  const verdicts = new Map<string, Promise<Verdict>>();
  const decodes = new Map<string, DecodedView>();
  const { rules } = opts;
  const notVerifiedReason = !opts.network
    ? (opts.noNetworkReason ?? 'the workspace is not trusted')
    : rules.kind === 'none'
      ? rules.reason
      : undefined;

  const pending = tokens.map(async (token, index): Promise<TokenInspection> => {
    const base: TokenInspection = { index, token, state: 'unresolved', evaluatedAt };
    if (rules.origin) base.origin = rules.origin;
    if (rules.kind === 'rules') base.rules = rules.rules;
    const value = token.resolution.state === 'resolved' ? token.resolution.value : undefined;
    if (value === undefined) return base;
    let decoded = decodes.get(value);
    if (!decoded) {
      decoded = decodedView(value);
      decodes.set(value, decoded);
    }
    base.decoded = decoded;
    const provider = recogniseDecoded(decoded.header, decoded.payload);
    if (provider) base.provider = provider;
    if (notVerifiedReason !== undefined || rules.kind === 'none') {
      return { ...base, state: 'decoded', notVerifiedReason: notVerifiedReason ?? 'no rules are known' };
    }
    // Harness reads the header's scheme too ("Bearer " exactly): the verdict is for scheme and token.
    const scheme = token.occurrence.scheme;
    const key = `${scheme ?? ''}\u0000${value}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = verifyForHarness(value, { keys: rules.keys, rules: rules.rules, cache: opts.cache, at, scheme });
      verdicts.set(key, verdict);
    }
    return { ...base, state: 'verdict', verdict: await verdict };
  });
  return Promise.all(pending);
}

export interface DocumentInspection {
  doc: HttpDocument;
  inspections: TokenInspection[];
  /** Unreadable env files and the like, already phrased for a person. */
  warnings: string[];
  /** With token fetching: how many token requests were sent. */
  tokenRequestsSent?: number;
  /** With token fetching: what was to be sent, worked out before anything was. */
  sendPlan?: SendPlan;
}

/**
 * Parse, find, resolve and inspect in one go: what `scim-jwt scan` does with a file. With `fetch`,
 * the requests the dynamic tokens depend on are sent first (`--send-token-requests`); without it
 * nothing but the key set is ever fetched.
 */
export async function inspectHttpText(
  text: string,
  ctx: ResolveContext,
  opts: InspectOptions,
  fetch?: TokenFetchOptions,
): Promise<DocumentInspection> {
  const doc = parseHttpDocument(text, { markdown: isMarkdownPath(ctx.documentPath) });
  const found = findBearerTokens(doc);
  let resolved = await resolveTokens(doc, ctx, found);
  let tokenRequestsSent: number | undefined;
  let sendPlan: SendPlan | undefined;
  if (fetch) {
    const fetched = await fetchDynamicTokens(doc, ctx, resolved.tokens, fetch);
    tokenRequestsSent = fetched.requestsSent;
    sendPlan = fetched.plan;
    if (fetched.values.size > 0 || fetched.failures.size > 0)
      resolved = await resolveTokens(doc, { ...ctx, fetched }, found);
  }
  const inspections = await inspectTokens(resolved.tokens, opts);
  return {
    doc,
    inspections,
    warnings: resolved.warnings,
    ...(tokenRequestsSent !== undefined ? { tokenRequestsSent } : {}),
    ...(sendPlan !== undefined ? { sendPlan } : {}),
  };
}
