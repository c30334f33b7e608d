/**
 * Problems for .http files: refusals as errors (code = verdict code), warnings as warnings. Updated
 * as the file changes, after a short pause so typing does not recompute on every keystroke.
 */
import * as vscode from 'vscode';
import { inspectionProblems, type ProblemSeverity } from '../../core/inspect';
import type { Logger } from '../../core/log';
import { affectsConfig, config } from '../../platform/config';
import { DIAGNOSTIC_SOURCE } from '../../platform/ids';
import { toRange, type InspectionService } from './inspectionService';
import { plainLine } from '../../core/terminalText';

const DEBOUNCE_MS = 300;

const SEVERITY: Record<ProblemSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export class TokenDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('scimJwt');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Subscriptions and emitters this object owns. */
  private readonly disposables: { dispose(): unknown }[] = [];

  constructor(
    private readonly service: InspectionService,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => {
        this.schedule(d, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.forget(d.uri);
      }),
      service.onDidChange(() => {
        this.refreshAll();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, 'diagnostics')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  private refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.collection.delete(uri);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.languageId !== 'http') return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delayMs),
    );
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    if (!config.diagnostics()) {
      this.collection.delete(document.uri);
      return;
    }
    try {
      const version = document.version;
      const result = await this.service.inspect(document);
      // A newer version is on its way (or the file closed): its own update will write.
      if (document.isClosed || document.version !== version) return;
      const diagnostics: vscode.Diagnostic[] = [];
      for (const i of result.inspections) {
        for (const p of inspectionProblems(i)) {
          const d = new vscode.Diagnostic(
            toRange(i.token.occurrence.range),
            plainLine(p.message),
            SEVERITY[p.severity],
          );
          d.code = p.code;
          d.source = DIAGNOSTIC_SOURCE;
          diagnostics.push(d);
        }
      }
      this.collection.set(document.uri, diagnostics);
    } catch (e) {
      this.logger.warn(`Diagnostics for ${document.uri.path} failed: ${e instanceof Error ? e.name : 'unknown error'}`);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
