/**
 * `.env` files as REST Client (`{{$dotenv NAME}}`) and httpYac read them: both use the npm
 * package `dotenv`'s parser, so we do too. Its rules (quotes, `export `, ` #` comments, multi-line
 * quoted values, `\n` in double quotes) are then exactly theirs.
 */
import { parse } from 'dotenv';

export function parseDotenv(text: string): Map<string, string> {
  return new Map(Object.entries(parse(text)));
}
