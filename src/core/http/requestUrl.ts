/**
 * The URL a request goes to when its request line is only a path (`GET /auth/me`). Two rules, in
 * the order httpYac applies them (`hostVariableReplacer.ts`); REST Client (`httpRequestParser.ts`)
 * and the JetBrains HTTP Client (spec, "Request target") have the first only, so in a file written
 * for them (fileClient.ts) a path with no Host header stays a path, and is not sent:
 * - a `Host:` header: `http://<host><path>`, or `https://…` when its port is 443 or 8443;
 * - httpYac's `host` variable (`@host = http://localhost:3000`, or an environment's `host`):
 *   `<host><path>`, the value put in front of the path as it is.
 * Both look at the URL as written: `{{base}}/x` does not start with `/` and is left alone.
 */
import type { Expander, Expansion } from './expand';
import { fileClientOf } from './fileClient';
import type { HttpDocument, HttpHeader, HttpRequest, Position } from './types';

/** What is put in front of a path-only URL, still to be expanded: a Host header's value or `{{host}}`. */
export interface UrlPrefix {
  kind: 'host-header' | 'host-variable';
  template: string;
  at: Position;
}

/** The prefixes to try for `request` of `doc`, in order; none when its URL does not start with `/`. */
export function urlPrefixesOf(doc: HttpDocument, request: HttpRequest): UrlPrefix[] {
  if (!request.url.startsWith('/')) return [];
  const prefixes: UrlPrefix[] = [];
  const header: HttpHeader | undefined = request.headers.find((h) => h.name.toLowerCase() === 'host');
  if (header && header.value !== '')
    prefixes.push({ kind: 'host-header', template: header.value, at: header.valueRange.start });
  if (fileClientOf(doc) === 'httpYac')
    prefixes.push({ kind: 'host-variable', template: '{{host}}', at: request.urlRange.start });
  return prefixes;
}

/** `<scheme>://<host>` for a Host header's value, as REST Client and httpYac build it. */
export function originOfHostHeader(host: string): string {
  const port = host.split(':')[1];
  return `${port === '443' || port === '8443' ? 'https' : 'http'}://${host}`;
}

/** The expanded prefix text, or undefined when this prefix does not apply (no such variable, an empty value). */
export function prefixText(prefix: UrlPrefix, expanded: string): string | undefined {
  if (expanded === '') return undefined;
  return prefix.kind === 'host-header' ? originOfHostHeader(expanded) : expanded;
}

/** `{{host}}` is not defined anywhere the expander looks: httpYac would leave the path alone. */
export function hostIsUndefined(e: Expansion): boolean {
  return e.problems.some((p) => p.kind === 'unresolved' && p.reference === 'host');
}

/** The request's URL expanded, with the Host header or `host` variable in front of a path-only URL. */
export function expandRequestUrl(expander: Expander, doc: HttpDocument, request: HttpRequest): Expansion {
  const url = expander.expand(request.url, request.urlRange.start);
  for (const prefix of urlPrefixesOf(doc, request)) {
    const e = expander.expand(prefix.template, prefix.at);
    if (prefix.kind === 'host-variable' && hostIsUndefined(e)) continue;
    const text = prefixText(prefix, e.text);
    if (text === undefined) continue;
    return {
      text: `${text}${url.text}`,
      sources: [...e.sources, ...url.sources],
      problems: [...e.problems, ...url.problems],
      neededFiles: e.neededFiles || url.neededFiles,
    };
  }
  return url;
}
