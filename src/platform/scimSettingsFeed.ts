import * as vscode from 'vscode';
import type { SettingResponseDTO } from '../core/harness';

/**
 * The connected account's SCIM JWT settings as last loaded. The explorer publishes them whenever it
 * (re)loads its SCIM group; the .http verdicts follow them without a request of their own.
 */
export class ScimSettingsFeed implements vscode.Disposable {
  private last: SettingResponseDTO[] | undefined;
  private readonly loaded = new vscode.EventEmitter<SettingResponseDTO[]>();
  readonly onDidLoad = this.loaded.event;

  publish(settings: SettingResponseDTO[]): void {
    this.last = settings;
    this.loaded.fire(settings);
  }

  /** Another account (or none): what was published belongs to the previous one. */
  clear(): void {
    this.last = undefined;
  }

  latest(): SettingResponseDTO[] | undefined {
    return this.last;
  }

  dispose(): void {
    this.loaded.dispose();
  }
}
