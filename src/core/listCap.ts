/**
 * Lists that come from input (a key set's entries, a token's claims, warnings about files) are
 * echoed in messages; a hostile input can make them as long as it likes. Every such list is shown
 * through here: the first few items, then how many more there are.
 */

/** How many items of an input-sized list a message shows. */
export const LIST_SHOWN = 5;

/** The first `max` items and how many were left out (the items are not copied beyond `max`). */
export function firstFew<T>(items: readonly T[], max = LIST_SHOWN): { shown: T[]; more: number } {
  const n = Math.max(0, Math.floor(max));
  return { shown: items.slice(0, n), more: Math.max(0, items.length - n) };
}

export interface CapListOptions<T> {
  /** Between items, and before "and N more". Default ", ". */
  separator?: string;
  /** Items shown. Default LIST_SHOWN. */
  max?: number;
  /** Text of one item (called only for the items shown). Default String. */
  show?: (item: T) => string;
}

/** `a, b, c, d, e, and 995 more`: an input-sized list as a bounded piece of a message. */
export function capList<T>(items: readonly T[], options: CapListOptions<T> = {}): string {
  const separator = options.separator ?? ', ';
  const show = options.show ?? String;
  const { shown, more } = firstFew(items, options.max ?? LIST_SHOWN);
  const text = shown.map(show).join(separator);
  return more > 0 ? `${text}${separator}and ${more} more` : text;
}

/** A single value from input in a message: at most `max` characters, "…" marking the cut. */
export function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/**
 * A value from a server on the line that quotes it: its line breaks (LF, CR, NEL, U+2028/2029) become
 * spaces, so it cannot print a line of its own, and it is clipped to `max` characters.
 */
export function inline(text: string, max = 120): string {
  return clip(text.replace(/\r\n?|[\n\u0085\u2028\u2029]/g, ' '), max);
}
