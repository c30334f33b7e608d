/**
 * Substitutes `{{…}}` references from the variable sources, synchronously, remembering where each
 * value came from. Files are read beforehand (`envFiles.ts`); this module never does I/O.
 *
 * Lookup order for `{{name}}` (first hit wins), chosen to match what the client would send:
 *   0 file variables: the nearest definition above the use, else the first one below (REST Client
 *     sees every file variable; httpYac evaluates them in order);
 *   1 REST Client active environment, 2 REST Client `$shared`;
 *   3 http-client.private.env.json then http-client.env.json, nearest folder first, chosen
 *     environment then `$shared`;
 *   4 `.env` files (httpYac exposes them as variables).
 * A name a JetBrains response handler sets (`client.global.set`) is looked up in the environments
 * first, then taken from the handler, and the file's `@name` comes last, as JetBrains orders them.
 * A name that is being resolved is looked up again only in later layers (httpYac's
 * `@token = {{token}}` reads the environment's token); with no later hit it is a cycle.
 */
import { capList } from '../listCap';
import type { LoadedEnvFiles } from './envFiles';
import { classifyReference, parseTemplate, type DynamicKind, type ReferenceMeaning } from './templates';
import type { FetchedValues, HandlerOrigin, ValueSource, VariableProblem } from './tokenTypes';
import type { ScriptSet } from './scriptSets';
import type { FileVariable, HttpDocument, Range } from './types';

/** Far beyond any real token; stops `@a = {{b}}{{b}}` chains from doubling forever. */
export const MAX_EXPANDED_LENGTH = 64 * 1024;
/** Variables defined through variables, this deep, are a generated file or an attack, not a request. */
export const MAX_EXPANSION_DEPTH = 64;
/**
 * References followed for one value, and for a whole document. `@a1 = {{a0}}{{a0}}` … doubles the
 * work at every step while the text stays empty, so the length cap alone cannot stop it.
 */
export const MAX_REFERENCES_PER_VALUE = 10_000;
export const MAX_REFERENCES_PER_DOCUMENT = 200_000;

/** Lookup layers, in order; see the module comment. */
const Layer = { File: 0, RestActive: 1, RestShared: 2, EnvFile: 3, Dotenv: 4 } as const;
type Layer = number;

export interface RestClientEnvironments {
  environments: Map<string, Map<string, string>>;
  active?: string;
}

export interface ExpansionSources {
  restClient?: RestClientEnvironments;
  /** Undefined when no files were loaded (no document path or reader, or not needed yet). */
  files?: LoadedEnvFiles;
  /** Environment name for env files and `.env.<env>`. */
  environment?: string;
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** Why `files` is undefined, used in hints ("no document path was given"). */
  filesUnavailableReason?: string;
  /** Values fetched at run time (named responses, identity providers), by reference as written. */
  fetched?: FetchedValues;
  /** Named requests of `# @import`ed files: `{{login.token}}` refers to their responses too (httpYac). */
  importedRequestNames?: ReadonlySet<string>;
  /** File variables of `# @import`ed files, used when the file itself does not define the name. */
  importedVariables?: readonly FileVariable[];
  /** Variables response handlers set (JetBrains `client.global.set`, httpYac `$global.x =`), recognised, never run. */
  scriptSets?: ReadonlyMap<string, ScriptSet>;
}

export interface Expansion {
  /** The text with every resolvable reference replaced; unresolvable ones are left as written. */
  text: string;
  sources: ValueSource[];
  problems: VariableProblem[];
  /** A lookup reached the file layers while files were not loaded. */
  neededFiles: boolean;
}

interface Frame {
  name: string;
  layer: Layer;
}
interface Found {
  value: string;
  layer: Layer;
  source: ValueSource;
  useLine: number;
}

interface Accumulator {
  sources: ValueSource[];
  sourceKeys: Set<string>;
  problems: VariableProblem[];
  neededFiles: boolean;
  aborted: boolean;
  references: number;
}

export class Expander {
  private readonly fileVars = new Map<string, FileVariable[]>();
  private readonly requestNames = new Set<string>();
  private readonly hasScripts: boolean;
  /** References followed so far for this document (see MAX_REFERENCES_PER_DOCUMENT). */
  private referencesFollowed = 0;

  constructor(
    doc: HttpDocument,
    private readonly sources: ExpansionSources,
  ) {
    for (const v of doc.fileVariables) {
      const list = this.fileVars.get(v.name);
      if (list) list.push(v);
      else this.fileVars.set(v.name, [v]);
    }
    for (const r of doc.requests) if (r.name !== undefined) this.requestNames.add(r.name);
    this.hasScripts =
      doc.regions.some((g) => g.scriptRanges.length > 0) || doc.requests.some((r) => r.scriptRanges.length > 0);
  }

  /**
   * Expands `text` written at `at` (its first character's position; references inside it get
   * ranges). `useLine` picks among duplicate file variable definitions.
   */
  expand(text: string, at: { line: number; character: number }): Expansion {
    const acc: Accumulator = {
      sources: [],
      sourceKeys: new Set(),
      problems: [],
      neededFiles: false,
      aborted: false,
      references: 0,
    };
    const out = this.expandText(text, at.line, [], acc, at);
    return { text: out, sources: acc.sources, problems: acc.problems, neededFiles: acc.neededFiles };
  }

  private expandText(
    text: string,
    useLine: number,
    stack: Frame[],
    acc: Accumulator,
    at?: { line: number; character: number },
  ): string {
    if (!text.includes('{{')) return text;
    let out = '';
    for (const part of parseTemplate(text)) {
      if (acc.aborted) return out;
      if (part.kind === 'text') {
        out += part.text;
        continue;
      }
      const range: Range | undefined = at
        ? {
            start: { line: at.line, character: at.character + part.start },
            end: { line: at.line, character: at.character + part.end },
          }
        : undefined;
      const limit = this.limitReached(stack, acc);
      if (limit) {
        acc.aborted = true;
        acc.problems.push(withRange({ kind: 'too-long', reference: part.inner, limit }, range));
        return out;
      }
      const value = this.expandReference(part.inner, classifyReference(part.inner), useLine, stack, acc, range);
      out += value ?? text.slice(part.start, part.end);
      if (out.length > MAX_EXPANDED_LENGTH) {
        acc.aborted = true;
        acc.problems.push(withRange({ kind: 'too-long', reference: part.inner, limit: 'length' }, range));
      }
    }
    return out;
  }

  /** Counts one more reference; says which bound it crosses, if any. */
  private limitReached(stack: readonly Frame[], acc: Accumulator): 'depth' | 'references' | undefined {
    if (stack.length >= MAX_EXPANSION_DEPTH) return 'depth';
    acc.references++;
    this.referencesFollowed++;
    return acc.references > MAX_REFERENCES_PER_VALUE || this.referencesFollowed > MAX_REFERENCES_PER_DOCUMENT
      ? 'references'
      : undefined;
  }

  private expandReference(
    inner: string,
    meaning: ReferenceMeaning,
    useLine: number,
    stack: Frame[],
    acc: Accumulator,
    range: Range | undefined,
  ): string | undefined {
    switch (meaning.kind) {
      case 'dynamic':
        return this.fetchedValue(inner, acc) ?? this.dynamicProblem(inner, meaning.dynamic, acc, range);
      case 'name': {
        const value = this.expandName(meaning.name, inner, useLine, stack, acc, range);
        return value !== undefined && meaning.percentEncode ? encodeURIComponent(value) : value;
      }
      case 'shared': {
        const found = this.lookupRest(meaning.name, 'shared');
        if (!found) {
          acc.problems.push(
            withRange(
              {
                kind: 'unresolved',
                reference: inner,
                hint: `REST Client's $shared environment has no "${meaning.name}".`,
              },
              range,
            ),
          );
          return undefined;
        }
        return this.follow(meaning.name, found, stack, acc, range);
      }
      case 'dotenv':
      case 'process-env': {
        let name = meaning.name;
        if (meaning.indirect) {
          const indirect = this.expandName(name, inner, useLine, stack, acc, range);
          if (indirect === undefined) return undefined;
          name = indirect.trim();
        }
        return meaning.kind === 'dotenv'
          ? this.dotenv(name, inner, acc, range)
          : this.processEnv(name, inner, acc, range);
      }
    }
  }

  private expandName(
    name: string,
    inner: string,
    useLine: number,
    stack: Frame[],
    acc: Accumulator,
    range: Range | undefined,
  ): string | undefined {
    let minLayer: Layer = Layer.File;
    for (const f of stack) if (f.name === name && f.layer + 1 > minLayer) minLayer = f.layer + 1;
    const handlerSet = this.sources.scriptSets?.get(name);
    if (handlerSet?.client === 'JetBrains HTTP Client' && minLayer === Layer.File) {
      // JetBrains' order (http-client-variables.html, "Variable types"): environment files, then the
      // globals a handler sets, then the file's own `@name = …` (a placeholder until the login ran).
      const env = this.lookupName(name, useLine, Layer.RestActive, acc);
      if (env) return this.follow(name, env, stack, acc, range);
      return this.scriptSet(handlerSet, inner, acc, range);
    }
    const found = this.lookupName(name, useLine, minLayer, acc);
    if (found) return this.follow(name, found, stack, acc, range);
    if (minLayer > Layer.File) {
      const first = stack.findIndex((f) => f.name === name);
      acc.problems.push(
        withRange(
          { kind: 'circular', reference: inner, cycle: [...stack.slice(first).map((f) => f.name), name] },
          range,
        ),
      );
      return undefined;
    }
    const head = name.split('.')[0] ?? name;
    if (this.requestNames.has(head) || this.sources.importedRequestNames?.has(head) === true) {
      return this.fetchedValue(inner, acc) ?? this.dynamicProblem(inner, 'response-reference', acc, range);
    }
    const set = this.sources.scriptSets?.get(name);
    if (set) return this.scriptSet(set, inner, acc, range);
    acc.problems.push(withRange(this.unresolvedName(name, inner), range));
    return undefined;
  }

  /** A variable a response handler sets: its literal, the fetched value, or dynamic until fetched. */
  private scriptSet(set: ScriptSet, inner: string, acc: Accumulator, range: Range | undefined): string | undefined {
    if (set.kind === 'literal') {
      addSource(acc, { kind: 'script-literal', name: set.name, requestLine: set.requestLine });
      return set.value;
    }
    const fetched = this.fetchedValue(inner, acc, set.fingerprint);
    if (fetched !== undefined) return fetched;
    const handler: HandlerOrigin = {
      client: set.client,
      requestIndex: set.requestIndex,
      requestLine: set.requestLine,
      path: set.path,
      fingerprint: set.fingerprint,
    };
    if (set.requestName !== undefined) handler.requestName = set.requestName;
    if (set.doc !== undefined && set.documentPath !== undefined) handler.documentPath = set.documentPath;
    acc.problems.push(withRange({ kind: 'dynamic', reference: inner, dynamic: 'response-handler', handler }, range));
    return undefined;
  }

  /** A value fetched at run time for this reference (on a click, or `scan --send-token-requests`). */
  private fetchedValue(inner: string, acc: Accumulator, fingerprint?: string): string | undefined {
    const hit = this.sources.fetched?.values.get(inner);
    // A handler's token fetched before its request or handler changed (in this file or a sibling) is stale.
    if (!hit || (fingerprint !== undefined && hit.sourceKey !== fingerprint)) return undefined;
    addSource(acc, { kind: 'fetched', reference: inner, from: hit.from, fetchedAt: hit.fetchedAt });
    return hit.value;
  }

  private dynamicProblem(
    inner: string,
    dynamic: DynamicKind,
    acc: Accumulator,
    range: Range | undefined,
  ): string | undefined {
    acc.problems.push(withRange({ kind: 'dynamic', reference: inner, dynamic }, range));
    return undefined;
  }

  /** Records the source and expands the found value's own references. */
  private follow(
    name: string,
    found: Found,
    stack: Frame[],
    acc: Accumulator,
    range: Range | undefined,
  ): string | undefined {
    addSource(acc, found.source);
    const before = acc.problems.length;
    const value = this.expandText(found.value, found.useLine, [...stack, { name, layer: found.layer }], acc);
    if (acc.problems.length === before) return value;
    // Nested problems have no range in the token; point the first one at the reference that led there.
    const nested = acc.problems[before];
    if (nested && nested.range === undefined && range) nested.range = range;
    return undefined;
  }

  private lookupName(name: string, useLine: number, minLayer: Layer, acc: Accumulator): Found | undefined {
    if (minLayer <= Layer.File) {
      const def = this.fileVariable(name, useLine) ?? this.sources.importedVariables?.find((v) => v.name === name);
      if (def) {
        return {
          value: def.value,
          layer: Layer.File,
          useLine: def.range.start.line,
          source: { kind: 'file-variable', name, line: def.range.start.line, range: def.range, lazy: def.lazy },
        };
      }
    }
    if (minLayer <= Layer.RestActive) {
      const found = this.lookupRest(name, 'active');
      if (found) return found;
    }
    if (minLayer <= Layer.RestShared) {
      const found = this.lookupRest(name, 'shared');
      if (found) return found;
    }
    if (minLayer <= Layer.Dotenv) {
      const files = this.sources.files;
      if (!files) {
        acc.neededFiles = true;
        return undefined;
      }
      if (minLayer <= Layer.EnvFile) {
        for (const env of this.envNames()) {
          for (const f of files.envJson) {
            const value = f.environments.get(env)?.get(name);
            if (value !== undefined) {
              return {
                value,
                layer: Layer.EnvFile,
                useLine: -1,
                source: { kind: 'env-file', name, path: f.path, environment: env, private: f.private },
              };
            }
          }
        }
      }
      for (const f of files.dotenv) {
        const value = f.vars.get(name);
        if (value !== undefined)
          return { value, layer: Layer.Dotenv, useLine: -1, source: { kind: 'dotenv', name, path: f.path } };
      }
    }
    return undefined;
  }

  private envNames(): string[] {
    const env = this.sources.environment;
    return env !== undefined && env !== '$shared' ? [env, '$shared'] : ['$shared'];
  }

  private lookupRest(name: string, which: 'active' | 'shared'): Found | undefined {
    const rest = this.sources.restClient;
    if (!rest) return undefined;
    const envName = which === 'shared' ? '$shared' : rest.active;
    if (envName === undefined || (which === 'active' && envName === '$shared')) return undefined;
    const value = rest.environments.get(envName)?.get(name);
    if (value === undefined) return undefined;
    return {
      value,
      layer: which === 'shared' ? Layer.RestShared : Layer.RestActive,
      useLine: -1,
      source: { kind: 'rest-client-environment', name, environment: envName },
    };
  }

  /** Nearest definition above `useLine`, else the first below it. */
  private fileVariable(name: string, useLine: number): FileVariable | undefined {
    const defs = this.fileVars.get(name);
    if (!defs) return undefined;
    let best: FileVariable | undefined;
    for (const d of defs) {
      if (d.range.start.line < useLine || useLine < 0) best = d;
      else return best ?? d;
    }
    return best;
  }

  private dotenv(name: string, inner: string, acc: Accumulator, range: Range | undefined): string | undefined {
    const files = this.sources.files;
    if (!files) {
      acc.neededFiles = true;
      acc.problems.push(
        withRange(
          {
            kind: 'unresolved',
            reference: inner,
            hint: this.sources.filesUnavailableReason ?? 'No .env file was searched.',
          },
          range,
        ),
      );
      return undefined;
    }
    for (const f of files.dotenv) {
      const value = f.vars.get(name);
      if (value !== undefined) {
        addSource(acc, { kind: 'dotenv', name, path: f.path });
        return value;
      }
    }
    const skipped = files.skipped.find((f) => f.dotenv);
    const hint =
      files.dotenv.length === 0
        ? skipped !== undefined
          ? `${skipped.path} is ${skipped.what}; it was not read.`
          : `No .env file found in ${files.folders[0] ?? "the file's folder"} or above.`
        : `"${name}" is in none of: ${files.dotenv.map((f) => f.path).join(', ')}.`;
    acc.problems.push(withRange({ kind: 'unresolved', reference: inner, hint }, range));
    return undefined;
  }

  private processEnv(name: string, inner: string, acc: Accumulator, range: Range | undefined): string | undefined {
    const env = this.sources.processEnv;
    const value = env?.[name];
    if (value !== undefined) {
      addSource(acc, { kind: 'process-env', name });
      return value;
    }
    const hint = env
      ? `The environment variable ${name} is not set.`
      : 'No process environment was given to look it up.';
    acc.problems.push(withRange({ kind: 'unresolved', reference: inner, hint }, range));
    return undefined;
  }

  private unresolvedName(name: string, inner: string): VariableProblem {
    const definedIn = new Set<string>();
    for (const [env, vars] of this.sources.restClient?.environments ?? []) if (vars.has(name)) definedIn.add(env);
    for (const f of this.sources.files?.envJson ?? [])
      for (const [env, vars] of f.environments) if (vars.has(name)) definedIn.add(env);
    const problem: VariableProblem = { kind: 'unresolved', reference: inner };
    if (definedIn.size > 0) {
      problem.definedInEnvironments = [...definedIn].sort();
      const active = this.sources.environment ?? this.sources.restClient?.active;
      problem.hint =
        active === undefined
          ? `Defined in environment ${capList(problem.definedInEnvironments)}; no environment is selected.`
          : `Not in environment "${active}"; defined in ${capList(problem.definedInEnvironments)}.`;
    } else if (this.hasScripts) {
      problem.hint =
        'Not defined in the file or the environments: set by a script; not run (a script in this file may set it when the request runs).';
    } else if (!this.sources.files && this.sources.filesUnavailableReason) {
      problem.hint = `Not defined in the file; environment files were not searched (${this.sources.filesUnavailableReason})`;
    }
    return problem;
  }
}

function withRange<T extends VariableProblem>(problem: T, range: Range | undefined): T {
  if (range) problem.range = range;
  return problem;
}

function addSource(acc: Accumulator, source: ValueSource): void {
  const key = JSON.stringify(source);
  if (acc.sourceKeys.has(key)) return;
  acc.sourceKeys.add(key);
  acc.sources.push(source);
}
