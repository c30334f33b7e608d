/**
 * Run as a child process by crash.test.ts: a rehearsal with the CLI's file store that kills its
 * own process (SIGKILL, no cleanup possible) right after step 3 created the test user.
 * Not a test file itself (no `.test`), so mocha does not load it.
 */
import { runRehearsal } from '../../../src/core/rehearsal';
import { fileLeftoversStore, leftoversFilePath } from '../../../src/cli/leftoversFile';
import { scimConnection } from '../testHttp';

const baseUrl = process.env.REHEARSE_BASE_URL ?? '';
const accountId = process.env.REHEARSE_ACCOUNT ?? '';
const token = process.env.REHEARSE_TOKEN ?? '';
const conn = scimConnection({ baseUrl, accountId, retries: { maxAttempts: 1 }, env: {} });
void runRehearsal({
  scim: conn.scim,
  token,
  target: { baseUrl: conn.baseUrl, accountId },
  store: fileLeftoversStore(leftoversFilePath(process.env)),
  onStep: (s) => {
    if (s.step === 3 && s.outcome === 'pass') process.kill(process.pid, 'SIGKILL');
  },
}).then(() => {
  // Reaching here means step 3 did not pass: exit with a code the test reports.
  process.exit(3);
});
