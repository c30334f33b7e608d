/** Hover on a Bearer token: verdict, where the value came from, header and claims with times, checks, warnings. */
import * as vscode from 'vscode';
import { hoverMarkdown } from '../../core/inspect';
import { config } from '../../platform/config';
import { Commands } from '../../platform/ids';
import { inspectionAt, toRange, type InspectionService } from './inspectionService';

export class BearerTokenHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: InspectionService) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (!config.hover()) return undefined;
    // Cheap early exit: most hovers are nowhere near a token, and need no resolution or verdict.
    const parsed = this.service.parsedOnly(document);
    if (
      !parsed.some(
        (r) =>
          r.start.line === position.line &&
          position.character >= r.start.character &&
          position.character <= r.end.character,
      )
    )
      return undefined;
    const result = await this.service.inspect(document);
    if (token.isCancellationRequested) return undefined;
    const inspection = inspectionAt(result, position);
    if (!inspection) return undefined;
    const args = encodeURIComponent(JSON.stringify([document.uri.toString(), inspection.index]));
    const md = new vscode.MarkdownString(hoverMarkdown(inspection, `command:${Commands.showTokenReport}?${args}`));
    md.isTrusted = { enabledCommands: [Commands.showTokenReport] };
    return new vscode.Hover(md, toRange(inspection.token.occurrence.range));
  }
}
