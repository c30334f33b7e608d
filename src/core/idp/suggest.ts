/**
 * "Fill from a token": from one token, the provider, the proposed JWKS URL, key field and value
 * (each with its reason), the token's other string claims as alternatives, and whether Harness
 * would accept a token of this shape once the settings match — judged by the verdict engine (see
 * judge.ts). The fourth setting, the service account, is never in a token. Used by the setup
 * form, `scim-jwt suggest` and anything else that proposes settings.
 */
import { decodeForVerdict, type JwksCache, type KeySource } from '../jwt';
import { refusedTarget, type TargetPolicy } from '../net';
import { discoverJwksUri, discoveryUrl, noDiscoveryText, shownUrl, type DiscoveryGate } from './discovery';
import { keyFieldCaution } from './explain';
import { judge, type Judgement } from './judge';
import { providerLabel, recogniseDecoded } from './recognise';
import { str, validHttpUrl } from './shape';
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
/**
 * Claims that name one CI job, step, pipeline or workflow run: a new value every run. Snake and
 * camel case: GitHub's run_id, GitLab's pipeline_id, Buildkite's job_id and build_number,
 * Bitbucket's stepUuid and pipelineUuid.
 */
const RUN_CLAIM = /^(?:job|run|pipeline|build|step|workflow_run|ci_job)[_-]?(?:id|number|attempt|uuid)$|^run_attempt$/i;
/** A value that spells a run: job_937, run-12, pipeline:4. */
const RUN_VALUE = /^(?:job|run|build|pipeline)[_:-]?\d+$/i;
/** A value written for people: "Not supported currently. Use oid claim." */
const SENTENCE = /^\S+(?:\s+\S+){2,}[.!?]$|\bnot supported\b|\buse (?:the )?\w+ claim\b/i;
/** A value that stands for "no value": the same in every token, so it names no caller. */
const PLACEHOLDER =
  /^(?:n\/?a|unknown|none|null|nil|undefined|empty|tbd|not[ _-]?(?:set|available|applicable)|[-_.?*]+)$/i;
/** Where a compound value (a sub like `organization:acme:pipeline:app:…`) is cut into its parts. */
const SEGMENT_SEPARATOR = /[:/@|,;=\s]+/;
/** A git commit id, SHA-1 or SHA-256, as CI providers write it (lowercase hex). */
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const UUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
/** A label that names one run in a compound value, when the part after it is a number or a UUID: `job:456`. */
const RUN_LABEL = /^(?:job|run|build|pipeline|step|workflow_run|execution)(?:[_-]?(?:id|number|uuid))?$/i;
/** A part that spells a run on its own: job_937, run-12 (a separator is required: build2 may be a name). */
const RUN_PART = /^(?:job|run|build|pipeline|step)[_-]\d+$/i;
/** Shorter per-run values (run_attempt "1") are compared whole only: as a part they would match by chance. */
const MIN_CONTAINED_CHARS = 3;

const unbraced = (v: string): string => v.replace(/^\{(.*)\}$/, '$1');

/** Why one part of a compound value changes every run ("a run id (job:456): it changes every run"), or undefined. */
function runPart(parts: readonly string[], i: number): string | undefined {
  const part = parts[i] ?? '';
  if (COMMIT_SHA.test(part)) return `a commit sha (${part.slice(0, 12)}…): it changes with every commit`;
  if (RUN_PART.test(part)) return `a run id (${part}): it changes every run`;
  const label = parts[i - 1];
  if (label !== undefined && RUN_LABEL.test(label) && (/^\d+$/.test(part) || UUID.test(part)))
    return `a run id (${label}:${part}): it changes every run`;
  return undefined;
}

/**
 * Why a claim can never work as the key field, whatever the provider: it changes with every job or
 * run (the claim; a value equal to one or holding one as a part; a part spelled like one, a commit
 * sha, or a run label followed by a number or a UUID; a chain of UUIDs as Bitbucket Pipelines
 * writes its sub), or it is a placeholder the provider writes for everyone (Azure AD B2C's
 * sentence, "N/A", a blank). Undefined when nothing speaks against it.
 */
export function unusableKeyField(t: TokenShape, claim: string): string | undefined {
  const value = str(t.payload[claim]);
  if (value === undefined) return undefined;
  if (PER_TOKEN.has(claim)) return `${claim} changes with every token.`;
  if (RUN_CLAIM.test(claim)) return `${claim} changes every run.`;
  const trimmed = value.trim();
  // Harness refuses an empty claim and compares the rest trimmed: a blank one names nobody.
  if (trimmed === '') return `${claim} is blank, the same in every token.`;
  if (PLACEHOLDER.test(trimmed))
    return `${claim} holds the placeholder ${JSON.stringify(trimmed)}, the same in every token.`;
  const runValues = Object.entries(t.payload)
    .filter(([k, v]) => k !== claim && RUN_CLAIM.test(k) && (typeof v === 'string' || typeof v === 'number'))
    .map(([k, v]) => [k, unbraced(String(v).trim())] as const)
    .filter(([, v]) => v !== '');
  const sameAs = runValues.find(([, v]) => v === unbraced(trimmed))?.[0];
  if (sameAs !== undefined || RUN_VALUE.test(trimmed))
    return `${claim} looks like a job or run id${sameAs !== undefined ? ` (it equals ${sameAs})` : ''}: it changes every run.`;
  const parts = trimmed.split(SEGMENT_SEPARATOR).map(unbraced);
  const holds = runValues.find(([, v]) => v.length >= MIN_CONTAINED_CHARS && parts.includes(v))?.[0];
  if (holds !== undefined) return `${claim} holds the value of ${holds}: it changes every run.`;
  for (let i = 0; i < parts.length; i++) {
    const why = runPart(parts, i);
    if (why !== undefined) return `${claim} holds ${why}.`;
  }
  if (parts.length >= 2 && parts.every((p) => UUID.test(p)))
    return `${claim} is a chain of UUIDs, as Bitbucket Pipelines writes {repository}:{step}: its last part is the step UUID, new every run (inferred).`;
  if (SENTENCE.test(trimmed)) return `${claim} holds a sentence, a placeholder the same in every token.`;
  return undefined;
}

function proposeKeyField(t: TokenShape, entry: IdpEntry | undefined, hints: string[]): Proposal | undefined {
  const usable = (c: string): boolean => typeof t.payload[c] === 'string' && unusableKeyField(t, c) === undefined;
  for (const c of [...(entry?.keyFields ?? []), ...USUAL_CLIENT_CLAIMS]) {
    const why = unusableKeyField(t, c);
    if (why !== undefined && !hints.includes(`Not proposed as the key field: ${why}`))
      hints.push(`Not proposed as the key field: ${why}`);
  }
  const known = entry?.keyFields.find(usable);
  if (entry && known !== undefined) return { value: known, reason: entry.keyFieldReason };
  if (entry && entry.keyFields.length > 0)
    hints.push(`${entry.name} tokens usually carry ${entry.keyFields.join(' or ')} as a string; this one does not.`);
  else if (entry) hints.push(entry.keyFieldReason);
  const usual = USUAL_CLIENT_CLAIMS.find(usable);
  if (usual === undefined) return undefined;
  return {
    value: usual,
    reason: `${usual} usually names the calling client (inferred): check that only your SCIM client can get a token with this value.`,
  };
}

/** The derived URL, when the rule builds a valid absolute one. */
function derivedUrl(t: TokenShape, iss: string, entry: IdpEntry | undefined): string | undefined {
  const rule = entry?.jwks;
  if (rule?.kind !== 'derive') return undefined;
  const url = rule.url(iss, t);
  return url === undefined ? undefined : validHttpUrl(url);
}

async function proposeJwksUrl(
  t: TokenShape,
  provider: IdpMatch | undefined,
  opts: SuggestOptions,
  hints: string[],
): Promise<Proposal | undefined> {
  const iss = str(t.payload.iss);
  if (iss === undefined || iss.trim() === '') {
    hints.push('The token has no iss, so its key set cannot be derived: ask the provider for its JWKS URL.');
    return undefined;
  }
  const entry = provider?.entry;
  const rule = entry?.jwks;
  const derived = derivedUrl(t, iss, entry);
  const document = entry?.discoveryDocument?.(iss, t) ?? discoveryUrl(iss);
  const documentText = document !== undefined ? shownUrl(document) : undefined;
  // Only a convention: the provider was recognised by shape, or the path is the server's default or unconfirmed.
  const conventional =
    rule?.kind === 'derive' && (provider?.by === 'shape' || rule.convention === true || rule.certainty !== undefined);
  if (!opts.network) {
    if (entry && derived !== undefined && !conventional)
      return { value: derived, reason: `${entry.name} publishes its keys at ${entry.jwksText}.` };
    if (entry && derived !== undefined) {
      const marks = rule?.kind === 'derive' && rule.certainty !== undefined ? `; path ${rule.certainty}` : '';
      const confirm = documentText !== undefined ? ` Online, the jwks_uri of ${documentText} decides.` : '';
      return {
        value: derived,
        reason: `Offline fallback: ${entry.name}'s conventional path, ${entry.jwksText} (unconfirmed${marks}).${confirm}`,
      };
    }
    if (documentText === undefined) {
      hints.push(`${noDiscoveryText(iss)} Ask the provider for its JWKS URL.`);
      return undefined;
    }
    const why =
      rule?.kind === 'discovery' ? `${rule.why} ` : entry ? '' : 'The issuer is not one the catalogue knows. ';
    hints.push(`${why}Use discovery: the JWKS URL is the jwks_uri of ${documentText} (not fetched: offline).`);
    return undefined;
  }
  // Online, a URL is proposed as working only once it answered a key set. A fixed path is tried
  // first and discovery is its fallback; a conventional one is the fallback of discovery.
  const gate = discoveryGate(opts);
  const check = async (): Promise<KeySetCheck | undefined> =>
    derived !== undefined ? checkKeySet(derived, opts.cache, gate) : undefined;
  let tried: KeySetCheck | undefined;
  if (entry && derived !== undefined && !conventional) {
    tried = await check();
    if (tried?.kind === 'key-set')
      return { value: derived, reason: `${entry.name} publishes its keys at ${entry.jwksText}.` };
    // Not reached (a private host not allowed): not known to fail, and discovery on that host would be refused too.
    if (tried?.kind === 'not-fetched') return unchecked(entry, derived, tried.message);
  }
  const found = await discoverJwksUri(iss, opts.cache, gate, document);
  if (found.ok) {
    const reason = `The jwks_uri of the issuer's discovery document ${found.documentUrl}`;
    if (tried?.kind === 'failed' && derived !== undefined)
      return { value: found.jwksUri, reason: `${reason}. ${answeredNoKeySet(entry, derived, tried.message)}` };
    return {
      value: found.jwksUri,
      reason:
        derived !== undefined && derived !== found.jwksUri
          ? `${reason}, not the conventional ${derived}.`
          : `${reason}.`,
    };
  }
  if (!entry || derived === undefined) {
    hints.push(`${found.message} Ask the provider for its JWKS URL.`);
    return undefined;
  }
  tried ??= await check();
  if (tried?.kind === 'key-set') {
    hints.push(found.message);
    return {
      value: derived,
      reason: `Fallback: ${entry.name}'s conventional path, ${entry.jwksText}, which answered a key set (discovery failed).`,
    };
  }
  if (tried?.kind === 'not-fetched') {
    hints.push(found.message);
    return unchecked(entry, derived, tried.message);
  }
  hints.push(
    `Not proposed: ${answeredNoKeySet(entry, derived, tried?.message ?? '')} ${found.message} Ask the provider for its JWKS URL.`,
  );
  return undefined;
}

/** "Keycloak's path … answered no key set: HTTP 404 …." */
function answeredNoKeySet(entry: IdpEntry | undefined, url: string, why: string): string {
  return `${entry?.name ?? 'The provider'}'s path ${url} answered no key set: ${sentence(why)}`;
}

/** The provider's path, proposed though it was not fetched: not known to fail, and said to be unchecked. */
function unchecked(entry: IdpEntry, url: string, why: string): Proposal {
  return { value: url, reason: `Unconfirmed: ${entry.name}'s path, ${entry.jwksText}, was not fetched: ${why}` };
}

type KeySetCheck = { kind: 'key-set' } | { kind: 'not-fetched' | 'failed'; message: string };

/** Whether a URL built from the token answers a key set: through the gate and the shared cache (the verdict reuses the answer). */
async function checkKeySet(url: string, cache: JwksCache, gate: DiscoveryGate): Promise<KeySetCheck> {
  const refused = await gate(new URL(url));
  if (refused !== undefined) return { kind: 'not-fetched', message: refused };
  const keys = await cache.load({ kind: 'url', url }, gate);
  return keys.ok ? { kind: 'key-set' } : { kind: 'failed', message: keys.message };
}

function alternativesOf(t: TokenShape, keyField: string | undefined, provider: IdpMatch | undefined): ClaimChoice[] {
  return Object.entries(t.payload)
    .filter(
      (e): e is [string, string] =>
        typeof e[1] === 'string' &&
        e[0] !== keyField &&
        unusableKeyField({ header: {}, payload: t.payload }, e[0]) === undefined,
    )
    .map(([claim, value]) => {
      const caution = keyFieldCaution(provider, claim);
      return caution !== undefined ? { claim, value, caution } : { claim, value };
    });
}

/** A clause as a sentence: capitalised, with a full stop unless it ends in one. */
export function sentence(clause: string): string {
  const text = `${clause.charAt(0).toUpperCase()}${clause.slice(1)}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
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
  const jwksUrl = d.payload ? await proposeJwksUrl(shape, provider, opts, hints) : undefined;
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
  // With no key field proposed the engine was given an empty one: its "claim \"\" is missing" says nothing useful.
  const noKeyField =
    keyField === undefined && v.code === 'claim-missing'
      ? 'No key field is proposed, so no setting matches yet: key on one of the other claims, if only your SCIM client can get its value.'
      : undefined;
  const refusal = v.accepted ? undefined : (noKeyField ?? entry?.refusals[v.code] ?? v.message);
  const head: string[] = [];
  if (refusal !== undefined) head.push(refusal);
  if (refusal !== undefined && refusal !== v.message && noKeyField === undefined)
    head.push(`The verdict engine: ${v.message}`);
  // Every basis starts "judged …"; the setup form recognises this hint by the basis text it holds.
  if (judgement.basis === 'shape') head.push(sentence(`The verdict engine ${judgement.basisText}`));
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
