import { createHmac } from 'node:crypto';
import type { E164 } from '../../../domain/phone.ts';
import type { HashKey } from '../../../ports/hash-keys.ts';

/**
 * Personal values (phone numbers, a postal code with a name word) as they may appear in a key: an
 * HMAC-SHA-256 with the hash key, never the value, and never an unkeyed hash, which hashing every
 * Austrian number reverses in under a second. Keys show up in tooling (consoles, contributor
 * insights, error messages) that is not meant to carry personal data. Each hash carries the version
 * of its key (`<version>#<hmac>`), so that a key change is seen, not silently mismatched: an import
 * hashes its generation with the current key and records that version on the pointer, and every
 * reader hashes with the active generation's key.
 */
export interface PersonalHasher {
  /** The version of the key: recorded on the generation's pointer and manifest. */
  readonly version: string;
  phone(phone: E164): string;
  name(postalCode: string, word: string): string;
}

/**
 * HMAC-SHA-256 with the key, cut to 128 bits: collisions stay out of reach for a few million
 * numbers. Each hash then costs microseconds, no network.
 */
export const personalHasher = (key: HashKey): PersonalHasher => {
  const hmac = (text: string) =>
    `${key.version}#${createHmac('sha256', key.secret).update(text).digest('hex').slice(0, 32)}`;
  return {
    version: key.version,
    phone: (phone) => hmac(phone),
    // A space cannot occur in a postal code: the pair cannot be confused with another.
    name: (postalCode, word) => hmac(`${postalCode} ${word}`),
  };
};

/** What a key hash looks like, as a regular expression's source: the key's version, `#`, 32 hex digits. */
export const KEY_HASH_PATTERN = '[A-Za-z0-9-]{1,64}#[0-9a-f]{32}';
