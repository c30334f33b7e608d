/**
 * undici, loaded on first use rather than when the extension starts: evaluating it costs about
 * 100 ms, and most VS Code sessions that activate the extension (opening a .http file, the view
 * collapsed) never make a request. Types come from a type-only import, so nothing is lost.
 */
import type * as Undici from 'undici';

let loaded: typeof Undici | undefined;

export function undici(): typeof Undici {
  // A plain require() keeps the bundle's lazy module wrapper: undici is evaluated here, once.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('undici') as typeof Undici;
  return loaded;
}
