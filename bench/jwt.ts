/**
 * JWT verdict engine figures: verdicts per second with a cached JWKS against raw node:crypto
 * verification of the same tokens (goal: ratio >= 0.6), and the number of JWKS downloads for
 * 1,000 concurrent verdicts on one URL (goal: 1). Raw and engine run in alternating short windows so
 * that a shared machine's changing load falls on both alike. Runs in well under 20 s.
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUndiciClient } from '../src/core/net';
import { JwksCache, verifyForHarness } from '../src/core/jwt';
import { median } from './stats';

const TOKENS = 200;
const BATCH = 32;
/** Raw and engine take turns in short windows, so both see the same load on a shared machine. */
const ROUNDS = 12;
const WINDOW_MS = 250;

function b64(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

/** Verdicts per second over one window. */
async function window(once: (token: string) => unknown, tokens: string[]): Promise<number> {
  let done = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(WINDOW_MS) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    const batch: unknown[] = [];
    for (let i = 0; i < BATCH; i++) batch.push(once(tokens[(done + i) % tokens.length] ?? ''));
    await Promise.all(batch);
    done += BATCH;
  }
  return done / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Interleaved windows (after one warm-up round each); medians of the rates and of the per-round ratios. */
async function compare(
  raw: (token: string) => unknown,
  engine: (token: string) => unknown,
  tokens: string[],
): Promise<{ raw: number; engine: number; ratio: number }> {
  await window(raw, tokens);
  await window(engine, tokens);
  const rawRates: number[] = [];
  const engineRates: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = await window(raw, tokens);
    const b = await window(engine, tokens);
    rawRates.push(a);
    engineRates.push(b);
    ratios.push(b / a);
  }
  return { raw: median(rawRates), engine: median(engineRates), ratio: median(ratios) };
}

const rate = (label: string, perSecond: number): string =>
  `  ${label.padEnd(42)} ${Math.round(perSecond).toLocaleString('en-US').padStart(8)} /s`;

export async function run(): Promise<void> {
  console.log('jwt: verdict engine');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' });
  const jwks = JSON.stringify({ keys: [{ ...publicJwk, kid: 'bench', use: 'sig', alg: 'RS256' }] });
  const now = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: TOKENS }, (_, i) => {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'bench' })}.${b64({ iss: 'https://idp.bench', client_id: 'harness-scim', jti: `t${i}`, iat: now, exp: now + 3600 })}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  });

  let downloads = 0;
  const server = createServer((_req, res) => {
    downloads++;
    // A little latency, as a real IdP has, so concurrent verdicts really overlap the download.
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks), 20);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  const rules = { keyField: 'client_id', value: 'harness-scim' };

  try {
    const cache = new JwksCache({ http: createUndiciClient() });
    const options = { keys: { kind: 'url' as const, url }, rules, cache };
    const first = await verifyForHarness(tokens[0] ?? '', options);
    if (!first.accepted) throw new Error(`bench token refused: ${first.message}`);

    const verifyKey = createPublicKey({ key: publicJwk, format: 'jwk' });
    const raw = (token: string): boolean => {
      const [h = '', p = '', s = ''] = token.split('.');
      JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
      return verify('sha256', Buffer.from(`${h}.${p}`), verifyKey, Buffer.from(s, 'base64url'));
    };
    const figures = await compare(raw, (t) => verifyForHarness(t, options), tokens);
    console.log(`  median of ${ROUNDS} interleaved ${WINDOW_MS} ms windows each`);
    console.log(rate('raw node:crypto verify (RS256)', figures.raw));
    console.log(rate('verifyForHarness, cached JWKS', figures.engine));
    console.log(`  ratio engine / raw: ${figures.ratio.toFixed(2)} (goal >= 0.6; median of the per-round ratios)`);
    await cache.close();

    const fresh = new JwksCache({ http: createUndiciClient() });
    const before = downloads;
    const verdicts = await Promise.all(
      tokens.concat(tokens, tokens, tokens, tokens).map((t) => verifyForHarness(t, { ...options, cache: fresh })),
    );
    const all = verdicts.slice(0, 1000);
    console.log(
      `  JWKS downloads for ${all.length.toLocaleString('en-US')} concurrent verdicts on one URL: ${fresh.fetchCount} (server saw ${downloads - before}; goal 1); accepted ${all.filter((v) => v.accepted).length}`,
    );
    await fresh.close();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

if (require.main === module) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
