/** The setup form's host side: what extension.ts wires in. */
export { registerSetupForm } from './registerSetupForm';
export type { SetupFormDeps, SetupConnection } from './setupController';
export type { SetupFormHandle } from './setupPanel';
export { openUntitledHttp } from './scratch';
