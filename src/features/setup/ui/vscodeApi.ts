/** The webview's one handle on VS Code, typed with the protocol (acquireVsCodeApi may be called once). */
import type { FromWebview, PersistedState } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: FromWebview): void {
  api.postMessage(message);
}

export function loadState(): unknown {
  return api.getState();
}

export function saveState(state: PersistedState): void {
  api.setState(state);
}
