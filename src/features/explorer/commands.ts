import * as vscode from 'vscode';
import { countWord } from '../../core/countWords';
import {
  describeOffer,
  identifierFromName,
  provisionScimServiceAccount,
  SCIM_JWT_SETTING_IDS,
  SETTINGS_PROPAGATION_SECONDS,
  type ProvisionStep,
} from '../../core/harness';
import type { RoleOffer } from '../../core/harness';
import type { Logger } from '../../core/log';
import type { ConnectionManager } from '../../platform/connection';
import { UserFacingError } from '../../platform/commands';
import { requireConnection } from '../../platform/flows';
import { Commands } from '../../platform/ids';
import { noteWalkthrough } from '../../platform/walkthrough';
import type { ExplorerNode } from './explorerNodes';
import type { ExplorerTreeProvider } from './explorerTree';

export interface TreeCommandDeps {
  connections: ConnectionManager;
  tree: ExplorerTreeProvider;
  logger: Logger;
}

const NOT_CONNECTED = 'Not connected to a Harness account.';

function identifierOf(node: ExplorerNode | undefined): string | undefined {
  switch (node?.kind) {
    case 'scimSetting':
      return node.identifier;
    case 'setting':
      return node.response.setting.identifier;
    case 'serviceAccount':
      return node.status.aggregate.serviceAccount.identifier;
    case 'roleAssignment':
      return node.assignment.roleIdentifier;
    case 'missingServiceAccount':
      return node.identifier;
    case 'category':
      return node.category.value;
    default:
      return undefined;
  }
}

export async function copyIdentifier(node: ExplorerNode | undefined): Promise<void> {
  const id = identifierOf(node);
  if (id) await vscode.env.clipboard.writeText(id);
}

export async function copyValue(node: ExplorerNode | undefined): Promise<void> {
  const value =
    node?.kind === 'setting'
      ? node.response.setting.value
      : node?.kind === 'scimSetting'
        ? node.response?.setting.value
        : undefined;
  if (value !== undefined && value !== null) await vscode.env.clipboard.writeText(value);
}

export async function openInHarness(deps: TreeCommandDeps, node: ExplorerNode | undefined): Promise<void> {
  const connection = await requireConnection(deps.connections, NOT_CONNECTED);
  const { client } = connection;
  const url =
    node?.kind === 'serviceAccount'
      ? client.webUrl({ kind: 'service-account', identifier: node.status.aggregate.serviceAccount.identifier })
      : node?.kind === 'scimSetting' ||
          node?.kind === 'setting' ||
          node?.kind === 'category' ||
          (node?.kind === 'group' && node.id !== 'serviceAccounts')
        ? client.webUrl({ kind: 'default-settings' })
        : node?.kind === 'group'
          ? client.webUrl({ kind: 'service-accounts' })
          : client.webUrl();
  await vscode.env.openExternal(vscode.Uri.parse(url));
}

/** "Restore to default" on a SCIM setting: an item of the same PUT with updateType RESTORE. */
export async function restoreSetting(
  deps: TreeCommandDeps,
  node: ExplorerNode | undefined,
  options?: { confirmed?: boolean },
): Promise<boolean> {
  if (node?.kind !== 'scimSetting') return false;
  const connection = await requireConnection(deps.connections, NOT_CONNECTED);
  if (options?.confirmed !== true) {
    const ok = await vscode.window.showWarningMessage(
      `Restore ${node.identifier} to its default (not set)?`,
      {
        modal: true,
        detail: `With any of the ${countWord(SCIM_JWT_SETTING_IDS.length)} settings unset, Harness refuses every SCIM JWT (after its ${SETTINGS_PROPAGATION_SECONDS} s settings cache).`,
      },
      'Restore',
    );
    if (ok !== 'Restore') return false;
  }
  const result = await connection.client.restoreSettings([node.identifier]);
  const failed = result.items.find((i) => !i.ok);
  deps.tree.refresh('scim');
  if (failed) throw new UserFacingError(`Harness did not restore ${node.identifier}: ${failed.errorMessage}`);
  return true;
}

export interface CreateServiceAccountArgs {
  name: string;
  identifier?: string;
  email?: string;
}

function isCreateArgs(v: unknown): v is CreateServiceAccountArgs {
  return typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).name === 'string';
}

/**
 * Where the plan allows no custom role: the existing roles holding the five SCIM permissions, fewest
 * extras first, each saying what more it grants. The user chooses; nothing is picked for them.
 */
async function pickExistingRole(offers: readonly RoleOffer[]): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    offers.map((o) => ({ label: o.name, description: o.identifier, detail: describeOffer(o), id: o.identifier })),
    {
      title: 'Custom roles need an Enterprise plan: choose an existing role for SCIM',
      placeHolder:
        "Every extra permission is one your identity provider's token can use too (as this service account, on any Harness API).",
      ignoreFocusOut: true,
    },
  );
  return picked?.id;
}

/** "Create a service account for SCIM": asks name and email, then reports each step. */
export async function createServiceAccountForScim(
  deps: TreeCommandDeps,
  args?: unknown,
): Promise<ProvisionStep[] | undefined> {
  const connection = await requireConnection(deps.connections, NOT_CONNECTED);
  const given = isCreateArgs(args) ? args : undefined;
  const name =
    given?.name ??
    (await vscode.window.showInputBox({
      title: 'Create a service account for SCIM (1/2): name',
      value: 'SCIM JWT',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter a name.'),
    }));
  if (!name) return undefined;
  const identifier = given?.identifier ?? identifierFromName(name);
  // Harness's own UI names service account emails <identifier>@service.harness.io.
  const defaultEmail = `${identifier.toLowerCase()}@service.harness.io`;
  const email = given
    ? (given.email ?? defaultEmail)
    : await vscode.window.showInputBox({
        title: 'Create a service account for SCIM (2/2): email',
        value: defaultEmail,
        ignoreFocusOut: true,
        validateInput: (v) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.trim()) ? undefined : 'Enter an email address.'),
      });
  if (!email) return undefined;
  try {
    const steps = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Creating service account ${identifier}` },
      (progress) =>
        provisionScimServiceAccount(
          connection.client,
          { identifier, name: name.trim(), email: email.trim() },
          (step) => {
            deps.logger.info(`create service account for SCIM: ${step.message}`);
            progress.report({ message: step.message, increment: 33 });
          },
          given ? {} : { chooseRole: pickExistingRole },
        ),
    );
    noteWalkthrough('serviceAccountReady', true);
    if (!given) {
      void vscode.window
        .showInformationMessage(
          `${identifier} is ready for SCIM: ${steps.map((s) => s.message).join('; ')}.`,
          'Use for SCIM JWT',
        )
        .then((pick) => (pick ? vscode.commands.executeCommand(Commands.openSetup, identifier) : undefined));
    }
    return steps;
  } finally {
    deps.tree.refresh('serviceAccounts');
  }
}
