/**
 * Where the token under test comes from: pasted, one of the Bearer tokens in the open .http files
 * (resolved as the lenses resolve them), or fetched from the identity provider with client
 * credentials the user types. The client secret lives in memory for this one request; nothing
 * here is stored.
 */
import * as path from 'node:path';
import type { HttpClient } from '../core/net';
import * as vscode from 'vscode';
import { fetchClientCredentialsToken, TokenFetchError } from '../core/tokenFetch';
import { findBearerTokens, parseHttpDocument, resolveTokens } from '../core/http';
import { redactSecret } from '../core/redact';
import { UserFacingError } from './commands';
import { resolveContextFor } from './httpContext';
import { plainLine } from '../core/terminalText';

export interface ChosenToken {
  token: string | undefined;
  source: string | undefined;
}

export interface FoundToken {
  token: string;
  source: string;
}

/** Why there is nothing to pick from the open files. */
export const NO_TOKEN_IN_OPEN_FILES = 'No resolvable Bearer JWT in the open .http files. Open one, or paste a token.';

/**
 * The open .http files' Bearer tokens in a quick pick titled `title`, each shown redacted: the one
 * picked, `'none'` when there is none to pick (say NO_TOKEN_IN_OPEN_FILES), undefined when cancelled.
 * Callers check workspace trust first: a file's variables may pull in .env values.
 */
export async function pickTokenFromOpenFiles(title: string): Promise<FoundToken | 'none' | undefined> {
  const found = await tokensInOpenHttpFiles();
  if (found.length === 0) return 'none';
  const pick = await vscode.window.showQuickPick(
    found.map((f) => ({ label: plainLine(f.source), description: plainLine(redactSecret(f.token)), found: f })),
    { title },
  );
  return pick?.found;
}

/** Resolved Bearer tokens of every open .http document, with where each is. */
export async function tokensInOpenHttpFiles(): Promise<FoundToken[]> {
  const found: FoundToken[] = [];
  for (const document of vscode.workspace.textDocuments) {
    if (document.languageId !== 'http') continue;
    const doc = parseHttpDocument(document.getText());
    const { tokens } = await resolveTokens(doc, resolveContextFor(document), findBearerTokens(doc));
    for (const t of tokens) {
      const value = t.resolution.value;
      if (t.resolution.state !== 'resolved' || !value?.startsWith('eyJ')) continue;
      const line = t.occurrence.range.start.line + 1;
      const where =
        t.occurrence.kind === 'authorization-header'
          ? `${t.occurrence.request.method} ${t.occurrence.request.expandedUrl}`
          : `@${t.occurrence.variableName}`;
      found.push({ token: value, source: `${path.basename(document.uri.path)} line ${line} (${where})` });
    }
  }
  // One entry per distinct token: a file often sends the same {{token}} with every request.
  return found.filter((f, i) => found.findIndex((g) => g.token === f.token) === i);
}

async function pasteToken(purpose: string): Promise<ChosenToken | undefined> {
  const text = await vscode.window.showInputBox({
    title: `${purpose}: token`,
    prompt: 'Paste the bearer JWT your identity provider sends to Harness (kept in memory for this run only).',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v
        .trim()
        .replace(/^bearer\s+/i, '')
        .split('.').length >= 3
        ? undefined
        : 'A JWT has three parts separated by dots.',
  });
  return text === undefined ? undefined : { token: text.trim(), source: 'pasted' };
}

async function pickFromFiles(purpose: string): Promise<ChosenToken | undefined> {
  if (!vscode.workspace.isTrusted)
    throw new UserFacingError('Picking a token from files needs a trusted workspace: paste the token instead.');
  const pick = await pickTokenFromOpenFiles(`${purpose}: token from a .http file`);
  if (pick === 'none') {
    void vscode.window.showInformationMessage(NO_TOKEN_IN_OPEN_FILES);
    return undefined;
  }
  return pick && { token: pick.token, source: pick.source };
}

async function fetchFromIdp(purpose: string, http: HttpClient): Promise<ChosenToken | undefined> {
  const title = `${purpose}: identity provider`;
  const tokenEndpoint = await vscode.window.showInputBox({
    title,
    prompt: 'Token endpoint of your identity provider (client credentials grant)',
    placeHolder: 'https://login.example.com/oauth2/token',
    ignoreFocusOut: true,
    validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'An http(s) URL.'),
  });
  if (!tokenEndpoint) return undefined;
  const clientId = await vscode.window.showInputBox({
    title,
    prompt: 'Client id of the SCIM client registered at the identity provider',
    ignoreFocusOut: true,
  });
  if (!clientId) return undefined;
  const clientSecret = await vscode.window.showInputBox({
    title,
    prompt: 'Client secret (used for this request only, not stored)',
    password: true,
    ignoreFocusOut: true,
  });
  if (!clientSecret) return undefined;
  const scope = await vscode.window.showInputBox({
    title,
    prompt: 'Scope, if your provider needs one (leave empty otherwise)',
    ignoreFocusOut: true,
  });
  if (scope === undefined) return undefined;
  try {
    const token = await fetchClientCredentialsToken({
      tokenEndpoint: tokenEndpoint.trim(),
      clientId: clientId.trim(),
      clientSecret,
      scope: scope.trim(),
      http,
    });
    return { token, source: `client credentials at ${tokenEndpoint.trim()}` };
  } catch (e) {
    if (e instanceof TokenFetchError) throw new UserFacingError(e.message);
    throw e;
  }
}

export type TokenChoice = 'paste' | 'file' | 'idp' | 'none';

/**
 * The ways to get a token. In an untrusted workspace a file's content must not make us send
 * anything (its variables may pull in .env values), so picking from the open files is not offered.
 */
export function tokenChoices(
  trusted: boolean,
  withoutToken = true,
): (vscode.QuickPickItem & { choice: TokenChoice })[] {
  const choices: (vscode.QuickPickItem & { choice: TokenChoice })[] = [
    ...(trusted ? [{ choice: 'file' as const, label: '$(file) Pick a token from the open .http files' }] : []),
    {
      choice: 'paste',
      label: '$(clippy) Paste a token',
      ...(trusted ? {} : { detail: 'Picking one from the open files needs a trusted workspace' }),
    },
    {
      choice: 'idp',
      label: '$(key) Fetch a token from the identity provider',
      detail: 'Client credentials: token endpoint, client id and secret',
    },
  ];
  if (withoutToken)
    choices.push({
      choice: 'none',
      label: '$(dash) Check without a token',
      detail: 'Steps 5–7 (verdict, token/validate, SCIM calls) are skipped',
    });
  return choices;
}

export interface TokenChoiceOptions {
  /** Names the flow in every prompt's title, e.g. "Check SCIM JWT setup". */
  purpose: string;
  /** Offer "without a token" (the doctor can run without one; the rehearsal cannot). */
  withoutToken: boolean;
  /** The extension's HTTP client: the token endpoint is reached through VS Code's network stack. */
  http: HttpClient;
}

/** Asks where the token comes from; `undefined` when the user cancels. */
export async function chooseToken(options: TokenChoiceOptions): Promise<ChosenToken | undefined> {
  const { purpose } = options;
  const pick = await vscode.window.showQuickPick(tokenChoices(vscode.workspace.isTrusted, options.withoutToken), {
    title: `${purpose}: which token should be tried?`,
  });
  if (!pick) return undefined;
  switch (pick.choice) {
    case 'paste':
      return pasteToken(purpose);
    case 'file':
      return pickFromFiles(purpose);
    case 'idp':
      return fetchFromIdp(purpose, options.http);
    case 'none':
      return { token: undefined, source: undefined };
  }
}
