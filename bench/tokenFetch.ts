/**
 * `scim-jwt scan FILE --send-token-requests` on a file of 1,000 requests whose 100 dynamic tokens
 * come from 10 named login requests (REST Client's `{{loginN.response.body.access_token}}` and
 * httpYac's `{{loginN.access_token}}`), against a token endpoint and a key set on 127.0.0.1.
 * Reports the time and the token requests sent: one per distinct request (10), not one per header.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main';

const REQUESTS = 1000;
const LOGINS = 10;
const DYNAMIC = 100;
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export async function run(): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }],
  });
  let tokenRequests = 0;
  let jwksRequests = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/jwks') === true) {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      return;
    }
    tokenRequests++;
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64({ client_id: 'harness-scim', sub: req.url, iat: now, exp: now + 3600 })}`;
    const token = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lines: string[] = [];
  for (let i = 0; i < LOGINS; i++) {
    lines.push(
      `### login ${i}`,
      `# @name login${i}`,
      `POST ${base}/token?n=${i}`,
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'grant_type=client_credentials&client_id=c&client_secret=s',
      '',
    );
  }
  const every = Math.floor((REQUESTS - LOGINS) / DYNAMIC);
  for (let i = 0; i < REQUESTS - LOGINS; i++) {
    const n = Math.floor(i / every);
    const dynamic = i % every === 0 && n < DYNAMIC;
    const ref = n % 2 === 0 ? `login${n % LOGINS}.response.body.access_token` : `login${n % LOGINS}.access_token`;
    lines.push(
      `### Users ${i}`,
      'GET https://app.harness.io/gateway/ng/api/scim/account/ACC/Users?count=1',
      ...(dynamic ? [`Authorization: Bearer {{${ref}}}`] : []),
      'Accept: application/scim+json',
      '',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-fetch-'));
  const file = join(dir, 'many.http');
  writeFileSync(file, lines.join('\n'));
  try {
    let out = '';
    const t = performance.now();
    const code = await runCli(
      [
        'scan',
        file,
        '--send-token-requests',
        '--yes',
        '--json',
        '--jwks-url',
        `${base}/jwks`,
        '--key-field',
        'client_id',
        '--value',
        'harness-scim',
      ],
      {
        stdout: (s) => {
          out += s;
        },
        stderr: () => undefined,
        stdin: () => Promise.reject(new Error('no stdin')),
        env: {},
      },
    );
    const ms = performance.now() - t;
    const json = JSON.parse(out) as { tokenRequestsSent: number; tokens: { accepted?: boolean }[] };
    const accepted = json.tokens.filter((x) => x.accepted === true).length;
    console.log(
      `token requests: ${REQUESTS} requests (${LOGINS} named logins), ${json.tokens.length} dynamic tokens, exit ${code}`,
    );
    console.log(
      `  scan --send-token-requests: ${ms.toFixed(1)} ms in all (parse, ${tokenRequests} token requests, 1 key set, ${json.tokens.length} verdicts)`,
    );
    console.log(
      `  token requests received by the endpoint: ${tokenRequests} (scan says ${json.tokenRequestsSent}; goal ${LOGINS}, one per distinct request); JWKS requests: ${jwksRequests}; accepted ${accepted}/${json.tokens.length}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    server.close();
  }
}
