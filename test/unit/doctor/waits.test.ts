/**
 * The doctor waits once per dead host (issue 19, defect 7): a Harness that never answers step 1
 * is not called again by step 7, and a key-set host that drips a byte a second is not waited for
 * again by step 5. Each case counts the requests the host received and bounds the run's time.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runDoctor } from '../../../src/core/doctor';
import { JwksCache } from '../../../src/core/jwt';
import { startIdp, type Idp } from '../../sandbox/idp';
import { account, CLAIM, settingsFor, shape, step } from './fixtures';
import { harnessClient, testHttp } from '../testHttp';

interface SlowHost {
  url: string;
  paths: string[];
  close(): Promise<void>;
}

/** A host that takes every request and answers `mode`: never, or a byte a second without end. */
async function slowHost(mode: 'silent' | 'drip'): Promise<SlowHost> {
  const paths: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    // The emulator's own fetch (Harness's side, steps 6 and 7) is answered at once: this test
    // is about the doctor's waits, and the emulator, like Harness, has no total deadline.
    if (mode === 'drip' && req.headers.accept === '*/*') {
      res.writeHead(503).end();
      return;
    }
    paths.push(req.url ?? '');
    if (mode === 'silent') return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const t = setInterval(() => res.write(' '), 1000);
    timers.add(t);
    res.on('close', () => {
      clearInterval(t);
      timers.delete(t);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: async () => {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

suite('doctor: one wait per unreachable or slow host', () => {
  let idp: Idp;
  let token: string;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
  });
  suiteTeardown(async () => {
    await idp.close();
  });

  test('Harness silent in step 1: steps 6 and 7 skip instead of calling it again', async () => {
    const harness = await slowHost('silent');
    const client = harnessClient({
      baseUrl: harness.url,
      apiKey: 'pat.acc1.tok1.secretsecretsecret',
      env: {},
      retries: { maxAttempts: 1 },
      timeouts: { connectMs: 1000, headersMs: 800, bodyMs: 800, totalMs: 1000 },
    });
    const cache = new JwksCache({ timeoutMs: 1000, http: testHttp() });
    try {
      const t0 = performance.now();
      const report = await runDoctor({ client, jwksCache: cache, token });
      const took = performance.now() - t0;
      assert.equal(step(report, 'key').problem, 'harness-unreachable', shape(report).join('\n'));
      assert.equal(step(report, 'scim').status, 'skip', step(report, 'scim').detail);
      assert.match(step(report, 'scim').detail, /did not answer earlier in this run/);
      assert.equal(step(report, 'tokenValidate').status, 'skip');
      assert.equal(harness.paths.length, 1, harness.paths.join('\n'));
      assert.ok(took < 1800, `the run took ${Math.round(took)} ms: it waited more than once`);
    } finally {
      await client.close();
      await cache.close();
      await harness.close();
    }
  });

  test('a key-set host that drips a byte a second: step 3 waits once, step 5 reuses its answer', async () => {
    const keys = await slowHost('drip');
    const a = await account(idp, { settings: settingsFor(idp, { jwks: `${keys.url}/keys` }) });
    const cache = new JwksCache({ timeoutMs: 300, http: testHttp() });
    try {
      const t0 = performance.now();
      const report = await runDoctor({ client: a.client, jwksCache: cache, token, now: a.now });
      const took = performance.now() - t0;
      assert.equal(step(report, 'jwks').problem, 'jwks-unreachable', shape(report).join('\n'));
      const verdict = step(report, 'verdict');
      assert.equal(verdict.status, 'fail');
      assert.equal(verdict.verdictCode, 'jwks-unreachable');
      assert.match(verdict.detail, /Not fetched a second time/);
      assert.equal(keys.paths.length, 1, keys.paths.join('\n'));
      assert.equal(cache.fetchCount, 1);
      assert.ok(verdict.elapsedMs < 500, `step 5 took ${verdict.elapsedMs} ms`);
      // One download deadline (2.3 s for a 300 ms timeout), not two.
      assert.ok(took < 4300, `the run took ${Math.round(took)} ms: it waited more than once`);
    } finally {
      await cache.close();
      await a.close();
      await keys.close();
    }
  });
});
