/**
 * Problems for Terraform modules: every finding of the module of an open `.tf` file (static ones
 * first, then the online checks' errors and warnings when they are in), on whichever file of the
 * module it is in. Cleared when the folder's last `.tf` editor closes. Same source as the .http
 * problems.
 */
import * as vscode from 'vscode';
import type { CheckLevel } from '../../core/setup';
import { SETTING_ID_OF } from '../../core/setup';
import type { Logger } from '../../core/log';
import { redact } from '../../core/redact';
import { plainLine } from '../../core/terminalText';
import { affectsConfig, config } from '../../platform/config';
import { DIAGNOSTIC_SOURCE, TERRAFORM_DIAGNOSTICS } from '../../platform/ids';
import { folderOf } from './moduleFiles';
import type { ModuleAnalysis, ModuleService, OnlineResult } from './moduleService';
import { toRange } from './ranges';

const DEBOUNCE_MS = 300;

const SEVERITY: Partial<Record<CheckLevel, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const isTfDocument = (d: vscode.TextDocument): boolean => d.uri.scheme === 'file' && d.uri.path.endsWith('.tf');

export class TerraformDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(TERRAFORM_DIAGNOSTICS);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The files each folder's last publication wrote to, so the next one can clear them. */
  private readonly published = new Map<string, vscode.Uri[]>();
  private readonly disposables: { dispose(): unknown }[] = [];

  constructor(
    private readonly service: ModuleService,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (isTfDocument(d)) this.schedule(folderOf(d.uri), 0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isTfDocument(e.document) && e.contentChanges.length > 0)
          this.schedule(folderOf(e.document.uri), DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (isTfDocument(d)) this.schedule(folderOf(d.uri), 0);
      }),
      service.onDidChange((folder) => {
        if (folder) this.schedule(folder, 0);
        else this.refreshAll();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, 'diagnostics') || affectsConfig(e, 'terraform.enabled')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  private refreshAll(): void {
    const folders = new Map<string, vscode.Uri>();
    for (const d of vscode.workspace.textDocuments.filter(isTfDocument))
      folders.set(folderOf(d.uri).toString(), folderOf(d.uri));
    for (const key of this.published.keys()) if (!folders.has(key)) folders.set(key, vscode.Uri.parse(key));
    for (const f of folders.values()) this.schedule(f, 0);
  }

  private schedule(folder: vscode.Uri, delayMs: number): void {
    const key = folder.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(folder);
      }, delayMs),
    );
  }

  private async update(folder: vscode.Uri): Promise<void> {
    const key = folder.toString();
    const open = vscode.workspace.textDocuments.find((d) => isTfDocument(d) && folderOf(d.uri).toString() === key);
    if (!open || !config.terraformChecks() || !config.diagnostics()) {
      this.publish(key, new Map());
      return;
    }
    try {
      const analysis = await this.service.analyse(open);
      this.publish(key, problems(folder, analysis, analysis.settled));
      if (!analysis.settled) {
        const online = await analysis.online;
        // A newer analysis writes its own.
        if ((await this.service.analyse(open)) === analysis) this.publish(key, problems(folder, analysis, online));
      }
    } catch (e) {
      this.logger.warn(
        `Terraform problems for ${folder.path} failed: ${e instanceof Error ? e.message : 'unknown error'}`,
      );
    }
  }

  private publish(key: string, byFile: Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>): void {
    for (const uri of this.published.get(key) ?? []) if (!byFile.has(uri.toString())) this.collection.delete(uri);
    for (const { uri, diagnostics } of byFile.values()) this.collection.set(uri, diagnostics);
    if (byFile.size === 0) this.published.delete(key);
    else
      this.published.set(
        key,
        [...byFile.values()].map((f) => f.uri),
      );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function problems(
  folder: vscode.Uri,
  analysis: ModuleAnalysis,
  online: OnlineResult | undefined,
): Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }> {
  const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  for (const f of analysis.folder.tf) {
    const uri = folder.with({ path: f.path });
    byFile.set(uri.toString(), { uri, diagnostics: [] });
  }
  const add = (file: string, range: vscode.Range, level: CheckLevel, message: string, code?: string): void => {
    const severity = SEVERITY[level];
    if (severity === undefined) return;
    const uri = folder.with({ path: file });
    const entry = byFile.get(uri.toString()) ?? { uri, diagnostics: [] };
    byFile.set(uri.toString(), entry);
    const d = new vscode.Diagnostic(range, redact(plainLine(message)), severity);
    d.source = DIAGNOSTIC_SOURCE;
    if (code !== undefined) d.code = code;
    entry.diagnostics.push(d);
  };
  for (const f of analysis.findings)
    add(f.at.file, toRange(f.at.range), f.level, f.message, f.field && SETTING_ID_OF[f.field]);
  for (const [setting, c] of online?.checks ?? []) {
    const at = setting.valueAt ?? setting.identifier;
    const code = SETTING_ID_OF[setting.field];
    if (c.kind === 'failed') {
      add(at.file, toRange(at.range), 'warning', `Could not be checked: ${c.message}`, code);
      continue;
    }
    const { level, message, details } = c.check;
    // Notes stay in the lens and hover; a static finding as bad already says it in Problems.
    if (level !== 'error' && level !== 'warning') continue;
    const { findingsOf, RANK } = analysis.engine;
    if (findingsOf(analysis, setting).some((f) => f.level !== 'ok' && RANK[f.level] >= RANK[level])) continue;
    add(at.file, toRange(at.range), level, [message, ...details.slice(0, 2)].join(' '), code);
  }
  return byFile;
}
