// The `max` metadata checks each number's real length and ranges; the default `min` metadata accepts
// truncated numbers such as `0664 123`. Only the import uses it, never the Lambda bundle.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type PhoneParse, WITHHELD_CALLER_IDS } from './caller-id.ts';
import type { E164 } from './phone-types.ts';

export type { PhoneParse } from './caller-id.ts';
export type { E164 } from './phone-types.ts';

/** Only characters that appear in written phone numbers; letters mean garbage, not a vanity number. */
const PHONE_CHARACTERS = /^[+\d\s()/.-]+$/;

/**
 * Normalises any common Austrian or international notation to E.164 (default region AT):
 * `01/4000-8000`, `0664 123 45 67`, `+43 1 234567`, `0043 664 1234567`.
 */
export const parsePhone = (raw: string | null | undefined): PhoneParse => {
  const input = (raw ?? '').trim();
  if (WITHHELD_CALLER_IDS.has(input.toLowerCase())) return { kind: 'anonymous' };
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

/** Written with a country code (`+43…`, `0043…`) or a trunk prefix (`0664…`, `01…`). */
const DIALLED_IN_FULL = /^\s*(\+|0)/;

/**
 * A caller's number as a simulated call takes it, from the CLI and the simulator page alike: the
 * word `anonymous` (a withheld number), or a number that normalises to E.164 (default region AT) and
 * is written in full. A bare `12345` is refused although it normalises to a Vienna extension
 * (+4312345): no carrier presents a caller id without its area code.
 */
export const parseCallerNumber = (raw: string): PhoneParse => {
  const input = raw.trim();
  if (input.toLowerCase() === 'anonymous') return { kind: 'anonymous' };
  if (input === '') return { kind: 'invalid', reason: 'is empty' };
  const parsed = parsePhone(input);
  if (parsed.kind === 'invalid') return parsed;
  if (parsed.kind === 'anonymous')
    return { kind: 'invalid', reason: 'is not a number (write anonymous for a withheld one)' };
  if (!DIALLED_IN_FULL.test(input))
    return { kind: 'invalid', reason: 'lacks its area or country code (write 01 2345 or +43 1 2345)' };
  return parsed;
};
