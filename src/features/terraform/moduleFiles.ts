/**
 * One Terraform module as Terraform itself reads it: the `*.tf` files of one folder (not its
 * subfolders, which are other modules), and the folder's variable files (`*.tfvars`,
 * `*.tfvars.json`). Which of those Terraform loads by itself, in which order, and what a file read
 * only with `-var-file` means is the core's to decide (`core/terraform`, `varFileRank`). An open
 * editor's unsaved text wins over the disk. Counts and sizes are bounded (the open files read
 * first): a folder of generated files does not stall the editor.
 */
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TfSourceFile } from '../../core/terraform';

export const MAX_TF_FILES = 100;
export const MAX_VAR_FILES = 20;
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_MODULE_BYTES = 4 * 1024 * 1024;

export interface ModuleFolder {
  folder: vscode.Uri;
  /** The module's `.tf` files, in name order; `path` is the file's `uri.path`. */
  tf: TfSourceFile[];
  /** The folder's variable files, in name order. */
  vars: TfSourceFile[];
  /** Files left out (too many, too large, unreadable), in words. */
  notes: string[];
  /** The files of the folder that were not read (too large, unreadable, linked out), by `uri.path`, with why. */
  skipped: Map<string, string>;
}

const isTf = (name: string): boolean => name.endsWith('.tf');
const isVarFile = (name: string): boolean => name.endsWith('.tfvars') || name.endsWith('.tfvars.json');

/** The names Terraform reads in this folder, in name order. */
export function classify(names: readonly string[]): { tf: string[]; vars: string[] } {
  const byName = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { tf: byName.filter(isTf), vars: byName.filter(isVarFile) };
}

/** Is this file one whose change changes the module of its folder? */
export function isModuleInput(uri: vscode.Uri): boolean {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return isTf(name) || isVarFile(name);
}

const tooLarge = (name: string): string =>
  `${name} was not read: it is larger than ${Math.floor(MAX_FILE_BYTES / 1024)} KB, or the module is.`;

export function folderOf(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..');
}

/**
 * `loadsByItself`: is this a variable file Terraform loads without `-var-file` (the core's
 * `varFileRank`, from the engine part: the bundle holds no part of the analysis).
 */
export async function readModuleFolder(
  folder: vscode.Uri,
  loadsByItself: (name: string) => boolean,
): Promise<ModuleFolder> {
  const notes: string[] = [];
  const skipped = new Map<string, string>();
  let entries: [string, vscode.FileType][] = [];
  let listedOk = false;
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
    listedOk = true;
  } catch (e) {
    notes.push(
      `The folder could not be listed (${e instanceof Error ? e.message : String(e)}); only open files are read.`,
    );
  }
  const names = entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([n]) => n);
  const listed = new Set(names);
  // Open documents of the folder count even when they are not on disk: unsaved text counts. A saved
  // one that is gone from the disk (a branch switched, a file renamed outside VS Code) does not:
  // Terraform would not read it, and its settings would count twice beside the renamed file's.
  const openNames = new Set<string>();
  for (const d of vscode.workspace.textDocuments) {
    if (d.uri.scheme !== folder.scheme || folderOf(d.uri).toString() !== folder.toString()) continue;
    const name = d.uri.path.slice(d.uri.path.lastIndexOf('/') + 1);
    if (!listed.has(name) && listedOk && !d.isDirty) continue;
    openNames.add(name);
    if (!listed.has(name)) names.push(name);
  }
  const { tf, vars } = classify(names);
  const links = new Set(entries.filter(([, type]) => (type & vscode.FileType.SymbolicLink) !== 0).map(([n]) => n));
  let budget = MAX_MODULE_BYTES;
  const read = async (name: string): Promise<TfSourceFile | undefined> => {
    const uri = vscode.Uri.joinPath(folder, name);
    const leftOut = (note: string): void => {
      notes.push(note);
      skipped.set(uri.path, note);
    };
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      if (links.has(name) && !(await linksInside(uri, folder))) {
        leftOut(`${name} was not read: it is a link to a file outside the workspace folder.`);
        return undefined;
      }
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_FILE_BYTES || stat.size > budget) {
          leftOut(tooLarge(name));
          return undefined;
        }
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (e) {
        leftOut(`${name} could not be read (${e instanceof Error ? e.message : String(e)}).`);
        return undefined;
      }
    }
    if (text.length > MAX_FILE_BYTES || text.length > budget) {
      leftOut(tooLarge(name));
      return undefined;
    }
    budget -= text.length;
    return { path: uri.path, text };
  };
  // The files open in editors come first, within the counts and the byte budget: the file the user
  // looks at is always part of its module, whatever its name and however large the folder.
  // Then the variable files Terraform loads by itself (terraform.tfvars, *.auto.tfvars): a folder
  // of per-environment files read only with -var-file must not push them out.
  const priority = (n: string): number => (openNames.has(n) ? 0 : loadsByItself(n) ? 1 : 2);
  const openFirst = (list: string[]): string[] => [...list].sort((a, b) => priority(a) - priority(b));
  const capped = (list: string[], max: number, what: string): string[] => {
    if (list.length > max)
      notes.push(
        `Only ${max} of the ${list.length} ${what} were read (the open ones and those Terraform loads first).`,
      );
    return openFirst(list).slice(0, max);
  };
  // One after another: the byte budget is then exact. The result is in name order again.
  const all = async (list: string[]): Promise<TfSourceFile[]> => {
    const files: TfSourceFile[] = [];
    for (const name of list) {
      const f = await read(name);
      if (f) files.push(f);
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  };
  return {
    folder,
    tf: await all(capped(tf, MAX_TF_FILES, '.tf files')),
    vars: await all(capped(vars, MAX_VAR_FILES, 'variable files')),
    notes,
    skipped,
  };
}

/**
 * Does the link `uri` resolve inside the workspace folder of `folder` (or `folder` itself when it is
 * in none)? A repository's link to a shared `../common.tfvars` is read, as Terraform reads it; a
 * link out of the repository (a home folder's variable file holding an API key) is not: its values
 * would be shown, and in a trusted workspace sent where the module's URLs point.
 */
async function linksInside(uri: vscode.Uri, folder: vscode.Uri): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  const root = vscode.workspace.getWorkspaceFolder(folder)?.uri ?? folder;
  try {
    const [target, top] = await Promise.all([realpath(uri.fsPath), realpath(root.fsPath)]);
    return target === top || target.startsWith(top.endsWith(path.sep) ? top : `${top}${path.sep}`);
  } catch {
    return false;
  }
}
