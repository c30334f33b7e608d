// Sandbox-only helper: pre-connects the product to the local Harness emulator through the same
// command a person uses (scimJwt.account.connect with { baseUrl, apiKey }), so the key goes to
// SecretStorage and nowhere else. The connection details come from this extension host's
// environment, which code-server inherits from `npm run sandbox`; no file in the workspace or
// the settings ever holds the key.
'use strict';
const vscode = require('vscode');

const MARK = 'sandbox.connectedTo';

exports.activate = async function activate(context) {
  const raw = process.env.SCIM_JWT_SANDBOX_CONNECT;
  if (!raw) return;
  let target;
  try {
    target = JSON.parse(raw);
  } catch {
    return;
  }
  // Once per emulator account and browser profile: a person who signs out stays signed out.
  const id = `${target.accountId}@${target.baseUrl}`;
  if (context.globalState.get(MARK) !== id) {
    const account = await vscode.commands.executeCommand('scimJwt.account.connect', {
      baseUrl: target.baseUrl,
      apiKey: target.apiKey,
    });
    if (account) await context.globalState.update(MARK, id);
  }
  if (target.openFile && !context.globalState.get('sandbox.welcomed')) {
    await context.globalState.update('sandbox.welcomed', true);
    try {
      await vscode.commands.executeCommand(
        'workbench.action.openWalkthrough',
        'harness-scim-jwt.harness-scim-jwt#scimJwt.gettingStarted',
        false,
      );
    } catch {
      // The walkthrough is optional here; the sample file below is what matters.
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(target.openFile));
    await vscode.window.showTextDocument(doc, { preview: false });
  }
};

exports.deactivate = function deactivate() {};
