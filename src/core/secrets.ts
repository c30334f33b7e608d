/**
 * Known secrets, scrubbed from text that a server wrote. `redact()` recognises secrets by their
 * shape (pat./sat. keys, JWTs, Authorization headers); a client secret, a proxy password or an
 * opaque token has no shape, so a server that echoes one ("bad credentials c:S") can only be
 * caught by knowing the value. Every text that came from a server passes through a scrubber
 * holding the secrets of the request that produced it, before it is shown or logged.
 */
import { redactSecret } from './redact';

/** Shorter secrets are matched only between non-word characters, so a one-letter secret does not eat every "S". */
const ANYWHERE_MIN_LENGTH = 8;

/** The forms in which a secret travels and can be echoed: as is, URL-encoded, form-encoded. */
function formsOf(secret: string): string[] {
  let encoded: string;
  try {
    encoded = encodeURIComponent(secret);
  } catch {
    // A lone surrogate cannot be URL-encoded, so it cannot travel (or come back) that way either.
    return [secret];
  }
  return [...new Set([secret, encoded, encoded.replace(/%20/g, '+')])];
}

/** A letter, digit or underscore: what a short secret must not touch on either side. */
const WORD = /[\p{L}\p{N}_]/u;

function wordAt(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const cp = text.codePointAt(index);
  // A low surrogate seen from its right: read the whole character.
  const ch =
    cp !== undefined && cp >= 0xdc00 && cp <= 0xdfff && index > 0
      ? String.fromCodePoint(text.codePointAt(index - 1) ?? cp)
      : String.fromCodePoint(cp ?? 0);
  return WORD.test(ch);
}

/**
 * Scrubbing is a scan, not one regular expression of every secret: a secret of 20 KB (a proxy
 * credential) made such a pattern too large to compile, and the error quoted the pattern, secret
 * and all. Secrets are grouped by their first character; at each position the longest that matches
 * is replaced, so a secret that contains another is replaced whole.
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();
  private byFirst: Map<string, string[]> | undefined;

  /** Adds secrets (undefined and empty ones are ignored); returns this for chaining. */
  add(...secrets: (string | undefined)[]): this {
    for (const raw of secrets) {
      const s = raw?.trim();
      if (s === undefined || s === '') continue;
      for (const form of formsOf(s)) this.secrets.add(form);
      this.byFirst = undefined;
    }
    return this;
  }

  /** HTTP Basic credentials: the secret, and the encoded pair a server may echo back whole. */
  addBasic(user: string, password: string): this {
    this.add(password);
    const pairs = [`${user}:${password}`, `${encodeURIComponent(user)}:${encodeURIComponent(password)}`];
    for (const pair of pairs) this.add(pair, Buffer.from(pair).toString('base64'));
    return this;
  }

  /** Passwords (and user names that carry a token) in proxy URLs such as `http://u:p@proxy:3128`. */
  addUrlCredentials(...urls: (string | undefined)[]): this {
    for (const text of urls) {
      if (text === undefined || text.trim() === '') continue;
      try {
        const url = new URL(text.trim());
        if (url.password !== '') this.addBasic(safeDecode(url.username), safeDecode(url.password));
        else if (url.username !== '') this.add(safeDecode(url.username));
      } catch {
        // Not a URL: nothing to learn from it.
      }
    }
    return this;
  }

  get size(): number {
    return this.secrets.size;
  }

  /** `text` with every known secret replaced by its redacted form. */
  scrub(text: string): string {
    if (this.secrets.size === 0 || text === '') return text;
    const byFirst = (this.byFirst ??= this.index());
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length;) {
      const candidates = byFirst.get(text[i] ?? '');
      const hit = candidates?.find(
        (s) =>
          text.startsWith(s, i) &&
          (s.length >= ANYWHERE_MIN_LENGTH || (!wordAt(text, i - 1) && !wordAt(text, i + s.length))),
      );
      if (hit === undefined) {
        i++;
        continue;
      }
      out += text.slice(copied, i) + redactSecret(hit);
      i += hit.length;
      copied = i;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  private index(): Map<string, string[]> {
    const byFirst = new Map<string, string[]>();
    // Longest first, so a secret that contains another is replaced whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
      const first = s[0] ?? '';
      byFirst.set(first, [...(byFirst.get(first) ?? []), s]);
    }
    return byFirst;
  }
}

/** A malformed %-escape in a URL's credentials is taken as written rather than thrown. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The proxy variables a process may carry, in both spellings. */
/** The environment variables that may hold a proxy URL, credentials included. */
export const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
] as const;

/**
 * Every secret an environment holds for this product: the Harness API key, a client secret and
 * proxy credentials. The CLI scrubs all it prints with these; the editor has them in SecretStorage.
 */
export function secretsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  scrubber = new SecretScrubber(),
): SecretScrubber {
  scrubber.add(env.HARNESS_API_KEY, env.CLIENT_SECRET);
  // As the Harness transport does: the secret part of a pat./sat. key is not shown on its own either.
  const key = env.HARNESS_API_KEY?.trim() ?? '';
  const keySecret = /^(pat|sat)\./i.test(key) ? key.split('.').at(-1) : undefined;
  if (keySecret !== undefined && keySecret.length >= 8) scrubber.add(keySecret);
  scrubber.addUrlCredentials(...PROXY_VARIABLES.map((name) => env[name]));
  return scrubber;
}
