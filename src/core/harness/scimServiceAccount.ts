/**
 * "Create a service account for SCIM": the service account, a role holding exactly the five
 * SCIM permissions (reused when it already exists), and the assignment of that role on the
 * account-level resource group. Each step reports what it did; a failure names the steps that
 * were done, so nothing half-made is left unexplained, and running again reuses them.
 */
import type { HarnessClient } from './client';
import { HarnessApiError, isNotFound } from './errors';
import { SCIM_PERMISSIONS } from './permissions';

export const SCIM_ROLE_ID = 'scim_jwt_provisioner';
export const SCIM_RESOURCE_GROUP = '_all_account_level_resources';

export type ProvisionStepId = 'service-account' | 'role' | 'role-assignment';

export interface ProvisionStep {
  id: ProvisionStepId;
  status: 'created' | 'reused' | 'failed';
  message: string;
}

export interface ProvisionRequest {
  identifier: string;
  name: string;
  email: string;
}

export class ProvisionError extends Error {
  override readonly name = 'ProvisionError';
  constructor(message: string, readonly steps: readonly ProvisionStep[], override readonly cause: unknown) {
    super(message);
  }
}

/** A Harness identifier from a display name: letters, digits and _, not starting with a digit. */
export function identifierFromName(name: string): string {
  const id = name.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 128);
  return /^[A-Za-z_]/.test(id) ? id : `sa_${id}`;
}

const isDuplicate = (e: unknown): boolean =>
  e instanceof HarnessApiError && (e.code === 'DUPLICATE_FIELD' || /already (present|exists)/i.test(e.serverMessage ?? e.message));

export async function provisionScimServiceAccount(
  client: HarnessClient,
  request: ProvisionRequest,
  onStep: (step: ProvisionStep) => void = () => undefined,
): Promise<ProvisionStep[]> {
  const steps: ProvisionStep[] = [];
  const record = (step: ProvisionStep): void => {
    steps.push(step);
    onStep(step);
  };
  const fail = (id: ProvisionStepId, what: string, e: unknown): never => {
    const reason = e instanceof Error ? e.message : String(e);
    record({ id, status: 'failed', message: `${what}: ${reason}` });
    const done = steps.filter((s) => s.status !== 'failed').map((s) => s.message);
    throw new ProvisionError(
      `${what}: ${reason}${done.length ? ` Already done: ${done.join('; ')}. Running "Create a service account for SCIM" again reuses them.` : ''}`,
      steps,
      e,
    );
  };

  try {
    await client.createServiceAccount({ identifier: request.identifier, name: request.name, email: request.email, description: 'SCIM provisioning through IdP JWTs', tags: {} });
    record({ id: 'service-account', status: 'created', message: `service account ${request.identifier} created` });
  } catch (e) {
    if (!isDuplicate(e)) fail('service-account', `Could not create service account ${request.identifier}`, e);
    record({ id: 'service-account', status: 'reused', message: `service account ${request.identifier} already existed` });
  }

  try {
    const existing = await client.getRole(SCIM_ROLE_ID).catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    if (existing) {
      const missing = SCIM_PERMISSIONS.filter((p) => !existing.role.permissions.includes(p));
      if (missing.length) throw new Error(`role ${SCIM_ROLE_ID} exists but lacks ${missing.join(', ')}; add them in Harness or delete the role`);
      record({ id: 'role', status: 'reused', message: `role ${SCIM_ROLE_ID} reused` });
    } else {
      await client.createRole({
        identifier: SCIM_ROLE_ID, name: 'SCIM JWT provisioner', permissions: [...SCIM_PERMISSIONS], allowedScopeLevels: ['account'],
        description: 'Users View/Manage/Invite and User Groups View/Manage, for SCIM calls authenticated by IdP JWTs', tags: {},
      });
      record({ id: 'role', status: 'created', message: `role ${SCIM_ROLE_ID} created` });
    }
  } catch (e) {
    fail('role', `Could not prepare role ${SCIM_ROLE_ID}`, e);
  }

  try {
    await client.createRoleAssignment({
      resourceGroupIdentifier: SCIM_RESOURCE_GROUP, roleIdentifier: SCIM_ROLE_ID,
      principal: { identifier: request.identifier, type: 'SERVICE_ACCOUNT', scopeLevel: 'account' }, disabled: false,
    });
    record({ id: 'role-assignment', status: 'created', message: `role assigned on ${SCIM_RESOURCE_GROUP}` });
  } catch (e) {
    if (!isDuplicate(e)) fail('role-assignment', `Could not assign role ${SCIM_ROLE_ID} to ${request.identifier}`, e);
    record({ id: 'role-assignment', status: 'reused', message: `role was already assigned on ${SCIM_RESOURCE_GROUP}` });
  }
  return steps;
}
