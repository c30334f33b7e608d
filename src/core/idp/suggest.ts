/**
 * "Fill from a token": from one token, the provider, the proposed JWKS URL, key field and value
 * (each with its reason), the token's other string claims as alternatives, and whether Harness
 * would accept a token of this shape once the settings match — judged by the verdict engine (see
 * judge.ts). The fourth setting, the service account, is never in a token. Used by the setup
 * form, `scim-jwt suggest` and anything else that proposes settings.
 */
import { decodeForVerdict, type JwksCache, type KeySource } from '../jwt';
import { refusedTarget, type TargetPolicy } from '../net';
import { discoverJwksUri, discoveryUrl, shownUrl, type DiscoveryGate } from './discovery';
import { keyFieldCaution } from './explain';
import { judge, type Judgement } from './judge';
import { providerLabel, recogniseDecoded } from './recognise';
import { str } from './shape';
import type { IdpEntry, IdpMatch, TokenShape } from './types';

export interface Proposal {
  value: string;
  reason: string;
}

export interface ClaimChoice {
  claim: string;
  value: string;
  /** Why keying on this claim would be unsafe with this provider, when it would. */
  caution?: string;
}

export interface SettingsSuggestion {
  provider?: IdpMatch;
  /** The provider's display name, or null when no entry fits. */
  idp: string | null;
  jwksUrl?: Proposal;
  keyField?: Proposal;
  value?: Proposal;
  /** The token's other string claims, in token order, usable as the key field instead. */
  alternatives: ClaimChoice[];
  accepted: boolean;
  judgement: Judgement;
  /** For a refusal: the provider's reason and options when the catalogue has them, else the engine's message. */
  refusal?: string;
  /** Everything worth reading, most important first: the refusal, the key set, the token's age, the provider's pitfalls. */
  hints: string[];
}

export interface SuggestOptions {
  /** False: nothing is fetched (no discovery, no key set): unknown issuers get no JWKS URL, and the shape alone is judged. */
  network: boolean;
  cache: JwksCache;
  now?: Date;
  /** Judge against this key set (a saved file, an inline set) instead of the proposed URL. */
  keys?: KeySource;
  /**
   * Where URLs the token names (its issuer, the discovery document's jwks_uri, their redirects) may
   * be fetched: public https hosts, and the hosts the user allowed. Default: no host allowed.
   */
  targets?: TargetPolicy;
  /** How the user allows a host, named in a refusal: `--allow-host HOST`, a setting. */
  allowHow?: string;
}

/** The gate every request for a URL the token named passes. */
export function discoveryGate(opts: Pick<SuggestOptions, 'targets' | 'allowHow'>): DiscoveryGate {
  const policy = opts.targets ?? { allowHosts: [] };
  const how = opts.allowHow ?? 'an explicit allowance';
  return (url) => refusedTarget(url, policy, { how });
}

/** Claims that change with every token: never a key field. */
const PER_TOKEN = new Set(['jti', 'uti', 'rh', 'aio', 'nonce', 'sid', 'at_hash', 'c_hash']);
/** When the catalogue has no recommendation: the claims that usually name the calling client, best first. */
const USUAL_CLIENT_CLAIMS = ['client_id', 'azp', 'cid', 'appid', 'sub'];

function proposeKeyField(t: TokenShape, entry: IdpEntry | undefined, hints: string[]): Proposal | undefined {
  const known = entry?.keyFields.find((c) => typeof t.payload[c] === 'string');
  if (entry && known !== undefined) return { value: known, reason: entry.keyFieldReason };
  if (entry && entry.keyFields.length > 0)
    hints.push(`${entry.name} tokens usually carry ${entry.keyFields.join(' or ')} as a string; this one does not.`);
  else if (entry) hints.push(entry.keyFieldReason);
  const usual = USUAL_CLIENT_CLAIMS.find((c) => typeof t.payload[c] === 'string');
  if (usual === undefined) return undefined;
  return {
    value: usual,
    reason: `${usual} usually names the calling client (inferred): check that only your SCIM client can get a token with this value.`,
  };
}

async function proposeJwksUrl(
  t: TokenShape,
  entry: IdpEntry | undefined,
  opts: SuggestOptions,
  hints: string[],
): Promise<Proposal | undefined> {
  const iss = str(t.payload.iss);
  if (iss === undefined || iss.trim() === '') {
    hints.push('The token has no iss, so its key set cannot be derived: ask the provider for its JWKS URL.');
    return undefined;
  }
  const rule = entry?.jwks;
  const derived = rule?.kind === 'derive' ? rule.url(iss, t) : undefined;
  if (entry && derived !== undefined && rule?.kind === 'derive' && (rule.certainty === undefined || !opts.network)) {
    const note =
      rule.certainty !== undefined
        ? ` (path ${rule.certainty}: confirm it against the discovery document ${shownUrl(discoveryUrl(iss))})`
        : '';
    return { value: derived, reason: `${entry.name} publishes its keys at ${entry.jwksText}${note}.` };
  }
  if (!opts.network) {
    const why =
      rule?.kind === 'discovery' ? `${rule.why} ` : entry ? '' : 'The issuer is not one the catalogue knows. ';
    hints.push(
      `${why}Use discovery: the JWKS URL is the jwks_uri of ${shownUrl(discoveryUrl(iss))} (not fetched: offline).`,
    );
    return undefined;
  }
  const found = await discoverJwksUri(iss, opts.cache, discoveryGate(opts));
  if (found.ok)
    return { value: found.jwksUri, reason: `The jwks_uri of the issuer's discovery document ${found.documentUrl}.` };
  if (derived !== undefined && entry) {
    hints.push(found.message);
    return {
      value: derived,
      reason: `${entry.name} publishes its keys at ${entry.jwksText} (discovery failed, so this path is unconfirmed).`,
    };
  }
  hints.push(`${found.message} Ask the provider for its JWKS URL.`);
  return undefined;
}

function alternativesOf(t: TokenShape, keyField: string | undefined, provider: IdpMatch | undefined): ClaimChoice[] {
  return Object.entries(t.payload)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== keyField && !PER_TOKEN.has(e[0]))
    .map(([claim, value]) => {
      const caution = keyFieldCaution(provider, claim);
      return caution !== undefined ? { claim, value, caution } : { claim, value };
    });
}

function staleHint(j: Judgement): string[] {
  if (j.time.stale === undefined) return [];
  const what = j.time.stale === 'expired' ? 'has expired' : 'is not valid yet';
  return [
    `This token itself ${what}; the answer above is for a fresh token of the same shape (judged as of ${j.time.at.toISOString()}).`,
  ];
}

export async function suggestSettings(token: string, opts: SuggestOptions): Promise<SettingsSuggestion> {
  // A pasted header value ("Bearer eyJ…") is as good as the token itself.
  const text = token
    .trim()
    .replace(/^bearer\s+/i, '')
    .trim();
  const now = opts.now ?? new Date();
  const d = decodeForVerdict(text);
  const shape: TokenShape = { header: d.header ?? {}, payload: d.payload ?? {} };
  const provider = recogniseDecoded(d.header, d.payload);
  const entry = provider?.entry;
  const hints: string[] = [];
  const jwksUrl = d.payload ? await proposeJwksUrl(shape, entry, opts, hints) : undefined;
  const keyField = d.payload ? proposeKeyField(shape, entry, hints) : undefined;
  const claimValue = keyField !== undefined ? str(shape.payload[keyField.value]) : undefined;
  const value: Proposal | undefined =
    claimValue !== undefined && keyField !== undefined
      ? {
          value: claimValue,
          reason: `The value of ${keyField.value} in this token; Harness compares it after trimming, case-sensitive.`,
        }
      : undefined;
  if (d.payload && keyField === undefined)
    hints.push('The token has no string claim that names a client: no key field can be proposed.');

  const keys: KeySource | undefined =
    opts.keys ?? (opts.network && jwksUrl ? { kind: 'url', url: jwksUrl.value } : undefined);
  const keysLabel = opts.keys
    ? opts.keys.kind === 'url'
      ? opts.keys.url
      : opts.keys.kind === 'file'
        ? `file ${opts.keys.path}`
        : 'given inline'
    : jwksUrl?.value;
  const judgement = await judge({
    token: text,
    rules: { keyField: keyField?.value ?? '', value: value?.value ?? '' },
    cache: opts.cache,
    now,
    entry,
    keys,
    keysLabel,
    // A key set URL proposed from the token is input: its download passes the same gate as discovery.
    ...(opts.keys === undefined ? { gate: discoveryGate(opts) } : {}),
  });
  const v = judgement.verdict;
  const refusal = v.accepted ? undefined : (entry?.refusals[v.code] ?? v.message);
  const head: string[] = [];
  if (refusal !== undefined) head.push(refusal);
  if (refusal !== undefined && refusal !== v.message) head.push(`The verdict engine: ${v.message}`);
  if (judgement.basis === 'shape') head.push(`Harness's rules ${judgement.basisText}.`);
  if (provider?.by === 'shape') head.push(`${providerLabel(provider)}.`);
  return {
    ...(provider ? { provider } : {}),
    idp: provider?.entry.name ?? null,
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(keyField ? { keyField } : {}),
    ...(value ? { value } : {}),
    alternatives: alternativesOf(shape, keyField?.value, provider),
    accepted: v.accepted,
    judgement,
    ...(refusal !== undefined ? { refusal } : {}),
    hints: [...head, ...hints, ...staleHint(judgement), ...(entry?.pitfalls ?? [])],
  };
}

/** Exactly the `scim-jwt suggest --json` shape. */
export interface SuggestJson {
  idp: string | null;
  jwksUrl: string | null;
  keyField: string | null;
  value: string | null;
  accepted: boolean;
  hints: string[];
}

export function suggestionJson(s: SettingsSuggestion): SuggestJson {
  return {
    idp: s.idp,
    jwksUrl: s.jwksUrl?.value ?? null,
    keyField: s.keyField?.value ?? null,
    value: s.value?.value ?? null,
    accepted: s.accepted,
    hints: s.hints,
  };
}
