/**
 * Markdown files as httpYac runs them: only ```http and ```rest fenced blocks hold requests, each
 * block its own region; everything else (prose, other fences, indented code) is text. The text is
 * turned into an .http text of the same lines, so every position still points into the Markdown.
 */

const OPEN = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/;

export function isMarkdownPath(file: string | undefined): boolean {
  return file !== undefined && /\.(md|markdown)$/i.test(file);
}

/** Lines outside ```http / ```rest blocks become empty; each block's opening fence becomes `###`. */
export function httpTextOfMarkdown(text: string): string {
  const out: string[] = [];
  let fence: { mark: string; http: boolean } | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (fence) {
      const close = new RegExp(`^ {0,3}${fence.mark.startsWith('`') ? '`' : '~'}{${fence.mark.length},}\\s*$`);
      if (close.test(line)) {
        fence = undefined;
        out.push('');
      } else {
        out.push(fence.http ? line : '');
      }
      continue;
    }
    const open = OPEN.exec(line);
    if (open) {
      const http = /^(http|rest)$/i.test(open[2] ?? '');
      fence = { mark: open[1] ?? '```', http };
      out.push(http ? '###' : '');
      continue;
    }
    out.push('');
  }
  return out.join('\n');
}
