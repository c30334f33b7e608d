/** Tiny DOM helpers: elements built with text content only (never innerHTML), so values cannot inject markup. */

type Attrs = Record<string, string | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children);
  return node;
}

export function clear(node: Element): void {
  node.replaceChildren();
}

export function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node;
}

/** A small table with a header row; cells are text. */
export function table(
  caption: string,
  headers: string[],
  rows: (string | Node)[][],
  className = 'grid',
): HTMLTableElement {
  return el(
    'table',
    { class: className },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))),
  );
}

export function shown(value: string | null): string {
  if (value === null) return '(unset)';
  if (value === '') return '(empty)';
  return value;
}
