/** The setup form's host side: what extension.ts wires in. */
export { register, type SetupDeps } from './register';
export type { SetupFormDeps, SetupConnection } from './setupController';
export { onDidPostToSetupForm } from './posted';
export type { SetupFormHandle } from './setupPanel';
