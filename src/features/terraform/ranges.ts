/** The core's 0-based line / UTF-16 column ranges are VS Code's: mapped one to one. */
import * as vscode from 'vscode';
import type { TfRange } from '../../core/terraform';

export function toRange(r: TfRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function contains(r: TfRange, p: vscode.Position): boolean {
  return toRange(r).contains(p);
}
