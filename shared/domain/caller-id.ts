import type { E164 } from './phone-types.ts';

/**
 * What carriers and Connect put in the caller-id field when the number is withheld.
 * Connect passes the caller id through as the carrier delivers it, so we accept the usual spellings.
 */
export const WITHHELD_CALLER_IDS: ReadonlySet<string> = new Set([
  '',
  'anonymous',
  'private',
  'restricted',
  'unknown',
  'unavailable',
  'withheld',
]);

const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export type PhoneParse =
  | { readonly kind: 'number'; readonly e164: E164 }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * The caller id of an inbound call. Connect presents voice caller ids in E.164 already, so the
 * call path needs no phone-number library (it would add about 120 KB of metadata to the Lambda
 * bundle); numbers in written notations are normalised once, at import, by `parsePhone`.
 */
export const parseCallerId = (raw: string | null | undefined): PhoneParse => {
  const input = (raw ?? '').trim();
  if (WITHHELD_CALLER_IDS.has(input.toLowerCase())) return { kind: 'anonymous' };
  if (E164_PATTERN.test(input)) return { kind: 'number', e164: input as E164 };
  return { kind: 'invalid', reason: 'is not an E.164 number' };
};
