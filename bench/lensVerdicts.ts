/**
 * The whole CodeLens computation for a 10,000-line .http file with 1,000 signed tokens, as the
 * editor runs it: parse, resolve, and Harness's verdict on every token (signature checked) with
 * one JWKS cache fed by a key-set server on 127.0.0.1. Reports the first computation (cold: the
 * key set is fetched), the next on the same cache, the steady state, and how many times the key set
 * was fetched.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUndiciClient } from '../src/core/net';
import { inspectHttpText, type RulesChoice } from '../src/core/inspect';
import { JwksCache } from '../src/core/jwt';

const TOKENS = 1000;
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export async function run(): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }],
  });
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  const now = Math.floor(Date.now() / 1000);
  const lines: string[] = [];
  for (let i = 0; i < TOKENS; i++) {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64({ client_id: i % 7 ? 'harness-scim' : 'other', sub: `svc-${i}`, iat: now, exp: now + 3600 })}`;
    const token = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    lines.push(
      `### Users ${i}`,
      `# @name users${i}`,
      `GET https://app.harness.io/gateway/ng/api/scim/account/ACC/Users?count=1`,
      `Authorization: Bearer ${token}`,
      'Accept: application/scim+json',
      '',
      '',
      '',
      '',
      '',
    );
  }
  const text = lines.join('\n');
  const cache = new JwksCache({ http: createUndiciClient() });
  const rules: RulesChoice = {
    kind: 'rules',
    keys: { kind: 'url', url },
    rules: { keyField: 'client_id', value: 'harness-scim' },
    origin: { kind: 'offline' },
  };
  const opts = { rules, cache, network: true };
  try {
    let t = performance.now();
    const first = await inspectHttpText(text, {}, opts);
    const coldMs = performance.now() - t;
    const again: number[] = [];
    for (let i = 0; i < 7; i++) {
      t = performance.now();
      await inspectHttpText(text, {}, opts);
      again.push(performance.now() - t);
    }
    const secondMs = again[0] ?? 0;
    const steadyMs = again.slice(1).sort((a, b) => a - b)[3] ?? 0;
    const accepted = first.inspections.filter((i) => i.verdict?.accepted === true).length;
    console.log(`lens verdicts: ${lines.length} lines, ${TOKENS} RS256 tokens, every signature checked`);
    console.log(
      `  first computation in a fresh process (key set fetched): ${coldMs.toFixed(1)} ms; second, same cache: ${secondMs.toFixed(1)} ms`,
    );
    console.log(`  steady state (median of 6 more): ${steadyMs.toFixed(1)} ms`);
    console.log(
      `  accepted ${accepted}, refused ${TOKENS - accepted}; JWKS requests for the whole file: ${fetches} (goal 1)`,
    );
  } finally {
    await cache.close();
    server.close();
  }
}
