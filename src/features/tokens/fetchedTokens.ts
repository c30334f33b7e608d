/**
 * Tokens fetched at run time (a named request's response, an `oauth2` header, `$auth.token`),
 * held in memory per document version and dropped as soon as the document changes or closes:
 * a token the file no longer asks for must not be judged, and nothing is ever written to disk.
 */
import * as vscode from 'vscode';
import type { FetchedValues, FetchFailure } from '../../core/http';

type Value = FetchedValues['values'] extends ReadonlyMap<string, infer V> ? V : never;

interface Entry {
  version: number;
  values: Map<string, Value>;
  failures: Map<string, FetchFailure>;
  /** An automatic fetch ran for this version (it runs once; a click can always run again). */
  automaticDone: boolean;
  /** Send plans (by `planKey`) the user said yes to for this version: asked once per file and version. */
  consented: Set<string>;
}

export class FetchedTokenStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.entries.delete(e.document.uri.toString());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.entries.delete(d.uri.toString());
      }),
    ];
  }

  private entry(document: vscode.TextDocument, create: boolean): Entry | undefined {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (hit?.version === document.version) return hit;
    if (hit) this.entries.delete(key);
    if (!create) return undefined;
    const entry: Entry = {
      version: document.version,
      values: new Map(),
      failures: new Map(),
      automaticDone: false,
      consented: new Set<string>(),
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** What was fetched for this version of the document, if anything. */
  get(document: vscode.TextDocument): FetchedValues | undefined {
    const e = this.entry(document, false);
    return e && (e.values.size > 0 || e.failures.size > 0) ? { values: e.values, failures: e.failures } : undefined;
  }

  /** Records a fetch for `version`; a result for an older version (the user typed meanwhile) is dropped. */
  add(document: vscode.TextDocument, version: number, result: FetchedValues): void {
    if (document.version !== version) return;
    const e = this.entry(document, true);
    if (!e) return;
    for (const [k, v] of result.values) {
      e.values.set(k, v);
      e.failures.delete(k);
    }
    for (const [k, f] of result.failures) if (!result.values.has(k)) e.failures.set(k, f);
  }

  /** True the first time it is asked for a version: the automatic fetch runs once per version. */
  claimAutomatic(document: vscode.TextDocument): boolean {
    const e = this.entry(document, true);
    if (!e || e.automaticDone) return false;
    e.automaticDone = true;
    return true;
  }

  /** The user said yes to sending `planKey` for this version of the document. */
  consent(document: vscode.TextDocument, planKey: string): void {
    this.entry(document, true)?.consented.add(planKey);
  }

  /** Whether the user said yes to `planKey` for this version of the document. */
  hasConsent(document: vscode.TextDocument, planKey: string): boolean {
    return this.entry(document, false)?.consented.has(planKey) === true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}
