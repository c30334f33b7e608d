import * as vscode from 'vscode';

/** A ready `openHttpScratch` for `SetupFormDeps`: an untitled `.http` document beside the form. */
export async function openUntitledHttp(content: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'http', content });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}
