/**
 * The parts of single lines (metadata, file variable, header) with their exact ranges. `parse.ts`
 * decides which line is which; these only cut a recognised line into pieces.
 */
import { METADATA, rangeOnLine, skipSpace, trimEndOffset, type HeaderMatch } from './syntax';
import type { FileVariable, HttpHeader, MetadataEntry } from './types';

export function parseFileVariable(n: number, text: string, m: RegExpExecArray, regionIndex: number): FileVariable {
  const lead = m[1]?.length ?? 0;
  const rawName = m[2] ?? '';
  const operator = m[4] ?? '=';
  const afterOperator = lead + 1 + rawName.length + (m[3]?.length ?? 0) + operator.length;
  const valueStart = skipSpace(text, afterOperator);
  const valueEnd = trimEndOffset(text, valueStart);
  const global = rawName.startsWith('global.') && rawName.length > 'global.'.length;
  return {
    name: global ? rawName.slice('global.'.length) : rawName,
    value: text.slice(valueStart, valueEnd),
    lazy: operator === ':=',
    global,
    regionIndex,
    range: rangeOnLine(n, lead, valueEnd),
    nameRange: rangeOnLine(n, lead + 1, lead + 1 + rawName.length),
    valueRange: rangeOnLine(n, valueStart, valueEnd),
  };
}

export function parseMetadata(n: number, text: string): MetadataEntry | undefined {
  const m = METADATA.exec(text);
  if (!m) return undefined;
  const keyStart = (m[1]?.length ?? 0) + 1;
  const key = m[2] ?? '';
  let valueStart = skipSpace(text, keyStart + key.length);
  if (text.charAt(valueStart) === '=') valueStart = skipSpace(text, valueStart + 1);
  const valueEnd = trimEndOffset(text, valueStart);
  return {
    key,
    value: text.slice(valueStart, valueEnd),
    range: rangeOnLine(n, keyStart - 1, trimEndOffset(text, keyStart)),
    valueRange: rangeOnLine(n, valueStart, valueEnd),
  };
}

export function parseHeader(n: number, text: string, m: HeaderMatch): HttpHeader {
  const { lead, colon } = m;
  const name = text.slice(lead, m.nameEnd);
  const valueStart = skipSpace(text, colon + 1);
  const valueEnd = trimEndOffset(text, valueStart);
  // Ranges share their equal positions: thousands of headers per file, and positions are never mutated.
  const nameRange = rangeOnLine(n, lead, lead + name.length);
  const valueRange = rangeOnLine(n, valueStart, valueEnd);
  const end = valueEnd > colon ? valueRange.end : { line: n, character: colon + 1 };
  return {
    name,
    value: text.slice(valueStart, valueEnd),
    range: { start: nameRange.start, end },
    nameRange,
    valueRange,
  };
}
