/**
 * The CodeLens above each Bearer token (Harness's verdict; click for the full report) and above
 * each Harness SCIM request ("Test against Harness"). Each kind can be turned off in settings.
 * A verdict that takes long (a slow JWKS URL) shows "checking" first and replaces it when ready.
 */
import * as vscode from 'vscode';
import { inspectionTitle, rulesOriginText, sourceText } from '../../core/inspect';
import { affectsConfig, config } from '../../platform/config';
import { Commands } from '../../platform/ids';
import { toRange, type DocumentInspections, type InspectionService } from './inspectionService';

/** How long the lens waits for verdicts before showing "checking" instead. */
const PATIENCE_MS = 1500;

export const CHECKING_TITLE = '⋯ Checking with Harness\'s rules…';
export const TEST_LENS_TITLE = '▷ Test against Harness';

export class BearerTokenLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Subscriptions and emitters this object owns. */
  private readonly disposables: { dispose(): unknown }[] = [];

  constructor(private readonly service: InspectionService) {
    this.disposables.push(
      this.changed,
      service.onDidChange(() => { this.changed.fire(); }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConfig(e, 'codeLens')) this.changed.fire();
      }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const verdicts = config.verdictLens();
    const tests = config.testLens() && vscode.workspace.isTrusted;
    if (!verdicts && !tests) return [];
    const pending = this.service.inspect(document);
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, PATIENCE_MS, undefined); });
    const result = await Promise.race([pending, patience]);
    clearTimeout(timer);
    if (token.isCancellationRequested) return [];
    if (!result) {
      // Ask again once the answers are in; this call shows where they will be.
      void pending.then(() => { this.changed.fire(); }, () => { this.changed.fire(); });
      return verdicts ? this.parseOnlyLenses(document) : [];
    }
    return [...(tests ? testLenses(document, result) : []), ...(verdicts ? verdictLenses(document, result) : [])];
  }

  private parseOnlyLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.service.parsedOnly(document).map((range) => new vscode.CodeLens(toRange(range), { title: CHECKING_TITLE, command: '' }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function verdictLenses(document: vscode.TextDocument, result: DocumentInspections): vscode.CodeLens[] {
  return result.inspections.map((i) => new vscode.CodeLens(toRange(i.token.occurrence.range), {
    title: inspectionTitle(i),
    tooltip: `Value: ${sourceText(i)}\nRules: ${rulesOriginText(i.origin)}\nClick for the full report.`,
    command: Commands.showTokenReport,
    arguments: [document.uri.toString(), i.index],
  }));
}

/** One lens per Harness SCIM request that sends a Bearer token, on its request line. */
function testLenses(document: vscode.TextDocument, result: DocumentInspections): vscode.CodeLens[] {
  const seen = new Set<number>();
  const lenses: vscode.CodeLens[] = [];
  for (const i of result.inspections) {
    const o = i.token.occurrence;
    if (o.kind !== 'authorization-header' || !i.token.isHarnessScim || seen.has(o.request.index)) continue;
    seen.add(o.request.index);
    lenses.push(new vscode.CodeLens(toRange(o.request.requestLineRange), {
      title: TEST_LENS_TITLE,
      tooltip: 'Send ServiceProviderConfig and Users?count=1 with this token to the connected Harness account, and explain the answer.',
      command: Commands.testTokenAgainstHarness,
      arguments: [document.uri.toString(), i.index],
    }));
  }
  return lenses;
}
