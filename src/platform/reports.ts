/**
 * Reports (a token's full verdict, the doctor's check) as rendered markdown previews of virtual,
 * read-only documents: nothing is written to disk, the text can be copied, and VS Code's own
 * markdown preview does the rendering. Each feature owns one store under its own scheme.
 */
import * as vscode from 'vscode';

/** Reports kept per store; older ones answer "no longer available" (a session can run many checks). */
const KEPT = 50;

export class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();

  /** `gone` is what a report that is no longer kept shows instead. */
  constructor(
    readonly scheme: string,
    private readonly gone: string,
  ) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.path) ?? this.gone;
  }

  /** Keeps the report under this file name (the same name replaces the earlier text) and returns its URI. */
  add(name: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${name}` });
    this.reports.delete(uri.path);
    this.reports.set(uri.path, markdown);
    for (const oldest of this.reports.keys()) {
      if (this.reports.size <= KEPT) break;
      this.reports.delete(oldest);
    }
    return uri;
  }

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(this.scheme, this);
  }
}

/** Opens the rendered preview (beside the editor when asked); the plain document if the markdown extension is off. */
export async function showReport(uri: vscode.Uri, options: { beside?: boolean } = {}): Promise<void> {
  try {
    await vscode.commands.executeCommand(options.beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, {
      preview: true,
      ...(options.beside ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : {}),
    });
  }
}
