import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A phone number in E.164 form, e.g. `+436641234567`. */
export type E164 = string & { readonly __brand: 'E164' };

export type PhoneParse =
  | { readonly kind: 'number'; readonly e164: E164 }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * What carriers and Connect put in the caller-id field when the number is withheld.
 * Connect passes the caller id through as the carrier delivers it, so we accept the usual spellings.
 */
const WITHHELD = new Set(['', 'anonymous', 'private', 'restricted', 'unknown', 'unavailable', 'withheld']);

/** Only characters that appear in written phone numbers; letters mean garbage, not a vanity number. */
const PHONE_CHARACTERS = /^[+\d\s()/.-]+$/;

/**
 * Normalises any common Austrian or international notation to E.164 (default region AT):
 * `01/4000-8000`, `0664 123 45 67`, `+43 1 234567`, `0043 664 1234567`.
 */
export const parsePhone = (raw: string | null | undefined): PhoneParse => {
  const input = (raw ?? '').trim();
  if (WITHHELD.has(input.toLowerCase())) return { kind: 'anonymous' };
  if (!PHONE_CHARACTERS.test(input))
    return { kind: 'invalid', reason: 'contains characters other than digits' };
  const parsed = parsePhoneNumberFromString(input, 'AT');
  if (!parsed?.isValid()) return { kind: 'invalid', reason: 'is not a valid phone number' };
  return { kind: 'number', e164: parsed.number as E164 };
};

/** For logs and pages that must not show the number: `+43 664 ••• ••67`. Keeps the country only. */
export const maskPhone = (e164: string): string => {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? `+${parsed.countryCallingCode} ••• ${e164.slice(-2)}` : '•••';
};
