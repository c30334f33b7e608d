/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1, over HTTP or HTTPS, for tests and the sandbox:
 * client-credentials access tokens in JWT form (typ "at+jwt", via a resource indicator), a real JWKS
 * endpoint, and key rotation. Used by the JWT verdict tests, the Harness emulator and the
 * extension-host tests.
 */
import { createPrivateKey, generateKeyPairSync, type JsonWebKey, randomBytes, randomUUID, sign } from 'node:crypto';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface IdpOptions {
  /** Signing algorithm of access tokens: RS256 (default) or ES256. */
  alg?: 'RS256' | 'ES256';
  /** Access-token lifetime in seconds (default 3600). */
  ttlSeconds?: number;
  /** Claims added to every access token (e.g. the SCIM claim), before per-call extras. */
  claims?: Record<string, unknown>;
  /** Resource indicator / audience of the access tokens. */
  resource?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM certificate and private key (e.g. test/fixtures/tls/server.pem): serve HTTPS, and the issuer is `https://…`. */
  tls?: { cert: string; key: string };
  /**
   * Host name put in the issuer (and so in `jwksUri`, `tokenEndpoint`, the tokens' `iss`) instead of
   * 127.0.0.1, which it still listens on: e.g. `idp.emulator.test`, reached through a test proxy
   * mapping that name to 127.0.0.1. The discovery document's endpoint URLs follow the Host header
   * of its request (oidc-provider), so they name this host only when fetched through the proxy.
   */
  publicHost?: string;
}

export interface Idp {
  issuer: string;
  jwksUri: string;
  tokenEndpoint: string;
  discoveryUri: string;
  clientId: string;
  clientSecret: string;
  resource: string;
  /** A fresh access token (JWT), with extra claims merged into the payload. */
  getToken(extraClaims?: Record<string, unknown>): Promise<string>;
  /** Publishes a new signing key first in the JWKS (the old one stays listed) and signs with it from now on. */
  rotateKeys(): Promise<{ kid: string }>;
  /** kid of the key currently signing. */
  currentKid(): string;
  /**
   * Makes the JWKS endpoint answer 404 to any request whose URL has a query string (`/jwks?x=1`),
   * as a strict host or CDN might: a refresh that adds a parameter must then refuse to write it.
   */
  refuseJwksQuery(refuse: boolean): void;
  /**
   * Signs any header and payload with the IdP's current key, for tokens a real IdP never issues
   * (expired, no typ) that must still carry a valid signature so a verdict names the real fault.
   */
  sign(header: Record<string, unknown>, payload: Record<string, unknown>): string;
  close(): Promise<void>;
}

type Jwk = Record<string, unknown> & { kid: string };
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface ProviderInstance {
  callback(): Handler;
}
type ProviderClass = new (issuer: string, config: Record<string, unknown>) => ProviderInstance;
interface TokenContext {
  oidc: { body?: Record<string, unknown> };
}

// A variable specifier keeps TypeScript from demanding type declarations oidc-provider does not ship.
const OIDC_PROVIDER_MODULE = 'oidc-provider';

/** Runs `fn` with oidc-provider's development notices (runtime version, in-memory adapter) filtered out. */
async function withoutProviderNotices<T>(fn: () => Promise<T> | T): Promise<T> {
  const { warn, info } = console;
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return;
      original(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return await fn();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

async function loadProvider(): Promise<ProviderClass> {
  const mod = await withoutProviderNotices(() => import(OIDC_PROVIDER_MODULE) as Promise<{ default: ProviderClass }>);
  return mod.default;
}

function newSigningKey(alg: 'RS256' | 'ES256'): Jwk {
  const kid = `idp-${randomUUID().slice(0, 8)}`;
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...(pair.privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, alg, use: 'sig' };
}

/** POSTs a form with HTTP Basic client authentication; over HTTPS the certificate is not checked (see getToken). */
function postForm(url: string, basic: string, form: string): Promise<{ status: number; text: string }> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: {
          authorization: `Basic ${Buffer.from(basic).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

export async function startIdp(opts: IdpOptions = {}): Promise<Idp> {
  const Provider = await loadProvider();
  const alg = opts.alg ?? 'RS256';
  const clientId = opts.clientId ?? 'scim-client';
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('base64url');
  const resource = opts.resource ?? 'urn:harness:scim';
  const keys: Jwk[] = [newSigningKey(alg)];
  let handler: Handler = (_req, res) => res.writeHead(503).end();
  let refuseQuery = false;
  const dispatch: Handler = (req, res) => {
    if (refuseQuery && (req.url ?? '').startsWith('/jwks?')) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    handler(req, res);
  };
  const server = opts.tls
    ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, dispatch)
    : createHttpServer(dispatch);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = opts.tls ? 'https' : 'http';
  const issuer = `${scheme}://${opts.publicHost ?? '127.0.0.1'}:${port}`;
  // getToken() is a test's shortcut to a token, not a client under test: it skips the proxy and the
  // public name (which resolves nowhere else) and talks to the socket this IdP listens on.
  const localTokenEndpoint = `${scheme}://127.0.0.1:${port}/token`;

  const build = (): ProviderInstance =>
    new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          id_token_signed_response_alg: alg,
        },
      ],
      jwks: { keys },
      ttl: { ClientCredentials: opts.ttlSeconds ?? 3600 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => resource,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({
            scope: 'scim',
            audience: resource,
            accessTokenTTL: opts.ttlSeconds ?? 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg } },
          }),
        },
      },
      extraTokenClaims: (ctx: TokenContext) => {
        const raw = ctx.oidc.body?.extra_claims;
        const extra = typeof raw === 'string' && raw !== '' ? (JSON.parse(raw) as Record<string, unknown>) : {};
        return { ...(opts.claims ?? {}), ...extra };
      },
    });
  handler = await withoutProviderNotices(() => build().callback());

  const tokenEndpoint = `${issuer}/token`;
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    tokenEndpoint,
    discoveryUri: `${issuer}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    resource,
    async getToken(extraClaims) {
      const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'scim', resource });
      if (extraClaims) body.set('extra_claims', JSON.stringify(extraClaims));
      // The first request initialises the in-memory adapter, which announces itself.
      const res = await withoutProviderNotices(() =>
        postForm(localTokenEndpoint, `${clientId}:${clientSecret}`, body.toString()),
      );
      const json = JSON.parse(res.text) as { access_token?: string; error?: string; error_description?: string };
      if (res.status !== 200 || typeof json.access_token !== 'string') {
        throw new Error(
          `IdP token request failed: HTTP ${res.status} ${json.error ?? ''} ${json.error_description ?? ''}`,
        );
      }
      return json.access_token;
    },
    rotateKeys() {
      keys.unshift(newSigningKey(alg));
      return withoutProviderNotices(() => {
        handler = build().callback();
        return { kid: keys[0]?.kid ?? '' };
      });
    },
    currentKid: () => keys[0]?.kid ?? '',
    refuseJwksQuery: (refuse) => {
      refuseQuery = refuse;
    },
    sign(header, payload) {
      const key = keys[0];
      if (!key) throw new Error('the IdP has no signing key');
      const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
      const input = `${b64(header)}.${b64(payload)}`;
      const privateKey = createPrivateKey({ key: key as unknown as JsonWebKey, format: 'jwk' });
      // ES256 JWS signatures are r||s (IEEE P1363), not DER.
      const signature = sign(
        'sha256',
        Buffer.from(input),
        alg === 'RS256' ? privateKey : { key: privateKey, dsaEncoding: 'ieee-p1363' },
      );
      return `${input}.${signature.toString('base64url')}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
