/**
 * The catalogue's words beside a verdict: which provider, and — when the provider explains a
 * refusal — its reason and the real options. The editor (lens, hover, diagnostics, report), the
 * doctor and the CLI all phrase a provider through these, so they say the same thing.
 */
import type { Verdict, VerdictCode } from '../jwt';
import { providerLabel } from './recognise';
import type { IdpMatch } from './types';

/** The provider's reason and options for this refusal, when the catalogue has one. */
export function providerRefusal(m: IdpMatch | undefined, code: VerdictCode): string | undefined {
  return m?.entry.refusals[code];
}

/**
 * Refusals the provider's reason explains whatever the settings say (its tokens lack typ, cannot be
 * verified, are not JWTs): the one-line title leads with the provider's reason for these. For the
 * others (claim, key set) the engine's sentence names the values involved and stays first.
 */
const PROVIDER_DECIDES: ReadonlySet<VerdictCode> = new Set(['typ', 'signature', 'algorithm', 'malformed']);

/** The provider's reason for the one-line title, when it decides this refusal. */
export function providerTitleReason(m: IdpMatch | undefined, code: VerdictCode): string | undefined {
  return PROVIDER_DECIDES.has(code) ? providerRefusal(m, code) : undefined;
}

/** The refusal as a person should read it: the provider's reason when known, else the engine's message. */
export function refusalText(m: IdpMatch | undefined, verdict: Verdict): string {
  if (verdict.accepted) return verdict.message;
  const own = providerRefusal(m, verdict.code);
  if (own === undefined) return verdict.message;
  return PROVIDER_DECIDES.has(verdict.code) ? own : `${verdict.message} ${own}`;
}

/** "Identity provider: Okta (custom authorization server). Harness: No: access tokens have no typ …". */
export function providerSummary(m: IdpMatch): string {
  return `Identity provider: ${providerLabel(m)}. Harness and its tokens: ${m.entry.harnessText}`;
}

/** Claims that anyone sharing the provider's keys can obtain or choose. */
const FOREIGN_CLAIMS: ReadonlySet<string> = new Set(['aud', 'iss']);

/**
 * Why this key field would let strangers in: with a key set many tenants or repositories share,
 * and Harness checking neither iss nor aud, a key field of aud or iss identifies nobody (inferred).
 */
export function keyFieldCaution(m: IdpMatch | undefined, keyField: string): string | undefined {
  const who = m?.entry.sharedKeysWith;
  if (who === undefined || !FOREIGN_CLAIMS.has(keyField)) return undefined;
  return `${m?.entry.name ?? ''} signs tokens for ${who} with the same keys, and ${keyField} is ${keyField === 'aud' ? 'chosen by the caller' : 'the same for all of them'}: keyed on ${keyField}, Harness would accept their tokens too. Key on a claim only your caller can obtain (inferred).`;
}

/**
 * Where the provider's keys are, as the hover and report say it: a path that is only the server's
 * convention (recognised by shape, a self-hosted default, an unconfirmed path) is said to be the
 * offline fallback, with the discovery document deciding online.
 */
export function keySetText(m: IdpMatch): string {
  const rule = m.entry.jwks;
  const conventional =
    rule.kind === 'derive' && (m.by === 'shape' || rule.convention === true || rule.certainty !== undefined);
  return conventional
    ? `${m.entry.jwksText} (offline fallback; online, the issuer's discovery document decides)`
    : m.entry.jwksText;
}
