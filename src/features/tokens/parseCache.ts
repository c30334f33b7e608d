/**
 * Parse once per document version: the lens, hover and diagnostics of one version share one parse.
 * Entries are dropped when the document closes.
 */
import * as vscode from 'vscode';
import { findBearerTokens, parseHttpDocument, type BearerTokenOccurrence, type HttpDocument } from '../../core/http';

export interface ParsedHttp {
  version: number;
  doc: HttpDocument;
  occurrences: BearerTokenOccurrence[];
}

export class HttpParseCache implements vscode.Disposable {
  private readonly entries = new Map<string, ParsedHttp>();
  private readonly subscription: vscode.Disposable;
  /** How many parses ran (tests prove "once per version" with it). */
  parseCount = 0;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((d) => {
      this.entries.delete(d.uri.toString());
    });
  }

  get(document: vscode.TextDocument): ParsedHttp {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit?.version === document.version) return hit;
    this.parseCount++;
    const doc = parseHttpDocument(document.getText());
    const parsed: ParsedHttp = { version: document.version, doc, occurrences: findBearerTokens(doc) };
    this.entries.set(key, parsed);
    return parsed;
  }

  /** For tests and diagnostics: is this document cached? */
  has(uri: vscode.Uri): boolean {
    return this.entries.has(uri.toString());
  }

  dispose(): void {
    this.subscription.dispose();
    this.entries.clear();
  }
}
