/**
 * "Make Harness re-read the key set": the one-step recovery from Harness's key-set cache, and the
 * diagnosis that calls for it (docs/harness-contract.md, "How Harness validates a SCIM JWT",
 * step 8, and "The three caches at a glance"; docs/key-rotation.md).
 *
 * Harness keeps the body it downloaded from the JWKS URL per account, reuses it while the trimmed
 * URL string is equal, and renews it on every use (5 days, AccessedExpiryPolicy), so a key the
 * provider rotates in under the same URL is never seen while SCIM traffic continues. Changing the
 * URL string is the only lever the account has: the refresh adds (or replaces) one query parameter
 * of ours, proves first that the changed URL answers the same key set, writes it through the
 * settings PUT, waits out Harness's 2-minute settings cache and lets the caller re-test the token.
 */
import { SETTINGS_PROPAGATION_SECONDS, sleep, type CallOptions, type TokenValidation } from '../harness';
import { verifyForHarness, type JwksCache, type KeySetResult, type KeySource, type Verdict } from '../jwt';
import { clip } from '../listCap';
import { checkJwksUrlFormat } from './fieldChecks';
import type { SetupHarnessPort } from './harnessPort';
import { currentFromSettings } from './model';
import { REFRESH_FLAG, REFRESH_KEY_SET_TITLE, REFRESH_PARAMETER } from './refreshNames';
import type { SetupService } from './service';
import { perField, SETTING_ID_OF, type CurrentSettings, type ScimJwtSettings, type SendOutcome } from './types';

// The refresh's names, in a file of their own: the editor's hover reads them on its hot path,
// while the refresh itself loads only when it runs (docs/ARCHITECTURE.md, "Parts loaded on first need").
export { REFRESH_FLAG, REFRESH_KEY_SET_TITLE, REFRESH_PARAMETER } from './refreshNames';

/**
 * What token/validate answers when jose4j finds no key for the token's `kid` in the set Harness
 * holds. jose4j's JwksVerificationKeyResolver throws UnresolvableKeyException ("Unable to find a
 * suitable verification key…", jose4j keys/resolvers/JwksVerificationKeyResolver.java:65-71), which
 * JwtConsumer wraps in InvalidJwtException ("JWT processing failed.", jwt/consumer/JwtConsumer.java:213,
 * :396-406). Harness turns every InvalidJwtException without jose4j's expiry text into
 * InvalidRequestException(INVALID_TOKEN) (HC 120-ng-manager/src/main/java/io/harness/ng/core/api/utils/JWTTokenFlowAuthFilterUtils.java:200-212),
 * and the mapper renders INVALID_TOKEN with its fixed template (HC 980-commons/src/main/resources/response_messages.properties:56;
 * 960-ng-core-beans/src/main/java/io/harness/ng/core/exceptionmappers/WingsExceptionMapperV2.java:41-51): 401,
 * code INVALID_TOKEN, message "Token is not valid.". A bad signature gives the very same answer.
 */
export const NO_KEY_MATCH_ANSWER = { httpStatus: 401, code: 'INVALID_TOKEN', message: 'Token is not valid.' } as const;

export function isNoKeyMatchAnswer(v: TokenValidation): boolean {
  return (
    !v.valid &&
    v.httpStatus === NO_KEY_MATCH_ANSWER.httpStatus &&
    v.code === NO_KEY_MATCH_ANSWER.code &&
    v.message.trim() === NO_KEY_MATCH_ANSWER.message
  );
}

// ----- the diagnosis -----

export interface StaleKeySetFinding {
  /** The token's `kid` (clipped), when its header has one. */
  kid: string | undefined;
  jwksUrl: string;
  /** Harness's answer cannot name the missing key: the finding is always an inference. */
  inferred: true;
  /** "Harness is still using the key set it downloaded before your provider rotated its keys; …" */
  message: string;
  /** What the inference rests on. */
  basis: string;
  /** The one step that fixes it, in words. */
  fix: string;
}

/**
 * The finding in words, hedged: Harness's answer cannot name the missing key, and the same answer
 * comes from a key set Harness cached before a rotation, a kid re-used with new key material, or an
 * error page Harness cached from the URL. Shown as the step's detail, the VS Code pop-up and the JSON.
 */
export function staleKeySetMessage(kid: string | undefined): string {
  const key =
    kid !== undefined ? `the token's key \`${kid}\`` : 'the key that signed the token (the token names no kid)';
  return `Probably Harness is still using the key set it downloaded from the JWKS URL before your provider changed its keys: ${key} is not in that set, or is there with other key material (inferred: Harness answers the same 401 for every failure).`;
}

/**
 * The re-test right after a refresh, when Harness still answers as for a key it cannot find while
 * the new URL, fetched just now, verifies the token. Harness had never cached that URL string, so a
 * stale cache is ruled out: it downloaded the body afresh (HC JWTTokenFlowAuthFilterUtils.java:232-257,
 * a miss on a changed URL), and what it got there does not verify the token.
 */
export function refusedAfterRefreshMessage(newUrl: string): string {
  return `Harness downloaded the key set from the new URL ${newUrl} (it had never cached that URL) and still refuses the token, while the same URL fetched by this product just now verifies it under every rule Harness applies. So Harness gets something else from that URL than this product does, for example an error page from a firewall, allow-list or proxy in front of your identity provider that treats Harness's requests differently (Harness keeps whatever body it gets), or the two checks disagree (please report it). Changing the URL again will not help.`;
}

export const REFRESH_FIX = `Make Harness re-read the key set: in VS Code, "${REFRESH_KEY_SET_TITLE}" on the JWKS URL row of the Harness SCIM JWT sidebar (or in the command palette); on the command line, \`scim-jwt setup ${REFRESH_FLAG}\`. It adds ?${REFRESH_PARAMETER}=<time> to the JWKS URL after proving the provider answers the same key set there, and Harness downloads the keys again within ${SETTINGS_PROPAGATION_SECONDS} s.`;

/**
 * The stale key set, recognised: Harness answers token/validate as it does for a key it cannot find
 * (NO_KEY_MATCH_ANSWER), while the provider's key set as it is now, fetched fresh, verifies the token
 * under every rule Harness applies. `jwksChangedSecondsAgo` is how long ago the newest of the four
 * SCIM JWT settings changed (`settingsAgeSeconds`): within Harness's settings cache the previous
 * values (any of the four) may still be in use, which is a different wait.
 */
export function recogniseStaleKeySet(input: {
  validation: TokenValidation | undefined;
  freshVerdict: Verdict | undefined;
  jwksUrl: string;
  jwksChangedSecondsAgo?: number | undefined;
}): StaleKeySetFinding | undefined {
  const { validation, freshVerdict } = input;
  if (!validation || !freshVerdict?.accepted || !isNoKeyMatchAnswer(validation)) return undefined;
  if (input.jwksChangedSecondsAgo !== undefined && input.jwksChangedSecondsAgo < SETTINGS_PROPAGATION_SECONDS)
    return undefined;
  const rawKid = freshVerdict.header?.kid;
  const kid = typeof rawKid === 'string' ? clip(rawKid, 120) : undefined;
  const url = input.jwksUrl.trim();
  return {
    kid,
    jwksUrl: url,
    inferred: true,
    message: staleKeySetMessage(kid),
    basis: `Inferred: token/validate answered ${NO_KEY_MATCH_ANSWER.httpStatus} ${NO_KEY_MATCH_ANSWER.code} "${NO_KEY_MATCH_ANSWER.message}", which Harness answers alike for a key it cannot find and for a bad signature (jose4j's reason stays in Harness's log), while the key set at ${url}, fetched just now, verifies the token under every rule Harness applies. Harness reuses the key set it downloaded from an unchanged URL for as long as it is used (5 days after the last use).`,
    fix: REFRESH_FIX,
  };
}

/** A verdict against the key set as it is now: the cached answer for the URL is dropped first. */
export async function freshVerdict(
  token: string,
  settings: { jwksUrl: string; keyField: string; value: string },
  keys: JwksCache,
  at: Date,
): Promise<Verdict> {
  keys.reload(settings.jwksUrl);
  return verifyForHarness(token, {
    keys: { kind: 'url', url: settings.jwksUrl },
    rules: { keyField: settings.keyField, value: settings.value },
    cache: keys,
    at,
  });
}

/**
 * The token against the account's settings and the key set as it is now: the settings read from
 * Harness (with the age of the newest of the four), the key set fetched fresh. Undefined when the
 * settings leave nothing to judge by.
 */
export async function keySetNow(
  port: Pick<SetupHarnessPort, 'readSettings'>,
  keys: JwksCache,
  token: string,
  at: Date,
  options: CallOptions = {},
): Promise<{ verdict: Verdict; jwksUrl: string; jwksChangedSecondsAgo: number | undefined } | undefined> {
  const rows = await port.readSettings(options);
  const s = currentFromSettings(rows);
  if (s.jwksUrl === null || s.keyField === null || s.value === null || s.jwksUrl.trim() === '') return undefined;
  const verdict = await freshVerdict(token, { jwksUrl: s.jwksUrl, keyField: s.keyField, value: s.value }, keys, at);
  return { verdict, jwksUrl: s.jwksUrl.trim(), jwksChangedSecondsAgo: settingsAgeSeconds(rows, at) };
}

/**
 * Seconds since the newest change to any of the four SCIM JWT settings, when Harness says. Harness
 * caches the four together (one entry per account, 2 minutes from creation), so a change to any of
 * them means the others may be read through an entry of before or after it: within that window a
 * refusal is no evidence about the key set.
 */
export function settingsAgeSeconds(
  rows: readonly { setting: { identifier: string }; lastModifiedAt?: number | null }[],
  at: Date,
): number | undefined {
  const ids: readonly string[] = Object.values(SETTING_ID_OF);
  const times = rows
    .filter((r) => ids.includes(r.setting.identifier))
    .map((r) => r.lastModifiedAt)
    .filter((t): t is number => typeof t === 'number');
  if (times.length === 0) return undefined;
  return Math.floor((at.getTime() - Math.max(...times)) / 1000);
}

// ----- the changed URL -----

/** `20261206T0712` (UTC); with seconds, `20261206T071233`. */
export function refreshStamp(at: Date, withSeconds = false): string {
  const iso = at.toISOString(); // 2026-12-06T07:12:33.000Z
  const date = iso.slice(0, 10).replace(/-/g, '');
  const time = iso.slice(11, withSeconds ? 19 : 16).replace(/:/g, '');
  return `${date}T${time}`;
}

function isOurParameter(pair: string): boolean {
  const name = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')) === REFRESH_PARAMETER;
  } catch {
    return name === REFRESH_PARAMETER;
  }
}

/**
 * The JWKS URL with our parameter set to `at`: an earlier value of ours is replaced, every other
 * query parameter (Azure AD B2C's `?p=…`) is kept as written, in its place, and so is a fragment.
 * The text is edited, not re-serialised, so nothing else in the string changes. Never equal to
 * the URL given: a second refresh within the same minute carries the seconds.
 */
export function withRefreshParameter(url: string, at: Date): string {
  const trimmed = url.trim();
  const hashAt = trimmed.indexOf('#');
  const fragment = hashAt >= 0 ? trimmed.slice(hashAt) : '';
  const beforeHash = hashAt >= 0 ? trimmed.slice(0, hashAt) : trimmed;
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const kept = queryAt >= 0 ? beforeHash.slice(queryAt + 1).split('&') : [];
  const others = kept.filter((pair) => pair !== '' && !isOurParameter(pair));
  const build = (stamp: string): string =>
    `${path}?${[...others, `${REFRESH_PARAMETER}=${stamp}`].join('&')}${fragment}`;
  const first = build(refreshStamp(at));
  return first !== trimmed ? first : build(refreshStamp(at, true));
}

// ----- the proof -----

/** What the refresh needs of the product's JWKS cache (`JwksCache` is one). */
export interface KeySetFetcher {
  load(source: KeySource): Promise<KeySetResult>;
  reload(url: string): void;
}

const MATERIAL = ['kty', 'crv', 'n', 'e', 'x', 'y', 'k'] as const;

/**
 * A key as jose4j selects and uses it (src/core/jwt/keySelect.ts): kid, key type, use, key_ops,
 * the thumbprints (x5t, x5t#S256, derived from x5c when absent) and x5c itself, alg and curve, and
 * the public key material.
 */
function fingerprint(k: Extract<KeySetResult, { ok: true }>['keys'][number]): string {
  const source = k.publicJwk ?? k.jwk;
  const material = MATERIAL.map((m) => [m, source[m] ?? k.jwk[m] ?? null]);
  return JSON.stringify([
    k.kid ?? null,
    k.kty,
    k.use ?? null,
    k.keyOps ?? null,
    k.x5t ?? null,
    k.x5tS256 ?? null,
    k.jwk.x5c ?? null,
    k.alg ?? null,
    k.crv ?? null,
    material,
  ]);
}

export type KeySetProof =
  | { same: true; keyCount: number; kids: string[] }
  | {
      same: false;
      code: 'current-unreachable' | 'changed-url-refused' | 'changed-url-differs';
      message: string;
    };

/**
 * Fetches both URLs fresh and compares their keys one for one, in order: jose4j's first matching
 * key wins, so the same keys in another order could verify differently, and refusing is the safe
 * side.
 */
export async function proveSameKeySet(
  keys: KeySetFetcher,
  currentUrl: string,
  changedUrl: string,
): Promise<KeySetProof> {
  keys.reload(currentUrl);
  keys.reload(changedUrl);
  const [now, changed] = await Promise.all([
    keys.load({ kind: 'url', url: currentUrl }),
    keys.load({ kind: 'url', url: changedUrl }),
  ]);
  if (!now.ok)
    return {
      same: false,
      code: 'current-unreachable',
      message: `The JWKS URL ${currentUrl} does not answer a key set now (${now.message}); there is nothing to compare the changed URL with.`,
    };
  if (!changed.ok)
    return {
      same: false,
      code: 'changed-url-refused',
      message: `${changedUrl} does not answer a key set (${changed.message}): this provider does not ignore the added parameter, so the URL was left as it is.`,
    };
  const a = now.keys.map(fingerprint);
  const b = changed.keys.map(fingerprint);
  if (a.length !== b.length || a.some((f, i) => f !== b[i]))
    return {
      same: false,
      code: 'changed-url-differs',
      message: `${changedUrl} answers a different key set (${changed.keys.length} keys against ${now.keys.length} at ${currentUrl}, or other keys, key material, key_ops, certificates or order): the URL was left as it is.`,
    };
  return {
    same: true,
    keyCount: now.keys.length,
    kids: now.keys.map((k) => clip(k.kid ?? '(no kid)', 120)),
  };
}

// ----- plan, send, wait -----

export interface KeySetRefreshPlan {
  currentUrl: string;
  newUrl: string;
  keyCount: number;
  kids: string[];
  /** The four values the PUT carries: what Harness holds, with the new URL. */
  settings: ScimJwtSettings;
}

export type RefreshRefusalCode = 'settings-incomplete' | 'jwks-url-invalid' | KeySetProofFailure;
type KeySetProofFailure = Extract<KeySetProof, { same: false }>['code'];

export type RefreshPlanResult =
  { ok: true; plan: KeySetRefreshPlan } | { ok: false; code: RefreshRefusalCode; message: string };

/** Decides the new URL and proves it, or says why nothing will be written. Sends nothing to Harness. */
export async function planKeySetRefresh(
  current: CurrentSettings,
  keys: KeySetFetcher,
  at: Date,
): Promise<RefreshPlanResult> {
  const unset = (Object.keys(current) as (keyof CurrentSettings)[]).filter((f) => (current[f] ?? '').trim() === '');
  if (unset.length > 0)
    return {
      ok: false,
      code: 'settings-incomplete',
      message: `The SCIM JWT settings are not all set (${unset.map((f) => SETTING_ID_OF[f]).join(', ')}): set them up first; there is no key set to re-read.`,
    };
  const currentUrl = (current.jwksUrl ?? '').trim();
  const format = checkJwksUrlFormat(currentUrl);
  if (!format.ok) return { ok: false, code: 'jwks-url-invalid', message: format.check.message };
  const newUrl = withRefreshParameter(currentUrl, at);
  const proof = await proveSameKeySet(keys, currentUrl, newUrl);
  if (!proof.same) return { ok: false, code: proof.code, message: proof.message };
  const settings = perField((f) => current[f] ?? '');
  settings.jwksUrl = newUrl;
  return { ok: true, plan: { currentUrl, newUrl, keyCount: proof.keyCount, kids: proof.kids, settings } };
}

export type RefreshSendResult =
  | {
      written: true;
      /** false: the PUT said the URL item was saved, but the read-back could not confirm it. */
      confirmed: boolean;
      outcome: Extract<SendOutcome, { kind: 'sent' }>;
      effectiveAt: number;
      message: string;
    }
  | { written: false; outcome: SendOutcome; message: string };

/**
 * One PUT through the setup service (the other three settings are sent as Harness holds them), then
 * the read-back decides: the new URL is written, or Harness still holds the old one, which answers
 * the same key set, so nothing is left half-done either way. When the PUT saved the URL item but the
 * read-back itself failed, the URL counts as written (Harness said so), unconfirmed: the countdown
 * and the re-test still run, and the re-test is what confirms it.
 */
export async function sendKeySetRefresh(
  service: SetupService,
  plan: KeySetRefreshPlan,
  now: () => number,
  options: CallOptions = {},
): Promise<RefreshSendResult> {
  const outcome = await service.send('update', plan.settings, options);
  if (outcome.kind === 'failed')
    return {
      written: false,
      outcome,
      message: `The PUT failed (${outcome.failure.message}); Harness still holds ${plan.currentUrl}.`,
    };
  const urlItem = outcome.items.find((i) => i.field === 'jwksUrl');
  const readUrl = outcome.readBack?.rows.find((r) => r.field === 'jwksUrl')?.actual;
  const effectiveAt = outcome.effectiveAt ?? now() + SETTINGS_PROPAGATION_SECONDS * 1000;
  if (urlItem?.ok === true && readUrl === undefined)
    return {
      written: true,
      confirmed: false,
      outcome,
      effectiveAt,
      message: `Harness answered that it saved ${plan.newUrl}, not confirmed by the read-back (${outcome.readBackFailure?.message ?? 'the URL setting was not in the answer'}); it downloads the key set from it once its ${SETTINGS_PROPAGATION_SECONDS} s settings cache has expired.`,
    };
  if (urlItem?.ok !== true || readUrl !== plan.newUrl) {
    const holds =
      readUrl === undefined
        ? 'what it holds now could not be read back'
        : readUrl === plan.currentUrl
          ? `it still holds ${plan.currentUrl}`
          : `it holds ${String(readUrl)}`;
    return {
      written: false,
      outcome,
      message: `Harness did not save the new URL${urlItem && !urlItem.ok ? ` (${urlItem.message})` : ''}; ${holds}.`,
    };
  }
  return {
    written: true,
    confirmed: true,
    outcome,
    effectiveAt,
    message: `Harness holds ${plan.newUrl}; it downloads the key set from it once its ${SETTINGS_PROPAGATION_SECONDS} s settings cache has expired.`,
  };
}

/**
 * The re-test right after a refresh must not infer a stale cache (Harness has just downloaded from
 * a URL it never cached): this wraps the trial's `keySetNow` so it keeps the fresh verdict for
 * `refusedAfterRefresh` and gives the trial nothing to infer from.
 */
export function afterRefreshKeySet<T>(inner: (token: string, options?: CallOptions) => Promise<T | undefined>): {
  keySetNow: (token: string, options?: CallOptions) => Promise<undefined>;
  seen: () => T | undefined;
} {
  let seen: T | undefined;
  return {
    keySetNow: async (token, options) => {
      seen = await inner(token, options);
      return undefined;
    },
    seen: () => seen,
  };
}

/**
 * After a refresh: the re-test's explanation when Harness answered as for a key it cannot find
 * (the trial asks `keySetNow` only then) and the new URL, fetched fresh, verifies the token.
 */
export function refusedAfterRefresh(seen: { verdict: Verdict } | undefined, newUrl: string): string | undefined {
  return seen?.verdict.accepted === true ? refusedAfterRefreshMessage(newUrl) : undefined;
}

/** How the wait tells time: the real clock, or a test's. */
export interface SettingsClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_CLOCK: SettingsClock = { now: () => Date.now(), sleep };

/**
 * Counts down to `effectiveAt` (Harness's settings cache, SETTINGS_PROPAGATION_SECONDS), calling
 * `onTick` with the whole seconds left, once a second. Rejects when `signal` aborts.
 */
export async function waitForSettings(
  effectiveAt: number,
  options: { clock?: SettingsClock; signal?: AbortSignal | undefined; onTick?: (secondsLeft: number) => void } = {},
): Promise<void> {
  const clock = options.clock ?? REAL_CLOCK;
  for (let left = effectiveAt - clock.now(); left > 0; left = effectiveAt - clock.now()) {
    options.onTick?.(Math.ceil(left / 1000));
    await clock.sleep(Math.min(1000, left), options.signal);
  }
  options.onTick?.(0);
}
