/**
 * Plain data for a suggestion: what the setup form's "Fill from a token" shows, safe to post to a
 * webview (no functions or RegExps from the catalogue, no token). The VS Code side maps this onto
 * its protocol; the form lets the user confirm each field, and nothing is sent without Send.
 */
import { rotationForecast } from './rotation';
import type { HarnessSupport } from './types';
import type { ClaimChoice, Proposal, SettingsSuggestion } from './suggest';

export interface SuggestionView {
  provider: {
    id: string;
    name: string;
    recognisedBy: 'issuer' | 'shape';
    /** What our sources say about Harness and this provider's tokens, before anything is judged. */
    harness: HarnessSupport;
    harnessText: string;
    /** How the provider rotates its keys and what that means for Harness; null when unknown to the table or moot. */
    rotation: string | null;
    sources: string[];
  } | null;
  jwksUrl: Proposal | null;
  keyField: Proposal | null;
  value: Proposal | null;
  alternatives: ClaimChoice[];
  /** The verdict engine's answer for a token of this shape once the settings match. */
  accepted: boolean;
  /** `key-set`: judged against the provider's keys; `shape`: the provider's signature was not checked. */
  basis: 'key-set' | 'shape';
  basisText: string;
  refusal: string | null;
  hints: string[];
}

export function suggestionView(s: SettingsSuggestion): SuggestionView {
  const e = s.provider?.entry;
  return {
    provider:
      e && s.provider
        ? {
            id: e.id,
            name: e.name,
            recognisedBy: s.provider.by,
            harness: e.harness,
            harnessText: e.harnessText,
            rotation: rotationForecast(s.provider)?.text ?? null,
            sources: [...e.sources],
          }
        : null,
    jwksUrl: s.jwksUrl ?? null,
    keyField: s.keyField ?? null,
    value: s.value ?? null,
    alternatives: s.alternatives,
    accepted: s.accepted,
    basis: s.judgement.basis,
    basisText: s.judgement.basisText,
    refusal: s.refusal ?? null,
    hints: s.hints,
  };
}
