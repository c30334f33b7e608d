/** A Harness emulator account and an IdP wired the way a real SCIM JWT setup is, with knobs to break each link. */
import { JwksCache } from '../../../src/core/jwt';
import { runDoctor, type DoctorReport, type DoctorStep, type StepId } from '../../../src/core/doctor';
import { startEmulator, type Emulator } from '../../sandbox/emulator';
import type { Idp } from '../../sandbox/idp';
import { type TestHarnessClient, harnessClient, testHttp } from '../testHttp';

export const SCIM_PERMISSIONS = [
  'core_user_view',
  'core_user_manage',
  'core_user_invite',
  'core_usergroup_view',
  'core_usergroup_manage',
];
/** The claim the IdP puts in every token and the settings match. */
export const CLAIM = { key: 'scim_tenant', value: 'acme-scim' };
/** How far the emulator's clock is moved so the settings are older than Harness's 120 s cache. */
export const AGE_MS = 130_000;

export interface Account {
  emu: Emulator;
  client: TestHarnessClient;
  cache: JwksCache;
  now: () => Date;
  close(): Promise<void>;
}

export async function putSettings(emu: Emulator, values: Record<string, string>): Promise<void> {
  const body = Object.entries(values).map(([identifier, value]) => ({
    identifier,
    value,
    allowOverrides: false,
    updateType: 'UPDATE',
  }));
  const res = await fetch(`${emu.baseUrl}/ng/api/settings?accountIdentifier=${emu.accountId}`, {
    method: 'PUT',
    headers: { 'x-api-key': emu.adminKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`PUT settings: ${res.status}`);
}

export function settingsFor(
  idp: Idp,
  over: Partial<Record<'jwks' | 'key' | 'value' | 'sa', string>> = {},
): Record<string, string> {
  return {
    scim_jwt_token_jwks_keys_url: over.jwks ?? idp.jwksUri,
    scim_jwt_token_key_field: over.key ?? CLAIM.key,
    scim_jwt_token_value_field: over.value ?? CLAIM.value,
    scim_jwt_token_service_account_id: over.sa ?? 'scim_sa',
  };
}

/**
 * An emulator account. `settings` false leaves the four unset; otherwise they are written and
 * aged past 120 s (unless `fresh`). The service account `scim_sa` gets `permissions`.
 */
export async function account(
  idp: Idp,
  o: {
    settings?: Record<string, string> | false;
    permissions?: string[];
    fresh?: boolean;
    apiKey?: string;
    /** Harness's settings cache in the emulator (default 0: every SCIM call sees the settings at once). */
    settingsCacheMs?: number;
  } = {},
): Promise<Account> {
  const emu = await startEmulator({ settingsCacheMs: o.settingsCacheMs ?? 0 });
  emu.addApiKey({ kind: 'sat', principal: 'scim_sa', permissions: o.permissions ?? SCIM_PERMISSIONS });
  if (o.settings !== false) await putSettings(emu, o.settings ?? settingsFor(idp));
  let offset = 0;
  if (o.fresh !== true) {
    emu.advanceClock(AGE_MS);
    offset = AGE_MS;
  }
  const client = harnessClient({
    baseUrl: emu.baseUrl,
    apiKey: o.apiKey ?? emu.adminKey,
    retries: { maxAttempts: 1 },
  });
  const cache = new JwksCache({ timeoutMs: 2000, http: testHttp() });
  return {
    emu,
    client,
    cache,
    now: () => new Date(Date.now() + offset),
    close: async () => {
      await client.close();
      await cache.close();
      await emu.close();
    },
  };
}

export function run(a: Account, token?: string): Promise<DoctorReport> {
  return runDoctor({ client: a.client, jwksCache: a.cache, token, tokenSource: 'test', now: a.now });
}

export function step(r: DoctorReport, id: StepId): DoctorStep {
  const s = r.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

/** `id:status[:problem]` for every step, for one readable assertion. */
export function shape(r: DoctorReport): string[] {
  return r.steps.map((s) => `${s.id}:${s.status}${s.problem !== undefined ? `:${s.problem}` : ''}`);
}
