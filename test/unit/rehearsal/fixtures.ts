/**
 * An emulator account set up for SCIM with JWTs (the doctor's fixture), a SCIM-only connection as
 * the CLI makes one, and what the account holds, to prove a rehearsal leaves it as it was.
 */
import { type Timeouts } from '../../../src/core/harness';
import {
  memoryLeftoversStore,
  runRehearsal,
  type LeftoversStore,
  type RehearsalReport,
} from '../../../src/core/rehearsal';
import type { Emulator } from '../../sandbox/emulator';
import { account, type Account } from '../doctor/fixtures';
import type { Idp } from '../../sandbox/idp';
import { type TestScimConnection, scimConnection } from '../testHttp';

export { SCIM_PERMISSIONS, CLAIM } from '../doctor/fixtures';

/** Short deadlines so an injected "timeout" costs well under a second per test. */
export const FAST: Partial<Timeouts> = { connectMs: 2000, headersMs: 700, bodyMs: 700, totalMs: 1500 };

export interface ScimAccount extends Account {
  conn: TestScimConnection;
}

export async function scimAccount(idp: Idp, permissions?: string[]): Promise<ScimAccount> {
  const a = await account(idp, permissions === undefined ? {} : { permissions });
  // One try per call: an injected fault must reach the step, not be hidden by a retry.
  const conn = scimConnection({
    baseUrl: a.emu.baseUrl,
    accountId: a.emu.accountId,
    retries: { maxAttempts: 1 },
    timeouts: FAST,
    env: {},
  });
  return {
    ...a,
    conn,
    close: async () => {
      await conn.close();
      await a.close();
    },
  };
}

/** Users and groups of the account, as comparable text. */
export function holdings(emu: Emulator): { users: string[]; groups: string[] } {
  const s = emu.snapshot();
  return {
    users: s.users.map((u) => `${u.id} ${u.email} active=${String(u.active)}`).sort(),
    groups: s.userGroups.map((g) => `${g.id} ${g.name} [${g.memberIds.join(',')}]`).sort(),
  };
}

export function rehearse(
  a: ScimAccount,
  token: string,
  store: LeftoversStore = memoryLeftoversStore(),
  extra: { removePrevious?: boolean } = {},
): Promise<RehearsalReport> {
  return runRehearsal({
    scim: a.conn.scim,
    token,
    target: { baseUrl: a.conn.baseUrl, accountId: a.emu.accountId },
    store,
    ...extra,
  });
}

/** `n:outcome` for every step, for one readable assertion. */
export function outcomes(r: RehearsalReport): string[] {
  return r.steps.map((s) => `${s.step}:${s.outcome}`);
}
