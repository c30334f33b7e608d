/**
 * The CodeLens above each `harness_platform_setting` of the four: the setting's check (static
 * findings at once; the key set, the service account and its permissions when they are in), and
 * under a connected account whether Harness holds the same value. A check that takes long shows
 * "checking…" first and replaces it when ready, as the .http lens does.
 */
import * as vscode from 'vscode';
import { affectsConfig, config } from '../../platform/config';
import { Commands } from '../../platform/ids';
import { lensText } from '../../platform/lensText';
import { SETTING_RESOURCE, type ModuleService } from './moduleService';
import { toRange } from './ranges';

/** How long the lens waits for the online checks before showing the static verdict with "checking…". */
const PATIENCE_MS = 1500;

export class TerraformLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: { dispose(): unknown }[] = [];

  constructor(private readonly service: ModuleService) {
    this.disposables.push(
      this.changed,
      service.onDidChange(() => {
        this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, 'terraform.enabled') || affectsConfig(e, 'codeLens.verdict')) this.changed.fire();
      }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!config.terraformChecks() || !config.verdictLens()) return [];
    const analysis = await this.service.analyse(document);
    const settings = analysis.module.settings.filter((s) => s.block.file === document.uri.path);
    if (settings.length === 0) return skippedLens(document, analysis.folder.skipped.get(document.uri.path));
    let online = analysis.settled;
    if (!online) {
      let timer: NodeJS.Timeout | undefined;
      const patience = new Promise<undefined>((resolve) => {
        timer = setTimeout(resolve, PATIENCE_MS, undefined);
      });
      online = await Promise.race([analysis.online, patience]);
      clearTimeout(timer);
      if (!online) {
        void analysis.online.finally(() => {
          this.changed.fire();
        });
      }
    }
    if (token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const setting of settings) {
      const view = analysis.engine.settingView(analysis, setting, online);
      const range = toRange(setting.block.range);
      lenses.push(
        new vscode.CodeLens(range, {
          title: view.title,
          tooltip: `${view.tooltip}\nClick to check again: the key set and the account are read again.`,
          command: Commands.recheckTerraform,
          arguments: [document.uri.toString()],
        }),
      );
      if (view.drift !== undefined) lenses.push(new vscode.CodeLens(range, { title: view.drift, command: '' }));
      // Once per file, after the first setting's own lenses: a long line is cut at the editor's edge.
      if (setting === settings[0])
        lenses.push(new vscode.CodeLens(range, { title: analysis.engine.moduleTitle(analysis), command: '' }));
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * An open file the checks did not read (over the size limit, unreadable) that writes a setting
 * resource: one lens says so, instead of a silence that reads as "nothing to check". Other files
 * left out are named in the hover.
 */
function skippedLens(document: vscode.TextDocument, why: string | undefined): vscode.CodeLens[] {
  if (why === undefined || !document.getText().includes(SETTING_RESOURCE)) return [];
  return [
    new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
      title: lensText(`ℹ Harness SCIM JWT did not check this file: ${why}`),
      command: '',
    }),
  ];
}
