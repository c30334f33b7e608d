/**
 * The Setting API (docs/harness-contract.md, "Setting API"): list by category, get one, and the batch PUT whose items
 * succeed or fail one by one while the HTTP answer stays 200. Values are resolved project → org →
 * account → default, as SettingsServiceImpl does.
 */
import { authenticateNg } from './tokenService';
import {
  findSettingDefinition,
  SETTING_CATEGORIES,
  SETTING_DEFINITIONS,
  type ScopeLevel,
  type SettingDefinition,
} from './catalog';
import type { EmulatorCore } from './core';
import {
  errorDto,
  isRecord,
  jsonBody,
  optionalQuery,
  requiredQuery,
  responseDto,
  type Reply,
  type RequestContext,
  type Route,
} from './http';
import type { SettingRow } from './model';
import { ACCOUNT_SCOPE, requirePermission, scopeOf, type Scope } from './rbac';

function scopeLevel(scope: Scope): ScopeLevel {
  if (scope.projectIdentifier !== null) return 'PROJECT';
  return scope.orgIdentifier !== null ? 'ORGANIZATION' : 'ACCOUNT';
}

/** This scope first, then its parents up to the account. */
function scopeChain(scope: Scope): Scope[] {
  const chain: Scope[] = [scope];
  if (scope.projectIdentifier !== null) chain.push({ orgIdentifier: scope.orgIdentifier, projectIdentifier: null });
  if (scope.orgIdentifier !== null) chain.push(ACCOUNT_SCOPE);
  return chain;
}

function rowAt(core: EmulatorCore, identifier: string, scope: Scope): SettingRow | undefined {
  return core.state.settings.find(
    (r) =>
      r.identifier === identifier &&
      r.orgIdentifier === scope.orgIdentifier &&
      r.projectIdentifier === scope.projectIdentifier,
  );
}

const SOURCE_OF: Record<ScopeLevel, string> = { ACCOUNT: 'ACCOUNT', ORGANIZATION: 'ORG', PROJECT: 'PROJECT' };

export interface ResolvedSetting {
  setting: Record<string, unknown>;
  value: string | null;
  lastModifiedAt: number | null;
}

export function resolveSetting(core: EmulatorCore, def: SettingDefinition, scope: Scope): ResolvedSetting {
  const chain = scopeChain(scope);
  let found: { row: SettingRow; level: ScopeLevel } | undefined;
  for (const s of chain) {
    const row = rowAt(core, def.identifier, s);
    if (row) {
      found = { row, level: scopeLevel(s) };
      break;
    }
  }
  const parentLocks = chain.slice(1).some((s) => rowAt(core, def.identifier, s)?.allowOverrides === false);
  const defaultValue = def.planDefaults?.[core.profile.plan] ?? def.defaultValue;
  const value = found ? found.row.value : defaultValue;
  return {
    value,
    lastModifiedAt: found ? found.row.lastModifiedAt : null,
    setting: {
      identifier: def.identifier,
      name: def.name,
      orgIdentifier: scope.orgIdentifier,
      projectIdentifier: scope.projectIdentifier,
      category: def.category,
      groupIdentifier: def.groupIdentifier,
      valueType: def.valueType,
      allowedValues: def.allowedValues,
      allowOverrides: found ? found.row.allowOverrides : def.allowOverrides,
      value,
      defaultValue,
      settingSource: found ? SOURCE_OF[found.level] : 'DEFAULT',
      isSettingEditable: !parentLocks,
      allowedScopes: def.allowedScopes,
    },
  };
}

function notApplicable(identifier: string, scope: Scope): string {
  return `Setting [${identifier}] is either invalid or is not applicable in scope [${scopeLevel(scope)}]`;
}

function applicableDefinition(identifier: string, scope: Scope): SettingDefinition | undefined {
  const def = findSettingDefinition(identifier);
  return def?.allowedScopes.includes(scopeLevel(scope)) ? def : undefined;
}

/** SettingUtils.validate: type parsing and allowed values only; Strings (all four SCIM settings) accept anything. */
function valueProblem(def: SettingDefinition, value: string | null): string | undefined {
  if (value === null) return undefined;
  if (def.valueType === 'Boolean' && value !== 'true' && value !== 'false')
    return `Only boolean values are allowed. Received input [${value}]`;
  if (def.valueType === 'Number' && (value.trim() === '' || Number.isNaN(Number(value))))
    return `Only numeric values are allowed. Received input [${value}]`;
  if (def.allowedValues && !def.allowedValues.includes(value))
    return `Setting value [${value}] is not one of the allowed values ${JSON.stringify(def.allowedValues)}`;
  return undefined;
}

/** What SettingsService.list returns for the four SCIM settings at account scope (read by the JWT flow). */
export function scimJwtSettingValues(core: EmulatorCore): Map<string, string | null> {
  const values = new Map<string, string | null>();
  for (const def of SETTING_DEFINITIONS.filter((d) => d.groupIdentifier === 'scim_jwt_token_configuration_g1')) {
    values.set(def.identifier, resolveSetting(core, def, ACCOUNT_SCOPE).value);
  }
  return values;
}

async function list(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const category = requiredQuery(ctx, 'category');
  if (!SETTING_CATEGORIES.includes(category))
    throw errorDto(
      ctx,
      'INVALID_REQUEST',
      `Invalid request: category [${category}] is not one of ${SETTING_CATEGORIES.join(', ')}`,
    );
  const group = optionalQuery(ctx, 'group');
  const scope = scopeOf(ctx);
  requirePermission(core, ctx, principal, 'core_account_view', ACCOUNT_SCOPE);
  const data = SETTING_DEFINITIONS.filter(
    (d) =>
      d.category === category &&
      (group === null || d.groupIdentifier === group) &&
      d.allowedScopes.includes(scopeLevel(scope)),
  ).map((d) => {
    const r = resolveSetting(core, d, scope);
    return { setting: r.setting, lastModifiedAt: r.lastModifiedAt };
  });
  return responseDto(ctx, data);
}

async function getOne(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const identifier = ctx.params[0] ?? '';
  const scope = scopeOf(ctx);
  requirePermission(core, ctx, principal, 'core_account_view', ACCOUNT_SCOPE);
  const def = applicableDefinition(identifier, scope);
  // EntityNotFoundException → ENTITY_NOT_FOUND, HTTP 404 (HC 120-ng-manager/modules/ng-settings/src/main/java/io/harness/ngsettings/services/impl/SettingsServiceImpl.java:200-205,415-426; 980-commons/src/main/java/io/harness/eraro/ErrorCode.java:627).
  if (!def) throw errorDto(ctx, 'ENTITY_NOT_FOUND', notApplicable(identifier, scope));
  return responseDto(ctx, { valueType: def.valueType, value: resolveSetting(core, def, scope).value });
}

interface ItemResult {
  identifier: string;
  setting: Record<string, unknown> | null;
  lastModifiedAt: number | null;
  updateStatus: boolean;
  errorMessage: string | null;
}

const LEVEL_ORDER: readonly ScopeLevel[] = ['ACCOUNT', 'ORGANIZATION', 'PROJECT'];

/**
 * checkOverridesAreAllowedInParentScope, which runs before anything else for each item (HC
 * 120-ng-manager/modules/ng-settings/src/main/java/io/harness/ngsettings/services/impl/SettingsServiceImpl.java:147,165-198):
 * the nearest parent row decides; without one, the definition's own allowOverrides does unless this
 * is the setting's highest scope. So a SCIM setting sent at org scope fails as "cannot be overridden".
 */
function overrideRefusal(core: EmulatorCore, identifier: string, scope: Scope): string | undefined {
  if (scopeLevel(scope) === 'ACCOUNT') return undefined;
  const cannot = `Setting- ${identifier} cannot be overridden at the current scope`;
  for (const parent of scopeChain(scope).slice(1)) {
    const row = rowAt(core, identifier, parent);
    if (row) return row.allowOverrides ? undefined : cannot;
  }
  const def = findSettingDefinition(identifier);
  if (!def) return `Setting- ${identifier} does not exist`;
  const highest = LEVEL_ORDER.find((l) => def.allowedScopes.includes(l));
  if (highest === scopeLevel(scope)) return undefined;
  return def.allowOverrides ? undefined : cannot;
}

function updateItem(core: EmulatorCore, item: unknown, scope: Scope): ItemResult {
  const identifier = isRecord(item) && typeof item.identifier === 'string' ? item.identifier : 'null';
  const fail = (errorMessage: string): ItemResult => ({
    identifier,
    setting: null,
    lastModifiedAt: null,
    updateStatus: false,
    errorMessage,
  });
  const injected = core.settingItemFailures.get(identifier);
  if (injected !== undefined) {
    core.settingItemFailures.delete(identifier);
    return fail(injected);
  }
  const locked = overrideRefusal(core, identifier, scope);
  if (locked !== undefined) return fail(locked);
  const def = applicableDefinition(identifier, scope);
  if (!isRecord(item) || !def) return fail(notApplicable(identifier, scope));
  const updateType = item.updateType;
  if (updateType !== 'UPDATE' && updateType !== 'RESTORE') return fail('updateType must be UPDATE or RESTORE');
  const existing = rowAt(core, identifier, scope);
  if (updateType === 'RESTORE') {
    if (existing) core.state.settings.splice(core.state.settings.indexOf(existing), 1);
  } else {
    const value = typeof item.value === 'string' ? item.value : null;
    const problem = valueProblem(def, value);
    if (problem !== undefined) return fail(problem);
    const allowOverrides = typeof item.allowOverrides === 'boolean' ? item.allowOverrides : def.allowOverrides;
    const row: SettingRow = {
      identifier,
      orgIdentifier: scope.orgIdentifier,
      projectIdentifier: scope.projectIdentifier,
      value,
      allowOverrides,
      lastModifiedAt: core.now(),
    };
    if (existing) Object.assign(existing, row);
    else core.state.settings.push(row);
    if (!allowOverrides) {
      // Overrides below this scope stop counting; Harness deletes them.
      core.state.settings = core.state.settings.filter(
        (r) => r.identifier !== identifier || r === existing || r === row || !isBelow(r, scope),
      );
    }
  }
  const resolved = resolveSetting(core, def, scope);
  return {
    identifier,
    setting: resolved.setting,
    lastModifiedAt: resolved.lastModifiedAt,
    updateStatus: true,
    errorMessage: null,
  };
}

function isBelow(row: SettingRow, scope: Scope): boolean {
  if (scope.orgIdentifier === null) return row.orgIdentifier !== null;
  if (scope.projectIdentifier === null)
    return row.orgIdentifier === scope.orgIdentifier && row.projectIdentifier !== null;
  return false;
}

async function update(core: EmulatorCore, ctx: RequestContext): Promise<Reply> {
  const principal = await authenticateNg(core, ctx);
  requiredQuery(ctx, 'accountIdentifier');
  const scope = scopeOf(ctx);
  const body = jsonBody(ctx);
  if (!Array.isArray(body))
    throw errorDto(ctx, 'INVALID_REQUEST', 'Invalid request: the body must be a JSON array of SettingRequestDTO');
  requirePermission(core, ctx, principal, 'core_setting_edit', scope);
  const results = body.map((item) => updateItem(core, item, scope));
  if (results.some((r) => r.updateStatus)) core.persist();
  return responseDto(ctx, results);
}

export function settingRoutes(core: EmulatorCore): Route[] {
  return [
    { method: 'GET', pattern: /^\/ng\/api\/settings$/, handle: (ctx) => list(core, ctx) },
    { method: 'PUT', pattern: /^\/ng\/api\/settings$/, handle: (ctx) => update(core, ctx) },
    { method: 'GET', pattern: /^\/ng\/api\/settings\/([^/]+)$/, handle: (ctx) => getOne(core, ctx) },
  ];
}
