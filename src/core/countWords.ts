/** Counts in prose: "four settings", not "4 settings" (texts keep the word; the number comes from the list). */

const WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

/** The English word for a small count, the digits beyond twelve. */
export function countWord(n: number): string {
  return WORDS[n] ?? String(n);
}
