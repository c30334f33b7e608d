/** Every id the extension shares with package.json: commands, views, settings, context keys. */

export const EXTENSION_ID = 'harness-scim-jwt.harness-scim-jwt';

export const Commands = {
  showLog: 'scimJwt.log.show',
  refresh: 'scimJwt.view.refresh',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'scimJwt',
  explorer: 'scimJwt.explorer',
} as const;

export const ContextKeys = {
  connected: 'scimJwt.connected',
  connectionState: 'scimJwt.connectionState',
} as const;

export const ConfigSection = 'scimJwt';
