/**
 * Finds user-facing strings in src/ that type out a fact with one home elsewhere: the settings
 * cache delay (SETTINGS_PROPAGATION_SECONDS), a count of a list (the settings, the five SCIM
 * permissions, the doctor's and the rehearsal's steps), a setting's label, hint or help (the
 * settings table), or an id (platform/ids.ts). Only the texts of string and template literals are
 * read, through the TypeScript parser: comments may say "120 s".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { SCIM_JWT_SETTINGS } from '../../../src/core/scimJwtSettings';

export interface Violation {
  file: string;
  line: number;
  rule: string;
  text: string;
}

const NUMBER = '(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';

/** Patterns no literal text may match anywhere in src/. */
const PATTERNS: readonly { rule: string; re: RegExp }[] = [
  { rule: 'the settings delay typed out (use SETTINGS_PROPAGATION_SECONDS)', re: /\b120\s?s\b|\b120[- ]seconds?\b/i },
  { rule: 'the settings delay typed out (use SETTINGS_PROPAGATION_SECONDS)', re: /\btwo minutes\b/i },
  { rule: 'a count of steps typed out (use the step list)', re: new RegExp(`\\b${NUMBER}[ -]steps?\\b`, 'i') },
  { rule: 'a count typed out (use the list: SCIM_PERMISSIONS, the settings table)', re: /\bof [45]\b/ },
  { rule: 'a count of rehearsal steps typed out (use STEPS)', re: /\/12\b/ },
  {
    rule: 'a count of SCIM permissions typed out (use SCIM_PERMISSIONS)',
    re: new RegExp(`\\b${NUMBER} (?:SCIM )?permissions\\b|\\bthe five\\b`, 'i'),
  },
  {
    rule: 'a count of settings typed out (use the settings table)',
    re: new RegExp(`\\b${NUMBER} (?:SCIM JWT |scim_jwt_\\* )?settings\\b`, 'i'),
  },
];

/** Files that are the one home of a fact. */
const TABLE_FILE = 'src/core/scimJwtSettings.ts';
const IDS_FILE = 'src/platform/ids.ts';

const TABLE_TEXTS: readonly string[] = SCIM_JWT_SETTINGS.flatMap((s) => [s.label, s.treeLabel, s.hint, s.help]);

/** The texts of every string and template literal of a source file, with their lines. */
export function literalTexts(fileName: string, source: string): { line: number; text: string }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const inImport = ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent);
      if (!inImport)
        found.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** What a file (by its path relative to the repository) types out that it should derive. */
export function scanSource(relPath: string, source: string): Violation[] {
  const file = relPath.split(path.sep).join('/');
  const out: Violation[] = [];
  for (const { line, text } of literalTexts(file, source)) {
    for (const p of PATTERNS) if (p.re.test(text)) out.push({ file, line, rule: p.rule, text });
    if (file !== TABLE_FILE && TABLE_TEXTS.some((t) => text === t || (t.length > 20 && text.includes(t))))
      out.push({ file, line, rule: "a setting's label, hint or help outside the settings table", text });
    if (file !== IDS_FILE && /^scimJwt\.[\w.]*$/.test(text))
      out.push({ file, line, rule: 'an id outside platform/ids.ts', text });
  }
  return out;
}

/** Every .ts file under src/ of a repository root, scanned. */
export function scanTree(root: string): Violation[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return e.name.endsWith('.ts') ? [p] : [];
    });
  return walk(path.join(root, 'src')).flatMap((f) => scanSource(path.relative(root, f), fs.readFileSync(f, 'utf8')));
}
