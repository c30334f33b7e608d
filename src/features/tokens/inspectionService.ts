/**
 * Documents → inspections (decoded tokens and Harness verdicts), computed once per document
 * version and rules generation, shared by the lens, hover, diagnostics, report and test command.
 * Verdicts go through the product's one JwksCache: one key-set download per URL for a whole file.
 * In an untrusted workspace nothing is fetched: tokens are decoded only.
 */
import * as vscode from 'vscode';
import type { HttpClient } from '../../core/net';
import { resolveTokens, ScriptFileCache, type ResolveContext } from '../../core/http';
import { dynamicSourcesOf, fetchDynamicTokens, requestNamesOf } from '../../core/tokenFetch';
import type { Logger } from '../../core/log';
import { inspectTokens, type RulesChoice, type TokenInspection } from '../../core/inspect';
import type { JwksCache } from '../../core/jwt';
import type { HttpParseCache, ParsedHttp } from './parseCache';
import { affectsConfig, affectsHttpResolution, config } from '../../platform/config';
import type { FetchedTokenStore } from './fetchedTokens';
import { bodyFileRoots, sendWithoutAsking } from './sendConsent';
import { resolveContextFor } from '../../platform/httpContext';
import type { RulesProvider } from './rulesProvider';

export interface DocumentInspections {
  uri: string;
  version: number;
  parsed: ParsedHttp;
  inspections: TokenInspection[];
  rules: RulesChoice;
  /** Unreadable environment files and the like. */
  warnings: string[];
}

interface Entry {
  version: number;
  generation: number;
  createdAt: number;
  promise: Promise<DocumentInspections>;
}

/** Relative times ("expires in 5 minutes") go stale: older answers are recomputed on the next request. */
const FRESH_MS = 60_000;

export class InspectionService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when every document's answers may have changed (rules, trust, environment, time). */
  readonly onDidChange = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  /** Subscriptions and emitters this object owns. */
  private readonly disposables: { dispose(): unknown }[] = [];
  private readonly timer: NodeJS.Timeout;
  /** Sibling `.http` files and handler `.js` files, read again only when their mtime or size changes. */
  private readonly scriptFiles = new ScriptFileCache();

  constructor(
    private readonly parses: HttpParseCache,
    private readonly rulesProvider: RulesProvider,
    private readonly jwksCache: JwksCache,
    private readonly fetched: FetchedTokenStore,
    private readonly logger: Logger,
    /** The extension's HTTP client (VS Code's network stack), for token requests. */
    readonly http: HttpClient,
  ) {
    this.disposables.push(
      this.changed,
      rulesProvider.onDidChange(() => {
        this.invalidate();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.invalidate();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsHttpResolution(e) || affectsConfig(e, 'http.sendTokenRequestsAutomatically')) this.invalidate();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.entries.delete(d.uri.toString());
      }),
      // Env files sit beside the .http file: saving one changes what `{{name}}` resolves to. So does
      // saving another .http file or a handler .js (JetBrains globals are shared across the folder);
      // a token fetched from a handler whose text changed is then not reused (its fingerprint differs).
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (
          /(^|[\\/])(http-client(\.private)?\.env\.json|\.httpyac\.json|\.env[^\\/]*|[^\\/]*\.env|[^\\/]*\.(http|rest|js))$/.test(
            d.uri.path,
          )
        )
          this.invalidate();
      }),
    );
    // Keeps "expires in …" and expiry verdicts current while a .http file is on screen.
    this.timer = setInterval(() => {
      if (vscode.window.visibleTextEditors.some((e) => e.document.languageId === 'http')) this.invalidate();
    }, FRESH_MS);
  }

  /** Everything may have changed (a token was fetched): recompute on the next request. */
  invalidate(): void {
    this.generation++;
    this.changed.fire();
  }

  /** The document's inspections; concurrent callers for one version share one computation. */
  inspect(document: vscode.TextDocument): Promise<DocumentInspections> {
    const key = document.uri.toString();
    const hit = this.entries.get(key);
    if (
      hit?.version === document.version &&
      hit.generation === this.generation &&
      Date.now() - hit.createdAt < FRESH_MS
    )
      return hit.promise;
    const entry: Entry = {
      version: document.version,
      generation: this.generation,
      createdAt: Date.now(),
      promise: this.compute(document),
    };
    this.entries.set(key, entry);
    // A failure must not stick: the next request tries again.
    entry.promise.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.promise;
  }

  /** Token ranges from the parse alone (no resolution, no verdict): where lenses will appear. */
  parsedOnly(document: vscode.TextDocument): ParsedHttp['occurrences'][number]['range'][] {
    return this.parses.get(document).occurrences.map((o) => o.range);
  }

  private async compute(document: vscode.TextDocument): Promise<DocumentInspections> {
    const parsed = this.parses.get(document);
    const base = { uri: document.uri.toString(), version: parsed.version, parsed };
    if (parsed.occurrences.length === 0)
      return { ...base, inspections: [], rules: { kind: 'none', reason: 'no tokens' }, warnings: [] };
    const trusted = vscode.workspace.isTrusted;
    const ctx = this.contextFor(document);
    const [first, rules] = await Promise.all([
      resolveTokens(parsed.doc, ctx, parsed.occurrences),
      trusted
        ? this.rulesProvider.rules()
        : Promise.resolve<RulesChoice>({ kind: 'none', reason: 'the workspace is not trusted' }),
    ]);
    let resolved = first;
    // Opted in for this workspace: the token requests run without a click, once per version.
    const names = requestNamesOf([parsed.doc]);
    if (
      trusted &&
      config.sendTokenRequestsAutomatically(document.uri) &&
      resolved.tokens.some((t) => dynamicSourcesOf(t, names).length > 0) &&
      this.fetched.claimAutomatic(document)
    ) {
      // A request that would read a local file or carry an environment value waits for a click.
      const result = await fetchDynamicTokens(parsed.doc, ctx, resolved.tokens, {
        http: this.http,
        fileRoots: bodyFileRoots(document.uri),
        confirm: sendWithoutAsking(document, this.fetched),
      });
      this.logger.info(
        result.declined === true
          ? `Token requests for ${vscode.workspace.asRelativePath(document.uri)} (automatic): not sent; they read a local file or carry an environment value, so they wait for a click.`
          : `Token requests for ${vscode.workspace.asRelativePath(document.uri)} (automatic): ${result.requestsSent} sent, ${result.values.size} value(s) received, ${result.failures.size} failure(s).`,
      );
      this.fetched.add(document, parsed.version, result);
      resolved = await resolveTokens(parsed.doc, this.contextFor(document), parsed.occurrences);
    }
    const inspections = await inspectTokens(resolved.tokens, { rules, cache: this.jwksCache, network: trusted });
    return { ...base, inspections, rules, warnings: resolved.warnings };
  }

  /** The resolve context of `document`, with what was fetched for its current version. */
  contextFor(document: vscode.TextDocument): ResolveContext {
    const ctx = resolveContextFor(document);
    ctx.scriptFiles = this.scriptFiles;
    const fetched = this.fetched.get(document);
    if (fetched) ctx.fetched = fetched;
    return ctx;
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}

/** The inspection whose token range contains `position`, if any. */
export function inspectionAt(result: DocumentInspections, position: vscode.Position): TokenInspection | undefined {
  return result.inspections.find((i) => {
    const r = i.token.occurrence.range;
    return (
      position.line === r.start.line && position.character >= r.start.character && position.character <= r.end.character
    );
  });
}

export function toRange(r: {
  start: { line: number; character: number };
  end: { line: number; character: number };
}): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
