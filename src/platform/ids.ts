/**
 * Every id the extension shares with package.json, in one place: commands, views, context keys,
 * settings, document schemes. A feature imports its ids from here; none declares its own.
 */

export const EXTENSION_ID = 'harness-scim-jwt.harness-scim-jwt';

export const Commands = {
  showLog: 'scimJwt.log.show',
  refresh: 'scimJwt.view.refresh',
  connect: 'scimJwt.account.connect',
  signOut: 'scimJwt.account.signOut',
  switchAccount: 'scimJwt.account.switch',
  copyIdentifier: 'scimJwt.item.copyIdentifier',
  copyValue: 'scimJwt.item.copyValue',
  openInHarness: 'scimJwt.item.openInHarness',
  restoreSetting: 'scimJwt.setting.restore',
  createServiceAccount: 'scimJwt.serviceAccount.createForScim',
  useForScim: 'scimJwt.serviceAccount.useForScim',
  openSetup: 'scimJwt.setup.open',
  disableJwt: 'scimJwt.setup.disable',
  showTokenReport: 'scimJwt.token.showReport',
  testTokenAgainstHarness: 'scimJwt.token.testAgainstHarness',
  fetchAndCheckToken: 'scimJwt.token.fetchAndCheck',
  runDoctor: 'scimJwt.doctor.run',
  refreshKeySet: 'scimJwt.keySet.refresh',
  rehearse: 'scimJwt.rehearsal.run',
  recheckTerraform: 'scimJwt.terraform.recheck',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'scimJwt',
  explorer: 'scimJwt.explorer',
} as const;

export const ContextKeys = {
  connected: 'scimJwt.connected',
  connectionState: 'scimJwt.connectionState',
  /** An account is saved and active, whatever Harness last said of its key (Sign Out, Switch). */
  hasAccount: 'scimJwt.hasAccount',
} as const;

/** The walkthrough's steps complete on these: each is set once its condition is seen to hold. */
export const WalkthroughKeys = {
  serviceAccountReady: 'scimJwt.walkthrough.serviceAccountReady',
  jwtConfigured: 'scimJwt.walkthrough.jwtConfigured',
  tokenAccepted: 'scimJwt.walkthrough.tokenAccepted',
} as const;

/** The section of every `scimJwt.*` setting; the keys below it are read in platform/config.ts. */
export const ConfigSection = 'scimJwt';

export const AUTH_PROVIDER_ID = 'harness-scim-jwt';

/** Read-only virtual documents (served from memory, never written to disk). */
export const DocumentSchemes = {
  tokenReport: 'scim-jwt-report',
  doctorReport: 'scim-jwt-doctor',
  rehearsalReport: 'scim-jwt-rehearsal',
} as const;

/** REST Client and httpYac both claim the `http` language (for .http and .rest); we co-exist with them on any scheme. */
export const HTTP_SELECTOR = { language: 'http' } as const;

/**
 * Terraform files on disk, whatever language id they have: HashiCorp's extension names them
 * `terraform`, and without it our own `languages` contribution does (package.json), but a user's
 * `files.associations` may say otherwise. Only `file` documents: the checks read the file's folder.
 */
export const TERRAFORM_SELECTOR = [{ scheme: 'file', pattern: '**/*.tf' }] as const;

/** The diagnostic collection of the `.tf` checks (the .http one is `ConfigSection`'s). */
export const TERRAFORM_DIAGNOSTICS = 'scimJwt.terraform';

/** The `source` of every diagnostic the extension publishes. */
export const DIAGNOSTIC_SOURCE = 'Harness SCIM JWT';

/** Webview panel types (package.json's `onWebviewPanel:` activation event names them too). */
export const WebviewTypes = {
  setup: 'scimJwt.setup',
} as const;

/** The status bar item's id (VS Code keeps its visibility per id). */
export const StatusBarIds = {
  account: 'scimJwt.account',
} as const;

/**
 * Keys of what the extension stores: globalState (saved accounts, the active one, the rehearsal's
 * leftovers) and SecretStorage (one API key per account, under the prefix).
 */
export const StorageKeys = {
  accounts: 'scimJwt.accounts',
  activeAccount: 'scimJwt.activeAccount',
  apiKeyPrefix: 'scimJwt.apiKey.',
  rehearsalLeftovers: 'scimJwt.rehearsal.leftovers',
} as const;
