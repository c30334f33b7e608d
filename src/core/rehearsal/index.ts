/** The SCIM provisioning rehearsal's public API. Import from here, not from the files behind it. */
export { runRehearsal, removePreviousLeftovers, type RehearsalOptions } from './run';
export { deactivationWarning, rehearsalMarkdown, rehearsalSummary } from './markdown';
export { harnessEqFilter } from './actions';
export { harnessGroupIdentifier } from './findings';
export { rehearsalConsent, type RehearsalConsent } from './consent';
export { STEPS, permissionLabel, type StepDefinition } from './steps';
export {
  GROUP_NAME_PATTERN,
  USER_NAME_PATTERN,
  identitiesFor,
  isRehearsalName,
  randomSuffix,
  type RehearsalIdentities,
} from './identities';
export {
  memoryLeftoversStore,
  mementoLeftoversStore,
  parseLeftovers,
  pendingLeftovers,
  type RehearsalTarget,
} from './store';
export type { ScimPort } from './cleanup';
export { finishRun, ownerIsLive, startRun, type RunOwner } from './owner';
export type * from './types';
