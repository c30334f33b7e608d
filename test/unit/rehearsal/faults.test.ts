/**
 * A fault at every one of the twelve steps (a 503, an answer that never comes, a reset connection):
 * the step fails, the cleanup still runs, and the account holds exactly what it held before. The
 * timeout is the hard case: the emulator carries the request out and withholds the answer, so a
 * create happened whose id never arrived and the cleanup must find it by its unique name, or a
 * delete happened (steps 10 and 11) and the cleanup must see the thing is gone: it looks first,
 * because Harness answers 400 (user) or 401 (group) to a DELETE of something already gone.
 */
import * as assert from 'node:assert/strict';
import { memoryLeftoversStore, runRehearsal } from '../../../src/core/rehearsal';
import type { FaultKind, FaultSpec } from '../../sandbox/emulator';
import { startIdp, type Idp } from '../../sandbox/idp';
import { CLAIM, holdings, scimAccount, type ScimAccount } from './fixtures';
import { type TestScimConnection, scimConnection } from '../testHttp';

const USER = /\/Users\/[^/]+$/;
const GROUP = /\/Groups\/[^/]+$/;

/** How to hit exactly step N of the sequence. */
const AT_STEP: Readonly<Record<number, Omit<FaultSpec, 'kind'>>> = {
  1: { method: 'GET', path: /\/ServiceProviderConfig$/ },
  2: { method: 'GET', path: /\/Users$/ },
  3: { method: 'POST', path: /\/Users$/ },
  4: { method: 'GET', path: USER },
  5: { method: 'PATCH', path: USER },
  6: { method: 'POST', path: /\/Groups$/ },
  7: { method: 'PATCH', path: GROUP },
  8: { method: 'GET', path: GROUP },
  9: { method: 'PATCH', path: GROUP, skip: 1 },
  10: { method: 'DELETE', path: GROUP },
  11: { method: 'PATCH', path: USER, skip: 1 },
  12: { method: 'GET', path: USER, skip: 1 },
};

const KINDS: readonly { kind: FaultKind; label: string; status: number | undefined; problem: string }[] = [
  { kind: '5xx', label: '503', status: 503, problem: 'harness-error' },
  { kind: 'timeout', label: 'timeout', status: undefined, problem: 'unreachable' },
  { kind: 'drop', label: 'connection reset', status: undefined, problem: 'unreachable' },
];

suite('SCIM rehearsal: a fault at every step', () => {
  let idp: Idp;
  let token: string;
  let a: ScimAccount;
  let conn: TestScimConnection;

  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    token = await idp.getToken();
    a = await scimAccount(idp);
    // A withheld answer is given up on after 500 ms (the whole-call deadline, which is exact): each timeout case costs about that.
    conn = scimConnection({
      baseUrl: a.emu.baseUrl,
      accountId: a.emu.accountId,
      retries: { maxAttempts: 1 },
      timeouts: { headersMs: 2000, bodyMs: 2000, totalMs: 500 },
      env: {},
    });
  });
  suiteTeardown(async () => {
    await conn.close();
    await a.close();
    await idp.close();
  });
  teardown(() => {
    a.emu.clearFaults();
  });

  for (const f of KINDS) {
    for (let n = 1; n <= 12; n++) {
      test(`${f.label} at step ${n}: step ${n} fails, cleanup runs, nothing is left`, async () => {
        const before = holdings(a.emu);
        const store = memoryLeftoversStore();
        a.emu.injectFault({ ...AT_STEP[n], kind: f.kind, ms: 5000 });
        const r = await runRehearsal({
          scim: conn.scim,
          token,
          target: { baseUrl: conn.baseUrl, accountId: a.emu.accountId },
          store,
        });
        const failed = r.steps.filter((s) => s.outcome === 'fail');
        assert.deepEqual(
          failed.map((s) => s.step),
          [n],
          JSON.stringify(r.steps, null, 2),
        );
        assert.equal(failed[0]?.status, f.status);
        assert.equal(failed[0]?.problem, f.problem);
        assert.equal(r.steps.filter((s) => s.outcome === 'pass').length, n - 1);
        assert.ok(
          r.cleanup.every((c) => c.ok),
          JSON.stringify(r.cleanup, null, 2),
        );
        assert.deepEqual(r.leftovers, []);
        assert.deepEqual(store.entries(), []);
        assert.deepEqual(holdings(a.emu), before);
        assert.equal(r.outcome, n === 1 && f.problem === 'unreachable' ? 'unreachable' : 'step-failed');
        if (f.kind === 'timeout' && (n === 3 || n === 6)) {
          // The create happened; only a lookup by the unique name could find it.
          assert.ok(
            r.cleanup.some((c) => c.request.startsWith('DELETE') && c.ok),
            JSON.stringify(r.cleanup),
          );
        }
      });
    }
  }
});
