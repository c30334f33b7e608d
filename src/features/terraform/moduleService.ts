/**
 * Folders → Terraform modules → checks, computed once per state of the folder and shared by the
 * lens, hover and diagnostics. Two stages: the static one (parse, values and where they come from,
 * findings) is ready as soon as the parser is; the online one (the key set fetched through the
 * product's one JwksCache, the service account read through the connection's HarnessClient, the
 * account's current values for drift) follows. In an untrusted workspace the online stage fetches
 * nothing and sends nothing: the core gets no key-set loader and no Harness port. The HCL parser
 * (web-tree-sitter and its wasm, beside the bundle) loads on the first analysis only.
 */
import * as vscode from 'vscode';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { redact } from '../../core/redact';
import { harnessSetupPort, type FieldCheck, type KeySetLoader, type SetupHarnessPort } from '../../core/setup';
import type { HclParser, TfDrift, TfFinding, TfModule, TfSetting } from '../../core/terraform';
import type { ConnectionManager } from '../../platform/connection';
import { loadPart } from '../../platform/lazy';
import type * as Engine from './engine';
import type { AccountSettings } from './accountSettings';
import { folderOf, isModuleInput, readModuleFolder, type ModuleFolder } from './moduleFiles';

interface OnlineDeps {
  keySets?: KeySetLoader;
  harness?: SetupHarnessPort;
}

export type OnlineCheck = { kind: 'done'; check: FieldCheck } | { kind: 'failed'; message: string };

export interface OnlineResult {
  /** Each setting's check; in an untrusted workspace made without network. */
  checks?: Map<TfSetting, OnlineCheck>;
  /** Why nothing was fetched, in words ("the workspace is not trusted"). */
  notFetched?: string;
  /** Against the connected account; undefined when signed out. */
  drift?: { accountLabel: string; drifts: TfDrift[] } | { unavailable: string };
}

/** The part the checks run in (engine.ts), loaded with the parser on the first analysis. */
export type TerraformEngine = typeof Engine;

export interface ModuleAnalysis {
  /** The loaded engine: the lens, hover and problems render through it. */
  engine: TerraformEngine;
  folder: ModuleFolder;
  module: TfModule;
  findings: TfFinding[];
  online: Promise<OnlineResult>;
  /** Set once `online` settled, for callers that must not wait. */
  settled?: OnlineResult;
}

interface Entry {
  generation: number;
  /** The versions of the folder's open module files: an edit is seen at once, without waiting for an event. */
  stamp: string;
  promise: Promise<ModuleAnalysis>;
}

/** Online checks kept across re-analyses of an unchanged value (typing elsewhere in the file). */
const MAX_MEMO = 200;

export class ModuleService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with the folder whose module changed, or undefined when every module may have. */
  readonly onDidChange = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  private readonly memo = new Map<string, Promise<OnlineCheck>>();
  private generation = 0;
  private parser: Promise<{ engine: TerraformEngine; parser: HclParser }> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: { dispose(): unknown }[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Milliseconds the parser took to load, once it has (the log says it too). */
  parserLoadMs: number | undefined;

  constructor(
    private readonly deps: {
      logger: Logger;
      connections: Pick<ConnectionManager, 'get' | 'onDidChange'>;
      jwksCache: JwksCache;
      account: AccountSettings;
      /** Where dist/web-tree-sitter.js's wasm files are. */
      wasmDir: string;
    },
  ) {
    this.disposables.push(
      this.changed,
      deps.account.onDidChange(() => {
        this.invalidateAll();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.invalidateAll();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.folderChanged(e.document.uri, 300);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        this.folderChanged(d.uri, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // The disk's text replaces the closed editor's: the module may differ.
        this.folderChanged(d.uri, 0);
      }),
    );
  }

  /** The module of `document`'s folder, analysed for its current text. */
  analyse(document: vscode.TextDocument): Promise<ModuleAnalysis> {
    const folder = folderOf(document.uri);
    const key = folder.toString();
    const hit = this.entries.get(key);
    const stamp = openStamp(folder);
    if (hit?.generation === this.generation && hit.stamp === stamp) return hit.promise;
    this.watch();
    const entry: Entry = { generation: this.generation, stamp, promise: this.compute(folder) };
    this.entries.set(key, entry);
    entry.promise.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.promise;
  }

  /**
   * "Check again" on `document`'s module: its key sets downloaded again, the service account and the
   * account's values read again, on the next request (never in an untrusted workspace's name: the
   * online stage decides that, as always).
   */
  async recheck(document: vscode.TextDocument): Promise<void> {
    const analysis = await this.analyse(document).catch(() => undefined);
    for (const s of analysis?.module.settings ?? [])
      if (s.field === 'jwksUrl' && s.value?.kind === 'known') this.deps.jwksCache.reload(s.value.value);
    this.deps.account.reload();
    this.invalidateAll();
  }

  /** Every module recomputes on its next request (trust, connection, account values, "checked" time). */
  invalidateAll(): void {
    this.generation++;
    this.memo.clear();
    this.entries.clear();
    this.changed.fire(undefined);
  }

  /** A module file or variable file of `uri`'s folder changed: that module recomputes, after `delayMs`. */
  private folderChanged(uri: vscode.Uri, delayMs: number): void {
    if (!isModuleInput(uri)) return;
    const folder = folderOf(uri);
    const key = folder.toString();
    if (!this.entries.has(key)) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.entries.delete(key);
        this.changed.fire(folder);
      }, delayMs),
    );
  }

  /** One watcher, made on the first analysis: files changed on disk (a git checkout, a generator). */
  private watch(): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*.{tf,tfvars,tfvars.json}');
    const on = (uri: vscode.Uri): void => {
      this.folderChanged(uri, 300);
    };
    this.disposables.push(
      this.watcher,
      this.watcher.onDidChange(on),
      this.watcher.onDidCreate(on),
      this.watcher.onDidDelete(on),
    );
  }

  /** The engine part, then the parser it loads (web-tree-sitter and its WebAssembly); a failure is retried next time. */
  private loadParser(): Promise<{ engine: TerraformEngine; parser: HclParser }> {
    if (!this.parser) {
      const started = performance.now();
      this.parser = (async () => {
        const engine = await loadPart('the Terraform checks', () => import('./engine.js'));
        return { engine, parser: await engine.loadHclParser({ wasmDir: this.deps.wasmDir }) };
      })().then(
        (p) => {
          this.parserLoadMs = performance.now() - started;
          this.deps.logger.info(`Terraform: the HCL parser loaded in ${this.parserLoadMs.toFixed(0)} ms`);
          return p;
        },
        (e: unknown) => {
          this.parser = undefined;
          throw e;
        },
      );
    }
    return this.parser;
  }

  private async compute(folderUri: vscode.Uri): Promise<ModuleAnalysis> {
    const started = performance.now();
    // The engine first (loaded once): it says which variable files Terraform reads by itself.
    const { engine, parser } = await this.loadParser();
    const folder = await readModuleFolder(folderUri, (name) => engine.varFileRank(name).kind === 'auto');
    const { tf, vars } = worthParsing(folder);
    const module = engine.analyseModule(parser, tf, vars);
    // A module that writes none of the four is not ours to judge: its syntax errors are the
    // Terraform extension's to show, not a SCIM JWT problem.
    const findings = module.settings.length === 0 ? [] : engine.moduleFindings(module);
    this.deps.logger.debug(
      `Terraform: ${vscode.workspace.asRelativePath(folderUri)}: ${tf.length} of ${folder.tf.length} .tf and ${vars.length} variable file(s) parsed, ${module.settings.length} SCIM JWT setting(s), ${findings.length} finding(s) in ${(performance.now() - started).toFixed(0)} ms`,
    );
    const analysis: ModuleAnalysis = { engine, folder, module, findings, online: Promise.resolve({}) };
    analysis.online = this.online(engine, module).then((r) => {
      analysis.settled = r;
      return r;
    });
    return analysis;
  }

  private async online(engine: TerraformEngine, module: TfModule): Promise<OnlineResult> {
    if (module.settings.length === 0) return {};
    const checks = new Map<TfSetting, OnlineCheck>();
    if (!vscode.workspace.isTrusted) {
      // No key-set loader and no Harness port: the core can only judge what the file says.
      await Promise.all(
        module.settings.map(async (s) => {
          checks.set(s, await this.check(engine, s, module, {}, 'untrusted'));
        }),
      );
      return { checks, notFetched: 'the workspace is not trusted' };
    }
    // The online stage never fails as a whole: a lens or hover waiting on it would show nothing.
    const connection = await this.deps.connections.get().catch((e: unknown) => {
      this.deps.logger.warn(
        `Terraform: the connection could not be read: ${redact(e instanceof Error ? e.message : String(e))}`,
      );
      return undefined;
    });
    const deps: OnlineDeps = {
      keySets: this.deps.jwksCache,
      ...(connection && { harness: harnessSetupPort(connection.client) }),
    };
    const [, account] = await Promise.all([
      Promise.all(
        module.settings.map(async (s) => {
          checks.set(s, await this.check(engine, s, module, deps, connection ? 'connected' : 'trusted'));
        }),
      ),
      this.deps.account.values(),
    ]);
    const drift: OnlineResult['drift'] =
      account === undefined
        ? undefined
        : account.kind === 'read'
          ? { accountLabel: account.accountLabel, drifts: engine.driftOf(module, account.current) }
          : { unavailable: account.reason };
    return { checks, ...(drift && { drift }) };
  }

  /** One setting's online check, memoised on what it depends on: its value and the module's service accounts. */
  private check(
    engine: TerraformEngine,
    setting: TfSetting,
    module: TfModule,
    deps: OnlineDeps,
    mode: string,
  ): Promise<OnlineCheck> {
    const key = JSON.stringify([
      setting.field,
      strip(setting.value),
      mode,
      setting.field === 'serviceAccountId' ? module.serviceAccounts.map((a) => [a.address, strip(a.identifier)]) : [],
    ]);
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    const promise = engine.checkSettingOnline(setting, module, deps).then(
      (check): OnlineCheck => ({ kind: 'done', check }),
      (e: unknown): OnlineCheck => {
        this.memo.delete(key);
        const message = redact(e instanceof Error ? e.message : String(e));
        this.deps.logger.warn(`Terraform: checking ${setting.address} failed: ${message}`);
        return { kind: 'failed', message };
      },
    );
    this.memo.set(key, promise);
    return promise;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
    this.memo.clear();
  }
}

/** The resource type of a setting (the core's own constant is in the engine part, loaded later). */
export const SETTING_RESOURCE = 'harness_platform_setting';
/** `harness_platform_service_account` and the block types values are resolved through. */
const USED_WORDS = [SETTING_RESOURCE, 'harness_platform_service_account', 'variable', 'locals'];

/**
 * The files the analysis can use, found without parsing (the parse is what costs: about 12 ms per
 * 1,000 lines, on the extension host's thread, again after each pause in typing). A value is
 * resolved only through `harness_platform_setting` and `harness_platform_service_account`
 * resources, `variable` blocks and `locals`: a file that names none of them (generated resources,
 * providers, outputs) changes nothing. A folder without a `harness_platform_setting` is not a SCIM
 * JWT module: nothing of it is parsed.
 */
export function worthParsing(folder: Pick<ModuleFolder, 'tf' | 'vars'>): Pick<ModuleFolder, 'tf' | 'vars'> {
  if (!folder.tf.some((f) => f.text.includes(SETTING_RESOURCE))) return { tf: [], vars: [] };
  return { tf: folder.tf.filter((f) => USED_WORDS.some((w) => f.text.includes(w))), vars: folder.vars };
}

function openStamp(folder: vscode.Uri): string {
  return vscode.workspace.textDocuments
    .filter((d) => isModuleInput(d.uri) && folderOf(d.uri).toString() === folder.toString())
    .map((d) => `${d.uri.toString()}@${d.version}`)
    .sort()
    .join('\n');
}

/** A value without its origin (positions change as the user types; the check does not). */
function strip(value: TfSetting['value'] | undefined): unknown {
  if (value === undefined) return null;
  const { origin: _origin, ...rest } = value;
  return rest;
}
