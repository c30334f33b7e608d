/**
 * "Harness SCIM JWT: Check SCIM JWT Setup" (`scimJwt.doctor.run`): the command and its report
 * documents; the check itself (run.ts) loads on the command's first run.
 */
import type * as vscode from 'vscode';
import { Commands, DocumentSchemes } from '../../platform/ids';
import { registerCommands, type CommandEntry } from '../../platform/commands';
import { loadPart } from '../../platform/lazy';
import { ReportDocuments } from '../../platform/reports';
import type { DoctorDeps } from './run';

export type { DoctorDeps, DoctorRunArgs } from './run';

export function register(deps: DoctorDeps): vscode.Disposable[] {
  const reports = new ReportDocuments(
    DocumentSchemes.doctorReport,
    '# Harness SCIM JWT setup check\n\nThis report is no longer available; run the check again.\n',
  );
  // Each run gets its own document, numbered in the session.
  let runs = 0;
  const addReport = (markdown: string): vscode.Uri =>
    reports.add(`SCIM JWT setup check ${String(++runs)}.md`, markdown);
  const table: CommandEntry[] = [
    {
      id: Commands.runDoctor,
      run: async (arg?: unknown) => {
        const { runDoctorCommand } = await loadPart('the setup check', () => import('./run.js'));
        return runDoctorCommand(deps, addReport, arg);
      },
    },
  ];
  return [reports.register(), ...registerCommands(deps.logger, table)];
}
