/**
 * Runs one token through both implementations of Harness's rules: the verdict engine
 * (`verifyForHarness`) and the emulator (POST /ng/api/token/validate, then a real SCIM call), with
 * the same settings and the same key-set URL. Also a key-set host whose answer is chosen per path,
 * so each case gets its own URL and neither side's cache can leak one case into the next.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { JwksCache, verifyForHarness, type HarnessJwtRules, type Verdict } from '../../../src/core/jwt';
import type { Emulator, TokenFailure } from '../../sandbox/emulator';
import { call, configureScimJwt } from '../emulator/helpers';
import { ENGINE_TO_EMULATOR } from './mapping';

export interface HostedBody {
  status: number;
  contentType: string;
  /** Text is sent as UTF-8; bytes as they are (a key set saved in another encoding). */
  body: string | Buffer;
}

export interface KeySetHost {
  /** Serves `body` at a fresh path and returns its URL. */
  publish(body: HostedBody): string;
  close(): Promise<void>;
}

export async function startKeySetHost(): Promise<KeySetHost> {
  const bodies = new Map<string, HostedBody>();
  const server: Server = createServer((req, res) => {
    const hosted = bodies.get(req.url ?? '');
    if (!hosted) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such key set');
      return;
    }
    res.writeHead(hosted.status, { 'content-type': hosted.contentType }).end(hosted.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    publish: (body) => {
      const path = `/keys/${bodies.size + 1}.json`;
      bodies.set(path, body);
      return `${base}${path}`;
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

/** A URL on 127.0.0.1 where nothing listens: a server is opened for a free port and closed again. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return `http://127.0.0.1:${port}/jwks.json`;
}

export interface EmulatorAnswer {
  validateStatus: number;
  validateCode: string | undefined;
  scimStatus: number;
  /** The inner reason after token/validate (undefined when accepted). */
  failure: TokenFailure | undefined;
  /** The inner reason after the SCIM call: the same check, so it must be the same reason. */
  scimFailure: TokenFailure | undefined;
}

export interface PairAnswer {
  engine: Verdict;
  emulator: EmulatorAnswer;
}

export interface PairOptions {
  emu: Emulator;
  cache: JwksCache;
  rules: HarnessJwtRules;
  jwksUrl: string;
  serviceAccount: string;
  /** The emulator already holds these settings (its caches still apply); saves a PUT per token. */
  configured?: boolean;
  /** The Authorization value's scheme as the client writes it; `Bearer ` by default. */
  scheme?: string;
}

/** The bytes a client sends for `text` (UTF-8), as a string of one character per byte: what Jetty reads. */
const onTheWire = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/**
 * A SCIM call written byte for byte on a socket: fetch refuses a control character in a header
 * before sending it, and the point is what the server answers to one. Resolves the HTTP status.
 */
async function rawScimStatus(emu: Emulator, authorization: string): Promise<number> {
  const url = new URL(`${emu.baseUrl}/ng/api/scim/account/${emu.accountId}/ServiceProviderConfig`);
  const head = `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(Buffer.from(head, 'latin1')));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    });
  });
}

export async function judgeBoth(token: string, o: PairOptions): Promise<PairAnswer> {
  if (o.configured !== true)
    await configureScimJwt(o.emu, {
      keyField: o.rules.keyField,
      value: o.rules.value,
      jwksUrl: o.jwksUrl,
      serviceAccount: o.serviceAccount,
    });
  const scheme = o.scheme ?? 'Bearer ';
  const engine = await verifyForHarness(token, {
    keys: { kind: 'url', url: o.jwksUrl },
    rules: o.rules,
    cache: o.cache,
    at: new Date(),
    scheme,
  });
  // The SCIM filter posts `substring(7).trim()` (Java's trim) of the header as the server read it
  // (one character per byte) to token/validate; so does this leg.
  const header = `${scheme}${onTheWire(token)}`;
  const afterPrefix = header.substring(7);
  let start = 0;
  let end = afterPrefix.length;
  while (start < end && afterPrefix.charCodeAt(start) <= 0x20) start++;
  while (end > start && afterPrefix.charCodeAt(end - 1) <= 0x20) end--;
  const filtered = afterPrefix.slice(start, end);
  // A control character (not TAB) never reaches Harness's code: the web server answers first.
  const sent = token.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (Array.from(sent, (c) => c.charCodeAt(0)).some((c) => c === 0x7f || (c < 0x20 && c !== 0x09))) {
    const status = await rawScimStatus(o.emu, header);
    return {
      engine,
      emulator: {
        validateStatus: 0,
        validateCode: undefined,
        scimStatus: status,
        failure: undefined,
        scimFailure: undefined,
      },
    };
  }
  const validate = await call(o.emu, 'POST', `/ng/api/token/validate?accountIdentifier=${o.emu.accountId}`, {
    key: o.emu.adminKey,
    text: filtered,
  });
  const failure = o.emu.lastJwtFailure();
  const scim = await call(o.emu, 'GET', `/ng/api/scim/account/${o.emu.accountId}/ServiceProviderConfig`, {
    authorization: header.replace(/[ \t\r\n]+$/, ''),
  });
  const scimFailure = o.emu.lastJwtFailure();
  const code = validate.json.code;
  return {
    engine,
    emulator: {
      validateStatus: validate.status,
      validateCode: typeof code === 'string' ? code : undefined,
      scimStatus: scim.status,
      failure,
      scimFailure,
    },
  };
}

/** Why engine and emulator disagree on one token (undefined when they agree), as the agreement tests judge it. */
export function disagreement(answer: PairAnswer): string | undefined {
  const { engine, emulator } = answer;
  const inner = emulator.failure?.reason ?? 'accepted';
  const where = `engine ${engine.code} (${engine.message}) / emulator ${inner} (${emulator.failure?.detail ?? ''})`;
  // Jetty refuses the SCIM request; token/validate takes the token in its body and never sees the cap.
  if (engine.harnessError.httpStatus === 431)
    return emulator.scimStatus === 431 ? undefined : `SCIM status ${emulator.scimStatus}, engine says 431: ${where}`;
  // Jetty refuses a control character in the header (HttpParser.java:459): 400 before any filter.
  if (engine.harnessError.httpStatus === 400 && engine.harnessError.code === 'BAD_REQUEST')
    return emulator.scimStatus === 400 ? undefined : `SCIM status ${emulator.scimStatus}, engine says 400: ${where}`;
  // The SCIM filter refuses a header without "Bearer " before token/validate is called.
  if (engine.code === 'bearer-prefix')
    return emulator.scimStatus === 401
      ? undefined
      : `SCIM status ${emulator.scimStatus}, engine says bearer-prefix: ${where}`;
  if ((emulator.validateStatus === 200) !== engine.accepted) return `accepted/refused: ${where}`;
  if (emulator.scimStatus !== (engine.accepted ? 200 : 401))
    return `SCIM caller status ${emulator.scimStatus}: ${where}`;
  if (emulator.scimFailure?.reason !== emulator.failure?.reason) return `SCIM and token/validate differ: ${where}`;
  if (emulator.validateStatus !== engine.harnessError.httpStatus)
    return `token/validate HTTP status ${emulator.validateStatus} vs ${engine.harnessError.httpStatus}: ${where}`;
  if (!engine.accepted) {
    if (emulator.validateCode !== engine.harnessError.code)
      return `token/validate code ${emulator.validateCode ?? '?'} vs ${engine.harnessError.code}: ${where}`;
    if (!emulator.failure) return `the emulator records no reason: ${where}`;
    if (!ENGINE_TO_EMULATOR[engine.code].includes(emulator.failure.reason))
      return `mapping ${engine.code} → ${emulator.failure.reason}: ${where}`;
  } else if (emulator.failure !== undefined) return `emulator recorded a failure on acceptance: ${where}`;
  return undefined;
}
