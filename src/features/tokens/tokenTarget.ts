/**
 * Which token a command is about: the one named by its arguments (lens, hover link, tests), else
 * the one under the cursor of the active .http editor, else the first on the cursor's line.
 */
import * as vscode from 'vscode';
import type { TokenInspection } from '../../core/inspect';
import { UserFacingError } from '../../platform/commands';
import { inspectionAt, type DocumentInspections, type InspectionService } from './inspectionService';

export interface TokenTarget {
  document: vscode.TextDocument;
  result: DocumentInspections;
  inspection: TokenInspection;
}

async function documentFor(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  if (typeof uriArg === 'string' && uriArg !== '') {
    const uri = vscode.Uri.parse(uriArg, true);
    return (
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ??
      vscode.workspace.openTextDocument(uri)
    );
  }
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'http' ? editor.document : undefined;
}

export async function findTokenTarget(
  service: InspectionService,
  uriArg: unknown,
  indexArg: unknown,
): Promise<TokenTarget> {
  const document = await documentFor(uriArg);
  if (!document) throw new UserFacingError('Open a .http file and put the cursor on a Bearer token first.');
  const result = await service.inspect(document);
  let inspection: TokenInspection | undefined;
  if (typeof indexArg === 'number') inspection = result.inspections[indexArg];
  else {
    const editor = vscode.window.activeTextEditor;
    const position = editor?.document === document ? editor.selection.active : undefined;
    inspection =
      position &&
      (inspectionAt(result, position) ??
        result.inspections.find((i) => i.token.occurrence.range.start.line === position.line));
    inspection ??= result.inspections.length === 1 ? result.inspections[0] : undefined;
  }
  if (!inspection)
    throw new UserFacingError(
      'No Bearer token here: put the cursor on an "Authorization: Bearer …" line of a .http file.',
    );
  return { document, result, inspection };
}
