/**
 * What the setup form does with each message, with no VS Code in sight: the panel owns the webview
 * and the VS Code calls; this owns the flow (checks, preview, confirm, send, read back). Answers go
 * out through `post`; Harness failures become `FailureReport`s in the form, never exceptions.
 */
import type { HarnessClient } from '../../core/harness';
import { suggestSettings, suggestionView } from '../../core/idp';
import type { JwksCache } from '../../core/jwt';
import type { Logger } from '../../core/log';
import { redact } from '../../core/redact';
import {
  EMPTY_SETTINGS,
  UNSET_SETTINGS,
  SetupService,
  buildCurl,
  buildHttpFile,
  buildScimTestHttp,
  buildTerraform,
  buildUpdateBody,
  bodyJson,
  checkJwksUrl,
  checkJwksUrlFormat,
  checkKeyField,
  checkServiceAccount,
  checkServiceAccountFormat,
  checkValue,
  describeFailure,
  diffRestore,
  diffSettings,
  harnessSetupPort,
  overwrittenRows,
  prefillFrom,
  tryToken,
  TERRAFORM_API_KEY_VARIABLE,
  type CurrentSettings,
  type ExportTarget,
  type FieldCheck,
  type ScimJwtSettings,
  type SetupHarnessPort,
  type TerraformExisting,
} from '../../core/setup';
import { assertNever, type FromWebview, type ToWebview } from './protocol';

export interface SetupConnection {
  client: HarnessClient;
  accountId: string;
  baseUrl: string;
}

/** What the setup feature's register wires in: the shared services the form needs. */
export interface SetupFormDeps {
  logger: Logger;
  /** The connected account, or undefined when signed out (the form then offers "Connect"). */
  getConnection(): Promise<SetupConnection | undefined>;
  /** The product's one JWKS cache (the same the lenses use). */
  jwksCache: JwksCache;
  /** Opens an untitled `.http` document with this content. */
  openHttpScratch(content: string): Promise<void>;
  /** Hands over to the sidebar's "create service account" flow. */
  createServiceAccount(): Promise<void>;
  /** The sidebar's connect flow. */
  connect(): Promise<void>;
  /** Fires when the connection is rebuilt (account switched, key or proxy changed): the old client is closed. */
  onDidChangeConnection(listener: () => void): { dispose(): void };
  /**
   * Told after every PUT that reached Harness, so the sidebar and the .http verdicts reload the
   * settings; `configured` when an update was saved whole and read back as sent.
   */
  settingsChanged(configured: boolean): void;
}

/** VS Code calls the panel performs for the controller. */
export interface SetupUi {
  post(message: ToWebview): void;
  copyText(text: string): Promise<void>;
  /** Asks where to save and writes; false when the user cancelled. */
  saveFile(suggestedName: string, content: string): Promise<boolean>;
  /** Whether the workspace is trusted: only then may "Fill from a token" fetch anything. */
  workspaceTrusted(): boolean;
  /** A quick pick over the open .http files' tokens; the token stays in the host. */
  pickToken(): Promise<PickedToken>;
  /** The hosts the user allowed discovery to reach although not public https (a user setting); none when absent. */
  discoveryHosts?(): readonly string[];
}

export type PickedToken =
  | { kind: 'picked'; token: string; source: string }
  /** Nothing to pick from, with the reason the form shows. */
  | { kind: 'unavailable'; message: string }
  | { kind: 'cancelled' };

const PLACEHOLDER_TARGET: ExportTarget = { baseUrl: 'https://app.harness.io/gateway', accountId: '<your-account-id>' };

export class SetupController {
  private current: CurrentSettings | null = null;
  private connection: SetupConnection | undefined;
  /** Whether the form has been shown an account (the first `init`); a write before it is not a switch. */
  private initialised = false;
  /** Service-account lookups by id: one Harness round trip per id, not per keystroke. */
  private readonly saChecks = new Map<string, Promise<FieldCheck>>();
  private lastForm: ScimJwtSettings | undefined;
  /** The last send's outcome, shown again when a hidden form comes back (its webview was rebuilt). */
  private lastOutcome: Extract<ToWebview, { type: 'sendResult' }> | undefined;
  /** Counts "Fill from a token" requests: an answer for an older token never replaces a newer one. */
  private fillSeq = 0;
  /** The Terraform preview's checkbox (off: the settings only). */
  private terraformWithServiceAccount = false;
  /** What Harness holds for the Terraform export's import blocks, per service account id: read once, not per keystroke. */
  private readonly terraformReads = new Map<string, Promise<TerraformExisting | undefined>>();
  private readonly terraformKnown = new Map<string, TerraformExisting>();

  constructor(
    private readonly deps: SetupFormDeps,
    private readonly ui: SetupUi,
    /** Form values restored after a reload (serializer), if any. */
    private restoredForm: ScimJwtSettings | undefined,
    /** A service account id to preselect (the sidebar's "Use for SCIM JWT"). */
    private readonly preselect: string | undefined,
    private readonly portFor: (client: HarnessClient) => SetupHarnessPort = harnessSetupPort,
  ) {}

  async handle(msg: FromWebview): Promise<void> {
    switch (msg.type) {
      case 'ready':
        // A new webview starts with the Terraform checkbox off.
        this.terraformWithServiceAccount = false;
        await this.init(msg.form ?? this.restoredForm);
        if (this.lastOutcome) this.ui.post(this.lastOutcome);
        return;
      case 'formChanged':
        return this.formChanged(msg.form);
      case 'recheck':
        if (msg.field === 'jwksUrl') this.deps.jwksCache.reload(msg.form.jwksUrl.trim());
        if (msg.field === 'serviceAccountId') this.saChecks.clear();
        return this.formChanged(msg.form);
      case 'tryToken':
        return this.tryToken(msg.token, msg.form);
      case 'fillFromToken':
        return this.fillFromToken(msg.token, 'pasted');
      case 'pickTokenToFill':
        return this.pickTokenToFill();
      case 'send':
        return this.send(msg.form, msg.confirmed);
      case 'restore':
        return this.restore(msg.confirmed);
      case 'copyCurl':
        await this.ui.copyText(buildCurl(this.target(), buildUpdateBody(msg.form)));
        this.ui.post({
          type: 'notice',
          level: 'info',
          message: 'Copied the curl command. It reads the API key from $HARNESS_API_KEY.',
        });
        return;
      case 'terraformOptions':
        this.terraformWithServiceAccount = msg.withServiceAccount;
        this.lastForm = msg.form;
        this.preview(msg.form);
        return;
      case 'copyTerraform': {
        const existing = msg.withServiceAccount
          ? await this.terraformRead(msg.form.serviceAccountId.trim())
          : undefined;
        await this.ui.copyText(this.terraform(msg.form, msg.withServiceAccount, existing));
        this.ui.post({
          type: 'notice',
          level: 'info',
          message: `Copied the Terraform module. Apply it with HARNESS_ACCOUNT_ID and ${TERRAFORM_API_KEY_VARIABLE} set.`,
        });
        return;
      }
      case 'saveHttp': {
        const text = buildHttpFile(
          this.target(),
          buildUpdateBody(msg.form),
          'Enable SCIM JWT authentication (Harness Setting API)',
        );
        if (await this.ui.saveFile('scim-jwt-settings.http', text))
          this.ui.post({
            type: 'notice',
            level: 'info',
            message: 'Saved the request as an .http file (the key is the {{harnessApiKey}} variable).',
          });
        return;
      }
      case 'testWithToken':
        return this.deps.openHttpScratch(buildScimTestHttp(this.target()));
      case 'createServiceAccount':
        await this.deps.createServiceAccount();
        this.saChecks.clear();
        this.forgetTerraformReads();
        await this.postServiceAccounts();
        if (this.lastForm) await this.formChanged(this.lastForm);
        return;
      case 'connect':
        await this.deps.connect();
        return this.init(this.lastForm);
      case 'refresh':
        return this.refresh();
      default:
        return assertNever(msg);
    }
  }

  /**
   * The connection changed (another account, a new key, a proxy setting): the client the form held
   * is closed. Re-read everything against the new one when it is a different account or none.
   */
  async connectionChanged(): Promise<void> {
    const next = await this.deps.getConnection();
    if (sameAccount(next, this.connection)) {
      this.connection = next;
      return;
    }
    this.lastOutcome = undefined;
    await this.init(this.lastForm);
  }

  /** The sidebar asked to use this service account: keep the other values, re-check. */
  async selectServiceAccount(id: string): Promise<void> {
    await this.init({ ...(this.lastForm ?? this.restoredForm ?? EMPTY_SETTINGS), serviceAccountId: id });
  }

  private target(): ExportTarget {
    return this.connection
      ? { baseUrl: this.connection.baseUrl, accountId: this.connection.accountId }
      : PLACEHOLDER_TARGET;
  }

  private async connect(): Promise<SetupHarnessPort | undefined> {
    this.connection = await this.deps.getConnection();
    return this.connection ? this.portFor(this.connection.client) : undefined;
  }

  /**
   * The port for a write: today's client (a reconnect closes the old one), for the account the form
   * shows, with what Harness holds now known (the confirmation compares against it). Otherwise the
   * form is brought up to date instead, and nothing is sent.
   */
  private async portForWrite(): Promise<SetupHarnessPort | undefined> {
    const shown = this.connection;
    const port = await this.connect();
    if (!port) {
      this.notConnected();
      return undefined;
    }
    if (this.initialised && !sameAccount(this.connection, shown)) {
      await this.init(this.lastForm);
      this.ui.post({
        type: 'notice',
        level: 'error',
        message:
          'The connected account changed: the form now shows it. Nothing was sent; check the values and send again.',
      });
      return undefined;
    }
    if (this.current === null) {
      const read = await new SetupService(port, { logger: this.deps.logger }).readCurrent();
      if (!read.ok) {
        this.ui.post({ type: 'current', current: null, failure: read.failure });
        this.ui.post({
          type: 'notice',
          level: 'error',
          message: 'Nothing was sent: the current values could not be read, so overwriting them cannot be confirmed.',
        });
        return undefined;
      }
      this.current = read.current;
    }
    return port;
  }

  private async init(restored: ScimJwtSettings | undefined): Promise<void> {
    const port = await this.connect();
    this.initialised = true;
    this.saChecks.clear();
    this.forgetTerraformReads();
    let failure = null;
    this.current = null;
    if (port) {
      const read = await new SetupService(port, { logger: this.deps.logger }).readCurrent();
      if (read.ok) this.current = read.current;
      else failure = read.failure;
    }
    const base = restored ?? (this.current ? prefillFrom(this.current) : EMPTY_SETTINGS);
    const form =
      this.preselect !== undefined && restored === undefined ? { ...base, serviceAccountId: this.preselect } : base;
    this.restoredForm = undefined;
    const account = this.connection ? { accountId: this.connection.accountId, baseUrl: this.connection.baseUrl } : null;
    this.ui.post({ type: 'init', form, account, current: this.current, serviceAccounts: [], failure });
    await this.postServiceAccounts();
    await this.formChanged(form);
  }

  private async postServiceAccounts(): Promise<void> {
    const port = await this.connect();
    if (!port) return;
    try {
      const list = await port.listServiceAccounts();
      this.ui.post({
        type: 'serviceAccounts',
        serviceAccounts: list.map((s) => ({ identifier: s.identifier, name: s.name })),
      });
    } catch (e) {
      this.deps.logger.warn(
        `setup: listing service accounts failed: ${describeFailure('service-accounts', e).message}`,
      );
    }
  }

  private preview(form: ScimJwtSettings): void {
    const body = buildUpdateBody(form);
    const diff = diffSettings(this.current ?? { ...UNSET_SETTINGS }, form);
    const withSa = this.terraformWithServiceAccount;
    const id = form.serviceAccountId.trim();
    if (withSa && !this.terraformReads.has(id))
      // Shown at once without import blocks, then again once Harness has said what exists.
      void this.terraformRead(id).then(() => {
        if (this.lastForm?.serviceAccountId.trim() === id && this.terraformWithServiceAccount)
          this.preview(this.lastForm);
      });
    const terraform = this.terraform(form, withSa, withSa ? this.terraformKnown.get(id) : undefined);
    this.ui.post({
      type: 'preview',
      bodyJson: bodyJson(body),
      curl: buildCurl(this.target(), body),
      terraform,
      diff,
      form,
    });
  }

  /** The Terraform export, with the current settings as the form knows them and what was read for the service account. */
  private terraform(form: ScimJwtSettings, withServiceAccount: boolean, read?: TerraformExisting): string {
    const settings = this.current ? prefillFrom(this.current) : undefined;
    return buildTerraform({
      target: this.target(),
      settings: form,
      withServiceAccount,
      existing: { ...read, ...(settings && { settings }) },
    });
  }

  /** Reads once per service account id what the export imports (the account, the SCIM role, its assignment); nothing when unreadable. */
  private terraformRead(id: string): Promise<TerraformExisting | undefined> {
    let read = this.terraformReads.get(id);
    if (!read) {
      const port = this.connection && this.portFor(this.connection.client);
      read = (id && port?.readTerraformExisting ? port.readTerraformExisting(id) : Promise.resolve(undefined)).then(
        (found) => {
          if (found) this.terraformKnown.set(id, found);
          return found;
        },
        (e: unknown) => {
          this.deps.logger.warn(
            `setup: Terraform import read failed: ${describeFailure('service-account', e).message}`,
          );
          return undefined;
        },
      );
      this.terraformReads.set(id, read);
    }
    return read;
  }

  /** After anything that may create or change what the export imports. */
  private forgetTerraformReads(): void {
    this.terraformReads.clear();
    this.terraformKnown.clear();
  }

  /** Sync checks at once, then the two lookups as they finish (each message says which values it judged). */
  private async formChanged(form: ScimJwtSettings): Promise<void> {
    this.lastForm = form;
    this.preview(form);
    const now: FieldCheck[] = [checkKeyField(form.keyField), checkValue(form.value)];
    const url = checkJwksUrlFormat(form.jwksUrl);
    now.push(
      url.ok
        ? { field: 'jwksUrl', level: 'pending', message: 'Fetching the key set…', details: [], actions: [] }
        : url.check,
    );
    const sa = checkServiceAccountFormat(form.serviceAccountId);
    now.push(sa);
    this.ui.post({ type: 'checks', checks: now, form });
    const lookups: Promise<void>[] = [];
    if (url.ok)
      lookups.push(
        checkJwksUrl(form.jwksUrl, this.deps.jwksCache).then((c) => {
          this.ui.post({ type: 'checks', checks: [c], form });
        }),
      );
    if (sa.level !== 'error')
      lookups.push(
        this.serviceAccountCheck(form.serviceAccountId).then((c) => {
          this.ui.post({ type: 'checks', checks: [c], form });
        }),
      );
    await Promise.all(lookups);
  }

  private async serviceAccountCheck(id: string): Promise<FieldCheck> {
    const port = await this.connect();
    if (!port) {
      return {
        field: 'serviceAccountId',
        level: 'warning',
        message: 'Connect to Harness to check that this service account exists and may provision users.',
        details: [],
        actions: [],
      };
    }
    const key = id.trim();
    let check = this.saChecks.get(key);
    if (!check) {
      check = checkServiceAccount(key, (sid) => port.findServiceAccount(sid)).catch((e: unknown): FieldCheck => {
        this.saChecks.delete(key);
        const f = describeFailure('service-account', e);
        return {
          field: 'serviceAccountId',
          level: 'warning',
          message: `${f.title}: ${f.message}`,
          details: [f.whatToDo],
          actions: [],
        };
      });
      this.saChecks.set(key, check);
    }
    return check;
  }

  private async tryToken(token: string, form: ScimJwtSettings): Promise<void> {
    this.ui.post({ type: 'busy', operation: 'tryToken' });
    try {
      this.ui.post({ type: 'tokenTrial', trial: await tryToken(token, form, this.deps.jwksCache) });
    } catch (e) {
      this.ui.post({
        type: 'notice',
        level: 'error',
        message: `Could not judge the token: ${redact(e instanceof Error ? e.message : String(e))}`,
      });
    }
  }

  private async pickTokenToFill(): Promise<void> {
    const picked = await this.ui.pickToken();
    switch (picked.kind) {
      case 'picked':
        return this.fillFromToken(picked.token, picked.source);
      case 'unavailable':
        this.ui.post({ type: 'notice', level: 'info', message: picked.message });
        return;
      case 'cancelled':
        return;
      default:
        return assertNever(picked);
    }
  }

  /**
   * "Fill from a token": the proposal from the token alone first (no network, at once), then, in a
   * trusted workspace only, the one judged against the provider's key set. Nothing is written into
   * the form here: the webview shows the proposal and the user takes each value with a click.
   */
  private async fillFromToken(token: string, source: string): Promise<void> {
    const seq = ++this.fillSeq;
    if (token.trim() === '') {
      this.ui.post({
        type: 'notice',
        level: 'error',
        message: 'Paste a token first (the JWT your identity provider sends to Harness).',
      });
      return;
    }
    this.ui.post({ type: 'busy', operation: 'fillFromToken' });
    try {
      const trusted = this.ui.workspaceTrusted();
      const offline = suggestionView(await suggestSettings(token, { network: false, cache: this.deps.jwksCache }));
      if (seq !== this.fillSeq) return;
      this.ui.post({ type: 'fillProposal', proposal: offline, source, complete: !trusted });
      if (!trusted) return;
      const online = suggestionView(
        await suggestSettings(token, {
          network: true,
          cache: this.deps.jwksCache,
          targets: { allowHosts: this.ui.discoveryHosts?.() ?? [] },
          allowHow: 'the user setting scimJwt.discovery.allowedHosts',
        }),
      );
      if (seq !== this.fillSeq) return;
      this.ui.post({ type: 'fillProposal', proposal: online, source, complete: true });
    } catch (e) {
      const text = redact(e instanceof Error ? e.message : String(e));
      this.deps.logger.warn(`setup: fill from a token failed: ${text}`);
      this.ui.post({ type: 'notice', level: 'error', message: `Could not read the token: ${text}` });
    }
  }

  private notConnected(): void {
    this.ui.post({
      type: 'sendResult',
      outcome: {
        kind: 'failed',
        operation: 'update',
        failure: {
          title: 'Not connected',
          message: 'No Harness account is connected.',
          whatToDo: 'Connect to Harness; the form keeps your values.',
          missingPermissions: [],
          reconnect: true,
        },
      },
    });
  }

  private async send(form: ScimJwtSettings, confirmed: boolean): Promise<void> {
    this.lastForm = form;
    const url = checkJwksUrlFormat(form.jwksUrl);
    const blocking = [
      ...(url.ok ? [] : [url.check]),
      checkKeyField(form.keyField),
      checkValue(form.value),
      checkServiceAccountFormat(form.serviceAccountId),
    ].filter((c) => c.level === 'error');
    if (blocking.length > 0) {
      this.ui.post({ type: 'checks', checks: blocking, form });
      this.ui.post({
        type: 'notice',
        level: 'error',
        message: `Fix ${blocking.length === 1 ? 'this field' : `these ${blocking.length} fields`} before sending: ${blocking.map((c) => c.field).join(', ')}.`,
      });
      return;
    }
    const port = await this.portForWrite();
    if (!port) return;
    const overwrites = overwrittenRows(diffSettings(this.current ?? { ...UNSET_SETTINGS }, form));
    if (overwrites.length > 0 && !confirmed) {
      this.ui.post({ type: 'confirmNeeded', operation: 'update', rows: overwrites });
      return;
    }
    await this.run('update', form, port);
  }

  private async restore(confirmed: boolean): Promise<void> {
    const port = await this.portForWrite();
    if (!port) return;
    if (!confirmed) {
      this.ui.post({
        type: 'confirmNeeded',
        operation: 'restore',
        rows: diffRestore(this.current ?? { ...UNSET_SETTINGS }),
      });
      return;
    }
    await this.run('restore', this.lastForm ?? EMPTY_SETTINGS, port);
  }

  private async run(operation: 'update' | 'restore', form: ScimJwtSettings, port: SetupHarnessPort): Promise<void> {
    this.ui.post({ type: 'busy', operation });
    const outcome = await new SetupService(port, { logger: this.deps.logger }).send(operation, form);
    if (outcome.kind === 'sent' && outcome.readBack) {
      // What Harness holds now (the read-back), so the next diff and confirmation are right.
      const now: CurrentSettings = { ...UNSET_SETTINGS };
      for (const row of outcome.readBack.rows) now[row.field] = row.actual;
      this.current = now;
    }
    if (outcome.kind === 'sent') this.deps.settingsChanged(operation === 'update' && outcome.effectiveAt !== undefined);
    this.lastOutcome = { type: 'sendResult', outcome };
    this.ui.post(this.lastOutcome);
    this.ui.post({ type: 'current', current: this.current, failure: null });
    if (this.lastForm) this.preview(this.lastForm);
  }

  private async refresh(): Promise<void> {
    const port = await this.connect();
    if (!port) {
      this.ui.post({ type: 'current', current: null, failure: null });
      return;
    }
    this.ui.post({ type: 'busy', operation: 'refresh' });
    this.forgetTerraformReads();
    const read = await new SetupService(port, { logger: this.deps.logger }).readCurrent();
    if (read.ok) this.current = read.current;
    this.ui.post({
      type: 'current',
      current: read.ok ? read.current : this.current,
      failure: read.ok ? null : read.failure,
    });
    if (this.lastForm) this.preview(this.lastForm);
  }
}

function sameAccount(a: SetupConnection | undefined, b: SetupConnection | undefined): boolean {
  return a?.accountId === b?.accountId && a?.baseUrl === b?.baseUrl;
}
