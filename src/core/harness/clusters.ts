/**
 * Where a Harness account lives (docs/harness-contract.md, "Base URLs and clusters"). Every call path the client builds is
 * `<baseUrl>/ng/api/…` or `<baseUrl>/authz/api/…`, so a "base URL" here is the gateway root:
 * `https://app.harness.io/gateway` on SaaS, the bare origin on self-managed installs (no
 * `/gateway`), or any URL a test or sandbox passes (the emulator).
 */

export type ClusterId = 'prod1' | 'prod2' | 'prod3' | 'prod0' | 'prod4' | 'eu' | 'self-managed' | 'custom';

export interface ClusterChoice {
  id: ClusterId;
  /** Short label for a quick pick. */
  label: string;
  /** The base URL, or undefined when the user must type one. */
  baseUrl: string | undefined;
  detail: string;
}

/**
 * EU: the Harness docs' SCIM table shows `https://accounts.eu.harness.io/ng/api/…` without
 * `/gateway` while the sibling SAML table uses `/gateway` (docs/harness-contract.md, "Open questions", question 7). We follow
 * the SCIM table, which is what this feature is about; a user who finds otherwise can pick Custom.
 */
const FIXED: Record<Exclude<ClusterId, 'self-managed' | 'custom'>, { label: string; baseUrl: string }> = {
  prod1: { label: 'Prod1', baseUrl: 'https://app.harness.io/gateway' },
  prod2: { label: 'Prod2', baseUrl: 'https://app.harness.io/gateway/gratis' },
  prod3: { label: 'Prod3', baseUrl: 'https://app3.harness.io/gateway' },
  prod0: { label: 'Prod0', baseUrl: 'https://accounts.harness.io/gateway' },
  prod4: { label: 'Prod4', baseUrl: 'https://accounts.harness.io/gateway' },
  eu: { label: 'EU', baseUrl: 'https://accounts.eu.harness.io' },
};

export const CLUSTER_CHOICES: readonly ClusterChoice[] = [
  ...Object.entries(FIXED).map(([id, c]) => ({
    id: id as ClusterId,
    label: c.label,
    baseUrl: c.baseUrl,
    detail: id === 'eu' ? `${c.baseUrl} (the Harness docs disagree on /gateway for EU)` : c.baseUrl,
  })),
  {
    id: 'self-managed',
    label: 'Self-managed',
    baseUrl: undefined,
    detail: 'Your own Harness install, e.g. https://harness.example.com (no /gateway)',
  },
  { id: 'custom', label: 'Custom base URL', baseUrl: undefined, detail: 'Any other base URL, e.g. a local emulator' },
];

export class BaseUrlError extends Error {
  override readonly name = 'BaseUrlError';
}

/** Normalizes a typed base URL: http(s) only, no query/fragment/credentials, no trailing slash. */
export function normalizeBaseUrl(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BaseUrlError(`"${text}" is not a URL. Enter something like https://harness.example.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new BaseUrlError(`The Harness base URL must start with https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password)
    throw new BaseUrlError('The Harness base URL must not contain a user name or password.');
  if (url.search || url.hash) throw new BaseUrlError('The Harness base URL must not contain a query or fragment.');
  // A pasted API path is a common mistake: keep the part before /ng/api or /authz/api.
  const path = url.pathname.replace(/\/(ng|authz)\/api(\/.*)?$/, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/**
 * The base URL for a cluster. `self-managed` takes the install's origin and must not carry
 * `/gateway` (the Harness docs say self-managed omits it); `custom` takes any URL as given.
 */
export function baseUrlFor(cluster: ClusterId, customUrl?: string): string {
  switch (cluster) {
    case 'prod1':
    case 'prod2':
    case 'prod3':
    case 'prod0':
    case 'prod4':
    case 'eu':
      return FIXED[cluster].baseUrl;
    case 'self-managed': {
      const url = normalizeBaseUrl(requireCustom(cluster, customUrl));
      return url.replace(/\/gateway$/, '');
    }
    case 'custom':
      return normalizeBaseUrl(requireCustom(cluster, customUrl));
  }
}

function requireCustom(cluster: ClusterId, customUrl: string | undefined): string {
  if (!customUrl?.trim()) throw new BaseUrlError(`The ${cluster} cluster needs a base URL.`);
  return customUrl;
}

/** The cluster whose fixed base URL this is, or `custom`. Prod0 and Prod4 share a URL; Prod0 is returned. */
export function clusterOf(baseUrl: string): ClusterId {
  const normalized = normalizeBaseUrl(baseUrl);
  for (const [id, c] of Object.entries(FIXED)) if (c.baseUrl === normalized) return id as ClusterId;
  return 'custom';
}

export function clusterLabel(baseUrl: string): string {
  const id = clusterOf(baseUrl);
  return id === 'custom' ? new URL(normalizeBaseUrl(baseUrl)).host : FIXED[id as keyof typeof FIXED].label;
}

export const ngApiUrl = (baseUrl: string): string => `${normalizeBaseUrl(baseUrl)}/ng/api`;
export const authzApiUrl = (baseUrl: string): string => `${normalizeBaseUrl(baseUrl)}/authz/api`;

/** SCIM base an IdP is configured with: `<base>/ng/api/scim/account/<acc>` (docs/harness-contract.md, "SCIM base URL and resources"). */
export function scimBaseUrl(baseUrl: string, accountId: string): string {
  return `${ngApiUrl(baseUrl)}/scim/account/${encodeURIComponent(accountId)}`;
}

/** Pages of the Harness web app the extension links to ("Open in Harness"). */
export type AccountPage =
  | { kind: 'overview' }
  | { kind: 'default-settings' }
  | { kind: 'service-accounts' }
  | { kind: 'service-account'; identifier: string }
  | { kind: 'roles' }
  | { kind: 'role'; identifier: string }
  | { kind: 'resource-groups' }
  | { kind: 'users' }
  | { kind: 'user-groups' };

/**
 * The web app URL for an account page. The UI is served from the cluster's origin (the gateway
 * path, including Prod2's `/gateway/gratis`, belongs to the API, not the UI); route shapes are
 * Harness's NG UI routes, `…/ng/account/<acc>/settings/…`.
 */
export function accountWebUrl(baseUrl: string, accountId: string, page: AccountPage = { kind: 'overview' }): string {
  const normalized = normalizeBaseUrl(baseUrl);
  const url = new URL(normalized);
  // Self-managed and custom installs may sit under a path prefix; only the gateway suffix is dropped.
  const prefix = url.pathname.replace(/\/gateway(\/gratis)?$/, '').replace(/\/+$/, '');
  const root = `${url.origin}${prefix}/ng/account/${encodeURIComponent(accountId)}/settings`;
  const ac = `${root}/access-control`;
  switch (page.kind) {
    case 'overview':
      return `${root}/overview`;
    case 'default-settings':
      return `${root}/default-settings`;
    case 'service-accounts':
      return `${ac}/service-accounts`;
    case 'service-account':
      return `${ac}/service-accounts/${encodeURIComponent(page.identifier)}`;
    case 'roles':
      return `${ac}/roles`;
    case 'role':
      return `${ac}/roles/${encodeURIComponent(page.identifier)}`;
    case 'resource-groups':
      return `${ac}/resource-groups`;
    case 'users':
      return `${ac}/users`;
    case 'user-groups':
      return `${ac}/user-groups`;
  }
}
