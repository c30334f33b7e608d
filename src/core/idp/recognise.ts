/**
 * Which catalogue entry issued a token. Synchronous and cheap (the editor calls it for every token
 * it decodes). The issuer decides first; the shape is consulted only when no issuer pattern fits,
 * because custom domains, self-hosted servers and configured issuers say nothing by their URL.
 */
import { decodeForVerdict } from '../jwt';
import { CATALOGUE } from './catalogue';
import { str } from './shape';
import type { IdpEntry, IdpMatch, TokenShape } from './types';

export function recogniseShape(t: TokenShape, catalogue: readonly IdpEntry[] = CATALOGUE): IdpMatch | undefined {
  const iss = str(t.payload.iss);
  if (iss !== undefined) {
    for (const entry of catalogue) {
      if (entry.issuer?.test(iss) === true && (entry.when?.(t) ?? true)) return { entry, by: 'issuer' };
    }
  }
  for (const entry of catalogue) {
    if (entry.lookalike?.(t) === true) return { entry, by: 'shape' };
  }
  return undefined;
}

/** The provider of a decoded header and payload; undefined when either is missing or nothing fits. */
export function recogniseDecoded(
  header: Record<string, unknown> | undefined,
  payload: Record<string, unknown> | undefined,
): IdpMatch | undefined {
  if (!header || !payload) return undefined;
  return recogniseShape({ header, payload });
}

/** The provider of a raw token (a `Bearer ` prefix is not expected here). */
export function recogniseToken(token: string): IdpMatch | undefined {
  const d = decodeForVerdict(token);
  return recogniseDecoded(d.header, d.payload);
}

/** "Okta (custom authorization server)", with "(recognised by the token's shape)" when the issuer did not say. */
export function providerLabel(m: IdpMatch): string {
  return m.by === 'shape' ? `${m.entry.name} (recognised by the token's shape, not its issuer)` : m.entry.name;
}

export function findEntry(id: string, catalogue: readonly IdpEntry[] = CATALOGUE): IdpEntry | undefined {
  return catalogue.find((e) => e.id === id);
}
