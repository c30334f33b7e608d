/**
 * Step 3: the JWKS URL answers a key set, and would for Harness: fetched fresh (not from the
 * editor's cache, so a key set that went away is seen), over https, from a public host, well
 * inside Harness's 10 s timeouts.
 */
import { checkJwksUrlFormat, describeKeySet, jwksUrlNotes } from '../setup';
import { outcome, skipped, type DoctorContext, type StepOutcome } from './context';

/** Harness's OkHttp timeouts are 10 s each; half of that is already a warning sign. */
const SLOW_MS = 5000;

export async function checkKeySet(ctx: DoctorContext): Promise<StepOutcome> {
  const url = ctx.settings?.jwksUrl ?? '';
  if (url.trim() === '') return skipped('Skipped: scim_jwt_token_jwks_keys_url is not set (step 2).');
  const format = checkJwksUrlFormat(url);
  if (!format.ok)
    return outcome('fail', format.check.message, {
      problem: 'jwks-invalid',
      fix: "Set scim_jwt_token_jwks_keys_url to your identity provider's JWK Set URL (https://…).",
    });
  const trimmed = url.trim();
  ctx.jwksCache.reload(trimmed);
  const started = performance.now();
  const result = await ctx.jwksCache.load({ kind: 'url', url: trimmed });
  const elapsed = performance.now() - started;
  const check = describeKeySet(result, []);
  const notes = [
    ...check.details,
    ...(check.keys ?? []).map(
      (k) =>
        `key ${k.kid ?? '(no kid)'}: ${k.kty}${k.alg !== undefined ? ` ${k.alg}` : ''}${k.use !== undefined ? ` use ${k.use}` : ''}`,
    ),
  ];
  notes.push(`Answered in ${Math.round(elapsed)} ms.`);
  if (check.level === 'error') {
    const unreachable = !result.ok && result.code === 'jwks-unreachable';
    // The cache forgets an unreachable host (the editor retries); this run remembers it for step 5.
    if (!result.ok && unreachable) ctx.keySetUnreachable = { url: trimmed, message: result.message };
    return outcome('fail', `${trimmed}: ${check.message}`, {
      problem: unreachable ? 'jwks-unreachable' : 'jwks-invalid',
      fix: unreachable
        ? 'Make the URL reachable from the internet (Harness fetches it from its own servers, with 10 s connect and read timeouts), or correct it in scim_jwt_token_jwks_keys_url.'
        : !result.ok && result.discoveredJwksUri !== undefined
          ? `Set scim_jwt_token_jwks_keys_url to ${result.discoveredJwksUri}.`
          : 'Point scim_jwt_token_jwks_keys_url at the JWK Set itself ({"keys":[…]}), not a page or a discovery document. Harness caches a wrong body for days, until the URL string changes.',
      notes,
    });
  }
  // Harness-side reachability: what the fetch from this machine cannot prove.
  if (format.loopback) {
    return outcome(
      'warn',
      `${check.message} It is served from this machine (${format.url.host}), which Harness SaaS cannot reach; fine for a local emulator.`,
      {
        problem: 'jwks-not-public',
        fix: "In production use your identity provider's public https JWKS URL.",
        notes: [...jwksUrlNotes(url, format), ...notes],
      },
    );
  }
  if (format.plainHttp) {
    return outcome(
      'warn',
      `${check.message} It is plain http: anyone on the path between Harness and the host could substitute keys.`,
      {
        problem: 'jwks-not-https',
        fix: 'Use the https URL of the key set.',
        notes,
      },
    );
  }
  if (elapsed > SLOW_MS) {
    return outcome('warn', `${check.message} It took ${(elapsed / 1000).toFixed(1)} s; Harness gives up after 10 s.`, {
      problem: 'jwks-slow',
      fix: 'Serve the key set from a faster or closer host (a CDN), or check for a slow proxy.',
      notes,
    });
  }
  if (check.level === 'warning') return outcome('warn', check.message, { fix: 'See the notes.', notes });
  return outcome('pass', `${check.message} From ${trimmed} in ${Math.round(elapsed)} ms.`, { notes });
}
