/**
 * The messages the setup form posts to its webview, as an event that exists from activation on
 * (extension.ts hands it to the tests), while the form itself loads on first open (register.ts).
 */
import * as vscode from 'vscode';
import type { ToWebview } from './protocol';

/** Fired by the form's panel (setupPanel.ts) for each message it posts. */
export const posted = new vscode.EventEmitter<ToWebview>();
/**
 * Every message the form posts to its webview, as it is posted. Nothing listens in the product and
 * nothing is kept; the extension-host tests record what they need from it (see ExtensionApi).
 */
export const onDidPostToSetupForm: vscode.Event<ToWebview> = posted.event;
