import * as vscode from 'vscode';

/**
 * The sidebar tree. Signed out it has no rows, so the view shows its `viewsWelcome` content
 * (Connect); the account's groups arrive with the connection.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(item?: vscode.TreeItem): void {
    this.changed.fire(item);
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
