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
import type { HclAttribute, HclBlock, HclExpr, HclFile, HclItem } from './hcl';
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
  /** The file says `null`: it still replaces what earlier files said. */
  isNull: boolean;
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

/**
 * A number as Terraform converts it to a string: the decimal digits, never an exponent (`5.0` is
 * "5", `1.5e-7` is "0.00000015"; cty's number to string conversion, checked against Terraform
 * 1.11). The literal's own digits are used, so nothing is rounded through a double. `undefined`
 * when the text is not a plain number or its exponent is out of all proportion.
 */
function decimalText(text: string): string | undefined {
  const m = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(text.trim());
  if (m === null) return undefined;
  const [, sign = '', whole = '', frac = '', exp = '0'] = m;
  const digits = `${whole}${frac}`;
  const point = whole.length + Number(exp);
  if (point > 1024 || point < -1024) return undefined;
  const padded = point < 0 ? `${'0'.repeat(-point)}${digits}` : digits.padEnd(point, '0');
  const at = Math.max(point, 0);
  const int = padded.slice(0, at).replace(/^0+(?=\d)/, '') || '0';
  const fraction = padded.slice(at).replace(/0+$/, '');
  const abs = fraction === '' ? int : `${int}.${fraction}`;
  return abs === '0' ? abs : `${sign}${abs}`;
}

function numberText(text: string): string {
  return decimalText(text) ?? text;
}

/** A known string as Terraform holds it: cty normalizes every string to NFC (go-cty `StringVal`). */
const nfc = (value: string): string => value.normalize('NFC');

/**
 * A string in a JSON variable file is taken verbatim: Terraform evaluates a variable file's values
 * with no context (`ParseVariableValue`, `Value(nil)`), and HCL's JSON syntax returns a string
 * "verbatim" when it has none (hashicorp/hcl `json/structure.go`, `(*expression).Value`), so `${`
 * and `$${` are plain text there (Terraform 1.11: `{"x": "a${b}$${c}"}` gives `a${b}$${c}`).
 */
function jsonString(raw: string): TfValue {
  return { kind: 'known', value: nfc(raw), origin: [] };
}

/** One instance of a `for_each` resource: its key, its value, and the value's expression and file (for `each.value.<attribute>`). */
interface ForEachInstance {
  key: string;
  value: TfValue;
  expr: HclExpr;
  file: string;
}

class Module {
  readonly variables = new Map<string, Declared<HclBlock>>();
  readonly locals = new Map<string, Declared<Extract<HclItem, { kind: 'attribute' }>>>();
  readonly serviceAccounts = new Map<string, Declared<HclBlock>>();
  private readonly localMemo = new Map<string, TfValue>();
  /** `each.key` / `each.value` while one instance of a `for_each` resource is read; undefined elsewhere. */
  private each: ForEachInstance | undefined;
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
              this.locals.set(l.name, { file: l.file ?? file.path, item: l });
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
        return { kind: 'known', value: nfc(expr.value), origin: [] };
      case 'number': {
        // HCL's numbers are decimal: the grammar's `0x10` is not one (Terraform refuses it).
        const text = decimalText(expr.text);
        return text === undefined
          ? unknown(`${expr.text}: not a number Terraform reads`)
          : { kind: 'known', value: text, origin: [] };
      }
      case 'bool':
        return { kind: 'known', value: String(expr.value), origin: [] };
      case 'object':
        return unknown('a list or an object, not a string: not evaluated before apply');
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
    return { kind: 'known', value: nfc(value), origin };
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
      // With count or for_each the resource is many: Terraform refuses a reference without an instance key.
      const many =
        attr(found.item, 'count') !== undefined
          ? 'count'
          : attr(found.item, 'for_each') !== undefined
            ? 'for_each'
            : undefined;
      if (many !== undefined)
        return unknown(
          `${address} has ${many}, so Terraform needs one instance of it (${address}[…]), and refuses ${text}`,
          origin,
        );
      const id = this.serviceAccountIdentifier(found, stack);
      return id.kind === 'known'
        ? { kind: 'service-account', address, identifier: id.value, origin: [...origin, ...id.origin] }
        : { kind: 'service-account', address, origin };
    }
    if (root === SERVICE_ACCOUNT_RESOURCE && name !== undefined && attribute !== undefined && names.length === 3) {
      // Another attribute of a service account of the module (.name, .email, .account_id...): what
      // the block writes, known at plan like any configured argument; not the identifier Harness
      // looks the account up by, which the value checks then show.
      const found = this.serviceAccounts.get(name);
      const written = found === undefined ? undefined : attr(found.item, attribute);
      if (found !== undefined && written !== undefined) {
        const v = this.outsideInstance(() => this.evaluate(written.expr, written.file ?? found.file, [...stack, text]));
        return { ...v, origin: [{ what: text, at }, ...v.origin] };
      }
    }
    if (root === 'data') return unknown(`${text}: a data source, read at plan or apply`, [{ what: text, at }]);
    if (root === 'module') return unknown(`${text}: an output of another module, known at apply`, [{ what: text, at }]);
    if (root === 'each' && this.each !== undefined && names.length === 2 && (name === 'key' || name === 'value')) {
      const v: TfValue = name === 'key' ? { kind: 'known', value: this.each.key, origin: [] } : this.each.value;
      return { ...v, origin: [{ what: text, at }, ...v.origin] };
    }
    const each = this.each;
    if (
      root === 'each' &&
      each !== undefined &&
      names.length === 3 &&
      name === 'value' &&
      each.expr.kind === 'object'
    ) {
      // each.value.<attribute> of an object written in the map.
      for (const entry of each.expr.entries) {
        if (entry.key.kind !== 'string' || entry.key.value !== attribute) continue;
        const v = this.outsideInstance(() => this.evaluate(entry.value, each.file, [...stack, text]));
        return { ...v, origin: [{ what: text, at }, ...v.origin] };
      }
      return unknown(`${text}: the map's value has no attribute ${attribute ?? ''}`, [{ what: text, at }]);
    }
    if (root === 'each' || root === 'count' || root === 'self' || root === 'path' || root === 'terraform')
      return unknown(`${text}: known only when Terraform runs`, [{ what: text, at }]);
    return unknown(`${text}: an attribute of another resource, known at apply`, [{ what: text, at }]);
  }

  serviceAccountIdentifier(found: Declared<HclBlock>, stack: readonly string[] = []): TfValue {
    const id = attr(found.item, 'identifier');
    if (id === undefined) return unknown(`${SERVICE_ACCOUNT_RESOURCE}.${found.item.labels[1] ?? ''} has no identifier`);
    return this.outsideInstance(() =>
      this.evaluate(id.expr, id.file ?? found.file, [
        ...stack,
        `${SERVICE_ACCOUNT_RESOURCE}.${found.item.labels[1] ?? ''}`,
      ]),
    );
  }

  /** Reads one instance of a `for_each` resource: `each` is known inside `read` only. */
  inInstance<T>(each: ForEachInstance, read: () => T): T {
    const before = this.each;
    this.each = each;
    try {
      return read();
    } finally {
      this.each = before;
    }
  }

  /** Locals and other resources do not see the instance being read (`each` is the resource's own). */
  private outsideInstance<T>(read: () => T): T {
    const before = this.each;
    this.each = undefined;
    try {
      return read();
    } finally {
      this.each = before;
    }
  }

  /**
   * The instances of a `for_each` written as an object constructor in the block, or in a local
   * holding one: each key (a string) with its value. Undefined when the map is not known before
   * apply (a function such as toset(), a variable, a data source...).
   */
  instancesOf(forEach: HclExpr, file: string): ForEachInstance[] | undefined {
    let map = forEach;
    if (map.kind === 'traversal' && map.names.length === 2 && map.names[0] === 'local') {
      const found = this.locals.get(map.names[1] ?? '');
      if (found === undefined) return undefined;
      map = found.item.expr;
      file = found.file;
    }
    if (map.kind !== 'object') return undefined;
    const instances: ForEachInstance[] = [];
    for (const entry of map.entries) {
      const key = this.outsideInstance(() => this.evaluate(entry.key, file, []));
      if (key.kind !== 'known') return undefined;
      instances.push({
        key: key.value,
        value: this.outsideInstance(() => this.evaluate(entry.value, file, [])),
        expr: entry.value,
        file,
      });
    }
    return instances;
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
      value = this.outsideInstance(() => this.evaluate(found.item.expr, found.file, [...stack, key]));
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
      value = typed(name, declared.item, this.variableValue(name, declared));
      this.varMemo.set(name, value);
    }
    return value;
  }

  private variableValue(name: string, declared: Declared<HclBlock>): TfValue {
    const key = `var.${name}`;
    const head: TfOrigin = { what: key, at: loc(declared.file, declared.item.head) };
    // A null from a variable file replaces what earlier files said, and is kept over the default
    // unless the variable says `nullable = false`, when the default applies (Terraform 1.11).
    const nullable = attr(declared.item, 'nullable');
    const keepsNull = !(nullable?.expr.kind === 'bool' && !nullable.expr.value);
    const dflt = attr(declared.item, 'default');
    // Terraform checks the default against the type and `nullable` whatever the files say ("Invalid default value").
    if (!keepsNull && dflt?.expr.kind === 'null')
      return unknown(
        `${key} has default = null and nullable = false, which Terraform refuses ("Invalid default value")`,
        [head],
      );
    if (dflt !== undefined && dflt.expr.kind !== 'null') {
      const checked = typed(name, declared.item, this.evaluate(dflt.expr, dflt.file ?? declared.file, [], true));
      if (checked.kind === 'unknown' && checked.reason.includes('Terraform refuses it'))
        return { ...checked, reason: `the default of ${key}: ${checked.reason}`, origin: [head] };
    }
    const assigned = this.assignments(name).filter(
      (a) => keepsNull || !a.isNull || varFileRank(a.file).kind === 'auto',
    );
    const auto = assigned.filter((a) => varFileRank(a.file).kind === 'auto');
    const winner = auto[auto.length - 1];
    if (winner !== undefined && (keepsNull || !winner.isNull))
      return {
        ...winner.value,
        origin: [head, { what: baseName(winner.file), at: loc(winner.file, winner.at) }, ...winner.value.origin],
      };
    if (dflt !== undefined && dflt.expr.kind !== 'null') {
      const at = dflt.file ?? declared.file;
      const v = this.evaluate(dflt.expr, at, [], true);
      return { ...v, origin: [head, { what: 'default', at: loc(at, dflt.range) }, ...v.origin] };
    }
    const explicit = assigned.filter((a) => varFileRank(a.file).kind === 'explicit');
    if (winner !== undefined && explicit.length === 0)
      return unknown(
        `${key} is null in ${baseName(winner.file)} and has no default: no value (the provider requires one)`,
        [head],
      );
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
  private assignments(name: string): VarAssignment[] {
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
        const member = file.jsonMembers?.find((m) => m.name === name);
        const at = member?.range ?? {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 0 },
        };
        // The number's own digits: JSON.parse rounds 12345678901234567891 to a double, HCL does not.
        const digits =
          member?.value?.kind === 'number' && Number(member.value.text) === raw ? member.value.text : String(raw);
        const value: TfValue =
          raw === null
            ? unknown(`var.${name} is null in ${baseName(file.path)}: no value (the provider requires one)`)
            : typeof raw === 'string'
              ? jsonString(raw)
              : typeof raw === 'number'
                ? Number.isFinite(raw)
                  ? { kind: 'known', value: numberText(digits), origin: [] }
                  : unknown(`var.${name} in ${baseName(file.path)} is a number too large to read here`)
                : typeof raw === 'boolean'
                  ? { kind: 'known', value: String(raw), origin: [] }
                  : unknown(`var.${name} is a list or an object in ${baseName(file.path)}, not a string`);
        out.push({ file: file.path, at, value, isNull: raw === null });
        continue;
      }
      for (const item of file.body) {
        if (item.kind !== 'attribute' || item.name !== name) continue;
        out.push({
          file: file.path,
          at: item.range,
          value: this.evaluate(item.expr, file.path, [], true),
          isNull: item.expr.kind === 'null',
        });
      }
    }
    return out;
  }
}

/**
 * A variable's value converted to its `type = number` before use, as Terraform does (a default or
 * a tfvars "05" is the number 5, which the string attribute then reads as "5"; Terraform 1.11).
 * A string that is no number is refused by Terraform: unknown here, saying so.
 */
function typed(name: string, variable: HclBlock, value: TfValue): TfValue {
  const type = attr(variable, 'type')?.expr;
  if (value.kind !== 'known' || type?.kind !== 'traversal' || type.names.join('.') !== 'number') return value;
  const n = decimalText(value.value);
  return n !== undefined
    ? { ...value, value: n }
    : unknown(
        `var.${name} is ${JSON.stringify(value.value)}, not a number, and its type is number: Terraform refuses it`,
        value.origin,
      );
}

const SETTING_FIELD_BY_ID: ReadonlyMap<string, SetupField> = new Map(SCIM_JWT_SETTINGS.map((s) => [s.id, s.field]));

/**
 * Files Terraform does not read although they end in `.tf`: hidden files and editors' backups
 * (hashicorp/terraform `internal/configs/parser_config_dir.go`, `IsIgnoredFile`: a name starting
 * with `.`, ending with `~`, or between `#`s).
 */
function ignoredByTerraform(path: string): boolean {
  const name = baseName(path);
  return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

/** `override.tf` and `*_override.tf`, which Terraform merges into the other files (same source, `dirFiles`). */
function isOverrideFile(path: string): boolean {
  const stem = baseName(path).replace(/\.tf$/, '');
  return stem === 'override' || stem.endsWith('_override');
}

const sameHeader = (a: HclBlock, b: HclBlock): boolean =>
  a.type === b.type && a.labels.length === b.labels.length && a.labels.every((l, i) => l === b.labels[i]);

/**
 * The module after Terraform's override files: each top-level block of an override file (in name
 * order) merges into the primary block with the same type and labels, its attributes replacing
 * those of the same name and its nested blocks replacing all nested blocks of their type; a local
 * value replaces the local of the same name (Terraform's documentation, "Override Files"; checked
 * against Terraform 1.11). An override block with nothing to merge into is left out (Terraform
 * refuses it). Merged attributes keep the file they are written in.
 */
function withOverrides(primary: HclFile[], overrides: HclFile[]): HclFile[] {
  const merged = primary.map((f) => ({ ...f, body: [...f.body] }));
  const tag = (file: string, item: HclItem): HclItem => (item.kind === 'attribute' ? { ...item, file } : item);
  for (const file of [...overrides].sort((a, b) => (baseName(a.path) < baseName(b.path) ? -1 : 1))) {
    for (const over of file.body) {
      if (over.kind !== 'block') continue;
      if (over.type === 'locals') {
        for (const l of over.body) {
          if (l.kind !== 'attribute') continue;
          for (const f of merged)
            f.body = f.body.map((b) =>
              b.kind === 'block' && b.type === 'locals'
                ? {
                    ...b,
                    body: b.body.map((x) => (x.kind === 'attribute' && x.name === l.name ? tag(file.path, l) : x)),
                  }
                : b,
            );
        }
        continue;
      }
      for (const f of merged) {
        const i = f.body.findIndex((b) => b.kind === 'block' && sameHeader(b, over));
        const base = f.body[i];
        if (base?.kind !== 'block') continue;
        const names = new Set(over.body.filter((x) => x.kind === 'attribute').map((x) => x.name));
        const types = new Set(over.body.flatMap((x) => (x.kind === 'block' ? [x.type] : [])));
        const kept = base.body.filter((x) => (x.kind === 'attribute' ? !names.has(x.name) : !types.has(x.type)));
        f.body[i] = { ...base, body: [...kept, ...over.body.map((x) => tag(file.path, x))] };
        break;
      }
    }
  }
  return merged;
}

/** The module's four settings, service accounts and syntax errors. The parser comes from `loadHclParser`. */
export function analyseModule(
  parser: HclParser,
  files: readonly TfSourceFile[],
  vars: readonly TfSourceFile[] = [],
): TfModule {
  const parsed = files.filter((f) => !ignoredByTerraform(f.path)).map((f) => parser.parse(f));
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
  const primary = withOverrides(
    parsed.filter((f) => !isOverrideFile(f.path)),
    parsed.filter((f) => isOverrideFile(f.path)),
  );
  const module = new Module(primary, parsedVars, json);
  const settings: TfSetting[] = [];
  const serviceAccounts: TfServiceAccount[] = [];
  const at = (file: HclFile, a: HclAttribute): string => a.file ?? file.path;
  const value = (file: HclFile, a: HclAttribute): TfValue => module.evaluate(a.expr, at(file, a), []);
  /** `org_id` / `project_id` as the provider reads them: null or "" is not set (`d.GetOk`). */
  const scopeOf = (file: HclFile, a: HclAttribute | undefined): TfValue | undefined => {
    if (a === undefined || a.expr.kind === 'null') return undefined;
    const v = value(file, a);
    return v.kind === 'known' && v.value === '' ? undefined : v;
  };
  /** One instance of a setting resource, when its identifier is one of the four. */
  const readSetting = (file: HclFile, block: HclBlock, address: string): TfSetting | undefined => {
    const identifier = attr(block, 'identifier');
    if (identifier === undefined) return undefined;
    const id = value(file, identifier);
    const field = id.kind === 'known' ? SETTING_FIELD_BY_ID.get(id.value) : undefined;
    if (field === undefined) return undefined;
    const written = attr(block, 'value');
    const overrides = attr(block, 'allow_overrides');
    const orgId = scopeOf(file, attr(block, 'org_id'));
    const projectId = scopeOf(file, attr(block, 'project_id'));
    const overridesValue = overrides === undefined ? undefined : value(file, overrides);
    return {
      field,
      address,
      block: loc(file.path, block.head),
      identifier: loc(at(file, identifier), identifier.range),
      ...(written !== undefined && { valueAt: loc(at(file, written), written.range) }),
      value: written === undefined ? undefined : value(file, written),
      allowOverrides:
        overridesValue === undefined
          ? 'absent'
          : overridesValue.kind === 'known' && (overridesValue.value === 'true' || overridesValue.value === 'false')
            ? overridesValue.value === 'true'
            : 'unknown',
      ...(orgId !== undefined && { orgId }),
      ...(projectId !== undefined && { projectId }),
    };
  };
  for (const file of primary) {
    for (const block of file.body) {
      if (block.kind !== 'block' || block.type !== 'resource') continue;
      const [type, name] = block.labels;
      if (name === undefined) continue;
      // `count = 0`: Terraform makes no instance of the resource.
      const count = attr(block, 'count');
      if (count !== undefined) {
        const n = value(file, count);
        if (n.kind === 'known' && n.value === '0') continue;
      }
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
          ...(org !== undefined && org.expr.kind !== 'null' && { orgId: value(file, org) }),
          ...(project !== undefined && project.expr.kind !== 'null' && { projectId: value(file, project) }),
        });
        continue;
      }
      if (type !== SETTING_RESOURCE) continue;
      // for_each over a map written in the module: one setting per instance, with each.key / each.value.
      const forEach = attr(block, 'for_each');
      const instances = forEach === undefined ? undefined : module.instancesOf(forEach.expr, at(file, forEach));
      if (instances === undefined) {
        const s = readSetting(file, block, `${SETTING_RESOURCE}.${name}`);
        if (s !== undefined) settings.push(s);
        continue;
      }
      for (const each of instances) {
        const s = module.inInstance(each, () =>
          readSetting(file, block, `${SETTING_RESOURCE}.${name}[${JSON.stringify(each.key)}]`),
        );
        if (s !== undefined) settings.push(s);
      }
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
