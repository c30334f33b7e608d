/**
 * Cleanup's "already gone": Harness answers a DELETE of a user already gone with 400 and of a group
 * already gone with 401 (harness-core 1dcec145 400-rest/src/main/java/software/wings/service/impl/UserServiceImpl.java:3442-3446;
 * 120-ng-manager/src/main/java/io/harness/ng/scim/NGScimGroupServiceImpl.java:231-233), so such an
 * answer only means "gone" when a second GET then answers 404. A second look that fails says nothing:
 * the leftover must stay recorded, not be forgotten as gone.
 */
import * as assert from 'node:assert/strict';
import { HarnessApiError } from '../../../src/core/harness';
import { memoryLeftoversStore, removePreviousLeftovers, type ScimPort } from '../../../src/core/rehearsal';

const target = { baseUrl: 'https://harness.example', accountId: 'acc' };

function apiError(httpStatus: number, code: string, message: string): HarnessApiError {
  return new HarnessApiError({
    kind: 'harness-error',
    request: { method: 'X', path: '/ng/api/scim' },
    httpStatus,
    code,
    message,
  });
}

/** GET answers from the list in order (an error is thrown); DELETE always throws `deleteError`. */
function port(gets: (HarnessApiError | 'ok')[], deleteError: HarnessApiError): ScimPort & { calls: string[] } {
  const calls: string[] = [];
  const next = (what: string): Promise<never> => {
    calls.push(what);
    const g = gets.shift();
    return g === undefined || g === 'ok'
      ? Promise.resolve({
          id: what === 'GET user' ? 'u1' : 'scim_rehearsal_abcdef123456',
          userName: 'scim-rehearsal-abcdef123456@example.com',
          displayName: 'scim-rehearsal-abcdef123456',
        } as never)
      : Promise.reject(g);
  };
  const fail = (what: string): Promise<never> => {
    calls.push(what);
    return Promise.reject(deleteError);
  };
  const unused = (): Promise<never> => Promise.reject(new Error('not used'));
  return {
    calls,
    getUser: () => next('GET user'),
    getGroup: () => next('GET group'),
    deleteUser: () => fail('DELETE user'),
    deleteGroup: () => fail('DELETE group'),
    serviceProviderConfig: unused,
    listUsers: unused,
    createUser: unused,
    patchUser: unused,
    listGroups: unused,
    createGroup: unused,
    patchGroup: unused,
  };
}

suite('rehearsal cleanup: "already gone" needs a 404', () => {
  const user = {
    kind: 'user' as const,
    name: 'scim-rehearsal-abcdef123456@example.com',
    id: 'u1',
    ...target,
    recordedAt: '2026-01-01T00:00:00.000Z',
  };
  const group = {
    kind: 'group' as const,
    name: 'scim-rehearsal-abcdef123456',
    id: 'scim_rehearsal_abcdef123456',
    ...target,
    recordedAt: '2026-01-01T00:00:00.000Z',
  };

  test('user: DELETE 400, then the second look fails (503): not reported gone, still recorded', async () => {
    const store = memoryLeftoversStore([user]);
    const scim = port(
      ['ok', apiError(503, 'UNKNOWN_ERROR', 'unavailable')],
      apiError(400, 'INVALID_REQUEST', 'Invalid request: Token is not valid.'),
    );
    const r = await removePreviousLeftovers({ scim, token: 't', target, store });
    assert.ok(scim.calls.includes('DELETE user'));
    assert.equal(
      r.actions.every((a) => a.ok),
      false,
      JSON.stringify(r.actions),
    );
    assert.equal(store.entries().length, 1);
  });

  test('group: DELETE 401, then the second look is refused too: not reported gone, still recorded', async () => {
    const store = memoryLeftoversStore([group]);
    const scim = port(
      ['ok', apiError(503, 'UNKNOWN_ERROR', 'unavailable')],
      apiError(401, 'INVALID_TOKEN', 'Token is not valid.'),
    );
    const r = await removePreviousLeftovers({ scim, token: 't', target, store });
    assert.equal(
      r.actions.every((a) => a.ok),
      false,
      JSON.stringify(r.actions),
    );
    assert.equal(store.entries().length, 1);
  });

  test('user: DELETE 400, then the second look answers 404: gone, forgotten', async () => {
    const store = memoryLeftoversStore([user]);
    const scim = port(
      ['ok', apiError(404, 'RESOURCE_NOT_FOUND', 'User does not exist in Harness')],
      apiError(400, 'INVALID_REQUEST', 'Invalid request: Token is not valid.'),
    );
    const r = await removePreviousLeftovers({ scim, token: 't', target, store });
    assert.equal(
      r.actions.every((a) => a.ok),
      true,
      JSON.stringify(r.actions),
    );
    assert.equal(store.entries().length, 0);
  });
});
