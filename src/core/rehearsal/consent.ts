/**
 * What the user agrees to before a rehearsal writes to their account, in one place so the editor's
 * dialog and the CLI's question say the same: which account, what is created and deleted, the
 * invitation e-mail, and an earlier run's leftovers to delete first.
 */
import type { RehearsalIdentities } from './identities';
import type { RehearsalLeftover } from './types';

export interface RehearsalConsent {
  /** One line: the question itself (a modal's message). */
  title: string;
  /** The rest (a modal's detail, or the lines printed before the CLI's prompt). */
  detail: string[];
}

export function rehearsalConsent(
  target: { accountId: string; baseUrl: string },
  names: Pick<RehearsalIdentities, 'userName' | 'groupName'>,
  pending: readonly RehearsalLeftover[],
): RehearsalConsent {
  const detail = [
    `It invites the user ${names.userName}, creates the group ${names.groupName}, changes both, deletes the group and deactivates ` +
      'the user, which in Harness deletes it; whatever fails, all it created is deleted. It also counts the SCIM users and groups.',
    'Harness may send an invitation e-mail to that address; example.com is reserved (RFC 2606), so it goes nowhere.',
  ];
  if (pending.length > 0) {
    detail.push('First it deletes what an earlier rehearsal left in this account:');
    detail.push(
      ...pending.map((l) => `  - ${l.kind} ${l.name}${l.id !== undefined ? ` (id ${l.id})` : ' (found by its name)'}`),
    );
  }
  return {
    title: `Rehearse SCIM provisioning in Harness account ${target.accountId} (${target.baseUrl})? This writes to the account.`,
    detail,
  };
}
