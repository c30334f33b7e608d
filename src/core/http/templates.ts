/**
 * `{{ … }}` references inside a value, and what each one means in the three dialects. Only the
 * classification lives here; looking values up is `resolve.ts`.
 */

export interface TemplateText {
  kind: 'text';
  text: string;
  start: number;
  end: number;
}

export interface TemplateReference {
  kind: 'reference';
  /** The text between the braces, trimmed. */
  inner: string;
  /** Offsets of `{{` and just after `}}` in the parsed string. */
  start: number;
  end: number;
}

export type TemplatePart = TemplateText | TemplateReference;

/** Why a value is only known when the request is sent, never before. */
export type DynamicKind =
  /** `{{login.response.body.$.token}}` (REST Client) or `{{login.token}}` for a named request (httpYac). */
  | 'response-reference'
  /** Set by a JetBrains `client.global.set(…)` or httpYac `$global.x = …` handler from a response body. */
  | 'response-handler'
  /** `{{$guid}}`, `{{$timestamp}}`, `{{$randomInt 1 9}}`, `{{$uuid}}`, `{{$random.email}}`… */
  | 'system-variable'
  /** `{{$aadToken}}`, `{{$aadV2Token}}`, `{{$oidcAccessToken}}`, JetBrains `{{$auth.token("id")}}`. */
  | 'auth-provider'
  /** httpYac `{{$input …}}`, `{{$password …}}`, `{{$pick …}}`: asked from the user at send time. */
  | 'prompt'
  /** httpYac evaluates `{{ … }}` as JavaScript; anything that is not a plain name is set by a script, not run. */
  | 'expression'
  /** httpYac `Authorization: oauth2 client_credentials`: the whole header is replaced at send time. */
  | 'httpyac-oauth2'
  /** httpYac `...defaultHeaders`: the headers are built by a script. */
  | 'script-headers';

export type ReferenceMeaning =
  | { kind: 'name'; name: string; percentEncode: boolean }
  /** `{{$dotenv NAME}}`; with `%NAME`, NAME is a variable holding the real name (REST Client). */
  | { kind: 'dotenv'; name: string; indirect: boolean }
  /** `{{$processEnv NAME}}` (REST Client, httpYac) and JetBrains `{{$env.NAME}}`. */
  | { kind: 'process-env'; name: string; indirect: boolean }
  /** REST Client `{{$shared NAME}}`: the `$shared` environment. */
  | { kind: 'shared'; name: string }
  | { kind: 'dynamic'; dynamic: DynamicKind };

/** Splits `text` into literal runs and `{{…}}` references. An unclosed `{{` is literal text. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  let literalStart = 0;
  while (from < text.length) {
    const open = text.indexOf('{{', from);
    if (open < 0) break;
    // httpYac: `\{\{` is an escaped, literal pair of braces.
    if (open > 0 && text.charAt(open - 1) === '\\') {
      from = open + 2;
      continue;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    if (open > literalStart)
      parts.push({ kind: 'text', text: text.slice(literalStart, open), start: literalStart, end: open });
    parts.push({ kind: 'reference', inner: text.slice(open + 2, close).trim(), start: open, end: close + 2 });
    from = close + 2;
    literalStart = from;
  }
  if (literalStart < text.length)
    parts.push({ kind: 'text', text: text.slice(literalStart), start: literalStart, end: text.length });
  return parts;
}

export function hasReferences(text: string): boolean {
  return parseTemplate(text).some((p) => p.kind === 'reference');
}

/** JetBrains allows letters, digits, `_`, `-` and `.` in names; REST Client anything but space and `=`. */
const PLAIN_NAME = /^%?[A-Za-z0-9_][\w.-]*$/;
/** REST Client `{{login.response.body.$.token}}`, `{{login.response.body.$['a-b']}}`: a response, not a script. */
const RESPONSE_PATH = /^[^.\s{}$][^.\s{}]*\.(?:response|request)\.(?:body|headers)(?:\.|$)/;
const SYSTEM = /^\$([A-Za-z][\w]*)(?:([.\s])([\s\S]*))?$/;
const AUTH_PROVIDERS = new Set(['aadToken', 'aadV2Token', 'oidcAccessToken', 'auth']);
const PROMPTS = new Set(['input', 'password', 'pick', 'prompt']);

export function classifyReference(inner: string): ReferenceMeaning {
  if (PLAIN_NAME.test(inner)) {
    const percentEncode = inner.startsWith('%');
    const name = percentEncode ? inner.slice(1) : inner;
    if (/\.(response|request)\./.test(`${name}.`)) return { kind: 'dynamic', dynamic: 'response-reference' };
    return { kind: 'name', name, percentEncode };
  }
  if (RESPONSE_PATH.test(inner)) return { kind: 'dynamic', dynamic: 'response-reference' };
  const system = SYSTEM.exec(inner);
  if (!system) return { kind: 'dynamic', dynamic: 'expression' };
  const fn = system[1] ?? '';
  // httpYac `{{ $global.token }}`, `{{ $global.x = … }}`: JavaScript, not a generated value.
  if (fn === 'global' || /(^|[^=!<>])=($|[^=>])/.test(inner)) return { kind: 'dynamic', dynamic: 'expression' };
  const joiner = system[2];
  const rest = (system[3] ?? '').trim();
  const argument = /^%?[\w.-]+$/.test(rest) ? rest : undefined;
  if (fn === 'env' && joiner === '.' && argument !== undefined)
    return { kind: 'process-env', name: argument, indirect: false };
  if (joiner !== '.' && argument !== undefined) {
    const indirect = argument.startsWith('%');
    const name = indirect ? argument.slice(1) : argument;
    if (fn === 'dotenv') return { kind: 'dotenv', name, indirect };
    if (fn === 'processEnv') return { kind: 'process-env', name, indirect };
    if (fn === 'shared' && !indirect) return { kind: 'shared', name };
  }
  const base = fn.replace(/-askonce$/, '');
  if (AUTH_PROVIDERS.has(base)) return { kind: 'dynamic', dynamic: 'auth-provider' };
  if (PROMPTS.has(base)) return { kind: 'dynamic', dynamic: 'prompt' };
  return { kind: 'dynamic', dynamic: 'system-variable' };
}
