/**
 * Test helpers for the emulator suites: a small fetch wrapper, keys and JWTs signed with node:crypto,
 * and a JWKS host on 127.0.0.1 whose body and status the test controls.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../../sandbox/emulator';

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

export interface CallOptions {
  key?: string;
  bearer?: string;
  authorization?: string;
  body?: unknown;
  text?: string;
}

export async function call(emu: Emulator, method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (o.key !== undefined) headers['x-api-key'] = o.key;
  if (o.bearer !== undefined) headers.authorization = `Bearer ${o.bearer}`;
  if (o.authorization !== undefined) headers.authorization = o.authorization;
  let body: string | undefined;
  if (o.text !== undefined) {
    headers['content-type'] = 'text/plain';
    body = o.text;
  } else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  const res = await fetch(`${emu.baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface TestKey {
  kid: string;
  alg: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function rsaKey(kid: string, alg = 'RS256', bits = 2048): TestKey {
  const pair = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    kid,
    alg,
    privateKey: pair.privateKey,
    jwk: { ...(pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', alg },
  };
}

export function ecKey(kid: string, alg = 'ES256', curve = 'P-256'): TestKey {
  const pair = generateKeyPairSync('ec', { namedCurve: curve });
  return {
    kid,
    alg,
    privateKey: pair.privateKey,
    jwk: { ...(pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', alg },
  };
}

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

/** Signs header.payload with the key; header fields override the defaults (typ JWT, alg and kid of the key). */
export function signJwt(key: TestKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const merged: Record<string, unknown> = { typ: 'JWT', alg: key.alg, kid: key.kid, ...header };
  const h = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
  const input = `${Buffer.from(JSON.stringify(h)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const alg = String(h.alg);
  const hash = HASH[alg.slice(2)] ?? 'sha256';
  const pk = createPrivateKey(key.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  let sig: Buffer;
  if (alg.startsWith('ES')) sig = sign(hash, Buffer.from(input), { key: pk, dsaEncoding: 'ieee-p1363' });
  else if (alg.startsWith('PS'))
    sig = sign(hash, Buffer.from(input), { key: pk, padding: 6, saltLength: Number(alg.slice(2)) / 8 });
  else sig = sign(hash, Buffer.from(input), pk);
  return `${input}.${sig.toString('base64url')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface JwksHost {
  url: string;
  hits: number;
  /** What the next requests get. */
  serve(body: string, status?: number): void;
  serveKeys(...keys: TestKey[]): void;
  close(): Promise<void>;
}

export async function startJwksHost(): Promise<JwksHost> {
  let body = '{"keys":[]}';
  let status = 200;
  const server = createServer((_req, res) => {
    host.hits += 1;
    res.writeHead(status, { 'content-type': body.startsWith('{') ? 'application/json' : 'text/html' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host: JwksHost = {
    url: `http://127.0.0.1:${port}/jwks.json`,
    hits: 0,
    serve: (b, s = 200) => {
      body = b;
      status = s;
    },
    serveKeys: (...keys) => {
      body = JSON.stringify({ keys: keys.map((k) => k.jwk) });
      status = 200;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
  return host;
}

/** PUTs the four SCIM JWT settings with the admin key and checks every item succeeded. */
export async function configureScimJwt(
  emu: Emulator,
  s: { keyField: string; value: string; jwksUrl: string; serviceAccount: string },
): Promise<void> {
  const items = [
    ['scim_jwt_token_key_field', s.keyField],
    ['scim_jwt_token_value_field', s.value],
    ['scim_jwt_token_jwks_keys_url', s.jwksUrl],
    ['scim_jwt_token_service_account_id', s.serviceAccount],
  ].map(([identifier, value]) => ({ identifier, value, allowOverrides: false, updateType: 'UPDATE' }));
  const r = await call(emu, 'PUT', `/ng/api/settings?accountIdentifier=${emu.accountId}`, {
    key: emu.adminKey,
    body: items,
  });
  const data = r.json.data as { updateStatus: boolean }[];
  if (r.status !== 200 || !data.every((d) => d.updateStatus)) throw new Error(`settings PUT failed: ${r.text}`);
  emu.advanceSettingsCache();
}
