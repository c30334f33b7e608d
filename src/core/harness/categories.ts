/**
 * Harness's setting categories: the values `GET /ng/api/settings?category=` accepts and the names
 * a person sees for them (docs/harness-contract.md, "Setting categories"). The product's tree and
 * the test emulator both read this one list, so a misspelt value (as `NOTIFICATION` once was)
 * cannot hide behind an emulator that agrees with it.
 */

export interface SettingCategory {
  /** The `SettingCategory` enum constant, sent as the `category` query parameter. */
  readonly value: string;
  /** What Harness's UI calls it, or our name where the UI registers no page for it. */
  readonly displayName: string;
}

/**
 * In the enum's source order: HC `SettingCategory.java` (December 2023) for the first 17, then the
 * five the published API (OAS) adds. Display names as the contract's table resolves them.
 */
export const SETTING_CATEGORIES: readonly SettingCategory[] = [
  { value: 'CD', displayName: 'Continuous Deployment' },
  { value: 'CI', displayName: 'Continuous Integration' },
  { value: 'CE', displayName: 'Cloud Cost Management' },
  { value: 'CV', displayName: 'Service Reliability Management' },
  { value: 'CF', displayName: 'Feature Flags' },
  { value: 'STO', displayName: 'Security Testing Orchestration' },
  { value: 'CORE', displayName: 'General' },
  { value: 'PMS', displayName: 'Pipeline' },
  { value: 'TEMPLATESERVICE', displayName: 'Templates' },
  { value: 'GOVERNANCE', displayName: 'Policies' },
  { value: 'CHAOS', displayName: 'Chaos Engineering' },
  { value: 'SCIM', displayName: 'SCIM' },
  { value: 'GIT_EXPERIENCE', displayName: 'Git Experience' },
  { value: 'CONNECTORS', displayName: 'Connectors' },
  { value: 'EULA', displayName: 'License Agreements' },
  { value: 'NOTIFICATIONS', displayName: 'Notifications' },
  { value: 'SUPPLY_CHAIN_ASSURANCE', displayName: 'Supply Chain Assurance' },
  { value: 'USER', displayName: 'User Preferences' },
  { value: 'MODULES_VISIBILITY', displayName: 'Module Visibility' },
  { value: 'DBOPS', displayName: 'Database DevOps' },
  { value: 'IR', displayName: 'Incident Response' },
  { value: 'AR', displayName: 'Artifact Registry' },
];

/** Every value, in enum order: what the emulator accepts. */
export const SETTING_CATEGORY_VALUES: readonly string[] = SETTING_CATEGORIES.map((c) => c.value);

/**
 * The order Harness's own Default Settings page registers its categories in (UI
 * `default-settings/RouteDestinations.tsx`, then STO from its module). A person who knows that
 * page finds General first and Notifications near the end, so the tree follows it; the enum
 * order would put Continuous Deployment before General, which no Harness screen does.
 */
const UI_ORDER: readonly string[] = [
  'CORE',
  'CONNECTORS',
  'CD',
  'GIT_EXPERIENCE',
  'PMS',
  'CE',
  'NOTIFICATIONS',
  'SUPPLY_CHAIN_ASSURANCE',
  'STO',
];

/**
 * The categories as a list to show: the UI's order for those Harness's page shows, then the rest
 * in enum order, because the UI has no place for them and the enum is the only order Harness
 * gives every category.
 */
export const SETTING_CATEGORIES_IN_DISPLAY_ORDER: readonly SettingCategory[] = [
  ...UI_ORDER.map((value) => {
    const found = SETTING_CATEGORIES.find((c) => c.value === value);
    if (!found) throw new Error(`UI order names an unknown category ${value}`);
    return found;
  }),
  ...SETTING_CATEGORIES.filter((c) => !UI_ORDER.includes(c.value)),
];

/** The name to show for a category value; the value itself for one this list does not know. */
export function settingCategoryName(value: string): string {
  return SETTING_CATEGORIES.find((c) => c.value === value)?.displayName ?? value;
}
