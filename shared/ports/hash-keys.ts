/**
 * The secret that personal values (phone numbers, names) are hashed with before they appear in a
 * DynamoDB key. An unkeyed hash of a phone number is reversed by hashing every Austrian number, in
 * well under a second; an HMAC needs the key as well. The version goes with each import generation
 * and into a call log's `callerKey`, so that a key change is seen, not silently mismatched.
 */
export interface HashKey {
  /** Short, key-safe id of this key (no `#`): recorded beside every hash made with it. */
  readonly version: string;
  /** At least 32 random bytes. */
  readonly secret: Uint8Array;
}

export interface HashKeys {
  /** The key new hashes are made with. */
  current(): Promise<HashKey>;
  /** An earlier key, by its version; undefined when it is no longer known. */
  byVersion(version: string): Promise<HashKey | undefined>;
}

/** The shortest secret we accept: HMAC-SHA-256's block of security (RFC 2104 section 3). */
export const MIN_HASH_SECRET_BYTES = 32;
