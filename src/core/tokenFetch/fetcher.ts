/**
 * Runs only what a token depends on: the named request(s) its reference needs (with any method and
 * body the file gives them), or the client-credentials grant an `oauth2` header or `$auth.token`
 * configures. Each distinct request is sent once per fetcher however many headers use it; a request
 * that needs its own response, directly or through others, is a circular dependency, not a hang.
 * Nothing here logs: bodies, secrets and tokens stay in memory.
 */
import * as path from 'node:path';
import type { HttpClient } from '../net';
import {
  describeProblem,
  Expander,
  fileClientOf,
  generateSystemVariable,
  hostIsUndefined,
  httpyacAuthOf,
  prefixText,
  urlPrefixesOf,
  type ExpansionSources,
  type FetchedValue,
  type HttpDocument,
  type HttpRequest,
  type ResolveContext,
  type ValueSource,
  type VariableProblem,
} from '../http';
import { clientCredentialsGrant, type ClientAuthentication } from './clientCredentials';
import { TokenFetchError } from './errors';
import { assertSuccess, fromBody, fromHeader, grantAnswer } from './extract';
import { field, loadJetbrainsAuth } from './jetbrainsAuth';
import { handlerSourceOf, httpyacAuthSource, tokenSourceOf, type TokenSourceRef } from './references';
import {
  confinedPath,
  realRoots,
  type ConfirmSend,
  type PlannedEnvValue,
  type PlannedRequest,
  type SendPlan,
} from './plan';
import { sendBounded, sendableUrl, type OutgoingRequest, type ReceivedResponse } from './send';

export interface TokenFetchOptions {
  /** Per token request, redirects included (default 15 s). */
  timeoutMs?: number;
  /** Largest answer read (default 1 MiB; a token response is a few KiB). */
  maxBytes?: number;
  /** How requests travel: the client the rest of the product uses. */
  http: HttpClient;
  signal?: AbortSignal | undefined;
  /** Distinct requests one run may send (default 200). */
  maxRequests?: number;
  /**
   * Folders a body file (`< ./file`, `<@ ./file`) may be read from, symbolic links resolved
   * (default: the folder of the .http file). A file elsewhere is refused, and its request not sent.
   */
  fileRoots?: readonly string[];
  /** Work out what would be sent (`plannedRequests`) and send nothing. */
  dryRun?: boolean;
  /** The plan the user approved: a request that would go elsewhere or carry more is refused. */
  approved?: SendPlan;
  /** Asked with the plan before anything is sent (see `fetchDynamicTokens`). */
  confirm?: ConfirmSend;
}

/** A file whose named requests can be run: the document itself, then its `@import`s. */
export interface FetchScope {
  doc: HttpDocument;
  label: string;
  /** The file's path, when it has one: a `< ./body.json` body is read relative to it. */
  path?: string | undefined;
}

interface Found {
  scope: FetchScope;
  request: HttpRequest;
  key: string;
}

const SIGN_IN_GRANTS = 'needs the client to sign in; not fetched';

/** What one request reads and carries, collected while its parts are filled in. */
interface Carry {
  files: string[];
  env: PlannedEnvValue[];
}

/** A stand-in, in a dry run, for a value only a response would give. */
function placeholder(reference: string): string {
  return `<${reference}>`;
}

/** The origin of `url`, when it is an absolute web URL. */
function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export class TokenFetcher {
  private readonly responses = new Map<string, Promise<ReceivedResponse>>();
  /** What each sent request carried that may be secret, to keep it out of error messages. */
  private readonly secrets: string[] = [];
  private readonly values = new Map<string, FetchedValue>();
  private readonly requestNames = new Set<string>();
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly carries = new Map<string, Carry>();
  private roots: Promise<string[]> | undefined;
  requestsSent = 0;
  /** In a dry run: each request that would be sent, in the order it would be. */
  readonly plannedRequests: PlannedRequest[] = [];

  constructor(
    private readonly scopes: FetchScope[],
    private readonly sources: ExpansionSources,
    private readonly ctx: ResolveContext,
    private readonly opts: TokenFetchOptions,
  ) {
    for (const s of scopes) for (const r of s.doc.requests) if (r.name !== undefined) this.requestNames.add(r.name);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    // Dependencies fetched on the way are visible to later expansions through the shared map.
    this.sources = { ...sources, fetched: { values: this.values, failures: sources.fetched?.failures ?? new Map() } };
  }

  get names(): ReadonlySet<string> {
    return this.requestNames;
  }

  /** Everything fetched so far, by reference. */
  fetchedValues(): ReadonlyMap<string, FetchedValue> {
    return this.values;
  }

  sourceOf(reference: string): TokenSourceRef | undefined {
    return tokenSourceOf(reference, this.requestNames);
  }

  /** The token (or value) `source` stands for; throws `TokenFetchError`. */
  async value(source: TokenSourceRef, stack: string[] = []): Promise<string> {
    const known = this.values.get(source.reference);
    if (known) return known.value;
    let value: string;
    let from: string;
    let sourceKey: string | undefined;
    switch (source.kind) {
      case 'response': {
        const found = this.find(source.requestName, source.requestIndex, source.documentPath);
        const res = await this.response(found, stack);
        if (this.opts.dryRun === true) {
          this.values.set(source.reference, { value: placeholder(source.reference), from: '', fetchedAt: '' });
          return placeholder(source.reference);
        }
        const label = `The request "${source.requestName}"`;
        assertSuccess(res, label, this.secrets);
        value = source.part === 'headers' ? fromHeader(res, source.path, label) : fromBody(res, source.path, label);
        from = `the response of ${source.requestName} (${source.client}: ${source.reference})`;
        sourceKey = source.fingerprint;
        break;
      }
      case 'httpyac-oauth2':
        ({ value, from } = await this.httpyacOAuth2(source, [...stack, `grant:${source.reference}`]));
        break;
      case 'jetbrains-auth':
        ({ value, from } = await this.jetbrainsAuth(source, [...stack, `grant:${source.reference}`]));
        break;
    }
    this.values.set(source.reference, {
      value,
      from,
      fetchedAt: new Date().toISOString(),
      ...(sourceKey !== undefined ? { sourceKey } : {}),
    });
    return value;
  }

  private find(name: string, index?: number, documentPath?: string): Found {
    // A response handler's request is known by position in its file, named or not.
    const own = documentPath !== undefined ? this.scopes.find((s) => s.path === documentPath) : this.scopes[0];
    const byIndex = index !== undefined && own ? own.doc.requests[index] : undefined;
    if (own && byIndex) return { scope: own, request: byIndex, key: `${own.label}#${byIndex.index}` };
    for (const scope of this.scopes) {
      const request = scope.doc.requests.find((r) => r.name === name);
      if (request) return { scope, request, key: `${scope.label}#${request.index}` };
    }
    throw new TokenFetchError(
      'config',
      `No request is named "${name}" in this file or its imports.`,
      `Add "# @name ${name}" above the request that returns the token.`,
    );
  }

  private response(found: Found, stack: string[]): Promise<ReceivedResponse> {
    if (stack.includes(found.key)) {
      const names = [...stack.slice(stack.indexOf(found.key)), found.key].map((k) => this.nameOfKey(k));
      throw new TokenFetchError(
        'circular',
        `Circular dependency between named requests: ${names.join(' → ')}.`,
        'Make one of these requests stop using the response of the other.',
      );
    }
    let pending = this.responses.get(found.key);
    if (!pending) {
      if (this.responses.size >= (this.opts.maxRequests ?? 200)) {
        throw new TokenFetchError(
          'too-many',
          `More than ${this.opts.maxRequests ?? 200} distinct token requests in one run; the rest were not sent.`,
          'Split the file, or check it for generated requests.',
        );
      }
      pending = this.sendRequest(found, [...stack, found.key]);
      this.responses.set(found.key, pending);
    }
    return pending;
  }

  private nameOfKey(key: string): string {
    for (const s of this.scopes)
      for (const r of s.doc.requests) if (`${s.label}#${r.index}` === key) return r.name ?? key;
    return key;
  }

  /** Fills every `{{…}}` of `text` as the request would be sent, fetching what it depends on first. */
  private async fill(
    doc: HttpDocument,
    text: string,
    at: { line: number; character: number },
    stack: string[],
    what: string,
  ): Promise<string> {
    for (let round = 0; round < 8; round++) {
      const e = new Expander(doc, this.sources).expand(text, at);
      this.noteEnv(stack, e.sources, e.problems);
      if (e.problems.length === 0) return e.text;
      for (const p of e.problems) this.generate(p);
      const dynamic = e.problems.filter((p) => p.kind === 'dynamic' && !this.values.has(p.reference));
      const blocking =
        e.problems.find((p) => p.kind !== 'dynamic') ??
        dynamic.find((p) => !(handlerSourceOf(p) ?? this.sourceOf(p.reference)));
      if (blocking)
        throw new TokenFetchError(
          'config',
          `${what} cannot be sent: ${describeProblem(blocking)}`,
          'Define the variable in the file or the selected environment.',
        );
      for (const p of dynamic) {
        const source = handlerSourceOf(p) ?? this.sourceOf(p.reference);
        if (source) await this.value(source, stack);
      }
    }
    throw new TokenFetchError('config', `${what}: its variables did not settle.`);
  }

  /**
   * A body written as `< ./file` (sent as is) or `<@ ./file` (its variables filled in first), as
   * REST Client, httpYac and JetBrains read it: relative to the .http file, through the same
   * bounded reader as env files (a regular file only, size-capped).
   */
  private async fileBody(
    scope: FetchScope,
    at: { line: number; character: number },
    written: string,
    withVariables: boolean,
    encoding: string,
    stack: string[],
    what: string,
  ): Promise<string> {
    if (encoding !== '' && !/^utf-?8$/i.test(encoding)) {
      throw new TokenFetchError(
        'unsupported',
        `${what} reads its body file as ${encoding}; only UTF-8 body files are sent from here.`,
        'Save the file as UTF-8 and write "<@ ./file".',
      );
    }
    const reader = this.ctx.reader;
    if (!reader || scope.path === undefined) {
      throw new TokenFetchError(
        'unsupported',
        `${what} sends the file ${written} as its body, but this file has no folder to read it from.`,
        'Save the .http file first.',
      );
    }
    const target = path.resolve(path.dirname(scope.path), written);
    this.roots ??= realRoots(this.opts.fileRoots ?? [path.dirname(this.scopes[0]?.path ?? scope.path)]);
    const roots = await this.roots;
    const confined = await confinedPath(target, roots);
    if ('outside' in confined)
      throw new TokenFetchError(
        'config',
        `${what} sends the file ${written} as its body, and ${confined.outside} is outside ${roots.length === 1 ? `the folder ${roots[0] ?? ''}` : `the folders ${roots.join(', ')}`}; it was not read, and the request was not sent.`,
        'Move the file into the folder, or allow its folder (scan --allow-file-outside DIR; the user setting scimJwt.http.bodyFileFolders).',
      );
    if ('real' in confined) this.carryOf(stack).files.push(confined.real);
    const read = await reader.readFile('real' in confined ? confined.real : target);
    if (read === undefined)
      throw new TokenFetchError(
        'config',
        `${what} sends the file ${written} as its body, and ${target} cannot be read.`,
        'Check the path: it is relative to the .http file.',
      );
    if (typeof read !== 'string')
      throw new TokenFetchError(
        'config',
        `${what} sends the file ${written} as its body, but it is ${read.what}.`,
        'Point the request at a regular file.',
      );
    // Variables in the body file resolve as they would at the request's body line.
    return withVariables ? this.fill(scope.doc, read, at, stack, what) : read;
  }

  /**
   * A system variable (`{{$guid}}`, `{{$timestamp}}`…) in a request being sent gets the value its
   * client would generate, recorded like a fetched value so the next expansion round uses it.
   */
  private generate(problem: VariableProblem): void {
    if (problem.kind !== 'dynamic' || problem.dynamic !== 'system-variable' || this.values.has(problem.reference))
      return;
    const value = generateSystemVariable(problem.reference);
    if (value !== undefined)
      this.values.set(problem.reference, {
        value,
        from: `generated when the request was sent (${problem.reference})`,
        fetchedAt: new Date().toISOString(),
      });
  }

  /** The request's URL filled in, with a Host header or httpYac's `host` variable in front of a path-only URL. */
  private async requestUrl(doc: HttpDocument, request: HttpRequest, stack: string[], what: string): Promise<string> {
    const url = await this.fill(doc, request.url, request.urlRange.start, stack, what);
    for (const prefix of urlPrefixesOf(doc, request)) {
      if (
        prefix.kind === 'host-variable' &&
        hostIsUndefined(new Expander(doc, this.sources).expand(prefix.template, prefix.at))
      )
        continue;
      const text = prefixText(prefix, await this.fill(doc, prefix.template, prefix.at, stack, what));
      if (text !== undefined) return `${text}${url}`;
    }
    const client = fileClientOf(doc);
    if (request.url.startsWith('/') && client !== 'httpYac')
      throw new TokenFetchError(
        'bad-request',
        `${what}: the URL ${JSON.stringify(url.split('?')[0]?.slice(0, 200) ?? '')} is not absolute: the file is written for ${client}, which puts only a Host header in front of a path (a @host variable is httpYac's).`,
        'Write the URL in full ({{host}}/path), or add a Host header.',
      );
    return url;
  }

  private async sendRequest(found: Found, stack: string[]): Promise<ReceivedResponse> {
    const { request, scope } = found;
    const what = `The request "${request.name ?? ''}"`;
    const url = await this.requestUrl(scope.doc, request, stack, what);
    const headers: [string, string][] = [];
    for (const h of request.headers) {
      const auth = h.name.toLowerCase() === 'authorization' ? httpyacAuthOf(h.value) : undefined;
      if (auth) {
        // A token request that itself authenticates with httpYac's oauth2: fetch that first.
        const token = await this.value(httpyacAuthSource(h.value, auth.flow, auth.prefix), stack);
        headers.push([h.name, `Bearer ${token}`]);
        continue;
      }
      headers.push([h.name, basicAuth(h.name, await this.fill(scope.doc, h.value, h.valueRange.start, stack, what))]);
    }
    let body: string | undefined;
    if (request.body) {
      const file = /^<(@(\w*))?[ \t]+(\S[^\n]*?)\s*$/.exec(request.body.text.trim());
      body = file
        ? await this.fileBody(
            scope,
            request.body.range.start,
            file[3] ?? '',
            file[1] !== undefined,
            file[2] ?? '',
            stack,
            what,
          )
        : await this.fill(scope.doc, request.body.text, request.body.range.start, stack, what);
      const type = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
      // REST Client and httpYac send a multi-line form body as one line.
      if (/x-www-form-urlencoded/i.test(type))
        body = body
          .split('\n')
          .map((l) => l.trim())
          .join('');
    }
    for (const [n, v] of headers)
      if (/^(authorization|x-api-key|cookie)$/i.test(n))
        this.secrets.push(v, v.replace(/^\S+\s+/, ''), ...basicParts(v));
    for (const v of formValues(body)) this.secrets.push(v);
    const out: OutgoingRequest = {
      method: request.method,
      url,
      headers,
      followRedirects: !request.metadata.some((m) => m.key === 'no-redirect'),
    };
    if (body !== undefined) out.body = body;
    // Counted only once it can go: a URL that is refused before sending was never sent.
    sendableUrl(out, what);
    if (this.planOrCheck(stack, what, out.method, url)) return { status: 200, headers: {}, body: '{}', finalUrl: url };
    this.requestsSent++;
    return sendBounded(
      out,
      { timeoutMs: this.timeoutMs, maxBytes: this.maxBytes, http: this.opts.http, signal: this.opts.signal },
      what,
    );
  }

  /** A client-credentials grant, the secret in Basic or in the body as the configuration says. */
  private async clientCredentials(
    endpoint: string,
    clientId: string,
    clientSecret: string,
    where: ClientAuthentication,
    params: Record<string, string | undefined>,
    label: string,
    stack: string[],
  ): Promise<Record<string, unknown>> {
    const { form, basic } = clientCredentialsGrant({
      clientId,
      clientSecret,
      auth: where,
      params,
      formEncodeBasic: false,
    });
    const headers: [string, string][] = [
      ['content-type', 'application/x-www-form-urlencoded'],
      ['accept', 'application/json'],
    ];
    if (basic !== undefined) headers.push(['authorization', `Basic ${basic}`]);
    sendableUrl({ url: endpoint }, label);
    if (this.planOrCheck(stack, label, 'POST', endpoint)) {
      const stand = placeholder(stack.at(-1) ?? 'token');
      return { access_token: stand, id_token: stand };
    }
    this.requestsSent++;
    const res = await sendBounded(
      { method: 'POST', url: endpoint, headers, body: form.toString(), followRedirects: true },
      { timeoutMs: this.timeoutMs, maxBytes: this.maxBytes, http: this.opts.http, signal: this.opts.signal },
      label,
    );
    assertSuccess(res, label, [clientSecret, clientId]);
    return grantAnswer(res, label);
  }

  private async lookup(name: string, stack: string[], at: number): Promise<string | undefined> {
    const doc = this.scopes[0]?.doc;
    if (!doc) return undefined;
    const e = new Expander(doc, this.sources).expand(`{{${name}}}`, { line: at, character: 0 });
    if (e.problems.some((p) => p.kind === 'unresolved' && p.reference === name)) return undefined;
    return this.fill(doc, `{{${name}}}`, { line: at, character: 0 }, stack, `The variable ${name}`);
  }

  private async httpyacOAuth2(
    source: Extract<TokenSourceRef, { kind: 'httpyac-oauth2' }>,
    stack: string[],
  ): Promise<{ value: string; from: string }> {
    if (source.flow !== 'client_credentials') {
      throw new TokenFetchError(
        'sign-in',
        `"Authorization: ${source.reference}" uses the ${source.flow.replace(/_/g, ' ')} grant, which ${SIGN_IN_GRANTS}.`,
        'Send the request with httpYac, or use client_credentials to have the token checked here.',
      );
    }
    const line = this.lineOf(source.reference);
    const get = async (name: string): Promise<string | undefined> =>
      (source.prefix !== undefined ? await this.lookup(`${source.prefix}_${name}`, stack, line) : undefined) ??
      this.lookup(`oauth2_${name}`, stack, line);
    const prefix = source.prefix ?? 'oauth2';
    const [endpoint, clientId, clientSecret, scope, audience, resource, useHeader] = await Promise.all(
      ['tokenEndpoint', 'clientId', 'clientSecret', 'scope', 'audience', 'resource', 'useAuthorizationHeader'].map(get),
    );
    const missing = [
      ['tokenEndpoint', endpoint],
      ['clientId', clientId],
      ['clientSecret', clientSecret],
    ]
      .filter(([, v]) => !v)
      .map(([n]) => `${prefix}_${n ?? ''}`);
    if (missing.length > 0 || !endpoint || !clientId || !clientSecret) {
      throw new TokenFetchError(
        'config',
        `httpYac's oauth2 client_credentials needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not defined.`,
        'Define them as file variables or in the selected environment.',
      );
    }
    const label = `The token endpoint ${safeUrl(endpoint)}`;
    const json = await this.clientCredentials(
      endpoint,
      clientId,
      clientSecret,
      useHeader === 'false' || useHeader === '0' ? 'in body' : 'basic',
      { scope, audience, resource },
      label,
      stack,
    );
    const token = json.access_token;
    if (typeof token !== 'string' || token === '')
      throw new TokenFetchError(
        'missing-path',
        `${label} answered without an access_token.`,
        "Check the grant's scope and resource.",
      );
    return { value: token, from: `httpYac oauth2 client_credentials (${prefix}_*) at ${safeUrl(endpoint)}` };
  }

  private async jetbrainsAuth(
    source: Extract<TokenSourceRef, { kind: 'jetbrains-auth' }>,
    stack: string[],
  ): Promise<{ value: string; from: string }> {
    const { reader, documentPath } = this.ctx;
    const environment = this.ctx.environment;
    if (!reader || !documentPath || environment === undefined) {
      throw new TokenFetchError(
        'config',
        `{{${source.reference}}} reads Security.Auth."${source.authId}" from the selected environment, and no environment is selected.`,
        'Name the environment (scimJwt.http.environment, or scan --env).',
      );
    }
    const config = await loadJetbrainsAuth(reader, documentPath, this.ctx.rootPath, environment, source.authId);
    if (!config)
      throw new TokenFetchError(
        'config',
        `No Security.Auth."${source.authId}" in environment "${environment}" of http-client(.private).env.json.`,
        'Add the auth configuration to the environment file.',
      );
    const doc = this.scopes[0]?.doc;
    const fill = async (name: string): Promise<string | undefined> => {
      const raw = field(config, name);
      return raw === undefined || !doc
        ? raw
        : this.fill(doc, raw, { line: -1, character: 0 }, stack, `Security.Auth."${source.authId}" ${name}`);
    };
    const grant = (field(config, 'Grant Type') ?? '').trim();
    if (grant.toLowerCase() !== 'client credentials') {
      throw new TokenFetchError(
        'sign-in',
        `Security.Auth."${source.authId}" uses the ${grant || 'unspecified'} grant, which ${SIGN_IN_GRANTS}.`,
        'Send the request from the JetBrains HTTP Client, or use the Client Credentials grant.',
      );
    }
    const [endpoint, clientId, clientSecret, scope] = await Promise.all(
      ['Token URL', 'Client ID', 'Client Secret', 'Scope'].map(fill),
    );
    if (!endpoint || !clientId)
      throw new TokenFetchError(
        'config',
        `Security.Auth."${source.authId}" needs "Token URL" and "Client ID".`,
        'Complete the auth configuration in the environment file.',
      );
    const mode = (field(config, 'Client Credentials') ?? 'basic').trim().toLowerCase();
    const label = `The token endpoint ${safeUrl(endpoint)}`;
    const json = await this.clientCredentials(
      endpoint,
      clientId,
      clientSecret ?? '',
      mode === 'in body' || mode === 'none' ? mode : 'basic',
      { scope },
      label,
      stack,
    );
    const useId = source.idToken || field(config, 'Use ID Token') === 'true';
    const token = json[useId ? 'id_token' : 'access_token'];
    if (typeof token !== 'string' || token === '')
      throw new TokenFetchError(
        'missing-path',
        `${label} answered without an ${useId ? 'id_token' : 'access_token'}.`,
        "Check the grant's scope.",
      );
    return {
      value: token,
      from: `JetBrains Security.Auth."${source.authId}" (client credentials) at ${safeUrl(endpoint)}`,
    };
  }

  /** The carry of the request being filled in: the innermost request or grant on the stack. */
  private carryOf(stack: string[]): Carry {
    const key = stack.at(-1) ?? '';
    let carry = this.carries.get(key);
    if (!carry) {
      carry = { files: [], env: [] };
      this.carries.set(key, carry);
    }
    return carry;
  }

  /** Records the environment values an expansion used (or needed and did not find). */
  private noteEnv(stack: string[], sources: readonly ValueSource[], problems: readonly VariableProblem[]): void {
    const carry = this.carryOf(stack);
    const add = (value: PlannedEnvValue): void => {
      if (!carry.env.some((e) => e.kind === value.kind && e.name === value.name)) carry.env.push(value);
    };
    for (const s of sources) {
      if (s.kind === 'process-env' || s.kind === 'dotenv')
        add({ name: s.name, kind: s.kind === 'dotenv' ? 'dotenv' : 'process', defined: true });
      // A private env file holds local secrets: its values are listed and need consent like `.env` ones.
      else if (s.kind === 'env-file' && s.private) add({ name: s.name, kind: 'private-env', defined: true });
    }
    for (const p of problems) {
      if (p.kind !== 'unresolved') continue;
      const m = /^\$(processEnv|dotenv)\s+%?([\w.-]+)\s*$|^\$env\.([\w.-]+)$/.exec(p.reference.trim());
      if (m) add({ name: m[2] ?? m[3] ?? '', kind: m[1] === 'dotenv' ? 'dotenv' : 'process', defined: false });
    }
  }

  /**
   * In a dry run, records the request and returns true (do not send). Otherwise, with an approved
   * plan, refuses a request the plan did not list: another destination, or more files or values.
   */
  private planOrCheck(stack: string[], label: string, method: string, url: string): boolean {
    const carry = this.carryOf(stack);
    const destination = originOf(url);
    if (this.opts.dryRun === true) {
      if (!this.plannedRequests.some((r) => r.label === label && r.method === method && r.destination === destination))
        this.plannedRequests.push({ label, method, destination, files: [...carry.files], env: [...carry.env] });
      return true;
    }
    const approved = this.opts.approved;
    if (approved === undefined) return false;
    const fits = approved.requests.some(
      (r) =>
        r.method === method &&
        r.destination !== undefined &&
        r.destination === destination &&
        carry.files.every((f) => r.files.includes(f)) &&
        carry.env.every((e) => r.env.some((x) => x.kind === e.kind && x.name === e.name)),
    );
    if (!fits)
      throw new TokenFetchError(
        'config',
        `${label} was not sent: it would go to ${destination ?? 'a destination a response decided'} or carry files or environment values that the approved list of token requests did not show.`,
        'Run it again and review what is listed.',
      );
    return false;
  }

  private lineOf(headerValue: string): number {
    for (const r of this.scopes[0]?.doc.requests ?? [])
      for (const h of r.headers) if (h.value === headerValue) return h.range.start.line;
    return -1;
  }
}

/** The values of a form or JSON body: a password or secret there must not be quoted back. */
function formValues(body: string | undefined): string[] {
  if (body === undefined) return [];
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null)
      return Object.values(json).filter((v): v is string => typeof v === 'string');
  } catch {
    // not JSON: a form
  }
  return [...new URLSearchParams(body).values()];
}

/** Origin and path: a query string may carry a secret. */
function safeUrl(text: string): string {
  try {
    const u = new URL(text);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

/** REST Client and httpYac encode `Basic user:password` and `Basic user password` themselves. */
function basicAuth(name: string, value: string): string {
  if (name.toLowerCase() !== 'authorization') return value;
  const m = /^basic\s+(\S+?)(?::|\s+)(\S*)$/i.exec(value.trim());
  if (!m || !/:|\s/.test(value.trim().slice(6))) return value;
  return `Basic ${Buffer.from(`${m[1] ?? ''}:${m[2] ?? ''}`).toString('base64')}`;
}

/** A Basic credential as a server may echo it decoded: the `user:password` pair and the password. */
function basicParts(value: string): string[] {
  const m = /^basic\s+(\S+)$/i.exec(value.trim());
  if (!m?.[1]) return [];
  const pair = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return colon < 0 ? [pair] : [pair, pair.slice(colon + 1)];
}
