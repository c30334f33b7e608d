/**
 * A value as short JSON text for messages, without recursion: a claim or key member can nest
 * thousands of levels deep (Harness's parser reads any depth), and `JSON.stringify` would overflow
 * the stack on it. Stops once `max` characters are written.
 */
export function shortJson(value: unknown, max = 80): string {
  let out = '';
  type Pending = { kind: 'text'; text: string } | { kind: 'value'; v: unknown };
  const pending: Pending[] = [{ kind: 'value', v: value }];
  for (let item = pending.pop(); item !== undefined && out.length <= max; item = pending.pop()) {
    if (item.kind === 'text') {
      out += item.text;
      continue;
    }
    const v = item.v;
    if (v === null || typeof v !== 'object') {
      out += (JSON.stringify(v) as string | undefined) ?? String(v);
      continue;
    }
    const isArray = Array.isArray(v);
    const entries: [string | undefined, unknown][] = isArray ? (v as unknown[]).map((x) => [undefined, x]) : Object.entries(v);
    pending.push({ kind: 'text', text: isArray ? ']' : '}' });
    for (let i = entries.length - 1; i >= 0; i--) {
      const [name, x] = entries[i] ?? [undefined, undefined];
      pending.push({ kind: 'value', v: x });
      const prefix = `${i > 0 ? ',' : ''}${name !== undefined ? `${JSON.stringify(name)}:` : ''}`;
      if (prefix !== '') pending.push({ kind: 'text', text: prefix });
    }
    out += isArray ? '[' : '{';
  }
  return out.length > max || pending.length > 0 ? `${out.slice(0, max - 1)}…` : out;
}
