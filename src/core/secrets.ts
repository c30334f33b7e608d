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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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

export class SecretScrubber {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Adds secrets (undefined and empty ones are ignored); returns this for chaining. */
  add(...secrets: (string | undefined)[]): this {
    for (const raw of secrets) {
      const s = raw?.trim();
      if (s === undefined || s === '') continue;
      for (const form of formsOf(s)) this.secrets.add(form);
      this.pattern = undefined;
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
        if (url.password !== '') this.addBasic(decodeURIComponent(url.username), decodeURIComponent(url.password));
        else if (url.username !== '') this.add(decodeURIComponent(url.username));
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
    this.pattern ??= this.build();
    return text.replace(this.pattern, (m) => redactSecret(m));
  }

  private build(): RegExp {
    // Longest first, so a secret that contains another is replaced whole.
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
    const alternatives = sorted.map((s) =>
      s.length >= ANYWHERE_MIN_LENGTH ? escapeRegExp(s) : `(?<![\\p{L}\\p{N}_])${escapeRegExp(s)}(?![\\p{L}\\p{N}_])`,
    );
    return new RegExp(alternatives.join('|'), 'gu');
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
