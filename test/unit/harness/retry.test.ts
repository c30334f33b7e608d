import * as assert from 'node:assert/strict';
import { backoffDelay, HarnessApiError, retryPolicy } from '../../../src/core/harness';
import { type CannedServer, errorDto, json, ok, startCannedServer } from './cannedServer';
import { testClient } from './fixtures';
import { type TestHarnessClient } from '../testHttp';

const rolesPage = {
  totalPages: 1,
  totalItems: 0,
  pageItemCount: 0,
  pageSize: 100,
  content: [],
  pageIndex: 0,
  empty: true,
  pageToken: null,
};

async function rejects(p: Promise<unknown>): Promise<HarnessApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HarnessApiError, String(e));
    return e;
  }
  assert.fail('expected failure');
}

suite('harness retries', () => {
  let server: CannedServer;
  let client: TestHarnessClient;
  let delays: number[];
  suiteSetup(async () => {
    server = await startCannedServer();
  });
  setup(() => {
    delays = [];
    server.requests.length = 0;
    client = testClient(server.baseUrl, {
      retries: {
        maxAttempts: 4,
        baseDelayMs: 100,
        maxDelayMs: 1000,
        random: () => 0.5,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    });
  });
  teardown(async () => {
    await client.close();
  });
  suiteTeardown(async () => {
    await server.close();
  });

  test('GETs are retried on 502, 503, 504 and 429, with growing delays', async () => {
    const statuses = [502, 503, 504, 429];
    server.handle((_r, res, i) => {
      if (i < statuses.length) json(res, statuses[i] ?? 500, {});
      else ok(res, rolesPage);
    });
    const c = testClient(server.baseUrl, {
      retries: {
        maxAttempts: 5,
        baseDelayMs: 100,
        maxDelayMs: 10_000,
        random: () => 0.5,
        sleep: (ms) => {
          delays.push(ms);
          return Promise.resolve();
        },
      },
    });
    try {
      const page = await c.listRoles();
      assert.equal(page.totalItems, 0);
    } finally {
      await c.close();
    }
    assert.equal(server.requests.length, 5);
    assert.deepEqual(delays, [75, 150, 300, 600]);
  });

  test('retries are bounded by count; the error says how many tries were made', async () => {
    server.handle((_r, res) => {
      json(res, 503, errorDto('UNKNOWN_ERROR', 'Service unavailable'));
    });
    const e = await rejects(client.listRoles());
    assert.equal(server.requests.length, 4);
    assert.equal(e.attempts, 4);
    assert.equal(e.httpStatus, 503);
  });

  test('429 that persists ends as rate-limited', async () => {
    server.handle((_r, res) => {
      json(res, 429, { message: 'Too Many Requests' });
    });
    const e = await rejects(client.listRoles());
    assert.equal(e.kind, 'rate-limited');
    assert.equal(server.requests.length, 4);
  });

  test('retries are bounded by total time', async () => {
    let clock = 0;
    const c = testClient(server.baseUrl, {
      retries: {
        maxAttempts: 10,
        baseDelayMs: 400,
        maxTotalMs: 1000,
        random: () => 1,
        now: () => clock,
        sleep: (ms) => {
          clock += ms;
          return Promise.resolve();
        },
      },
    });
    server.handle((_r, res) => {
      json(res, 502, {});
    });
    try {
      await rejects(c.listRoles());
    } finally {
      await c.close();
    }
    // 400 + 800 would pass 1000 ms, so only one retry fits.
    assert.equal(server.requests.length, 2);
  });

  test('Retry-After (seconds) is honoured within the cap', async () => {
    server.handle((_r, res, i) => {
      if (i === 0) json(res, 503, {}, { 'retry-after': '2' });
      else ok(res, rolesPage);
    });
    await client.listRoles();
    assert.deepEqual(delays, [1000]);
  });

  test('a reset connection is retried for a GET', async () => {
    server.handle((_r, res, i) => {
      if (i === 0) res.socket?.destroy();
      else ok(res, rolesPage);
    });
    await client.listRoles();
    assert.equal(server.requests.length, 2);
  });

  test('writes are never retried: not on 503, not on a reset', async () => {
    server.handle((_r, res) => {
      json(res, 503, {});
    });
    const put = await rejects(
      client.updateSettings([{ identifier: 'a', value: 'b', allowOverrides: false, updateType: 'UPDATE' }]),
    );
    assert.equal(put.httpStatus, 503);
    assert.equal(server.requests.length, 1);
    server.handle((_r, res) => {
      res.socket?.destroy();
    });
    const post = await rejects(client.createRole({ identifier: 'r', name: 'r', permissions: [] }));
    assert.equal(post.kind, 'connection');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(delays, []);
  });

  test('400s are not retried', async () => {
    server.handle((_r, res) => {
      json(res, 400, errorDto('INVALID_REQUEST', 'nope'));
    });
    await rejects(client.listRoles());
    assert.equal(server.requests.length, 1);
  });

  test('cancelling during a back-off stops the retries', async () => {
    const ctl = new AbortController();
    const c = testClient(server.baseUrl, { retries: { maxAttempts: 5, baseDelayMs: 5000 } });
    server.handle((_r, res) => {
      json(res, 502, {});
      setTimeout(() => {
        ctl.abort();
      }, 20);
    });
    try {
      const e = await rejects(c.listRoles({}, { signal: ctl.signal }));
      assert.equal(e.kind, 'cancelled');
    } finally {
      await c.close();
    }
    assert.equal(server.requests.length, 1);
  });

  test('backoff: exponential, capped, jittered within [half, full]', () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 500, random: () => 0 });
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffDelay(p, n)),
      [50, 100, 200, 250, 250],
    );
    const hi = retryPolicy({ baseDelayMs: 100, maxDelayMs: 500, random: () => 0.999999 });
    assert.deepEqual(
      [1, 2, 3].map((n) => backoffDelay(hi, n)),
      [100, 200, 400],
    );
    assert.equal(backoffDelay(p, 1, '3'), 500);
    assert.equal(backoffDelay(p, 1, 'Wed, 21 Oct 2015 07:28:00 GMT'), 50);
    assert.throws(() => retryPolicy({ maxAttempts: 0 }), RangeError);
  });
});
