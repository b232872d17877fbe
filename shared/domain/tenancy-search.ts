import type { Tenancy } from './tenancy.ts';

/**
 * Finding a caller's tenancy by what they say on the phone: name and postal code, and the street to
 * narrow it down. Names and addresses are compared as words folded to plain letters, on both sides
 * the same way, so that "Müller", "Mueller" and "MULLER", or "Yılmaz" and "Yilmaz", find each other
 * whatever the agent's keyboard. The read model keeps, per postal code and name word, the tenancies
 * whose tenant's name holds that word (written by the import: shared/adapters/dynamodb/entities/name-entry.ts).
 */

/** Letters that Unicode does not decompose into a base letter and a mark. */
const UNDECOMPOSED: Readonly<Record<string, string>> = { ß: 'ss', ı: 'i', đ: 'd', ł: 'l', ø: 'o', æ: 'ae' };

/** One word as the search compares it: lower case, without marks, German umlaut spellings folded. */
const fold = (word: string): string =>
  word
    .toLocaleLowerCase('de-AT')
    .replace(/[ßıđłøæ]/g, (letter) => UNDECOMPOSED[letter] ?? letter)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    // "ue" for "ü" is how a name is spelt without umlauts; folded both ways, both spellings meet.
    .replace(/([aou])e/g, '$1');

/** A word shorter than this says too little to search by (initials, "v.", "-"). */
export const MIN_SEARCH_WORD = 2;

const foldedWords = (text: string, minLength: number): string[] => [
  ...new Set(
    text
      .split(/[^\p{L}\p{N}]+/u)
      .map(fold)
      .filter((word) => word.length >= minLength),
  ),
];

/** The distinct folded words of a text, in their order, without the ones too short to search by. */
export const searchWordsOf = (text: string): string[] => foldedWords(text, MIN_SEARCH_WORD);

/** The name words a tenancy is found by: each word of the tenant's name. */
export const nameWordsOf = (tenancy: Pick<Tenancy, 'tenantName'>): string[] =>
  searchWordsOf(tenancy.tenantName);

/**
 * Whether the address holds the street the agent typed: every word typed begins a word of the
 * address ("Quellenstr 12" finds "Quellenstraße 12/3/14").
 */
export const addressMatches = (tenancy: Pick<Tenancy, 'address'>, street: string): boolean => {
  // House, stair and door numbers are one digit often: every word counts here.
  const words = foldedWords(tenancy.address, 1);
  const typed = foldedWords(street, 1);
  return typed.every((word) => words.some((candidate) => candidate.startsWith(word)));
};

/** How many tenancies one search shows: more means the agent narrows it (street, more of the name). */
export const SEARCH_MATCH_LIMIT = 10;
/** How many tenancies' files one search reads at most before it asks for more of the name. */
export const SEARCH_READ_LIMIT = 100;
