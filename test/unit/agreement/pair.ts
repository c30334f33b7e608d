/**
 * Runs one token through both implementations of Harness's rules: the verdict engine
 * (`verifyForHarness`) and the emulator (POST /ng/api/token/validate, then a real SCIM call), with
 * the same settings and the same key-set URL. Also a key-set host whose answer is chosen per path,
 * so each case gets its own URL and neither side's cache can leak one case into the next.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
}

export async function judgeBoth(token: string, o: PairOptions): Promise<PairAnswer> {
  if (o.configured !== true)
    await configureScimJwt(o.emu, {
      keyField: o.rules.keyField,
      value: o.rules.value,
      jwksUrl: o.jwksUrl,
      serviceAccount: o.serviceAccount,
    });
  const engine = await verifyForHarness(token, {
    keys: { kind: 'url', url: o.jwksUrl },
    rules: o.rules,
    cache: o.cache,
    at: new Date(),
  });
  // The SCIM filter posts `substring(7).trim()` (Java's trim) to token/validate; so does this leg.
  let start = 0;
  let end = token.length;
  while (start < end && token.charCodeAt(start) <= 0x20) start++;
  while (end > start && token.charCodeAt(end - 1) <= 0x20) end--;
  const filtered = token.slice(start, end);
  const validate = await call(o.emu, 'POST', `/ng/api/token/validate?accountIdentifier=${o.emu.accountId}`, {
    key: o.emu.adminKey,
    text: filtered,
  });
  const failure = o.emu.lastJwtFailure();
  const scim = await call(o.emu, 'GET', `/ng/api/scim/account/${o.emu.accountId}/ServiceProviderConfig`, {
    bearer: token,
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
