/**
 * JWT verdict engine figures: verdicts per second with a cached JWKS against raw node:crypto
 * verification of the same tokens (goal: ratio >= 0.5), and the number of JWKS downloads for
 * 1,000 concurrent verdicts on one URL (goal: 1). Runs in well under 20 s.
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwksCache, verifyForHarness } from '../src/core/jwt';

const TOKENS = 200;
const MEASURE_MS = 3000;
const BATCH = 32;

function b64(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

async function throughput(label: string, once: (token: string) => unknown, tokens: string[]): Promise<number> {
  let done = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(MEASURE_MS) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    const batch: unknown[] = [];
    for (let i = 0; i < BATCH; i++) batch.push(once(tokens[(done + i) % tokens.length] ?? ''));
    await Promise.all(batch);
    done += BATCH;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = done / seconds;
  console.log(`  ${label.padEnd(42)} ${Math.round(rate).toLocaleString('en-US').padStart(8)} /s`);
  return rate;
}

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
    const cache = new JwksCache();
    const options = { keys: { kind: 'url' as const, url }, rules, cache };
    const first = await verifyForHarness(tokens[0] ?? '', options);
    if (!first.accepted) throw new Error(`bench token refused: ${first.message}`);

    const verifyKey = createPublicKey({ key: publicJwk, format: 'jwk' });
    const raw = (token: string): boolean => {
      const [h = '', p = '', s = ''] = token.split('.');
      JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
      return verify('sha256', Buffer.from(`${h}.${p}`), verifyKey, Buffer.from(s, 'base64url'));
    };
    const rawRate = await throughput('raw node:crypto verify (RS256)', raw, tokens);
    const engineRate = await throughput('verifyForHarness, cached JWKS', (t) => verifyForHarness(t, options), tokens);
    console.log(`  ratio engine / raw: ${(engineRate / rawRate).toFixed(2)} (goal >= 0.5)`);
    await cache.close();

    const fresh = new JwksCache();
    const before = downloads;
    const verdicts = await Promise.all(tokens.concat(tokens, tokens, tokens, tokens).map((t) => verifyForHarness(t, { ...options, cache: fresh })));
    const all = verdicts.slice(0, 1000);
    console.log(`  JWKS downloads for ${all.length.toLocaleString('en-US')} concurrent verdicts on one URL: ${fresh.fetchCount} (server saw ${downloads - before}; goal 1); accepted ${all.filter((v) => v.accepted).length}`);
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
