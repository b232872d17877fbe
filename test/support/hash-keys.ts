import { personalHasher } from '../../shared/adapters/dynamodb/entities/personal-hasher.ts';
import { KeyHashing } from '../../shared/adapters/dynamodb/key-hashing.ts';
import type { HashKey } from '../../shared/ports/hash-keys.ts';

/** The one hash key of the unit tests: fixed, so that stored keys can be written out in a test. */
export const TEST_HASH_KEY: HashKey = { version: 'test1', secret: new Uint8Array(32).fill(7) };

export const testHasher = personalHasher(TEST_HASH_KEY);

export const testHashing = (): KeyHashing =>
  new KeyHashing({
    current: async () => TEST_HASH_KEY,
    byVersion: async (version) => (version === TEST_HASH_KEY.version ? TEST_HASH_KEY : undefined),
  });
