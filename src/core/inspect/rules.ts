/**
 * From settings to the rules a verdict needs. A missing JWKS URL or claim means "decode only"
 * with a reason the lens can show, rather than a verdict against rules nobody configured.
 */
import type { RulesChoice, RulesOrigin } from './types';
import { scimJwtSetting } from '../scimJwtSettings';

/** The three values, `null` (or '') when unset: the account's settings or the offline ones. */
export interface AccountRulesValues {
  jwksUrl: string | null;
  keyField: string | null;
  value: string | null;
}

const blank = (s: string | null): boolean => s === null || s.trim() === '';

/**
 * `whereToSet` names the place to fix it: "the account's SCIM JWT settings" or "scimJwt.offline.*".
 * Key field and value are passed untrimmed: Harness reads the key field literally.
 */
export function rulesFromAccountSettings(
  values: AccountRulesValues,
  origin: RulesOrigin,
  whereToSet: string,
): RulesChoice {
  const missing: string[] = [];
  if (blank(values.jwksUrl)) missing.push(scimJwtSetting('jwksUrl').label);
  if (blank(values.keyField)) missing.push('claim name');
  if (blank(values.value)) missing.push('claim value');
  if (missing.length > 0) {
    return { kind: 'none', origin, reason: `${missing.join(', ')} not set in ${whereToSet}` };
  }
  return {
    kind: 'rules',
    origin,
    keys: { kind: 'url', url: (values.jwksUrl ?? '').trim() },
    rules: { keyField: values.keyField ?? '', value: values.value ?? '' },
  };
}
