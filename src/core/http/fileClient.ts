/**
 * Which client a file is written for, where that changes what a request does. Today one rule
 * depends on it: httpYac puts its `host` variable in front of a URL written as a path
 * (`hostVariableReplacer.ts`); REST Client (`httpRequestParser.ts`) and the JetBrains HTTP Client
 * (the request format's spec, "Request target") take only a `Host:` header there.
 *
 * The syntax decides, as everywhere in docs/http-dialects.md: a file that uses a form only REST
 * Client or only JetBrains gives a meaning to, and none of httpYac's own forms, is that client's.
 * Any other file is read as httpYac's: it is the only client under which `@host` + `GET /x` works,
 * so a file that relies on it was written for httpYac.
 */
import { parseTemplate } from './templates';
import type { HttpDocument } from './types';

export type FileClient = 'REST Client' | 'JetBrains HTTP Client' | 'httpYac';

/** REST Client's own forms: a request variable `x.response.body…`, `$processEnv`, `$dotenv`, `$aadToken`, `$shared`. */
const REST_CLIENT =
  /^(?:[^.\s{}$][^.\s{}]*\.(?:response|request)\.(?:body|headers)\b|\$(?:processEnv|dotenv|aadV2Token|aadToken|shared)\s)/;
/** JetBrains' own forms: `$env.X`, `$auth.token(…)`, `$random.x`. */
const JETBRAINS = /^\$(?:env|auth|random)\./;

const cache = new WeakMap<HttpDocument, FileClient>();

export function fileClientOf(doc: HttpDocument): FileClient {
  let client = cache.get(doc);
  if (client === undefined) {
    client = decide(doc);
    cache.set(doc, client);
  }
  return client;
}

function decide(doc: HttpDocument): FileClient {
  if (usesHttpyacForms(doc)) return 'httpYac';
  // `@host` + `GET /x` works only under httpYac, and httpYac also runs JetBrains `> {% %}` handlers
  // (its intellij plugin) and reads `$processEnv` / `$dotenv` (restClientVariableReplacer.ts): such a
  // file is httpYac's unless it uses a form httpYac does not read.
  if (
    doc.fileVariables.some((v) => v.name === 'host') &&
    doc.requests.some((r) => r.url.startsWith('/')) &&
    ![...referencesOf(doc)].some((i) => REST_CLIENT.test(i) && !/^\$(?:processEnv|dotenv)\s/.test(i))
  )
    return 'httpYac';
  const handlers = doc.requests.flatMap((r) => r.responseHandlers ?? []);
  if (handlers.some((h) => h.client === 'JetBrains HTTP Client')) return 'JetBrains HTTP Client';
  let rest = false;
  for (const inner of referencesOf(doc)) {
    if (JETBRAINS.test(inner)) return 'JetBrains HTTP Client';
    if (REST_CLIENT.test(inner)) rest = true;
  }
  return rest ? 'REST Client' : 'httpYac';
}

/** Forms only httpYac reads: lazy and global variables, script blocks, imports, oauth2 headers, spread headers, named responses. */
function usesHttpyacForms(doc: HttpDocument): boolean {
  if (doc.imports.length > 0 || doc.fileVariables.some((v) => v.lazy || v.global)) return true;
  if (doc.regions.some((g) => g.forceRegionDelimiter)) return true;
  for (const r of doc.requests) {
    if (r.spreadHeaders.length > 0 || (r.responseHandlers ?? []).some((h) => h.client === 'httpYac')) return true;
    if (r.headers.some((h) => h.name.toLowerCase() === 'authorization' && /^(oauth2|openid)\b/i.test(h.value)))
      return true;
  }
  // `{{login.access_token}}`: httpYac's named response (REST Client's is `login.response.body…`).
  const names = new Set(doc.requests.flatMap((r) => (r.name !== undefined ? [r.name] : [])));
  if (names.size === 0) return false;
  for (const inner of referencesOf(doc)) {
    const [head, next] = inner.split('.');
    if (head !== undefined && next !== undefined && names.has(head) && next !== 'response' && next !== 'request')
      return true;
  }
  return false;
}

function* referencesOf(doc: HttpDocument): Generator<string> {
  const values = [
    ...doc.fileVariables.map((v) => v.value),
    ...doc.requests.flatMap((r) => [r.url, ...r.headers.map((h) => h.value), r.body?.text ?? '']),
  ];
  for (const value of values) {
    if (!value.includes('{{')) continue;
    for (const p of parseTemplate(value)) if (p.kind === 'reference') yield p.inner;
  }
}
