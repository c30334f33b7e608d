/**
 * "Try a token": the verdict engine's answer with the form's values, before anything is sent.
 * The token stays in memory; nothing here logs or returns it.
 */
import { verifyForHarness, type JwksCache, type Verdict } from '../jwt';
import type { ScimJwtSettings, TokenTrial } from './types';

export function trialFromVerdict(v: Verdict): TokenTrial {
  return {
    accepted: v.accepted,
    code: v.code,
    message: v.message,
    checks: v.checks.map((c) => ({
      title: c.title,
      status: c.status,
      ...(c.detail !== undefined ? { detail: c.detail } : {}),
    })),
    warnings: v.warnings.map((w) => w.message),
    harnessAnswer: `HTTP ${v.harnessError.httpStatus} ${v.harnessError.code}: ${v.harnessError.message}`,
  };
}

/** Judges the token with the form's (not the saved) settings. */
export async function tryToken(token: string, form: ScimJwtSettings, cache: JwksCache, at?: Date): Promise<TokenTrial> {
  const verdict = await verifyForHarness(token, {
    keys: { kind: 'url', url: form.jwksUrl.trim() },
    rules: { keyField: form.keyField, value: form.value },
    cache,
    ...(at !== undefined ? { at } : {}),
  });
  return trialFromVerdict(verdict);
}
