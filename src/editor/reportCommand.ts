/**
 * The full report of one token, as a read-only markdown document: every check, the header and
 * claims, every warning, the JWKS keys considered. The document is virtual (a content provider),
 * so nothing is written to disk and it cannot be edited.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportMarkdown } from '../core/inspect';
import { REPORT_SCHEME } from './ids';
import { findTokenTarget } from './tokenTarget';
import type { InspectionService } from './verdictService';

interface ReportQuery {
  uri: string;
  index: number;
}

function isReportQuery(v: unknown): v is ReportQuery {
  return typeof v === 'object' && v !== null && typeof (v as ReportQuery).uri === 'string' && typeof (v as ReportQuery).index === 'number';
}

export class ReportContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly service: InspectionService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: unknown;
    try {
      query = JSON.parse(uri.query);
    } catch {
      query = undefined;
    }
    if (!isReportQuery(query)) return '# Bearer token report\n\nThis report link is not valid.\n';
    const target = await findTokenTarget(this.service, query.uri, query.index);
    return reportMarkdown(target.inspection, { fileLabel: vscode.workspace.asRelativePath(target.document.uri) });
  }
}

export interface ShownReport {
  uri: string;
  markdown: string;
}

/** `scimJwt.token.showReport [uri] [index]`: opens the report beside the file and returns it (tests read it). */
export async function showReport(service: InspectionService, uriArg: unknown, indexArg: unknown): Promise<ShownReport> {
  const target = await findTokenTarget(service, uriArg, indexArg);
  const line = target.inspection.token.occurrence.range.start.line + 1;
  const name = `${path.basename(target.document.uri.path)} line ${line} token report.md`;
  const reportUri = vscode.Uri.from({
    scheme: REPORT_SCHEME,
    path: `/${name}`,
    query: JSON.stringify({ uri: target.document.uri.toString(), index: target.inspection.index }),
  });
  const doc = await vscode.workspace.openTextDocument(reportUri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return { uri: reportUri.toString(), markdown: doc.getText() };
}
