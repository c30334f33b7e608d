import type { ServiceAccountOption, SetupHarnessPort, TerraformExisting } from '../../../src/core/setup';
import type { SettingRequestDTO, SettingResponseDTO, SettingsUpdateResult } from '../../../src/core/harness';
import { settingsUpdateResult } from '../../../src/core/harness/settingsUpdate';

/** A tiny Harness: holds the four values, fails the items named in `failIds`. */
export class FakeHarness implements SetupHarnessPort {
  values = new Map<string, string | null>();
  failIds = new Set<string>();
  updateError: Error | undefined;
  readError: Error | undefined;
  sent: SettingRequestDTO[][] = [];
  serviceAccounts: ServiceAccountOption[] = [];

  readSettings(): Promise<SettingResponseDTO[]> {
    if (this.readError !== undefined) return Promise.reject(this.readError);
    return Promise.resolve(
      [
        'scim_jwt_token_key_field',
        'scim_jwt_token_value_field',
        'scim_jwt_token_jwks_keys_url',
        'scim_jwt_token_service_account_id',
      ].map((identifier) => ({
        setting: {
          identifier,
          name: identifier,
          category: 'SCIM',
          valueType: 'String',
          allowOverrides: false,
          value: this.values.get(identifier) ?? null,
          settingSource: 'ACCOUNT',
        },
        lastModifiedAt: null,
      })),
    );
  }

  updateSettings(body: readonly SettingRequestDTO[]): Promise<SettingsUpdateResult> {
    this.sent.push([...body]);
    if (this.updateError !== undefined) return Promise.reject(this.updateError);
    const answers = body.map((item) => {
      if (this.failIds.has(item.identifier)) {
        return {
          identifier: item.identifier,
          setting: null,
          lastModifiedAt: null,
          updateStatus: false,
          errorMessage: `Setting [${item.identifier}] is either invalid or is not applicable in scope [ACCOUNT]`,
        };
      }
      const value = item.updateType === 'RESTORE' ? null : (item.value ?? null);
      this.values.set(item.identifier, value);
      return {
        identifier: item.identifier,
        setting: {
          identifier: item.identifier,
          name: item.identifier,
          category: 'SCIM',
          valueType: 'String',
          allowOverrides: false,
          value,
          settingSource: value === null ? 'DEFAULT' : 'ACCOUNT',
        },
        lastModifiedAt: 1,
        updateStatus: true,
        errorMessage: null,
      };
    });
    return Promise.resolve(settingsUpdateResult(body, answers, 'corr-1'));
  }

  findServiceAccount() {
    return Promise.resolve({ found: false as const });
  }

  listServiceAccounts(): Promise<ServiceAccountOption[]> {
    return Promise.resolve(this.serviceAccounts);
  }
  /** What the Terraform export's read answers, and the ids it was asked for. */
  terraformExisting: TerraformExisting = {};
  readonly terraformReads: string[] = [];
  readTerraformExisting(serviceAccountId: string): Promise<TerraformExisting> {
    this.terraformReads.push(serviceAccountId);
    return Promise.resolve(this.terraformExisting);
  }
}
