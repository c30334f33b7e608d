/**
 * The shapes of the identity-provider catalogue (docs/identity-providers.md). An entry is data:
 * how to recognise a provider's token, where its keys live, which claim names the caller, whether
 * Harness accepts its tokens and what trips people up. Texts carry "(inferred)" / "(unsourced)"
 * exactly where our sources do, so the user sees how sure we are.
 */
import type { VerdictCode } from '../jwt';

/** A decoded token as recognition sees it: header and claims only. */
export interface TokenShape {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/**
 * What our sources say about Harness and this provider's tokens. This is documentation (the docs
 * table, the form's first line); a token's own `accepted` always comes from the verdict engine.
 */
export type HarnessSupport =
  | 'yes'
  /** Harness accepts them, but the provider says not to rely on the token format (Okta org AS). */
  | 'yes-unsupported'
  | 'no'
  | 'no-by-default'
  | 'only-with-typ'
  | 'likely'
  | 'unknown';

/** How to find the key set from the issuer, without the network when possible. */
export type JwksRule =
  /** `url(iss)` is the key set; `certainty` marks a path our sources do not confirm. */
  | {
      kind: 'derive';
      url: (iss: string, token: TokenShape) => string | undefined;
      certainty?: 'inferred' | 'unsourced';
      /**
       * The path is the server's default, not a fact about this issuer (self-hosted, configured
       * issuers): online, the issuer's discovery document decides; offline this is the fallback.
       */
      convention?: true;
    }
  /** No known fixed path: read `jwks_uri` from `{iss}/.well-known/openid-configuration`. */
  | { kind: 'discovery'; why: string };

export interface IdpEntry {
  /** Stable id ("okta-custom"): tests and the VS Code side match on it. */
  id: string;
  /** "Okta (custom authorization server)". */
  name: string;
  /** The issuer, matched whole against `iss`. Absent for providers whose issuer is whatever the admin configured. */
  issuer?: RegExp;
  /** Must also hold when `issuer` matches (e.g. Entra v1 vs v2, Auth0's two profiles). */
  when?: (t: TokenShape) => boolean;
  /** Recognises the token by its shape alone: custom domains, self-hosted instances, configured issuers. */
  lookalike?: (t: TokenShape) => boolean;
  /** Written like the sources, for the docs table: "https://{org}.okta.com/oauth2/{asId}". */
  issuerText: string;
  jwks: JwksRule;
  /** For the docs table: "{iss}/v1/keys". */
  jwksText: string;
  /** Where the discovery document is, when not at `{iss}/.well-known/openid-configuration` (B2C: per user flow, `?p=`). */
  discoveryDocument?: (iss: string, token: TokenShape) => string | undefined;
  /** Claims to key on, best first; the first the token carries as a string is proposed. Empty: none recommended. */
  keyFields: readonly string[];
  /** One line: why that claim (or why there is no recommendation). */
  keyFieldReason: string;
  harness: HarnessSupport;
  /** One line: what our sources say about Harness and these tokens. */
  harnessText: string;
  /** The provider's reason and the real options, for each verdict code it explains. */
  refusals: Partial<Readonly<Record<VerdictCode, string>>>;
  /** Shown even on accepted tokens. */
  pitfalls: readonly string[];
  /** Who else gets tokens signed by the same keys ("every Google account"): aud and iss then identify nobody. */
  sharedKeysWith?: string;
  /** The provider signs over a header Harness never sees (Microsoft Graph's hashed nonce). */
  signsTransformedNonce?: boolean;
  sources: readonly string[];
}

/** A recognised provider for one token. */
export interface IdpMatch {
  entry: IdpEntry;
  /** `issuer`: the issuer matched the provider's pattern; `shape`: only the token's shape did. */
  by: 'issuer' | 'shape';
}
