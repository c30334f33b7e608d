/** Hover on a setting's value or identifier: where the value comes from, the check, the keys, the drift. */
import * as vscode from 'vscode';
import { config } from '../../platform/config';
import type { ModuleService } from './moduleService';
import { contains, toRange } from './ranges';

const PATIENCE_MS = 3000;

export class TerraformHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: ModuleService) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (!config.terraformChecks() || !config.hover()) return undefined;
    const analysis = await this.service.analyse(document);
    const path = document.uri.path;
    const setting = analysis.module.settings.find(
      (s) =>
        (s.valueAt?.file === path && contains(s.valueAt.range, position)) ||
        (s.identifier.file === path && contains(s.identifier.range, position)),
    );
    if (!setting) return undefined;
    // A hover is asked for on purpose: it waits a little for the online check, then says "checking…".
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, PATIENCE_MS, undefined);
    });
    const online = analysis.settled ?? (await Promise.race([analysis.online, patience]));
    clearTimeout(timer);
    if (token.isCancellationRequested) return undefined;
    const at =
      setting.valueAt?.file === path && contains(setting.valueAt.range, position)
        ? setting.valueAt
        : setting.identifier;
    const md = new vscode.MarkdownString(analysis.engine.hoverMarkdown(analysis, setting, online));
    md.isTrusted = false;
    return new vscode.Hover(md, toRange(at.range));
  }
}
