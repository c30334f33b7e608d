/**
 * The doctor and the token's identity provider: the report opens with the provider the catalogue
 * recognised and how its key rotation meets Harness's key-set cache (docs/key-rotation.md), and
 * each failing step gets the provider's own fix where the catalogue has one (its reason and options
 * for a refusal, where its key set lives, which claim to key on).
 */
import {
  keyFieldCaution,
  providerLabel,
  providerRefusal,
  providerTitleReason,
  recogniseToken,
  rotationForecast,
  type IdpMatch,
} from '../idp';
import { decodeForVerdict, type VerdictCode } from '../jwt';
import type { DoctorContext } from './context';
import type { DoctorProvider, DoctorStep } from './types';

export function doctorProvider(token: string | undefined): { match: IdpMatch; report: DoctorProvider } | undefined {
  const match = token === undefined ? undefined : recogniseToken(token);
  if (!match) return undefined;
  const e = match.entry;
  const rotation = rotationForecast(match);
  return {
    match,
    report: {
      id: e.id,
      name: e.name,
      label: providerLabel(match),
      recognisedBy: match.by,
      harness: e.harness,
      harnessText: e.harnessText,
      ...(rotation ? { rotation: rotation.text } : {}),
    },
  };
}

function derivedJwksUrl(m: IdpMatch, token: string): string | undefined {
  const d = decodeForVerdict(token);
  const iss = d.payload?.iss;
  if (typeof iss !== 'string' || m.entry.jwks.kind !== 'derive') return undefined;
  return m.entry.jwks.url(iss, { header: d.header ?? {}, payload: d.payload ?? {} });
}

function refusalFix(m: IdpMatch, code: VerdictCode | undefined, generic: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const decides = providerTitleReason(m, code);
  if (decides !== undefined) return decides;
  const own = providerRefusal(m, code);
  return own === undefined ? undefined : `${generic ?? ''} ${m.entry.name}: ${own}`.trim();
}

/** A passing verdict step keyed on aud or iss of a provider whose keys many share: say so, as a warning. */
function sharedKeysWarning(step: DoctorStep, ctx: DoctorContext, m: IdpMatch): DoctorStep {
  const caution = keyFieldCaution(m, ctx.settings?.keyField ?? '');
  if (step.id !== 'verdict' || step.status !== 'pass' || caution === undefined) return step;
  return { ...step, status: 'warn', fix: caution };
}

/**
 * The step with the provider's fix added to a failing step (and a passing verdict keyed on a
 * claim every sharer of the keys can get turned into a warning); unchanged when the catalogue has
 * nothing to add.
 */
export function withProviderFix(step: DoctorStep, ctx: DoctorContext, m: IdpMatch | undefined): DoctorStep {
  if (!m || ctx.token === undefined) return step;
  if (step.status !== 'fail') return sharedKeysWarning(step, ctx, m);
  const e = m.entry;
  let fix: string | undefined;
  switch (step.id) {
    case 'settings': {
      const url = derivedJwksUrl(m, ctx.token);
      const key = e.keyFields[0];
      fix =
        `${step.fix ?? ''} For ${e.name}:${url !== undefined ? ` JWKS URL ${url};` : ''} ${key !== undefined ? `key field ${key} (${e.keyFieldReason})` : e.keyFieldReason}`.trim();
      break;
    }
    case 'jwks': {
      const url = derivedJwksUrl(m, ctx.token);
      const own = providerRefusal(m, step.problem === 'jwks-unreachable' ? 'jwks-unreachable' : 'jwks-invalid');
      const where = url !== undefined ? ` ${e.name} publishes this token's keys at ${url}.` : '';
      fix = `${step.fix ?? ''}${where}${own !== undefined ? ` ${own}` : ''}`.trim();
      break;
    }
    case 'verdict':
      fix = refusalFix(m, ctx.verdict?.code, step.fix);
      break;
    case 'tokenValidate':
      if (step.problem === 'token-validate-refused') fix = refusalFix(m, ctx.verdict?.code, step.fix);
      break;
    case 'scim':
      // A 401 for a token the local verdict refused has the same cause, and the same provider fix.
      if (step.problem === 'scim-unauthenticated' && ctx.verdict?.accepted === false)
        fix = refusalFix(m, ctx.verdict.code, step.fix);
      break;
    default:
      break;
  }
  return fix === undefined || fix === step.fix ? step : { ...step, fix };
}
