/**
 * `.env` files as REST Client (`{{$dotenv NAME}}`) and httpYac read them: both use the npm
 * package `dotenv`'s parser, so we do too. Its rules (quotes, `export `, ` #` comments, multi-line
 * quoted values, `\n` in double quotes) are then exactly theirs.
 */
import type * as Dotenv from 'dotenv';

let loaded: typeof Dotenv | undefined;

export function parseDotenv(text: string): Map<string, string> {
  // Loaded on the first .env file: the extension ships dotenv as its own file (esbuild.js), so
  // sessions that never read one never load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('dotenv') as typeof Dotenv;
  return new Map(Object.entries(loaded.parse(text)));
}
