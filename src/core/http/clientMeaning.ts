/**
 * Whose meaning a token's syntax was read with. The three clients disagree on some forms; we follow
 * the client whose syntax it is (docs/http-dialects.md), and the hover says which one that was.
 */
import { parseTemplate } from './templates';
import type { BearerTokenOccurrence, TokenResolution } from './tokenTypes';

const RULES: { test: RegExp; says: string }[] = [
  {
    test: /^\$processEnv\s/,
    says: "REST Client's {{$processEnv}} (httpYac reads it alike): the process environment, %NAME names a variable holding the name",
  },
  { test: /^\$env\./, says: "the JetBrains HTTP Client's {{$env.NAME}}: the process environment" },
  { test: /^\$dotenv\s/, says: "REST Client's {{$dotenv}}: the nearest .env file" },
  { test: /^\$shared\s/, says: "REST Client's {{$shared}}: the $shared environment" },
  { test: /^[^.\s]+\.response\.(body|headers)/, says: "REST Client's request variable: a named request's response" },
  {
    test: /^\$auth\.(token|idToken)\s*\(/,
    says: "the JetBrains HTTP Client's {{$auth.token}}: Security.Auth in http-client(.private).env.json",
  },
];

/** One sentence per client-specific form the token uses, e.g. "REST Client's request variable: …". */
export function clientMeanings(occurrence: BearerTokenOccurrence, resolution: TokenResolution): string[] {
  const out = new Set<string>();
  if (occurrence.kind === 'authorization-header' && occurrence.httpyacAuth) {
    out.add(
      `httpYac's Authorization: ${occurrence.httpyacAuth.type} ${occurrence.httpyacAuth.flow}: a token from the ${occurrence.httpyacAuth.prefix ?? 'oauth2'}_* variables' identity provider`,
    );
  }
  const references = parseTemplate(occurrence.rawText).flatMap((p) => (p.kind === 'reference' ? [p.inner] : []));
  const named = new Set<string>();
  for (const p of resolution.problems) {
    references.push(p.reference);
    if (p.kind === 'dynamic' && p.dynamic === 'response-reference') named.add(p.reference);
  }
  for (const s of resolution.sources) {
    if (s.kind !== 'fetched') continue;
    references.push(s.reference);
    if (s.from.includes('(httpYac:')) named.add(s.reference);
  }
  for (const inner of references) {
    const rule = RULES.find((r) => r.test.test(inner));
    if (rule) out.add(rule.says);
    else if (named.has(inner)) out.add("httpYac's named response: the parsed body of that request");
  }
  if (resolution.sources.some((s) => s.kind === 'file-variable' && s.lazy))
    out.add("httpYac's lazy variable @name := …, evaluated when the request is sent");
  return [...out];
}
