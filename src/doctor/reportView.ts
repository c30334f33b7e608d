/**
 * The report as a rendered markdown preview of a virtual, read-only document: nothing is written
 * to disk, the text can be copied, and VS Code's own markdown preview does the rendering.
 */
import * as vscode from 'vscode';
import { DOCTOR_REPORT_SCHEME } from './ids';

/** Serves the reports of this session by path; each run gets its own document. */
export class DoctorReportStore implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.path) ?? '# Harness SCIM JWT setup check\n\nThis report is no longer available; run the check again.\n';
  }

  add(markdown: string): vscode.Uri {
    this.seq += 1;
    const uri = vscode.Uri.from({ scheme: DOCTOR_REPORT_SCHEME, path: `/SCIM JWT setup check ${this.seq}.md` });
    this.reports.set(uri.path, markdown);
    return uri;
  }
}

/** Opens the rendered preview; falls back to the plain document if the markdown extension is off. */
export async function showReport(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
}
