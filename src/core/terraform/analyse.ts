/**
 * One Terraform module (a folder's `*.tf` files and its variable files) read for the SCIM JWT
 * settings: which `harness_platform_setting` resources write one of the four, what value each will
 * give Harness, and where that value comes from. Values are evaluated as Terraform would before
 * apply, for the few expressions that are known then: literals, templates of known parts, heredocs,
 * `local.x`, and `var.x` from the variable files in Terraform's precedence, then the variable's
 * default (docs/harness-contract.md, "Terraform checks"). Everything else is unknown, with what it
 * waits for. Pure: the caller reads the files and passes the parser.
 */
import { SCIM_JWT_SETTINGS } from '../scimJwtSettings';
import { SETUP_FIELDS, type SetupField } from '../setup';
import type { HclBlock, HclExpr, HclFile, HclItem } from './hcl';
import type { HclParser } from './parser';
import type {
  TfLocation,
  TfModule,
  TfOrigin,
  TfRange,
  TfServiceAccount,
  TfSetting,
  TfSourceFile,
  TfValue,
} from './types';

export const SETTING_RESOURCE = 'harness_platform_setting';
export const SERVICE_ACCOUNT_RESOURCE = 'harness_platform_service_account';
/** A chain of variables and locals longer than this is not followed. */
export const MAX_REFERENCE_DEPTH = 32;
/** A value built longer than this (templates of templates) is not built. */
export const MAX_VALUE_LENGTH = 64 * 1024;

/** Where a variable file stands in Terraform's precedence; `explicit` files are read only with -var-file. */
export type VarFileRank = { kind: 'auto'; order: number } | { kind: 'explicit' };

const baseName = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/**
 * Terraform loads `terraform.tfvars`, then `terraform.tfvars.json`, then `*.auto.tfvars` and
 * `*.auto.tfvars.json` in the lexical order of their names; a later file wins. Other `*.tfvars`
 * files are read only when named with `-var-file`.
 */
export function varFileRank(file: string): VarFileRank {
  const name = baseName(file);
  if (name === 'terraform.tfvars') return { kind: 'auto', order: 0 };
  if (name === 'terraform.tfvars.json') return { kind: 'auto', order: 1 };
  if (/\.auto\.tfvars(\.json)?$/.test(name)) return { kind: 'auto', order: 2 };
  return { kind: 'explicit' };
}

/** The auto-loaded variable files, lowest precedence first. */
export function autoVarFilesInOrder<T extends { path: string }>(files: readonly T[]): T[] {
  const auto = files.filter((f) => varFileRank(f.path).kind === 'auto');
  const order = (f: T): number => (varFileRank(f.path) as { order: number }).order;
  return auto.sort((a, b) => {
    const byRank = order(a) - order(b);
    if (byRank !== 0) return byRank;
    const [x, y] = [baseName(a.path), baseName(b.path)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

interface VarAssignment {
  file: string;
  at: TfRange;
  value: TfValue;
}

interface Declared<T> {
  file: string;
  item: T;
}

const loc = (file: string, range: TfRange): TfLocation => ({ file, range });

const unknown = (reason: string, origin: TfOrigin[] = []): TfValue => ({ kind: 'unknown', reason, origin });

function attr(block: HclBlock, name: string): Extract<HclItem, { kind: 'attribute' }> | undefined {
  for (const item of block.body) if (item.kind === 'attribute' && item.name === name) return item;
  return undefined;
}

/** A number as Terraform converts it to a string (`5.0` is "5"). */
function numberText(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER ? String(n) : text;
}

/**
 * A string in a JSON variable file is a template to HCL's JSON syntax: `$${` and `%%{` stand for
 * `${` and `%{`, and a lone `${` or `%{` opens an interpolation, which a variable file cannot
 * evaluate (its values have no context).
 */
function jsonString(raw: string, name: string, file: string): TfValue {
  if (/(?<!\$)\$\{|(?<!%)%\{/.test(raw))
    return unknown(`var.${name} in ${file} is a template (\${…} or %{…}), which a variable file cannot evaluate`);
  return { kind: 'known', value: raw.replace(/([$%])\1\{/g, '$1{'), origin: [] };
}

class Module {
  readonly variables = new Map<string, Declared<HclBlock>>();
  readonly locals = new Map<string, Declared<Extract<HclItem, { kind: 'attribute' }>>>();
  readonly serviceAccounts = new Map<string, Declared<HclBlock>>();
  private readonly localMemo = new Map<string, TfValue>();
  private readonly varMemo = new Map<string, TfValue>();

  constructor(
    readonly files: readonly HclFile[],
    private readonly varFiles: readonly HclFile[],
    private readonly varJson: ReadonlyMap<string, Record<string, unknown>>,
  ) {
    for (const file of files) {
      for (const item of file.body) {
        if (item.kind !== 'block') continue;
        const [a, b] = item.labels;
        if (item.type === 'variable' && a !== undefined && !this.variables.has(a))
          this.variables.set(a, { file: file.path, item });
        else if (item.type === 'locals')
          for (const l of item.body)
            if (l.kind === 'attribute' && !this.locals.has(l.name))
              this.locals.set(l.name, { file: file.path, item: l });
        if (
          item.type === 'resource' &&
          a === SERVICE_ACCOUNT_RESOURCE &&
          b !== undefined &&
          !this.serviceAccounts.has(b)
        )
          this.serviceAccounts.set(b, { file: file.path, item });
      }
    }
  }

  /** Evaluates an expression of the module (`constant`: of a variable file or a default, where nothing may be referenced). */
  evaluate(expr: HclExpr, file: string, stack: readonly string[], constant = false): TfValue {
    switch (expr.kind) {
      case 'string':
        return { kind: 'known', value: expr.value, origin: [] };
      case 'number':
        return { kind: 'known', value: numberText(expr.text), origin: [] };
      case 'bool':
        return { kind: 'known', value: String(expr.value), origin: [] };
      case 'null':
        return unknown('null: no value (the provider requires one)');
      case 'other':
        return unknown(`${expr.what}: not evaluated before apply`);
      case 'template':
        return this.template(expr, file, stack, constant);
      case 'traversal':
        if (constant) return unknown(`${expr.names.join('.')}: a variable's value cannot refer to anything`);
        return this.reference(expr.names, loc(file, expr.range), stack);
    }
  }

  private template(
    expr: Extract<HclExpr, { kind: 'template' }>,
    file: string,
    stack: readonly string[],
    constant: boolean,
  ): TfValue {
    // A template that is one interpolation and nothing else is the value itself (HCL), a reference included.
    const [only] = expr.parts;
    if (expr.parts.length === 1 && only !== undefined && typeof only !== 'string')
      return this.evaluate(only, file, stack, constant);
    let value = '';
    const origin: TfOrigin[] = [];
    for (const part of expr.parts) {
      if (typeof part === 'string') {
        value += part;
        continue;
      }
      const v = this.evaluate(part, file, stack, constant);
      origin.push(...v.origin);
      if (v.kind === 'unknown') return { ...v, origin };
      if (v.kind === 'service-account') {
        if (v.identifier === undefined) return unknown(`${v.address}.identifier is not known before apply`, origin);
        value += v.identifier;
      } else value += v.value;
      if (value.length > MAX_VALUE_LENGTH) return unknown(`a value longer than ${MAX_VALUE_LENGTH} characters`, origin);
    }
    return { kind: 'known', value, origin };
  }

  private reference(names: readonly string[], at: TfLocation, stack: readonly string[]): TfValue {
    const [root, name, attribute] = names;
    const text = names.join('.');
    if (stack.length >= MAX_REFERENCE_DEPTH)
      return unknown(`${text}: a chain of more than ${MAX_REFERENCE_DEPTH} references, not followed`);
    if (root === 'var' && name !== undefined) {
      if (names.length > 2) return unknown(`${text}: an attribute of a variable, not evaluated before apply`);
      return this.variable(name, at);
    }
    if (root === 'local' && name !== undefined) {
      if (names.length > 2) return unknown(`${text}: an attribute of a local value, not evaluated before apply`);
      return this.local(name, at, stack);
    }
    if (root === SERVICE_ACCOUNT_RESOURCE && name !== undefined && (attribute === 'identifier' || attribute === 'id')) {
      const address = `${SERVICE_ACCOUNT_RESOURCE}.${name}`;
      const found = this.serviceAccounts.get(name);
      if (found === undefined) return unknown(`${address} is not in this module`, [{ what: text, at }]);
      const origin: TfOrigin[] = [{ what: text, at }];
      const id = this.serviceAccountIdentifier(found, stack);
      return id.kind === 'known'
        ? { kind: 'service-account', address, identifier: id.value, origin: [...origin, ...id.origin] }
        : { kind: 'service-account', address, origin };
    }
    if (root === 'data') return unknown(`${text}: a data source, read at plan or apply`, [{ what: text, at }]);
    if (root === 'module') return unknown(`${text}: an output of another module, known at apply`, [{ what: text, at }]);
    if (root === 'each' || root === 'count' || root === 'self' || root === 'path' || root === 'terraform')
      return unknown(`${text}: known only when Terraform runs`, [{ what: text, at }]);
    return unknown(`${text}: an attribute of another resource, known at apply`, [{ what: text, at }]);
  }

  serviceAccountIdentifier(found: Declared<HclBlock>, stack: readonly string[] = []): TfValue {
    const id = attr(found.item, 'identifier');
    if (id === undefined) return unknown(`${SERVICE_ACCOUNT_RESOURCE}.${found.item.labels[1] ?? ''} has no identifier`);
    return this.evaluate(id.expr, found.file, [...stack, `${SERVICE_ACCOUNT_RESOURCE}.${found.item.labels[1] ?? ''}`]);
  }

  private local(name: string, at: TfLocation, stack: readonly string[]): TfValue {
    const key = `local.${name}`;
    const found = this.locals.get(name);
    if (found === undefined) return unknown(`${key} is not defined in this module`, [{ what: key, at }]);
    if (stack.includes(key))
      return unknown(`${key} refers to itself (${[...stack.slice(stack.indexOf(key)), key].join(' → ')})`, [
        { what: key, at },
      ]);
    let value = this.localMemo.get(name);
    if (value === undefined) {
      value = this.evaluate(found.item.expr, found.file, [...stack, key]);
      // A value found inside a cycle depends on where the cycle was entered: kept only when complete.
      if (!(value.kind === 'unknown' && value.reason.includes(' refers to itself '))) this.localMemo.set(name, value);
    }
    return { ...value, origin: [{ what: key, at: loc(found.file, found.item.range) }, ...value.origin] };
  }

  private variable(name: string, at: TfLocation): TfValue {
    const key = `var.${name}`;
    const declared = this.variables.get(name);
    if (declared === undefined)
      return unknown(`${key} is not declared in this module (no variable "${name}" block)`, [{ what: key, at }]);
    let value = this.varMemo.get(name);
    if (value === undefined) {
      value = this.variableValue(name, declared);
      this.varMemo.set(name, value);
    }
    return value;
  }

  private variableValue(name: string, declared: Declared<HclBlock>): TfValue {
    const key = `var.${name}`;
    const head: TfOrigin = { what: key, at: loc(declared.file, declared.item.head) };
    // A null from a variable file is kept over the default unless the variable says `nullable = false`.
    const nullable = attr(declared.item, 'nullable');
    const keepsNull = !(nullable?.expr.kind === 'bool' && !nullable.expr.value);
    const assigned = this.assignments(name, keepsNull);
    const auto = assigned.filter((a) => varFileRank(a.file).kind === 'auto');
    const winner = auto[auto.length - 1];
    if (winner !== undefined)
      return {
        ...winner.value,
        origin: [head, { what: baseName(winner.file), at: loc(winner.file, winner.at) }, ...winner.value.origin],
      };
    const dflt = attr(declared.item, 'default');
    if (dflt !== undefined && dflt.expr.kind !== 'null') {
      const v = this.evaluate(dflt.expr, declared.file, [], true);
      return { ...v, origin: [head, { what: 'default', at: loc(declared.file, dflt.range) }, ...v.origin] };
    }
    const explicit = assigned.filter((a) => varFileRank(a.file).kind === 'explicit');
    const values = new Set(explicit.map((a) => (a.value.kind === 'known' ? a.value.value : '\u0000')));
    const [first] = explicit;
    if (first !== undefined && values.size === 1 && first.value.kind === 'known')
      return {
        ...first.value,
        origin: [head, { what: `${baseName(first.file)} (with -var-file)`, at: loc(first.file, first.at) }],
      };
    const files = explicit.map((a) => baseName(a.file));
    return unknown(
      files.length > 0
        ? `${key} has no default and is set only in ${files.join(', ')}, which Terraform reads only when named with -var-file: known at apply`
        : `${key} has no default and no value in terraform.tfvars or *.auto.tfvars: known at apply (-var, -var-file or TF_VAR_${name}, which the editor cannot see)`,
      [head],
    );
  }

  /** Every variable file's value for the variable, lowest precedence first. */
  private assignments(name: string, keepsNull: boolean): VarAssignment[] {
    const out: VarAssignment[] = [];
    const ordered = [
      ...autoVarFilesInOrder(this.varFiles),
      ...this.varFiles.filter((f) => varFileRank(f.path).kind === 'explicit'),
    ];
    for (const file of ordered) {
      const json = this.varJson.get(file.path);
      if (json !== undefined) {
        if (!Object.prototype.hasOwnProperty.call(json, name)) continue;
        const raw = json[name];
        const at = file.jsonMembers?.find((m) => m.name === name)?.range ?? {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 0 },
        };
        if (raw === null && !keepsNull) continue;
        const value: TfValue =
          raw === null
            ? unknown(`var.${name} is null in ${baseName(file.path)}: no value (the provider requires one)`)
            : typeof raw === 'string'
              ? jsonString(raw, name, baseName(file.path))
              : typeof raw === 'number' || typeof raw === 'boolean'
                ? { kind: 'known', value: String(raw), origin: [] }
                : unknown(`var.${name} is a list or an object in ${baseName(file.path)}, not a string`);
        out.push({ file: file.path, at, value });
        continue;
      }
      for (const item of file.body) {
        if (item.kind !== 'attribute' || item.name !== name || (item.expr.kind === 'null' && !keepsNull)) continue;
        out.push({ file: file.path, at: item.range, value: this.evaluate(item.expr, file.path, [], true) });
      }
    }
    return out;
  }
}

const SETTING_FIELD_BY_ID: ReadonlyMap<string, SetupField> = new Map(SCIM_JWT_SETTINGS.map((s) => [s.id, s.field]));

/** The module's four settings, service accounts and syntax errors. The parser comes from `loadHclParser`. */
export function analyseModule(
  parser: HclParser,
  files: readonly TfSourceFile[],
  vars: readonly TfSourceFile[] = [],
): TfModule {
  const parsed = files.map((f) => parser.parse(f));
  const parsedVars = vars.map((f) => parser.parse(f));
  const json = new Map<string, Record<string, unknown>>();
  vars.forEach((f, i) => {
    if (!f.path.endsWith('.json') || parsedVars[i]?.notRead !== undefined) return;
    try {
      const value: unknown = JSON.parse(f.text);
      json.set(
        f.path,
        typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {},
      );
    } catch {
      json.set(f.path, {});
    }
  });
  return moduleOf(parsed, parsedVars, json);
}

function moduleOf(parsed: HclFile[], parsedVars: HclFile[], json: Map<string, Record<string, unknown>>): TfModule {
  const module = new Module(parsed, parsedVars, json);
  const settings: TfSetting[] = [];
  const serviceAccounts: TfServiceAccount[] = [];
  for (const file of parsed) {
    for (const block of file.body) {
      if (block.kind !== 'block' || block.type !== 'resource') continue;
      const [type, name] = block.labels;
      if (name === undefined) continue;
      if (type === SERVICE_ACCOUNT_RESOURCE) {
        const found = module.serviceAccounts.get(name);
        const org = attr(block, 'org_id');
        const project = attr(block, 'project_id');
        serviceAccounts.push({
          address: `${SERVICE_ACCOUNT_RESOURCE}.${name}`,
          block: loc(file.path, block.head),
          identifier:
            found?.item === block && attr(block, 'identifier') !== undefined
              ? module.serviceAccountIdentifier(found)
              : undefined,
          ...(org !== undefined && org.expr.kind !== 'null' && { orgId: module.evaluate(org.expr, file.path, []) }),
          ...(project !== undefined &&
            project.expr.kind !== 'null' && { projectId: module.evaluate(project.expr, file.path, []) }),
        });
        continue;
      }
      if (type !== SETTING_RESOURCE) continue;
      const identifier = attr(block, 'identifier');
      if (identifier === undefined) continue;
      const id = module.evaluate(identifier.expr, file.path, []);
      const field = id.kind === 'known' ? SETTING_FIELD_BY_ID.get(id.value) : undefined;
      if (field === undefined) continue;
      const value = attr(block, 'value');
      const overrides = attr(block, 'allow_overrides');
      const org = attr(block, 'org_id');
      const project = attr(block, 'project_id');
      const overridesValue = overrides === undefined ? undefined : module.evaluate(overrides.expr, file.path, []);
      settings.push({
        field,
        address: `${SETTING_RESOURCE}.${name}`,
        block: loc(file.path, block.head),
        identifier: loc(file.path, identifier.range),
        ...(value !== undefined && { valueAt: loc(file.path, value.range) }),
        value: value === undefined ? undefined : module.evaluate(value.expr, file.path, []),
        allowOverrides:
          overridesValue === undefined
            ? 'absent'
            : overridesValue.kind === 'known' && (overridesValue.value === 'true' || overridesValue.value === 'false')
              ? overridesValue.value === 'true'
              : 'unknown',
        ...(org !== undefined && org.expr.kind !== 'null' && { orgId: module.evaluate(org.expr, file.path, []) }),
        ...(project !== undefined &&
          project.expr.kind !== 'null' && { projectId: module.evaluate(project.expr, file.path, []) }),
      });
    }
  }
  const present = new Set(settings.map((s) => s.field));
  const syntaxErrors: TfLocation[] = [...parsed, ...parsedVars].flatMap((f) =>
    f.syntaxErrors.map((r) => loc(f.path, r)),
  );
  const unread = [...parsed, ...parsedVars].flatMap((f) =>
    f.notRead === undefined
      ? []
      : [{ at: loc(f.path, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), reason: f.notRead }],
  );
  return {
    settings,
    missing: SETUP_FIELDS.filter((f) => !present.has(f)),
    serviceAccounts,
    syntaxErrors,
    ...(unread.length > 0 && { unread }),
  };
}
