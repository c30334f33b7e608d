/**
 * "Harness SCIM JWT: Rehearse SCIM Provisioning" (`scimJwt.rehearsal.run`): the command, its report
 * documents, and the rehearsal itself (run.ts) loaded on the command's first run.
 */
import type * as vscode from 'vscode';
import { registerCommands, type CommandEntry } from '../../platform/commands';
import { Commands, ContextKeys, DocumentSchemes } from '../../platform/ids';
import { loadPart } from '../../platform/lazy';
import { ReportDocuments } from '../../platform/reports';
import type { RehearsalDeps } from './run';

export type { RehearsalArgs, RehearsalDeps } from './run';

export function register(deps: RehearsalDeps): vscode.Disposable[] {
  const reports = new ReportDocuments(
    DocumentSchemes.rehearsalReport,
    '# SCIM provisioning rehearsal\n\nThis report is no longer available; run the rehearsal again.\n',
  );
  let runs = 0;
  const addReport = (markdown: string): vscode.Uri =>
    reports.add(`SCIM provisioning rehearsal ${String(++runs)}.md`, markdown);
  const table: CommandEntry[] = [
    {
      id: Commands.rehearse,
      enablement: ContextKeys.hasAccount,
      run: async (arg?: unknown) => {
        const { runCommand } = await loadPart('the rehearsal', () => import('./run.js'));
        return runCommand(deps, addReport, arg);
      },
    },
  ];
  return [reports.register(), ...registerCommands(deps.logger, table)];
}
