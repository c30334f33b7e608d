/**
 * httpYac's `# @import ./other.http`: the imported file's file variables and named requests are
 * usable in the importing file. Read through the same reader as env files, relative to the file,
 * a few levels deep at most, each file once (imports that import each other stop there).
 */
import * as path from 'node:path';
import type { HttpFileReader } from './envFiles';
import { isMarkdownPath } from './markdown';
import { parseHttpDocument } from './parse';
import type { HttpDocument } from './types';

export interface ImportedFile {
  path: string;
  doc: HttpDocument;
}

export interface LoadedImports {
  files: ImportedFile[];
  warnings: string[];
}

const MAX_IMPORT_DEPTH = 4;
const MAX_IMPORTED_FILES = 32;

export async function loadImports(
  doc: HttpDocument,
  reader: HttpFileReader,
  documentPath: string,
): Promise<LoadedImports> {
  const out: LoadedImports = { files: [], warnings: [] };
  const seen = new Set([path.resolve(documentPath)]);
  const visit = async (from: HttpDocument, fromPath: string, depth: number): Promise<void> => {
    for (const spec of from.imports) {
      const target = path.resolve(path.dirname(fromPath), spec.replace(/^["']|["']$/g, ''));
      if (seen.has(target)) continue;
      seen.add(target);
      if (depth >= MAX_IMPORT_DEPTH || out.files.length >= MAX_IMPORTED_FILES) {
        out.warnings.push(
          `# @import ${spec}: more than ${MAX_IMPORT_DEPTH} levels or ${MAX_IMPORTED_FILES} files of imports; not read.`,
        );
        continue;
      }
      const text = await reader.readFile(target).catch(() => undefined);
      if (typeof text !== 'string') {
        out.warnings.push(
          `# @import ${spec}: ${target} ${text === undefined ? 'cannot be read' : `was skipped: ${text.what}`}.`,
        );
        continue;
      }
      const imported = parseHttpDocument(text, { markdown: isMarkdownPath(target) });
      out.files.push({ path: target, doc: imported });
      await visit(imported, target, depth + 1);
    }
  };
  await visit(doc, documentPath, 0);
  return out;
}
