/**
 * `.env` files as REST Client (`{{$dotenv NAME}}`) and httpYac read them: `KEY=value` lines,
 * optional `export `, `#` comments, single/double/back quotes (double quotes understand `\n`),
 * an unquoted value ends at ` #`. Multi-line quoted values are not supported (the first line is kept).
 */

const LINE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/;

export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    const m = LINE.exec(line);
    if (!m) continue;
    vars.set(m[1] ?? '', dotenvValue(m[2] ?? ''));
  }
  return vars;
}

function dotenvValue(raw: string): string {
  const quote = raw.charAt(0);
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = raw.indexOf(quote, 1);
    if (close > 0) {
      const inner = raw.slice(1, close);
      return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t') : inner;
    }
  }
  const comment = raw.search(/\s#/);
  return (comment >= 0 ? raw.slice(0, comment) : raw).trim();
}
