/**
 * The full report of one token, as a read-only markdown document: every check, the header and
 * claims, every warning, the JWKS keys considered.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportMarkdown } from '../../core/inspect';
import { showReport, type ReportDocuments } from '../../platform/reports';
import type { InspectionService } from './inspectionService';
import { findTokenTarget } from './tokenTarget';

export interface ShownReport {
  uri: string;
  markdown: string;
}

/** `scimJwt.token.showReport [uri] [index]`: opens the report beside the file and returns it (tests read it). */
export async function showTokenReport(
  service: InspectionService,
  reports: ReportDocuments,
  uriArg: unknown,
  indexArg: unknown,
): Promise<ShownReport> {
  const target = await findTokenTarget(service, uriArg, indexArg);
  const line = target.inspection.token.occurrence.range.start.line + 1;
  const markdown = reportMarkdown(target.inspection, {
    fileLabel: vscode.workspace.asRelativePath(target.document.uri),
  });
  const uri = reports.add(`${path.basename(target.document.uri.path)} line ${line} token report.md`, markdown);
  await showReport(uri, { beside: true });
  return { uri: uri.toString(), markdown };
}
