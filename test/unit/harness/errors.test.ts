/**
 * Error mapping over real HTTP against a canned server: each Harness error body, HTML pages,
 * truncated JSON, huge and slow bodies, DNS/connection failures, each arriving as the right kind
 * with status, code, correlation id and an actionable message — and never the key.
 */
import * as assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { createFetchClient, type HttpClient, undiciClientOver } from '../../../src/core/net';
import {
  HarnessAccessDeniedError,
  HarnessApiError,
  HarnessScimError,
  HarnessShapeError,
  HarnessValidationError,
  failureCategory,
} from '../../../src/core/harness';
import { type CannedServer, errorDto, json, ok, startCannedServer } from './cannedServer';
import {
  ACCOUNT,
  API_KEY,
  failure as failWith,
  SECRET,
  scimSetting,
  TEST_ADVICE,
  testClient as baseTestClient,
} from './fixtures';
import { type TestHarnessClient } from '../testHttp';

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlUGFydFRoYXRJc0xvbmc';

const failure = (p: Promise<unknown>): Promise<HarnessApiError> =>
  failWith(p, [SECRET, 'c2lnbmF0dXJlUGFydFRoYXRJc0xvbmc']);

/** Every case runs over both HTTP clients: undici (the CLI) and fetch (the extension host, where VS Code extends it). */
const transports: { name: string; http?: () => HttpClient }[] = [
  { name: 'undici' },
  { name: 'fetch', http: () => createFetchClient({ describe: () => 'the global fetch', advice: TEST_ADVICE }) },
];

for (const transport of transports)
  suite(`harness errors over HTTP (${transport.name})`, () => {
    const testClient: typeof baseTestClient = (url, extra) =>
      baseTestClient(url, { ...(transport.http ? { http: transport.http() } : {}), ...extra });
    let server: CannedServer;
    let client: TestHarnessClient;
    suiteSetup(async () => {
      server = await startCannedServer();
      client = testClient(server.baseUrl);
    });
    suiteTeardown(async () => {
      await client.close();
      await server.close();
    });

    test('sends x-api-key and accountIdentifier, never the key in the URL', async () => {
      server.handle((_r, res) => {
        ok(res, [{ setting: scimSetting('scim_jwt_token_key_field', null), lastModifiedAt: null }]);
      });
      const list = await client.scimJwtSettings();
      assert.equal(list[0]?.setting.identifier, 'scim_jwt_token_key_field');
      const last = server.requests.at(-1)!;
      assert.equal(last.headers['x-api-key'], API_KEY);
      assert.equal(last.headers.authorization, undefined);
      assert.equal(
        last.url,
        `/ng/api/settings?accountIdentifier=${ACCOUNT}&category=SCIM&group=scim_jwt_token_configuration_g1`,
      );
      assert.ok(!last.url.includes(SECRET));
    });

    test('401 INVALID_TOKEN: harness-error, rejected, with code and correlation id', async () => {
      server.handle((_r, res) => {
        json(res, 401, errorDto('INVALID_TOKEN', 'Token is not valid.', 'corr-401'));
      });
      const e = await failure(client.scimJwtSettings());
      assert.equal(e.kind, 'harness-error');
      assert.equal(e.httpStatus, 401);
      assert.equal(e.code, 'INVALID_TOKEN');
      assert.equal(e.correlationId, 'corr-401');
      assert.equal(failureCategory(e), 'rejected');
      assert.match(e.message, /refused the API key.*expired or revoked/);
    });

    test('a server message echoing the key is scrubbed', async () => {
      server.handle((_r, res) => {
        json(res, 400, errorDto('INVALID_REQUEST', `Invalid request: Invalid API token ${API_KEY}: Token not found`));
      });
      const e = await failure(client.listSettings({ category: 'CORE' }));
      assert.match(e.serverMessage ?? '', /Invalid API token pat\.AccT3st\.…/);
    });

    test('403 AccessDeniedErrorDTO names the missing permission', async () => {
      server.handle((_r, res) => {
        json(res, 403, {
          ...errorDto(
            'NG_ACCESS_DENIED',
            'Principal of type SERVICE_ACCOUNT with identifier sa : Missing permission core_setting_edit on setting',
          ),
          failedPermissionChecks: [
            {
              resourceScope: { accountIdentifier: ACCOUNT, orgIdentifier: null, projectIdentifier: null },
              resourceType: 'SETTING',
              resourceAttributes: null,
              resourceIdentifier: null,
              permission: 'core_setting_edit',
            },
          ],
        });
      });
      const e = await failure(
        client.updateSettings([{ identifier: 'a', value: 'b', allowOverrides: false, updateType: 'UPDATE' }]),
      );
      assert.ok(e instanceof HarnessAccessDeniedError);
      assert.deepEqual(e.missingPermissions, ['core_setting_edit']);
      assert.match(e.message, /lacks permission core_setting_edit on SETTING in account AccT3st/);
      assert.equal(failureCategory(e), 'forbidden');
    });

    test('SCIM 403 without checks: the permission is read from the message', async () => {
      server.handle((_r, res) => {
        json(
          res,
          403,
          errorDto(
            'NG_ACCESS_DENIED',
            `User not Authorized: "Token needs to have core_user_view permission on account: ${ACCOUNT} to perform SCIM user action"`,
          ),
        );
      });
      const e = await failure(client.scim.listUsers(JWT));
      assert.ok(e instanceof HarnessAccessDeniedError);
      assert.deepEqual(e.missingPermissions, ['core_user_view']);
      assert.match(e.message, /token's principal/);
    });

    test('FailureDTO: validation-failed with field errors', async () => {
      server.handle((_r, res) => {
        json(res, 400, {
          status: 'FAILURE',
          code: 'INVALID_REQUEST',
          message: 'bad',
          correlationId: 'c',
          errors: [{ fieldId: 'email', error: 'must be a well-formed email address' }],
        });
      });
      const e = await failure(client.createServiceAccount({ identifier: 'sa', name: 'sa', email: 'nope' }));
      assert.ok(e instanceof HarnessValidationError);
      assert.deepEqual(e.fieldErrors, [{ fieldId: 'email', error: 'must be a well-formed email address' }]);
      assert.match(e.message, /email: must be a well-formed email address/);
    });

    test("SCIM error body: scim-error with detail and Harness's numeric status", async () => {
      server.handle((_r, res) => {
        json(res, 404, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          detail: 'User not found',
          status: 404,
        });
      });
      const e = await failure(client.scim.getUser(JWT, 'u1'));
      assert.ok(e instanceof HarnessScimError);
      assert.equal(e.detail, 'User not found');
      assert.equal(e.scimStatus, '404');
      assert.equal(e.httpStatus, 404);
    });

    test('HTML page (even with 200): html-page with the title and a base-URL hint', async () => {
      server.handle((_r, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><head><title>Harness Login</title></head></html>');
      });
      const e = await failure(client.listRoles());
      assert.equal(e.kind, 'html-page');
      assert.match(e.message, /"Harness Login".*\/gateway/);
      assert.equal(failureCategory(e), 'unreachable');
    });

    test('truncated JSON on 200: invalid-json, not retried', async () => {
      const before = server.requests.length;
      server.handle((_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"SUCCESS","data":[{"setting":');
      });
      const e = await failure(client.scimJwtSettings());
      assert.equal(e.kind, 'invalid-json');
      assert.equal(e.httpStatus, 200);
      assert.equal(server.requests.length - before, 1);
    });

    test('a body cut mid-stream: invalid-json (truncated), retried for a GET', async () => {
      const before = server.requests.length;
      server.handle((_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"status":"SUCCESS","data":[');
        setTimeout(() => res.socket?.destroy(), 10);
      });
      const e = await failure(client.scimJwtSettings());
      assert.equal(e.kind, 'invalid-json');
      assert.match(e.message, /cut off/);
      assert.equal(server.requests.length - before, 3);
      assert.equal(e.attempts, 3);
    });

    test('log lines name requests but never carry the key or a bearer token', async () => {
      const lines: string[] = [];
      const record = (m: string): void => {
        lines.push(m);
      };
      const logged = testClient(server.baseUrl, {
        logger: { trace: record, debug: record, info: record, warn: record, error: record },
      });
      try {
        server.handle((_r, res, i) => {
          if (i % 2 === 0) json(res, 502, { message: `bad ${API_KEY} ${JWT}` });
          else res.socket?.destroy();
        });
        await failure(logged.scim.listUsers(JWT));
        server.handle((_r, res) => {
          json(res, 400, errorDto('INVALID_REQUEST', `Invalid request: Invalid API token ${JWT}: Token not found`));
        });
        const refusal = await logged.validateToken(JWT);
        assert.equal(refusal.valid, false);
        assert.ok(!refusal.message.includes('c2lnbmF0dXJlUGFydFRoYXRJc0xvbmc'), refusal.message);
      } finally {
        await logged.close();
      }
      assert.ok(
        lines.some((l) => l.includes('retrying')),
        lines.join('\n'),
      );
      for (const l of lines) {
        assert.ok(!l.includes(SECRET), l);
        assert.ok(!l.includes('c2lnbmF0dXJlUGFydFRoYXRJc0xvbmc'), l);
      }
    });

    test('an empty 500 body: unexpected-status', async () => {
      server.handle((_r, res) => {
        res.writeHead(500);
        res.end();
      });
      const e = await failure(client.getRole('r'));
      assert.equal(e.kind, 'unexpected-status');
      assert.match(e.message, /HTTP 500 and no body/);
    });

    test('a changed response shape: unexpected-shape naming the path', async () => {
      server.handle((_r, res) => {
        ok(res, { identifier: 'r', name: 'R', permissions: 'core_user_view' });
      });
      const e = await failure(client.getRole('r'));
      assert.ok(e instanceof HarnessShapeError);
      assert.equal(e.jsonPath, 'data.role');
    });

    test('a body over the size cap: too-large, whether announced or streamed', async () => {
      const small = testClient(server.baseUrl, { maxBytes: 1024 });
      try {
        server.handle((_r, res) => {
          ok(res, [{ setting: scimSetting('x'.repeat(4000), null), lastModifiedAt: null }]);
        });
        assert.equal((await failure(small.scimJwtSettings())).kind, 'too-large');
        server.handle((_r, res) => {
          res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no content-length to refuse up front
          res.write('{"status":"SUCCESS","data":[');
          for (let i = 0; i < 20; i++) res.write(`"${'y'.repeat(200)}",`);
          res.end('"z"]}');
        });
        const e = await failure(small.scimJwtSettings());
        assert.equal(e.kind, 'too-large');
        assert.match(e.message, /larger than 1024 bytes/);
      } finally {
        await small.close();
      }
    });

    test('a slow answer: timeout naming the phase', async () => {
      // fetch connects and waits in one step: its limit is the two together, 0.2 s here.
      const impatient = testClient(server.baseUrl, { timeouts: { headersMs: 100, connectMs: 100 } });
      try {
        server.handle((_r, res) => {
          setTimeout(() => {
            ok(res, []);
          }, 1000).unref();
        });
        const e = await failure(impatient.scimJwtSettings());
        assert.equal(e.kind, 'timeout');
        assert.equal(e.code, 'UND_ERR_HEADERS_TIMEOUT');
        assert.match(e.message, /longer than 0\.1 s to start answering/);
      } finally {
        await impatient.close();
      }
    });

    test('the whole-call deadline also applies', async () => {
      const impatient = testClient(server.baseUrl, { timeouts: { totalMs: 100 } });
      try {
        server.handle((_r, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"status":');
        });
        const e = await failure(impatient.scimJwtSettings());
        assert.equal(e.kind, 'timeout');
        assert.equal(e.code, 'TOTAL_TIMEOUT');
      } finally {
        await impatient.close();
      }
    });

    test('cancellation: kind cancelled', async () => {
      server.handle((_r, res) => {
        setTimeout(() => {
          ok(res, []);
        }, 1000).unref();
      });
      const ctl = new AbortController();
      const p = client.scimJwtSettings({ signal: ctl.signal });
      setTimeout(() => {
        ctl.abort();
      }, 30);
      const e = await failure(p);
      assert.equal(e.kind, 'cancelled');
      assert.equal(failureCategory(e), 'cancelled');
    });

    test('connection refused and DNS failure: connection errors with advice', async () => {
      const closed = await startCannedServer();
      const url = closed.baseUrl;
      await closed.close();
      const refused = testClient(url, { retries: { maxAttempts: 1 } });
      const e = await failure(refused.scimJwtSettings());
      await refused.close();
      assert.equal(e.kind, 'connection');
      assert.equal(e.code, 'ECONNREFUSED');
      assert.match(e.message, /refused the connection/);
      // A resolver that always fails, so the test sends no DNS query anywhere.
      const lookup: LookupFunction = (_host, _opts, cb) => {
        cb(Object.assign(new Error('getaddrinfo ENOTFOUND harness.example'), { code: 'ENOTFOUND' }), '', 4);
      };
      const noDns = new Agent({ connect: { lookup } });
      const dns = testClient('https://harness.example/gateway', {
        retries: { maxAttempts: 1 },
        http: undiciClientOver(noDns),
      });
      const d = await failure(dns.scimJwtSettings());
      await dns.close();
      await noDns.close();
      assert.equal(d.kind, 'connection');
      assert.match(d.code ?? '', /ENOTFOUND|EAI_AGAIN/);
      assert.match(d.message, /DNS lookup failed/);
    });

    test('SCIM calls send Authorization: Bearer and no x-api-key', async () => {
      server.handle((_r, res) => {
        json(res, 200, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: 0,
          Resources: [],
          startIndex: 1,
          itemsPerPage: 5,
        });
      });
      const list = await client.scim.listUsers(JWT, { filter: 'userName eq "a@b.c"', count: 5, startIndex: 1 });
      assert.equal(list.totalResults, 0);
      const last = server.requests.at(-1)!;
      assert.equal(last.headers.authorization, `Bearer ${JWT}`);
      assert.equal(last.headers['x-api-key'], undefined);
      assert.equal(
        last.url,
        `/ng/api/scim/account/${ACCOUNT}/Users?filter=userName+eq+%22a%40b.c%22&count=5&startIndex=1`,
      );
    });
  });
