/**
 * The CodeLens above each Bearer token (Harness's verdict; click for the full report) and above
 * each Harness SCIM request ("Test against Harness"). Each kind can be turned off in settings.
 * A verdict that takes long (a slow JWKS URL) shows "checking" first and replaces it when ready.
 */
import * as vscode from 'vscode';
import { fetchedAt, inspectionTitle, rulesOriginText, sourceText, type TokenInspection } from '../../core/inspect';
import { dynamicSourcesOf, requestNamesOf, sourceLabel } from '../../core/tokenFetch';
import { affectsConfig, config } from '../../platform/config';
import { Commands } from '../../platform/ids';
import { lensText } from '../../platform/lensText';
import { toRange, type DocumentInspections, type InspectionService } from './inspectionService';

/** How long the lens waits for verdicts before showing "checking" instead. */
const PATIENCE_MS = 1500;

export const CHECKING_TITLE = "⋯ Checking with Harness's rules…";
export const TEST_LENS_TITLE = '▷ Test against Harness';

export class BearerTokenLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Subscriptions and emitters this object owns. */
  private readonly disposables: { dispose(): unknown }[] = [];

  constructor(private readonly service: InspectionService) {
    this.disposables.push(
      this.changed,
      service.onDidChange(() => {
        this.changed.fire();
      }),
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
    const patience = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, PATIENCE_MS, undefined);
    });
    const result = await Promise.race([pending, patience]);
    clearTimeout(timer);
    if (token.isCancellationRequested) return [];
    if (!result) {
      // Ask again once the answers are in; this call shows where they will be.
      void pending.then(
        () => {
          this.changed.fire();
        },
        () => {
          this.changed.fire();
        },
      );
      return verdicts ? this.parseOnlyLenses(document) : [];
    }
    return [...(tests ? testLenses(document, result) : []), ...(verdicts ? verdictLenses(document, result) : [])];
  }

  private parseOnlyLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.service
      .parsedOnly(document)
      .map((range) => new vscode.CodeLens(toRange(range), { title: CHECKING_TITLE, command: '' }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function verdictLenses(document: vscode.TextDocument, result: DocumentInspections): vscode.CodeLens[] {
  const names = requestNamesOf([result.parsed.doc]);
  return result.inspections.map(
    (i) =>
      new vscode.CodeLens(
        toRange(i.token.occurrence.range),
        fetchLens(document, i, names) ?? {
          title: lensText(withFetchTime(inspectionTitle(i), i)),
          tooltip: `Value: ${sourceText(i)}\nRules: ${rulesOriginText(i.origin)}\nClick for the full report.`,
          command: Commands.showTokenReport,
          arguments: [document.uri.toString(), i.index],
        },
      ),
  );
}

export function fetchLensTitle(label: string): string {
  return `▷ Get the token from \`${label}\` and check it`;
}

/**
 * A token a request fetches at run time: the lens offers to run that request (in a trusted
 * workspace), or after a failure says why and offers to try again.
 */
function fetchLens(
  document: vscode.TextDocument,
  i: TokenInspection,
  names: ReadonlySet<string>,
): vscode.Command | undefined {
  const sources = dynamicSourcesOf(i.token, names);
  const failure = i.token.resolution.fetchFailure;
  if (
    sources.length === 0 ||
    failure?.kind === 'sign-in' ||
    failure?.kind === 'unsupported' ||
    !vscode.workspace.isTrusted
  )
    return undefined;
  const args = [document.uri.toString(), i.index];
  if (failure) {
    return {
      title: lensText(inspectionTitle(i)),
      tooltip: `${failure.message}\n${failure.hint ?? ''}\nClick to try again.`,
      command: Commands.fetchAndCheckToken,
      arguments: args,
    };
  }
  const label = sources.map(sourceLabel).join(', ');
  return {
    title: lensText(fetchLensTitle(label)),
    tooltip: `Sends only the request(s) this token depends on (${sources.map((s) => `${s.client}: ${s.reference}`).join('; ')}), then judges the token that comes back. The token stays in memory until the file changes.`,
    command: Commands.fetchAndCheckToken,
    arguments: args,
  };
}

function withFetchTime(title: string, i: TokenInspection): string {
  const at = fetchedAt(i);
  return at === undefined ? title : `${title} · fetched ${new Date(at).toLocaleTimeString()}`;
}

/** One lens per Harness SCIM request that sends a Bearer token, on its request line. */
function testLenses(document: vscode.TextDocument, result: DocumentInspections): vscode.CodeLens[] {
  const seen = new Set<number>();
  const lenses: vscode.CodeLens[] = [];
  for (const i of result.inspections) {
    const o = i.token.occurrence;
    if (o.kind !== 'authorization-header' || !i.token.isHarnessScim || seen.has(o.request.index)) continue;
    seen.add(o.request.index);
    lenses.push(
      new vscode.CodeLens(toRange(o.request.requestLineRange), {
        title: TEST_LENS_TITLE,
        tooltip:
          'Send ServiceProviderConfig and Users?count=1 with this token to the connected Harness account, and explain the answer.',
        command: Commands.testTokenAgainstHarness,
        arguments: [document.uri.toString(), i.index],
      }),
    );
  }
  return lenses;
}
